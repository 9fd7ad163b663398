#include "recessive/engine/hash_index.h"

#include "recessive/engine/hamming_ranking.h"

#include <torch/torch.h>

namespace recessive {

at::Tensor binarize(const at::Tensor& real_codes) {
  return torch::where(real_codes >= 0, torch::ones_like(real_codes), -torch::ones_like(real_codes)).to(torch::kFloat32);
}

HashIndex::HashIndex(const at::Tensor& codes, const at::Tensor& labels, int64_t num_classes)
    : codes_(codes.to(torch::kFloat32)), labels_(labels.to(torch::kInt64)), num_classes_(num_classes) {
  TORCH_CHECK(codes_.dim() == 2 && labels_.dim() == 1 && codes_.size(0) == labels_.size(0),
              "HashIndex needs codes (N,bits) and labels (N)");
  auto onehot = torch::nn::functional::one_hot(labels_, num_classes).to(torch::kFloat32);  // (N,C)
  prototypes_ = binarize(onehot.t().matmul(codes_));
  tie_ranks_ = tie_break_ranks(codes_.size(0)).to(codes_.device());
}

at::Tensor HashIndex::hamming(const at::Tensor& query_codes) const {
  return hamming_distances(query_codes.to(codes_.device(), torch::kFloat32), codes_);
}

at::Tensor HashIndex::retrieval_labels(const at::Tensor& query_codes, int64_t k) const {
  return label_shares(query_codes, k).argmax(1);
}

at::Tensor HashIndex::label_shares(const at::Tensor& query_codes, int64_t k) const {
  k = std::min<int64_t>(k, codes_.size(0));
  auto top = nearest_first(hamming(query_codes), tie_ranks_, k);
  auto top_labels = labels_.index_select(0, top.flatten()).view({-1, k});
  auto votes = torch::nn::functional::one_hot(top_labels, num_classes_).sum(1);  // (Q,C)
  return votes.to(torch::kFloat32) / static_cast<double>(k);
}

at::Tensor HashIndex::soft_label_shares(const at::Tensor& relaxed_codes, double temperature) const {
  TORCH_CHECK(temperature > 0, "soft_label_shares needs a positive temperature");
  // -d_j / T = (<q, code_j> - bits) / (2T); the constant drops out of the softmax.
  auto weights = torch::softmax(relaxed_codes.matmul(codes_.t()) / (2.0 * temperature), 1);                // (Q,N)
  return weights.matmul(torch::nn::functional::one_hot(labels_, num_classes_).to(weights.dtype()));  // (Q,C)
}

HashIndex HashIndex::to(const at::Device& device) const {
  HashIndex moved;
  moved.codes_ = codes_.to(device);
  moved.labels_ = labels_.to(device);
  moved.prototypes_ = prototypes_.to(device);
  moved.tie_ranks_ = tie_ranks_.to(device);
  moved.num_classes_ = num_classes_;
  return moved;
}

at::Tensor HashIndex::pack(const at::Tensor& codes) {
  auto bitsv = (codes.to(torch::kCPU) > 0).to(torch::kUInt8);  // (N,bits)
  const auto n = bitsv.size(0), bits = bitsv.size(1), bytes = (bits + 7) / 8;
  auto padded = torch::zeros({n, bytes * 8}, torch::kUInt8);
  padded.slice(1, 0, bits).copy_(bitsv);
  auto weights = torch::tensor({128, 64, 32, 16, 8, 4, 2, 1}, torch::kUInt8);
  return (padded.view({n, bytes, 8}) * weights).sum(2).to(torch::kUInt8);
}

at::Tensor HashIndex::unpack(const at::Tensor& packed, int64_t bits) {
  auto p = packed.to(torch::kCPU).to(torch::kInt64);
  const auto n = p.size(0), bytes = p.size(1);
  auto weights = torch::tensor({128, 64, 32, 16, 8, 4, 2, 1}, torch::kInt64);
  auto bitsv = p.unsqueeze(2).div(weights, "floor").remainder(2).view({n, bytes * 8}).slice(1, 0, bits);
  return bitsv.to(torch::kFloat32).mul(2).sub(1);
}

}  // namespace recessive
