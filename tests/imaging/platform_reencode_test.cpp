// Platform re-encode: the long side shrinks to the limit with the aspect kept, smaller photos keep their size, the
// JPEG changes pixels but keeps the picture, bad input is refused.
#include "recessive/imaging/platform_reencode.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace recessive::imaging {
namespace {

at::Tensor photo(int64_t h, int64_t w) {
  auto ys = torch::linspace(0, 1, h).view({1, h, 1}), xs = torch::linspace(0, 1, w).view({1, 1, w});
  return torch::cat({(ys * xs).expand({1, h, w}), ((ys + xs) / 2).expand({1, h, w}),
                     (torch::sin(xs * 30) * 0.3 + 0.5).expand({1, h, w})}).contiguous();
}

TEST(PlatformReencode, ShrinksTheLongSideAndKeepsTheAspect) {
  const auto served = platform_reencode(photo(300, 400), {100, 85});
  EXPECT_EQ(served.sizes(), (std::vector<int64_t>{3, 75, 100}));
  const auto portrait = platform_reencode(photo(400, 300), {100, 85});
  EXPECT_EQ(portrait.sizes(), (std::vector<int64_t>{3, 100, 75}));
}

TEST(PlatformReencode, SmallerPhotosKeepTheirSizeButAreReencoded) {
  const auto original = photo(60, 80);
  const auto q30 = platform_reencode(original, {1080, 30}), q95 = platform_reencode(original, {1080, 95});
  EXPECT_EQ(q30.sizes(), original.sizes());
  const double err30 = (q30 - original).abs().mean().item<double>(), err95 = (q95 - original).abs().mean().item<double>();
  EXPECT_GT(err30, err95);
  EXPECT_GT(err30, 0.5 / 255);
  EXPECT_LT(err30, 0.1);  // still the same picture
}

TEST(PlatformReencode, NamesItself) {
  EXPECT_EQ((PlatformReencode{1080, 75}).name(), "1080 px + jpeg q75");
  EXPECT_EQ((PlatformReencode{0, 85}).name(), "jpeg q85");
}

TEST(PlatformReencode, RefusesBadInput) {
  EXPECT_THROW(platform_reencode(torch::rand({1, 3, 8, 8}), {0, 85}), std::invalid_argument);
  EXPECT_THROW(platform_reencode(torch::rand({4, 8, 8}), {0, 85}), std::invalid_argument);
  EXPECT_THROW(platform_reencode(torch::rand({3, 8, 8}), {0, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace recessive::imaging
