// The evaluation pieces against hand-computed cases: which model's codes and database a score uses (transfer
// bookkeeping), database-code reuse, batching of protection, distortion summaries and the L1-at-equal-mAP sweep.
#include "recessive/engine/evaluation.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "recessive/engine/ifgsm_attack.h"
#include "test_models.h"

namespace recessive {
namespace {

// 2-bit codes from the mean of channels 0 and 1 minus 0.5; `flip` negates them (a second "architecture").
class ChannelNet : public HashingNet {
 public:
  explicit ChannelNet(bool flip) : HashingNet("ChannelNet"), flip_(flip) {}
  at::Tensor forward(const at::Tensor& images) override {
    auto h = images.slice(1, 0, 2).mean({2, 3}) - 0.5;
    return flip_ ? -h : h;
  }
  int64_t bits() const override { return 2; }
  int64_t input_size() const override { return 4; }
  std::string method() const override { return flip_ ? "flipped" : "plain"; }

 private:
  bool flip_;
};

HashingModel channel_model(bool flip) {
  HashingModel model;
  model.net = std::make_shared<ChannelNet>(flip);
  return model;
}

at::Tensor codes(std::vector<float> values) { return torch::tensor(values).view({-1, 2}); }

TEST(Evaluation, ScoresUseTheRetrievingModelsCodesAndDatabase) {
  // One query of label 0, bright in channels 0 and 1: model A hashes it to (+1,+1), model B to (-1,-1).
  auto query = torch::full({1, 3, 4, 4}, 204, torch::kUInt8);  // 0.8
  auto label = torch::tensor(std::vector<int64_t>{0});
  auto a = channel_model(false), b = channel_model(true);
  RetrievalSystem system_a{"a", &a, codes({1, 1, -1, -1}), torch::tensor(std::vector<int64_t>{0, 1})};
  RetrievalSystem system_b{"b", &b, codes({1, 1, -1, -1, -1, 1}), torch::tensor(std::vector<int64_t>{1, 0, 0})};
  const std::vector<int64_t> ks = {3};
  // B's code (-1,-1) in B's database: ranks item 1 (d 0, relevant), item 2 (d 1, relevant), item 0 (d 2):
  // AP@3 = (1/1 + 2/2)/2 = 1; within radius 2 all three, 2 relevant -> 2/3.
  // (A's code in B's database would give (1/2 + 2/3)/2 = 0.583; B's code in A's database 0.5.)
  auto on_b = score_images(system_b, query, label, torch::kCPU, ks);
  EXPECT_DOUBLE_EQ(on_b.map_at(3), 1.0);
  EXPECT_NEAR(on_b.precision_r2, 2.0 / 3.0, 1e-12);
  // A's code (+1,+1) in A's database: item 0 (d 0, relevant) first: AP 1; within radius 2 both items -> 1/2.
  auto on_a = score_images(system_a, query, label, torch::kCPU, ks);
  EXPECT_DOUBLE_EQ(on_a.map_at(3), 1.0);
  EXPECT_DOUBLE_EQ(on_a.precision_r2, 0.5);
  // The mix-ups, computed directly, differ: the test above would catch them.
  EXPECT_NEAR(score_codes(codes({1, 1}), label, system_b.db_codes, system_b.db_labels, ks).map_at(3), (0.5 + 2.0 / 3) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(score_codes(codes({-1, -1}), label, system_a.db_codes, system_a.db_labels, ks).map_at(3), 0.5);
  EXPECT_THROW(on_a.map_at(600), std::out_of_range);
}

TEST(Evaluation, DatabaseCodesReuseTheIndexOnlyWhenItMatches) {
  // Database = 3 "training" images (in the model's index) ++ 2 more; values chosen so each image has its own code.
  auto images = torch::tensor({10, 240, 240, 10, 10, 10, 240, 240, 10, 240}, torch::kInt64).to(torch::kUInt8)
                    .view({5, 2, 1, 1}).repeat({1, 1, 4, 4});
  images = torch::cat({images, torch::zeros({5, 1, 4, 4}, torch::kUInt8)}, 1);  // (5,3,4,4)
  RetrievalSplit split;
  split.database = {images, torch::tensor(std::vector<int64_t>{0, 1, 0, 1, 1}), std::vector<std::string>(2, "c")};
  auto model = channel_model(false);
  const auto expected = encode_dataset(*model.net, images, torch::kCPU);
  model.index = HashIndex(expected.slice(0, 0, 3), split.database.labels.slice(0, 0, 3), 2);
  EXPECT_TRUE(torch::equal(encode_database(model, split, torch::kCPU), expected));
  // A stale index (codes of another net) is not trusted: everything is re-encoded.
  model.index = HashIndex(-expected.slice(0, 0, 3), split.database.labels.slice(0, 0, 3), 2);
  EXPECT_TRUE(torch::equal(encode_database(model, split, torch::kCPU), expected));
}

TEST(Evaluation, ProtectInBatchesKeepsOrderAndRoundsTo8Bits) {
  auto images = torch::arange(5, torch::kInt64).mul(10).to(torch::kUInt8).view({5, 1, 1, 1}).expand({5, 3, 2, 2}).contiguous();
  std::vector<int64_t> sizes;
  auto set = protect_in_batches(images, 2, torch::kCPU, [&](const at::Tensor& x) {
    sizes.push_back(x.size(0));
    AttackResult r;
    r.images = x + 1.4 / 255.0;  // rounds to +1
    r.reports.resize(x.size(0));
    for (auto& report : r.reports) report.steps = x.size(0);
    return r;
  });
  EXPECT_EQ(sizes, (std::vector<int64_t>{2, 2, 1}));
  ASSERT_EQ(set.reports.size(), 5u);
  EXPECT_EQ(set.reports[4].steps, 1);
  EXPECT_EQ(set.images_u8.scalar_type(), torch::kUInt8);
  EXPECT_TRUE(torch::equal(set.images_u8, images + 1));
  EXPECT_GE(set.seconds_per_image, 0.0);
}

TEST(Evaluation, DistortionSummaryHandComputed) {
  auto original = torch::full({2, 3, 4, 4}, 100, torch::kUInt8);
  ProtectedSet set;
  set.images_u8 = original.clone();
  set.images_u8[0].add_(3);  // image 0: every value +3; image 1 unchanged
  set.reports.resize(2);
  set.reports[0].steps = 2, set.reports[0].label_changed = true, set.reports[0].success = true;
  set.reports[1].steps = 4;
  const auto s = summarize_distortion(original, set);
  const double psnr = -10 * std::log10(std::pow(3.0 / 255, 2));  // 38.59 dB
  EXPECT_NEAR(s.mean_psnr, psnr, 1e-9);
  EXPECT_NEAR(s.min_psnr, psnr, 1e-9);
  EXPECT_EQ(s.unchanged, 1);
  EXPECT_NEAR(s.mean_l1, 1.5, 1e-12);    // (3 + 0) / 2
  EXPECT_NEAR(s.mean_linf, 1.5, 1e-12);
  EXPECT_DOUBLE_EQ(s.mean_steps, 3.0);
  EXPECT_DOUBLE_EQ(s.label_changed, 0.5);
  EXPECT_DOUBLE_EQ(s.target_reached, 0.5);
  EXPECT_LT(s.mean_ssim, 1.0);
}

TEST(Evaluation, L1AtMapInterpolatesAlongTheCurve) {
  std::vector<SweepPoint> curve = {{"r", 0.1, 2.0, 40, 0.3}, {"r", 0.05, 0.0, 50, 0.6}, {"r", 0.2, 4.0, 30, 0.1}};
  EXPECT_DOUBLE_EQ(l1_at_map(curve, 0.2), 3.0);
  EXPECT_DOUBLE_EQ(l1_at_map(curve, 0.45), 1.0);
  EXPECT_DOUBLE_EQ(l1_at_map(curve, 0.6), 0.0);
  EXPECT_DOUBLE_EQ(l1_at_map(curve, 0.1), 4.0);
  EXPECT_TRUE(std::isnan(l1_at_map(curve, 0.05)));
  EXPECT_TRUE(std::isnan(l1_at_map(curve, 0.7)));
  EXPECT_TRUE(std::isnan(l1_at_map({}, 0.3)));
}

TEST(Evaluation, IfgsmSweepDistortionGrowsWithEpsilon) {
  auto& model = testing::toy_model(12);
  auto images = testing::synthetic_classes(2, 9).images;
  double previous = -1;
  for (double eps : {1.0, 2.0, 4.0, 8.0}) {
    IfgsmOptions options;
    options.epsilon = eps / 255, options.alpha = eps / 4 / 255;
    auto set = protect_in_batches(images, 8, torch::kCPU, [&](const at::Tensor& x) { return ifgsm_attack(model, x, options); });
    const auto d = summarize_distortion(images, set);
    EXPECT_GT(d.mean_l1, previous) << "eps " << eps;
    EXPECT_LE(d.mean_linf, eps + 0.5 + 1e-9);  // the L-inf budget, plus 8-bit rounding
    previous = d.mean_l1;
  }
}

}  // namespace
}  // namespace recessive
