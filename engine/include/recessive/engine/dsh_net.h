// The DSH network of Liu et al. (CVPR 2016) for 32x32 inputs, as in the paper's Caffe model:
// conv 32@5x5 pad 2 -> maxpool 3/2 -> ReLU -> conv 32@5x5 pad 2 -> ReLU -> avgpool 3/2 -> conv 64@5x5 pad 2
// -> ReLU -> avgpool 3/2 -> FC 500 -> ReLU -> FC bits. Pooling rounds up as Caffe does: 32->16->8->4.
#pragma once

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "recessive/engine/hashing_net.h"

namespace recessive {

class DshNet : public HashingNet {
 public:
  explicit DshNet(int64_t bits);
  at::Tensor forward(const at::Tensor& images) override;
  at::Tensor mid_features(const at::Tensor& images) override;  // after conv2's average pool, (N,32,8,8)
  at::Tensor logits_from_mid(const at::Tensor& mid) override;
  int64_t bits() const override { return bits_; }
  int64_t input_size() const override { return 32; }
  std::string method() const override { return "dsh"; }

 private:
  int64_t bits_;
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};

}  // namespace recessive
