#include "recessive/engine/dsh_net.h"

#include <torch/torch.h>

namespace recessive {
namespace F = torch::nn::functional;

DshNet::DshNet(int64_t bits) : HashingNet("DshNet"), bits_(bits) {
  auto conv = [](int64_t in, int64_t out) { return torch::nn::Conv2dOptions(in, out, 5).padding(2); };
  conv1_ = register_module("conv1", torch::nn::Conv2d(conv(3, 32)));
  conv2_ = register_module("conv2", torch::nn::Conv2d(conv(32, 32)));
  conv3_ = register_module("conv3", torch::nn::Conv2d(conv(32, 64)));
  fc1_ = register_module("fc1", torch::nn::Linear(64 * 4 * 4, 500));
  fc2_ = register_module("fc2", torch::nn::Linear(500, bits));
}

at::Tensor DshNet::mid_features(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3 && images.size(2) == 32 && images.size(3) == 32,
              "DshNet expects (N,3,32,32), got ", images.sizes());
  auto x = normalize_cifar(images);
  x = torch::relu(F::max_pool2d(conv1_->forward(x), F::MaxPool2dFuncOptions(3).stride(2).ceil_mode(true)));
  return F::avg_pool2d(torch::relu(conv2_->forward(x)), F::AvgPool2dFuncOptions(3).stride(2).ceil_mode(true));
}

at::Tensor DshNet::forward(const at::Tensor& images) { return logits_from_mid(mid_features(images)); }

at::Tensor DshNet::logits_from_mid(const at::Tensor& mid) {
  auto x = F::avg_pool2d(torch::relu(conv3_->forward(mid)), F::AvgPool2dFuncOptions(3).stride(2).ceil_mode(true));
  x = torch::relu(fc1_->forward(x.flatten(1)));
  return fc2_->forward(x);
}

}  // namespace recessive
