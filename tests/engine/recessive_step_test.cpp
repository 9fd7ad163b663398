#include "recessive/engine/recessive_step.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "recessive/engine/image_quality.h"

namespace recessive {
namespace {

TEST(StopTracker, WithoutOvershootStepsExactlyWhileTheRuleFails) {
  StopTracker tracker(3, 0);
  auto step = tracker.stepping(torch::tensor({false, true, false}));
  EXPECT_TRUE(torch::equal(step, torch::tensor({true, false, true})));
}

TEST(StopTracker, OvershootTakesThatManyStepsAfterTheRuleHolds) {
  StopTracker tracker(1, 2);
  const auto holds = torch::tensor({true});
  EXPECT_TRUE(tracker.stepping(holds).item<bool>());   // first overshoot step
  EXPECT_TRUE(tracker.stepping(holds).item<bool>());   // second
  EXPECT_FALSE(tracker.stepping(holds).item<bool>());  // done
  EXPECT_FALSE(tracker.stepping(holds).item<bool>());
}

TEST(StopTracker, CountRestartsWhenTheRuleStopsHolding) {
  StopTracker tracker(1, 2);
  EXPECT_TRUE(tracker.stepping(torch::tensor({true})).item<bool>());
  EXPECT_TRUE(tracker.stepping(torch::tensor({false})).item<bool>());  // lost it: step, count reset
  EXPECT_TRUE(tracker.stepping(torch::tensor({true})).item<bool>());
  EXPECT_TRUE(tracker.stepping(torch::tensor({true})).item<bool>());
  EXPECT_FALSE(tracker.stepping(torch::tensor({true})).item<bool>());
}

TEST(RecessiveStep, PaperStepHasNormLambdaOverNormOfGradient) {
  auto x = torch::full({1, 3, 4, 4}, 0.5);
  auto r = torch::zeros({1, 3, 4, 4});
  r[0][0][1][2] = 4.0;  // ||r|| = 4: step = lambda * r / 16, norm lambda / 4
  StepRule rule;
  rule.lambda = 0.4;
  rule.max_step_l2 = 0;
  auto next = take_recessive_step(x, x, r, torch::tensor({true}), rule);
  EXPECT_NEAR((next - x).norm().item<double>(), 0.1, 1e-6);
  EXPECT_NEAR(next[0][0][1][2].item<double>(), 0.6, 1e-6);
}

TEST(RecessiveStep, StepCapLimitsTheNorm) {
  auto x = torch::full({1, 3, 4, 4}, 0.5);
  auto r = torch::zeros({1, 3, 4, 4});
  r[0][1][0][0] = 0.01;  // lambda/||r|| = 5: capped at 0.05
  StepRule rule;
  rule.lambda = 0.05;
  rule.max_step_l2 = 0.05;
  auto next = take_recessive_step(x, x, r, torch::tensor({true}), rule);
  EXPECT_NEAR((next - x).norm().item<double>(), 0.05, 1e-6);
}

TEST(RecessiveStep, ImagesNotSteppingStayUnchanged) {
  auto x = torch::rand({2, 3, 8, 8});
  auto r = torch::randn({2, 3, 8, 8});
  auto next = take_recessive_step(x, x, r, torch::tensor({false, true}), StepRule{});
  EXPECT_TRUE(torch::equal(next[0], x[0]));
  EXPECT_FALSE(torch::equal(next[1], x[1]));
}

TEST(RecessiveStep, AnEmptyBatchStaysEmptyUnderEveryBudget) {
  StepRule rule;
  rule.max_linf = 4.0 / 255;
  rule.min_psnr_db = 36.0;
  const auto x = torch::rand({0, 3, 8, 8});
  const auto next = take_recessive_step(x, x, torch::randn({0, 3, 8, 8}), torch::zeros({0}, torch::kBool), rule);
  EXPECT_EQ(next.sizes(), x.sizes());
}

TEST(RecessiveStep, PsnrFloorAndLinfBoxHoldAfterManyLargeSteps) {
  torch::manual_seed(3);
  const auto original = torch::rand({2, 3, 64, 48}) * 0.8 + 0.1;
  auto x = original.clone();
  StepRule rule;
  rule.lambda = 1.0;
  rule.max_step_l2 = 2.0;
  rule.min_psnr_db = 36.0;
  const auto r = torch::randn({2, 3, 32, 32}) * 0.01;  // one direction: the steps add up past the budget
  for (int i = 0; i < 20; ++i) x = take_recessive_step(x, original, r, torch::tensor({true, true}), rule);
  const auto psnr = psnr_db(original, x);
  for (int i = 0; i < 2; ++i) {
    EXPECT_GE(psnr[i].item<double>(), 36.0 - 1e-3);
    EXPECT_LE(psnr[i].item<double>(), 36.5);  // the budget is used, not shrunk to nothing
  }
  rule.min_psnr_db = 0;
  rule.max_linf = 4.0 / 255;
  x = original.clone();
  for (int i = 0; i < 20; ++i) x = take_recessive_step(x, original, r, torch::tensor({true, true}), rule);
  EXPECT_LE((x - original).abs().max().item<double>(), 4.0 / 255 + 1e-6);
  EXPECT_GE(x.min().item<double>(), 0.0);
  EXPECT_LE(x.max().item<double>(), 1.0);
}

}  // namespace
}  // namespace recessive
