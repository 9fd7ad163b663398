#include "recessive/engine/dpsh_net.h"

#include <torch/torch.h>

namespace recessive {
namespace {

torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out, int64_t stride) {
  return torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false);
}

}  // namespace

// relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the shortcut is a strided 1x1 conv + BN when the
// shape changes.
class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int64_t in, int64_t out, int64_t stride) {
    conv1_ = register_module("conv1", torch::nn::Conv2d(conv3x3(in, out, stride)));
    bn1_ = register_module("bn1", torch::nn::BatchNorm2d(out));
    conv2_ = register_module("conv2", torch::nn::Conv2d(conv3x3(out, out, 1)));
    bn2_ = register_module("bn2", torch::nn::BatchNorm2d(out));
    if (in != out || stride != 1) {
      shortcut_ = register_module("shortcut",
                                  torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)));
      shortcut_bn_ = register_module("shortcut_bn", torch::nn::BatchNorm2d(out));
    }
  }
  at::Tensor forward(const at::Tensor& x) {
    auto y = torch::relu(bn1_->forward(conv1_->forward(x)));
    y = bn2_->forward(conv2_->forward(y));
    return torch::relu(y + (shortcut_ ? shortcut_bn_->forward(shortcut_->forward(x)) : x));
  }

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, shortcut_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, shortcut_bn_{nullptr};
};

DpshNet::DpshNet(int64_t bits, int64_t width) : HashingNet("DpshNet"), bits_(bits) {
  stem_ = register_module("stem", torch::nn::Conv2d(conv3x3(3, width, 1)));
  stem_bn_ = register_module("stem_bn", torch::nn::BatchNorm2d(width));
  block1_ = register_module("block1", std::make_shared<ResidualBlockImpl>(width, width, 1));
  block2_ = register_module("block2", std::make_shared<ResidualBlockImpl>(width, 2 * width, 2));
  block3_ = register_module("block3", std::make_shared<ResidualBlockImpl>(2 * width, 4 * width, 2));
  hash_ = register_module("hash", torch::nn::Linear(4 * width, bits));
}

at::Tensor DpshNet::mid_features(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3 && images.size(2) == 32 && images.size(3) == 32,
              "DpshNet expects (N,3,32,32), got ", images.sizes());
  auto x = torch::relu(stem_bn_->forward(stem_->forward(normalize_cifar(images))));
  return block2_->forward(block1_->forward(x));
}

at::Tensor DpshNet::forward(const at::Tensor& images) { return logits_from_mid(mid_features(images)); }

at::Tensor DpshNet::logits_from_mid(const at::Tensor& mid) {
  auto x = block3_->forward(mid);
  return hash_->forward(x.mean({2, 3}));
}

}  // namespace recessive
