// Deep Hashing Network (Zhu et al., AAAI 2016) for 32x32 inputs, on a small AlexNet-style plain net (DHN used
// AlexNet): three stages of 3x3 conv (48, 96, 192 channels, pad 1) -> ReLU -> 2x2 max-pool (32->16->8->4) ->
// FC 512 -> ReLU -> dropout 0.5 -> FC bits. No batch norm and no residuals (unlike DBH's VGG-style and DPSH's
// residual nets), 3x3 kernels and max pooling only (unlike DSH's 5x5 / average-pool net). Not one of the paper's
// attacked methods: a fourth architecture for transfer ensembles (`recessive_bench --craft`, docs/evaluation.md
// "Transfer aids"), no model shipped. forward() returns u (N,bits); the code is sign(u).
#pragma once

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include "recessive/engine/hashing_net.h"

namespace recessive {

class DhnNet : public HashingNet {
 public:
  explicit DhnNet(int64_t bits);
  at::Tensor forward(const at::Tensor& images) override;
  at::Tensor mid_features(const at::Tensor& images) override;  // after the second stage's max pool, (N,96,8,8)
  at::Tensor logits_from_mid(const at::Tensor& mid) override;
  int64_t bits() const override { return bits_; }
  int64_t input_size() const override { return 32; }
  std::string method() const override { return "dhn"; }

 private:
  int64_t bits_;
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
};

}  // namespace recessive
