// DBH: network shapes and code range, logits, the loss on hand-computed cases, training progress, fine-tuning copies
// batch-norm statistics, and a model file round trip.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "recessive/engine/dbh_loss.h"
#include "recessive/engine/dbh_net.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/trainer.h"
#include "test_models.h"

namespace recessive {
namespace {

TEST(DbhNet, MapsCifarImagesToCodesInMinusOneOne) {
  for (int64_t bits : {12, 24, 32, 48}) {
    auto net = make_hashing_net("dbh", bits);
    EXPECT_EQ(net->method(), "dbh");
    auto out = net->forward(torch::rand({3, 3, 32, 32}));
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, bits}));
    EXPECT_LT(out.abs().max().item<float>(), 1.0f);
  }
}

TEST(DbhNet, LogitsAreThePreSigmoidCodesWithTheSameSigns) {
  auto net = make_hashing_net("dbh", 24);
  net->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::rand({4, 3, 32, 32});
  auto logits = net->logits(images), codes = net->forward(images);
  EXPECT_TRUE(torch::allclose(codes, 2 * torch::sigmoid(logits) - 1, 1e-5, 1e-6));
  EXPECT_TRUE(torch::equal(logits >= 0, codes >= 0));
  // Nets without a squashing output: logits are the codes.
  auto dsh = make_hashing_net("dsh", 24);
  dsh->eval();
  EXPECT_TRUE(torch::equal(dsh->logits(images), dsh->forward(images)));
}

TEST(DbhNet, VggBackboneWithBatchNormAndClassifierOnLatent) {
  DbhNet net(24);
  auto params = net.named_parameters();
  EXPECT_EQ(params["features.0.weight"].sizes(), (std::vector<int64_t>{32, 3, 3, 3}));
  EXPECT_EQ(params["fc.weight"].sizes(), (std::vector<int64_t>{256, 128 * 4 * 4}));
  EXPECT_EQ(params["latent.weight"].sizes(), (std::vector<int64_t>{24, 256}));
  EXPECT_EQ(params["classifier.weight"].sizes(), (std::vector<int64_t>{10, 24}));
  EXPECT_TRUE(net.named_buffers().contains("features.1.running_mean"));
  // classify() sees the latent layer (codes+1)/2: codes of -1 give the classifier's bias alone.
  torch::NoGradGuard no_grad;
  auto logits = net.classify(-torch::ones({1, 24}));
  EXPECT_TRUE(torch::allclose(logits[0], params["classifier.bias"]));
}

TEST(DbhNet, RejectsWrongInputSize) {
  DbhNet net(12);
  EXPECT_THROW(net.forward(torch::rand({1, 3, 64, 64})), c10::Error);
}

TEST(DbhLoss, HandComputedCase) {
  // Cross-entropy: sample 0 logits (0,0) -> log 2; sample 1 logits (ln 3, 0), label 1 -> log 4. Mean 1.0397.
  auto logits = torch::tensor({{0.f, 0.f}, {std::log(3.f), 0.f}});
  auto labels = torch::tensor({0, 1}, torch::kInt64);
  // Latent (1,1) and (0.5,0.5): binarization -mean (h-0.5)^2 = -0.5/4; balance mean((0.5)^2, 0) = 0.125.
  auto codes = torch::tensor({{1.f, 1.f}, {0.f, 0.f}});
  const double ce = (std::log(2.0) + std::log(4.0)) / 2;
  DbhLossOptions ce_only{0, 0}, binarization{1, 0}, balance{0, 1};
  EXPECT_NEAR(dbh_loss(logits, codes, labels, ce_only).item<double>(), ce, 1e-6);
  EXPECT_NEAR(dbh_loss(logits, codes, labels, binarization).item<double>(), ce - 0.125, 1e-6);
  EXPECT_NEAR(dbh_loss(logits, codes, labels, balance).item<double>(), ce + 0.125, 1e-6);
  EXPECT_NEAR(dbh_loss(logits, codes, labels).item<double>(), ce - 0.0125 + 0.0125, 1e-6);
}

TEST(DbhTrainer, LossDecreasesAndCodesSeparateClasses) {
  torch::manual_seed(0);
  auto data = testing::synthetic_classes(12, 3);  // 120 images of 10 colour/stripe classes
  DbhNet net(12, 10, 8);                          // narrow backbone: a few seconds on CPU
  std::vector<double> losses;
  TrainOptions options;
  options.epochs = 10;
  options.batch_size = 40;
  options.augment = false;
  train_hashing_net(net, data, torch::kCPU, options, [&](const EpochReport& r) { losses.push_back(r.mean_loss); });
  ASSERT_EQ(losses.size(), 10u);
  EXPECT_LT(losses.back(), losses.front() * 0.8);  // measured 2.29 -> 1.52
  EXPECT_FALSE(net.is_training());
  torch::NoGradGuard no_grad;
  auto codes = torch::sign(net.forward(data.images.to(torch::kFloat32) / 255));
  auto hamming = (codes.unsqueeze(1) != codes.unsqueeze(0)).to(torch::kFloat32).sum(2);
  auto same = (data.labels.unsqueeze(1) == data.labels.unsqueeze(0));
  EXPECT_LT(hamming.masked_select(same).mean().item<float>(), hamming.masked_select(~same).mean().item<float>());
}

TEST(DbhTrainer, FineTuningCopiesTrunkAndBatchNormStatistics) {
  DbhNet from(24), to(48);
  {
    torch::NoGradGuard no_grad;
    from.named_buffers()["features.1.running_mean"].fill_(0.25);
  }
  copy_matching_parameters(from, to);
  EXPECT_TRUE(torch::equal(from.named_parameters()["fc.weight"], to.named_parameters()["fc.weight"]));
  EXPECT_TRUE(torch::equal(to.named_buffers()["features.1.running_mean"], torch::full({32}, 0.25)));
  EXPECT_FALSE(to.named_parameters()["latent.weight"].sizes() == from.named_parameters()["latent.weight"].sizes());
}

TEST(DbhModelFile, RoundTripKeepsOutputsInEvalMode) {
  HashingModel model;
  model.net = make_hashing_net("dbh", 12);
  model.net->eval();
  model.index = HashIndex(torch::ones({2, 12}), torch::tensor({0, 1}, torch::kInt64), 10);
  const auto path = std::filesystem::temp_directory_path() / "recessive_dbh_roundtrip.pt";
  save_model(model, path);
  auto loaded = load_model(path, torch::kCPU);
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.net->method(), "dbh");
  torch::NoGradGuard no_grad;
  auto x = torch::rand({2, 3, 32, 32});
  EXPECT_TRUE(torch::allclose(model.net->forward(x), loaded.net->forward(x)));
}

}  // namespace
}  // namespace recessive
