// Deep Binary Hashing (Lin et al., CVPRW 2015) for 32x32 inputs, on a compact VGG-style backbone with batch
// norm (unlike DSH's 3-conv Caffe net): [conv w, conv w, maxpool] [conv 2w, conv 2w, maxpool] [conv 4w,
// maxpool] (3x3 convs, BN, ReLU; 32->16->8->4) -> FC 256 -> ReLU -> latent FC bits -> sigmoid -> classifier
// FC num_classes. forward() returns 2*sigmoid(latent)-1 in (-1,1), so sign() is DBH's code (latent > 0.5).
// The classifier is the DBH training signal (dbh_loss.h) and plays no part in retrieval.
#pragma once

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include "recessive/engine/hashing_net.h"

namespace recessive {

class DbhNet : public HashingNet {
 public:
  static constexpr int64_t kDefaultWidth = 32;
  explicit DbhNet(int64_t bits, int64_t num_classes = 10, int64_t width = kDefaultWidth);
  at::Tensor forward(const at::Tensor& images) override;  // 2*sigmoid(logits) - 1
  at::Tensor logits(const at::Tensor& images) override;   // the latent layer's pre-activation
  at::Tensor mid_features(const at::Tensor& images) override;  // after the second max pool, (N,2w,8,8)
  at::Tensor logits_from_mid(const at::Tensor& mid) override;
  // Class scores from codes returned by forward(): the classifier sees the latent layer (codes+1)/2.
  at::Tensor classify(const at::Tensor& codes);
  int64_t bits() const override { return bits_; }
  int64_t input_size() const override { return 32; }
  std::string method() const override { return "dbh"; }

 private:
  int64_t bits_;
  torch::nn::Sequential features_{nullptr};
  torch::nn::Linear fc_{nullptr}, latent_{nullptr}, classifier_{nullptr};
};

}  // namespace recessive
