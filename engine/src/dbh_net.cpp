#include "recessive/engine/dbh_net.h"

#include <torch/torch.h>

namespace recessive {
namespace {

constexpr int64_t kMidLayers = 14;  // features_' first two stages: 2 x (conv, BN, ReLU) + max pool, twice

void add_conv_bn_relu(torch::nn::Sequential& seq, int64_t in, int64_t out) {
  seq->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
  seq->push_back(torch::nn::BatchNorm2d(out));
  seq->push_back(torch::nn::ReLU(torch::nn::ReLUOptions(true)));
}

}  // namespace

DbhNet::DbhNet(int64_t bits, int64_t num_classes, int64_t width) : HashingNet("DbhNet"), bits_(bits) {
  torch::nn::Sequential features;
  add_conv_bn_relu(features, 3, width);
  add_conv_bn_relu(features, width, width);
  features->push_back(torch::nn::MaxPool2d(2));
  add_conv_bn_relu(features, width, 2 * width);
  add_conv_bn_relu(features, 2 * width, 2 * width);
  features->push_back(torch::nn::MaxPool2d(2));
  add_conv_bn_relu(features, 2 * width, 4 * width);
  features->push_back(torch::nn::MaxPool2d(2));
  features_ = register_module("features", features);
  fc_ = register_module("fc", torch::nn::Linear(4 * width * 4 * 4, 256));
  latent_ = register_module("latent", torch::nn::Linear(256, bits));
  classifier_ = register_module("classifier", torch::nn::Linear(bits, num_classes));
}

at::Tensor DbhNet::mid_features(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3 && images.size(2) == 32 && images.size(3) == 32,
              "DbhNet expects (N,3,32,32), got ", images.sizes());
  auto x = normalize_cifar(images);
  for (auto it = features_->begin(); it != features_->begin() + kMidLayers; ++it) x = it->forward(x);
  return x;
}

at::Tensor DbhNet::logits(const at::Tensor& images) { return logits_from_mid(mid_features(images)); }

at::Tensor DbhNet::logits_from_mid(const at::Tensor& mid) {
  auto x = mid;
  for (auto it = features_->begin() + kMidLayers; it != features_->end(); ++it) x = it->forward(x);
  x = torch::relu(fc_->forward(x.flatten(1)));
  return latent_->forward(x);
}

at::Tensor DbhNet::forward(const at::Tensor& images) { return 2 * torch::sigmoid(logits(images)) - 1; }

at::Tensor DbhNet::classify(const at::Tensor& codes) { return classifier_->forward((codes + 1) / 2); }

}  // namespace recessive
