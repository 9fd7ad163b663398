#include "recessive/engine/hashing_model.h"

#include <torch/torch.h>

#include "recessive/engine/resize.h"

namespace recessive {

at::Tensor HashingModel::codes(const at::Tensor& images) {
  return net->forward(resize_to_square(images, net->input_size()));
}

at::Tensor HashingModel::logits(const at::Tensor& images) {
  return net->logits(resize_to_square(images, net->input_size()));
}

at::Tensor HashingModel::retrieval_labels(const at::Tensor& images) {
  torch::NoGradGuard no_grad;
  return index.retrieval_labels(binarize(codes(images)), retrieval_k);
}

at::Tensor encode_dataset(HashingNet& net, const at::Tensor& images_u8, const at::Device& device, int64_t batch_size) {
  torch::NoGradGuard no_grad;
  const bool was_training = net.is_training();
  net.eval();
  std::vector<at::Tensor> parts;
  for (int64_t start = 0; start < images_u8.size(0); start += batch_size) {
    auto batch = images_u8.slice(0, start, std::min(images_u8.size(0), start + batch_size));
    parts.push_back(binarize(net.forward(batch.to(device).to(torch::kFloat32).div_(255.0))).to(torch::kCPU));
  }
  net.train(was_training);
  return torch::cat(parts);
}

std::string HashingModel::label_name(int64_t label) const {
  const auto names = metadata.value("class_names", nlohmann::json::array());
  if (label >= 0 && label < static_cast<int64_t>(names.size()) && names[label].is_string())
    return names[label].get<std::string>();
  return std::to_string(label);
}

}  // namespace recessive
