// A labelled database of binary codes (+1/-1) for Hamming ranking: distances, the retrieval label of a
// query (majority label of its top-k neighbours) and class prototype codes. Immutable after
// construction, so const methods are safe to call from several threads.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

class HashIndex {
 public:
  HashIndex() = default;
  // codes (N,bits) with entries +1/-1 (any float dtype/device), labels (N) int64.
  HashIndex(const at::Tensor& codes, const at::Tensor& labels, int64_t num_classes);

  // Hamming distances (Q,N) as float from query codes (Q,bits) of +1/-1.
  at::Tensor hamming(const at::Tensor& query_codes) const;
  // Label shares among the k nearest database codes (ties in distance: tie_break_ranks, hamming_ranking.h); (Q,C)
  // float, rows sum to 1.
  at::Tensor label_shares(const at::Tensor& query_codes, int64_t k) const;
  // Differentiable twin of label_shares: each database code weighs softmax_j(-d_j / temperature), d_j the relaxed
  // Hamming distance (bits - <q, code_j>) / 2 to real-valued query codes q (Q,bits) in [-1,1] (e.g. tanh of the
  // net's output), temperature in bits; returns the weight of each class (Q,C), rows sum to 1.
  at::Tensor soft_label_shares(const at::Tensor& relaxed_codes, double temperature) const;
  // Majority label among the k nearest database codes (ties: lower label); (Q) int64.
  at::Tensor retrieval_labels(const at::Tensor& query_codes, int64_t k) const;
  // c_l = sign(sum of the database codes of class l) (zeros become +1); (C,bits) float.
  const at::Tensor& prototypes() const { return prototypes_; }

  const at::Tensor& codes() const { return codes_; }
  const at::Tensor& labels() const { return labels_; }
  int64_t num_classes() const { return num_classes_; }
  int64_t bits() const { return codes_.size(1); }
  HashIndex to(const at::Device& device) const;

  // Packs +1/-1 codes into uint8 bit-planes (N, ceil(bits/8)) for storage, and back.
  static at::Tensor pack(const at::Tensor& codes);
  static at::Tensor unpack(const at::Tensor& packed, int64_t bits);

 private:
  at::Tensor codes_, labels_, prototypes_, tie_ranks_;
  int64_t num_classes_ = 0;
};

// sign() that maps 0 to +1, as float.
at::Tensor binarize(const at::Tensor& real_codes);

}  // namespace recessive
