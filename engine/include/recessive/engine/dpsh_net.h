// Deep Pairwise-Supervised Hashing (Li et al., IJCAI 2016) for 32x32 inputs, on a small residual backbone
// (unlike DSH's plain 3-conv net and DBH's VGG-style net): conv 3x3 w -> residual blocks w (32x32), 2w
// (stride 2, 16x16), 4w (stride 2, 8x8), each two 3x3 conv+BN with a ReLU between and after the sum ->
// global average pool -> linear hash layer of `bits` units. forward() returns u (N,bits); the code is sign(u).
#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <memory>

#include "recessive/engine/hashing_net.h"

namespace recessive {

class ResidualBlockImpl;  // dpsh_net.cpp

class DpshNet : public HashingNet {
 public:
  static constexpr int64_t kDefaultWidth = 16;
  explicit DpshNet(int64_t bits, int64_t width = kDefaultWidth);
  at::Tensor forward(const at::Tensor& images) override;
  at::Tensor mid_features(const at::Tensor& images) override;  // after block2, (N,2w,16,16)
  at::Tensor logits_from_mid(const at::Tensor& mid) override;
  int64_t bits() const override { return bits_; }
  int64_t input_size() const override { return 32; }
  std::string method() const override { return "dpsh"; }

 private:
  int64_t bits_;
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::BatchNorm2d stem_bn_{nullptr};
  std::shared_ptr<ResidualBlockImpl> block1_, block2_, block3_;
  torch::nn::Linear hash_{nullptr};
};

}  // namespace recessive
