// DSH network shapes (Caffe rounding 32->16->8->4), the DSH loss on hand-made pairs, and training progress.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/dsh_loss.h"
#include "recessive/engine/dsh_net.h"
#include "recessive/engine/trainer.h"

namespace recessive {
namespace {

TEST(DshNet, MapsCifarImagesToBitsOutputs) {
  for (int64_t bits : {12, 24, 32, 48}) {
    DshNet net(bits);
    auto out = net.forward(torch::rand({3, 3, 32, 32}));
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, bits}));
  }
}

TEST(DshNet, FullyConnectedLayerSees64x4x4) {
  DshNet net(24);
  auto params = net.named_parameters();
  EXPECT_EQ(params["fc1.weight"].sizes(), (std::vector<int64_t>{500, 64 * 4 * 4}));
  EXPECT_EQ(params["conv1.weight"].sizes(), (std::vector<int64_t>{32, 3, 5, 5}));
}

TEST(DshNet, RejectsWrongInputSize) {
  DshNet net(12);
  EXPECT_THROW(net.forward(torch::rand({1, 3, 64, 64})), c10::Error);
}

TEST(DshLoss, HandComputedPairs) {
  // Two 2-bit codes: squared distance 8. Similar pair: 0.5*8 = 4. Dissimilar with margin 2k = 4: max(4-8,0) = 0.
  auto codes = torch::tensor({{1.f, 1.f}, {-1.f, -1.f}});
  DshLossOptions no_quant;
  no_quant.alpha = 0;
  EXPECT_NEAR(dsh_loss(codes, torch::tensor({0, 0}, torch::kInt64), no_quant).item<double>(), 4.0, 1e-6);
  EXPECT_NEAR(dsh_loss(codes, torch::tensor({0, 1}, torch::kInt64), no_quant).item<double>(), 0.0, 1e-6);
  // Dissimilar and close (distance^2 = 0.5*0.5*2 = 0.5): 0.5*(4-0.5) = 1.75. Quantisation: |0.5-1|*2 per code.
  auto close = torch::tensor({{0.5f, 0.5f}, {0.f, 0.f}});
  EXPECT_NEAR(dsh_loss(close, torch::tensor({0, 1}, torch::kInt64), no_quant).item<double>(), 1.75, 1e-6);
  EXPECT_NEAR(dsh_loss(close, torch::tensor({0, 1}, torch::kInt64)).item<double>(), 1.75 + 0.01 * (1.0 + 2.0) / 2,
              1e-6);
}

TEST(Trainer, LossDecreasesOnSeparableData) {
  // Two classes that differ by brightness: a few epochs must separate their codes.
  torch::manual_seed(0);
  LabelledImages data;
  auto dark = (torch::rand({64, 3, 32, 32}) * 80).to(torch::kUInt8);
  auto bright = (torch::rand({64, 3, 32, 32}) * 80 + 170).to(torch::kUInt8);
  data.images = torch::cat({dark, bright});
  data.labels = torch::cat({torch::zeros({64}, torch::kInt64), torch::ones({64}, torch::kInt64)});
  data.class_names = {"dark", "bright"};
  DshNet net(12);
  std::vector<double> losses;
  TrainOptions options;
  options.epochs = 6;
  options.batch_size = 32;
  train_hashing_net(net, data, torch::kCPU, options, [&](const EpochReport& r) { losses.push_back(r.mean_loss); });
  ASSERT_EQ(losses.size(), 6u);
  EXPECT_LT(losses.back(), losses.front() * 0.5);
  torch::NoGradGuard no_grad;
  // Codes separate the classes: every dark code is nearer to the other dark codes than to any bright code.
  auto a = torch::sign(net.forward(data.images.slice(0, 0, 8).to(torch::kFloat32) / 255));
  auto b = torch::sign(net.forward(data.images.slice(0, 64, 72).to(torch::kFloat32) / 255));
  auto hamming = [](const at::Tensor& x, const at::Tensor& y) {
    return (x.unsqueeze(1) != y.unsqueeze(0)).to(torch::kFloat32).sum(2);
  };
  EXPECT_LT(hamming(a, a).max().item<float>(), hamming(a, b).min().item<float>());
}

TEST(Trainer, CopyMatchingParametersSkipsShapeMismatch) {
  DshNet from(24), to(48);
  const auto copied = copy_matching_parameters(from, to);
  EXPECT_EQ(copied, 8);  // conv1-3 and fc1 weights and biases; fc2 differs
  EXPECT_TRUE(torch::equal(from.named_parameters()["conv1.weight"], to.named_parameters()["conv1.weight"]));
}

}  // namespace
}  // namespace recessive
