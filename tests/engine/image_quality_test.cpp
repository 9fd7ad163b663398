// SSIM: 1 for identical images, below 1 and ordered by the amount of noise otherwise.
#include "recessive/engine/image_quality.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace recessive {
namespace {

TEST(Ssim, IdenticalIsOneAndNoiseLowersIt) {
  torch::manual_seed(3);
  auto x = torch::rand({2, 3, 32, 32}, torch::kFloat64);
  EXPECT_NEAR(ssim(x, x)[0].item<double>(), 1.0, 1e-9);
  auto small = ssim(x, (x + 0.01 * torch::randn_like(x)).clamp(0, 1));
  auto large = ssim(x, (x + 0.2 * torch::randn_like(x)).clamp(0, 1));
  EXPECT_EQ(small.size(0), 2);
  EXPECT_LT(small[0].item<double>(), 1.0);
  EXPECT_GT(small[0].item<double>(), large[0].item<double>());
  EXPECT_GT(large[0].item<double>(), -1.0);
}

TEST(Ssim, ConstantShiftHandComputed) {
  // Constant images a and b: variances 0, so SSIM = (2ab + C1) / (a^2 + b^2 + C1) with C1 = 1e-4.
  auto a = torch::full({1, 1, 16, 16}, 0.5, torch::kFloat64), b = torch::full({1, 1, 16, 16}, 0.6, torch::kFloat64);
  EXPECT_NEAR(ssim(a, b)[0].item<double>(), (2 * 0.5 * 0.6 + 1e-4) / (0.25 + 0.36 + 1e-4), 1e-9);
}

}  // namespace
}  // namespace recessive
