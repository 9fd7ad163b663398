// The ensemble attack: with one model and no input diversity it is the paper's algorithm (until the target);
// with two models it fools both retrievals (with momentum, gradient smoothing or noisy views too); the feature-level
// term moves the members' middle layers; averaging noisy views over more draws steadies the step; gradient views add
// their gradients.
#include "recessive/engine/ensemble_attack.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <set>

#include "recessive/engine/recessive_attack.h"
#include "test_models.h"

namespace recessive {
namespace {

// Two toy members (12 and 24 bits) and 20 synthetic images drawn with `seed`: the setting of the option tests.
struct TwoMembers {
  HashingModel& a = testing::toy_model(12);
  HashingModel& b = testing::toy_model(24);
  at::Tensor images;
  explicit TwoMembers(uint64_t seed) : images(testing::synthetic_classes(2, seed).images.to(torch::kFloat32) / 255.0) {}
  at::Tensor craft(const EnsembleOptions& options) const { return ensemble_attack({&a, &b}, images, options).images; }
  // Images whose retrieval label changed under both members between `images` and `after`.
  int64_t fooled_by_both(const at::Tensor& after) const {
    return ((a.retrieval_labels(after) != a.retrieval_labels(images)) &
            (b.retrieval_labels(after) != b.retrieval_labels(images))).sum().item<int64_t>();
  }
  // The members' summed relative middle-layer move (attack.h relative_feature_distance) of `after` from `images`.
  double feature_move(const at::Tensor& after) const {
    torch::NoGradGuard no_grad;
    auto move = [&](HashingModel& m) { return relative_feature_distance(m.net->mid_features(after), m.net->mid_features(images)); };
    return (move(a) + move(b)).mean().item<double>();
  }
};

// Stop once every model's label changed, no input diversity: the setting the option tests compare under.
EnsembleOptions untargeted_without_diversity(uint64_t seed) {
  EnsembleOptions options;
  options.until_target = false;
  options.diversity = 0.0;
  options.seed = seed;
  return options;
}

TEST(EnsembleAttack, OneModelWithoutDiversityIsThePapersAlgorithm) {
  auto& model = testing::toy_model(12);
  auto images = testing::synthetic_classes(2, 21).images.to(torch::kFloat32) / 255.0;
  EnsembleOptions options;
  options.diversity = 0.0;
  options.seed = 3;
  RecessiveOptions reference;
  reference.until_target = true;
  reference.seed = 3;
  auto a = ensemble_attack({&model}, images, options);
  auto b = recessive_attack(model, images, reference);
  EXPECT_TRUE(torch::allclose(a.images, b.images, 1e-5, 1e-6));
  for (size_t i = 0; i < a.reports.size(); ++i) {
    EXPECT_EQ(a.reports[i].steps, b.reports[i].steps);
    EXPECT_EQ(a.reports[i].target_label, b.reports[i].target_label);
  }
}

TEST(EnsembleAttack, FoolsEveryModelOfTheEnsemble) {
  const TwoMembers pair(22);
  EnsembleOptions options;
  options.until_target = false;
  options.seed = 5;
  auto result = pair.craft(options);
  EXPECT_GE(pair.fooled_by_both(result), 18) << "of 20 images";
  EXPECT_LE((result - pair.images).abs().max().item<double>(), 1.0);
}

// On CUDA the ensemble (momentum, a stop rule that finishes images at different steps, so LiveImages shrinks the
// batch) stops every image at the step it stops on the CPU. Pixels drift apart over the steps (TF32 convolutions
// on Hopper, momentum's normalisation): 0.054 at most on an H100 (2026-11-27), against 2e-3 after the 3 steps of
// RecessiveAttack.CpuAndCudaAgree. The per-image step counts are what must agree exactly.
TEST(EnsembleAttack, CpuAndCudaAgree) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  const torch::Device cuda(torch::kCUDA, 0);
  auto& c12 = testing::toy_model(12);
  auto& c24 = testing::toy_model(24);
  auto& g12 = testing::toy_model(12, cuda);
  auto& g24 = testing::toy_model(24, cuda);
  auto images = testing::synthetic_classes(2, 24).images.to(torch::kFloat32) / 255.0;  // 20 images
  EnsembleOptions options;
  options.diversity = 0.0;
  options.momentum = 1.0;
  options.seed = 9;
  auto cpu = ensemble_attack({&c12, &c24}, images, options);
  auto gpu = ensemble_attack({&g12, &g24}, images.to(cuda), options);
  EXPECT_LT((cpu.images - gpu.images.cpu()).abs().max().item<float>(), 0.1);
  std::set<int64_t> step_counts;
  for (size_t i = 0; i < cpu.reports.size(); ++i) {
    EXPECT_EQ(cpu.reports[i].steps, gpu.reports[i].steps) << "image " << i;
    step_counts.insert(cpu.reports[i].steps);
  }
  EXPECT_GE(step_counts.size(), 2u) << "every image stopped at the same step: LiveImages never shrank the batch";
}

TEST(EnsembleAttack, MomentumKeepsTheFirstStepAndStillFoolsEveryModel) {
  const TwoMembers pair(23);
  EnsembleOptions plain = untargeted_without_diversity(7);
  EnsembleOptions with_momentum = plain;
  with_momentum.momentum = 1.0;
  // Step 1: g_1 = r_1/||r_1||_1 rescaled to ||r_1||, i.e. r_1 itself.
  plain.max_steps = with_momentum.max_steps = 1;
  EXPECT_TRUE(torch::allclose(pair.craft(plain), pair.craft(with_momentum), 1e-5, 1e-6));
  // Later steps differ (they carry the earlier directions) and still fool both retrievals.
  plain.max_steps = with_momentum.max_steps = 100;
  auto result = pair.craft(with_momentum);
  EXPECT_FALSE(torch::allclose(result, pair.craft(plain), 1e-4, 1e-5));
  EXPECT_GE(pair.fooled_by_both(result), 18) << "of 20 images";
}

// Roughness of a perturbation: mean squared difference of horizontal and vertical neighbours over its mean square.
double roughness(const at::Tensor& delta) {
  auto dx = delta.slice(3, 1) - delta.slice(3, 0, -1), dy = delta.slice(2, 1) - delta.slice(2, 0, -1);
  return ((dx.pow(2).mean() + dy.pow(2).mean()) / delta.pow(2).mean()).item<double>();
}

TEST(EnsembleAttack, SmoothingMakesTheStepSmootherAndStillFoolsEveryModel) {
  const TwoMembers pair(25);
  EnsembleOptions plain = untargeted_without_diversity(8);
  plain.max_steps = 1;
  EnsembleOptions smoothed = plain;
  smoothed.smoothing_sigma = 1.5;
  const double rough_plain = roughness(pair.craft(plain) - pair.images);
  const double rough_smoothed = roughness(pair.craft(smoothed) - pair.images);
  EXPECT_LT(rough_smoothed, 0.5 * rough_plain) << "plain " << rough_plain;
  smoothed.max_steps = 100;
  EXPECT_GE(pair.fooled_by_both(pair.craft(smoothed)), 18) << "of 20 images";
}

TEST(EnsembleAttack, FeatureTermStartsFromTheCodeStepThenMovesTheMiddleLayersFurther) {
  const TwoMembers pair(26);
  EnsembleOptions plain = untargeted_without_diversity(9);
  plain.target_weight = 0.0;
  plain.diversity = 1.0;  // the original's features see the same resize-and-pad draw as the image's
  plain.overshoot_steps = 100;  // every image takes every step under both settings
  plain.lambda = 10.0;           // every step at the 0.25 L2 cap: equal step lengths, only the direction differs
  plain.max_steps = 1;
  EnsembleOptions with_features = plain;
  with_features.feature_weight = 10.0;
  // Step 1: at the original the feature term's gradient is 0 (under diversity too), so the step is the code term's.
  EXPECT_TRUE(torch::allclose(pair.craft(plain), pair.craft(with_features), 1e-5, 1e-6));
  plain.max_steps = with_features.max_steps = 8;
  const double move_plain = pair.feature_move(pair.craft(plain));
  const double move_features = pair.feature_move(pair.craft(with_features));
  EXPECT_GT(move_features, 1.1 * move_plain) << "plain " << move_plain;
}

// Views without diversity or noise are all the same view: their mean gap is the one view's gap (up to float
// rounding of the sum, 5e-5 after 100 steps), and every image stops at the same step.
TEST(EnsembleAttack, DrawsOfOneViewAreThatView) {
  const TwoMembers pair(27);
  EnsembleOptions one = untargeted_without_diversity(10);
  EnsembleOptions four = one;
  four.draws = 4;
  const auto a = ensemble_attack({&pair.a, &pair.b}, pair.images, one);
  const auto b = ensemble_attack({&pair.a, &pair.b}, pair.images, four);
  // Four equal draws average to the one draw up to float rounding, which ten steps of lambda r / ||r||^2 can grow to
  // a few 1e-4 where ||r|| is small; a wrong weighting of the draws would differ by whole steps.
  EXPECT_TRUE(torch::allclose(a.images, b.images, 1e-3, 1e-3)) << (a.images - b.images).abs().flatten(1).amax(1);
  for (size_t i = 0; i < a.reports.size(); ++i) EXPECT_EQ(a.reports[i].steps, b.reports[i].steps) << "image " << i;
}

// With noisy views the first step depends on the noise drawn (the seed); averaged over more draws it depends on it
// less: the steps of two seeds lie closer together with 32 draws than with 1. Every step at the L2 cap and
// target weight 0 (the seed's target labels do not count), so only the direction can differ.
TEST(EnsembleAttack, MoreNoisyDrawsSteadyTheStepAndStillFoolEveryModel) {
  const TwoMembers pair(28);
  auto first_step = [&](uint64_t seed, int64_t draws) {
    EnsembleOptions options = untargeted_without_diversity(seed);
    options.target_weight = 0.0;
    options.input_noise = 0.05;
    options.draws = draws;
    options.lambda = 10.0;
    options.max_steps = 1;
    return pair.craft(options) - pair.images;
  };
  const auto one_a = first_step(11, 1), one_b = first_step(12, 1);
  const auto many_a = first_step(11, 32), many_b = first_step(12, 32);
  EXPECT_FALSE(torch::allclose(one_a, one_b, 1e-4, 1e-5)) << "the noise did not change the step";
  const double spread_one = (one_a - one_b).norm().item<double>();
  const double spread_many = (many_a - many_b).norm().item<double>();
  EXPECT_LT(spread_many, 0.5 * spread_one) << "one draw " << spread_one;
  EnsembleOptions noisy = untargeted_without_diversity(13);
  noisy.input_noise = 0.03;
  noisy.draws = 2;
  EXPECT_GE(pair.fooled_by_both(pair.craft(noisy)), 18) << "of 20 images";
}

// A gradient view equal to X adds the members' gradient at X once more: r doubles, so each step (lambda r/||r||^2)
// is the plain attack's at half the lambda, and every image stops at the same step.
TEST(EnsembleAttack, GradientViewsAddTheirGradients) {
  const TwoMembers pair(29);
  EnsembleOptions half = untargeted_without_diversity(14);
  half.lambda = 0.025;
  half.max_steps = 30;
  EnsembleOptions doubled = half;
  doubled.lambda = 0.05;
  int calls = 0;
  doubled.gradient_views = [&](const at::Tensor& x) {
    ++calls;
    return std::vector<at::Tensor>{x.detach().clone()};
  };
  const auto plain = ensemble_attack({&pair.a, &pair.b}, pair.images, half);
  const auto viewed = ensemble_attack({&pair.a, &pair.b}, pair.images, doubled);
  EXPECT_GT(calls, 0);
  for (size_t i = 0; i < plain.reports.size(); ++i)
    EXPECT_EQ(viewed.reports[i].steps, plain.reports[i].steps) << "image " << i;
  EXPECT_LT((viewed.images - plain.images).abs().max().item<float>(), 1e-4);
  EXPECT_GT((plain.images - pair.images).abs().max().item<float>(), 1e-3) << "the attack did not move the images";
}

}  // namespace
}  // namespace recessive
