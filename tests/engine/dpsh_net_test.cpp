// DPSH: network shapes, the pairwise-likelihood loss on hand-computed pairs, training progress, and a model
// file round trip.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>

#include "recessive/engine/dpsh_loss.h"
#include "recessive/engine/dpsh_net.h"
#include "recessive/engine/dsh_loss.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/trainer.h"
#include "test_models.h"

namespace recessive {
namespace {

double softplus(double t) { return std::log1p(std::exp(t)); }

TEST(DpshNet, MapsCifarImagesToBitsOutputs) {
  for (int64_t bits : {12, 24, 32, 48}) {
    auto net = make_hashing_net("dpsh", bits);
    EXPECT_EQ(net->method(), "dpsh");
    auto out = net->forward(torch::rand({3, 3, 32, 32}));
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, bits}));
  }
}

TEST(DpshNet, ResidualBackbone) {
  DpshNet net(24);
  auto params = net.named_parameters();
  EXPECT_EQ(params["stem.weight"].sizes(), (std::vector<int64_t>{16, 3, 3, 3}));
  EXPECT_EQ(params["block3.conv1.weight"].sizes(), (std::vector<int64_t>{64, 32, 3, 3}));
  EXPECT_TRUE(params.contains("block2.shortcut.weight"));
  EXPECT_FALSE(params.contains("block1.shortcut.weight"));
  EXPECT_EQ(params["hash.weight"].sizes(), (std::vector<int64_t>{24, 64}));
  EXPECT_THROW(net.forward(torch::rand({1, 3, 64, 64})), c10::Error);
}

TEST(DpshLoss, HandComputedPairs) {
  DpshLossOptions no_quant{0};
  // One pair, u.u' = 2, theta = 1: similar log(1+e) - 1, dissimilar log(1+e).
  auto pair = torch::tensor({{2.f, 0.f}, {1.f, 0.f}});
  EXPECT_NEAR(dpsh_loss(pair, torch::tensor({3, 3}, torch::kInt64), no_quant).item<double>(), softplus(1) - 1, 1e-6);
  EXPECT_NEAR(dpsh_loss(pair, torch::tensor({3, 4}, torch::kInt64), no_quant).item<double>(), softplus(1), 1e-6);
  // Three codes, labels (0,0,1): theta = 0.875 (similar), -0.75 and -0.75 (dissimilar); mean over 3 pairs.
  auto three = torch::tensor({{2.f, 0.5f}, {1.f, -0.5f}, {-1.f, 1.f}});
  auto labels = torch::tensor({0, 0, 1}, torch::kInt64);
  const double likelihood = (softplus(0.875) - 0.875 + 2 * softplus(-0.75)) / 3;  // 0.374062
  EXPECT_NEAR(dpsh_loss(three, labels, no_quant).item<double>(), likelihood, 1e-6);
  // Quantisation: (2-1)^2 + (0.5-1)^2 + (-0.5+1)^2 = 1.5 over 6 elements = 0.25, times eta 0.1.
  EXPECT_NEAR(dpsh_loss(three, labels).item<double>(), likelihood + 0.1 * 0.25, 1e-6);
}

TEST(DpshLoss, GradientPullsSimilarCodesTogether) {
  auto codes = torch::tensor({{1.f, -1.f}, {-1.f, 1.f}}).requires_grad_(true);
  dpsh_loss(codes, torch::tensor({0, 0}, torch::kInt64), DpshLossOptions{0}).backward();
  // Descending the gradient moves code 0 towards code 1.
  auto moved = codes.detach() - codes.grad();
  EXPECT_GT(torch::dot(moved[0], codes.detach()[1]).item<float>(), torch::dot(codes.detach()[0], codes.detach()[1]).item<float>());
}

TEST(DpshTrainer, LossDecreasesAndCodesSeparateClasses) {
  torch::manual_seed(0);
  auto data = testing::synthetic_classes(12, 3);
  DpshNet net(12, 4);  // narrow backbone: a few seconds on CPU
  std::vector<double> losses;
  TrainOptions options;
  options.epochs = 6;
  options.batch_size = 40;
  options.augment = false;
  options.classification_weight = 0;  // DPSH's loss alone
  train_hashing_net(net, data, torch::kCPU, options, [&](const EpochReport& r) { losses.push_back(r.mean_loss); });
  ASSERT_EQ(losses.size(), 6u);
  EXPECT_LT(losses.back(), losses.front() * 0.8);
  torch::NoGradGuard no_grad;
  auto codes = torch::sign(net.forward(data.images.to(torch::kFloat32) / 255));
  auto hamming = (codes.unsqueeze(1) != codes.unsqueeze(0)).to(torch::kFloat32).sum(2);
  auto same = (data.labels.unsqueeze(1) == data.labels.unsqueeze(0));
  EXPECT_LT(hamming.masked_select(same).mean().item<float>(), hamming.masked_select(~same).mean().item<float>());
}

// Another method's loss on DPSH's net (TrainOptions::loss): the loss used is that method's, and the net still learns.
TEST(DpshTrainer, TrainsWithAnotherMethodsLoss) {
  DpshNet net(12, 4);
  auto codes = torch::randn({6, 12});
  auto labels = torch::tensor({0, 0, 1, 1, 2, 2}, torch::kInt64);
  EXPECT_NEAR(hashing_loss(net, codes, labels, "dsh").item<double>(), dsh_loss(codes, labels).item<double>(), 1e-6);
  EXPECT_NEAR(hashing_loss(net, codes, labels).item<double>(), dpsh_loss(codes, labels).item<double>(), 1e-6);
  EXPECT_GT(std::abs(dsh_loss(codes, labels).item<double>() - dpsh_loss(codes, labels).item<double>()), 1e-3);
  EXPECT_THROW(hashing_loss(net, codes, labels, "dbh"), std::invalid_argument);  // needs DBH's classifier
  EXPECT_THROW(hashing_loss(net, codes, labels, "vgg"), std::invalid_argument);

  torch::manual_seed(0);
  auto data = testing::synthetic_classes(12, 3);
  std::vector<double> losses;
  TrainOptions options;
  options.epochs = 6;
  options.batch_size = 40;
  options.augment = false;
  options.classification_weight = 0;
  options.loss = "dsh";
  train_hashing_net(net, data, torch::kCPU, options, [&](const EpochReport& r) { losses.push_back(r.mean_loss); });
  ASSERT_EQ(losses.size(), 6u);
  EXPECT_LT(losses.back(), losses.front() * 0.8);
  options.loss = "dbh";
  EXPECT_THROW(train_hashing_net(net, data, torch::kCPU, options), std::invalid_argument);
}

TEST(DpshModelFile, RoundTripKeepsOutputsInEvalMode) {
  HashingModel model;
  model.net = make_hashing_net("dpsh", 12);
  model.net->eval();
  model.index = HashIndex(torch::ones({2, 12}), torch::tensor({0, 1}, torch::kInt64), 10);
  const auto path = std::filesystem::temp_directory_path() / "recessive_dpsh_roundtrip.pt";
  save_model(model, path);
  auto loaded = load_model(path, torch::kCPU);
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.net->method(), "dpsh");
  torch::NoGradGuard no_grad;
  auto x = torch::rand({2, 3, 32, 32});
  EXPECT_TRUE(torch::allclose(model.net->forward(x), loaded.net->forward(x)));
}

}  // namespace
}  // namespace recessive
