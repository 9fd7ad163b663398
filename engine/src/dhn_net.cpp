#include "recessive/engine/dhn_net.h"

#include <torch/torch.h>

namespace recessive {
namespace F = torch::nn::functional;

DhnNet::DhnNet(int64_t bits) : HashingNet("DhnNet"), bits_(bits) {
  auto conv = [](int64_t in, int64_t out) { return torch::nn::Conv2dOptions(in, out, 3).padding(1); };
  conv1_ = register_module("conv1", torch::nn::Conv2d(conv(3, 48)));
  conv2_ = register_module("conv2", torch::nn::Conv2d(conv(48, 96)));
  conv3_ = register_module("conv3", torch::nn::Conv2d(conv(96, 192)));
  fc1_ = register_module("fc1", torch::nn::Linear(192 * 4 * 4, 512));
  dropout_ = register_module("dropout", torch::nn::Dropout(0.5));
  fc2_ = register_module("fc2", torch::nn::Linear(512, bits));
}

at::Tensor DhnNet::mid_features(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3 && images.size(2) == 32 && images.size(3) == 32,
              "DhnNet expects (N,3,32,32), got ", images.sizes());
  auto x = normalize_cifar(images);
  for (auto* conv : {&conv1_, &conv2_}) x = F::max_pool2d(torch::relu((*conv)->forward(x)), F::MaxPool2dFuncOptions(2));
  return x;
}

at::Tensor DhnNet::forward(const at::Tensor& images) { return logits_from_mid(mid_features(images)); }

at::Tensor DhnNet::logits_from_mid(const at::Tensor& mid) {
  auto x = F::max_pool2d(torch::relu(conv3_->forward(mid)), F::MaxPool2dFuncOptions(2));
  x = dropout_->forward(torch::relu(fc1_->forward(x.flatten(1))));
  return fc2_->forward(x);
}

}  // namespace recessive
