// JPEG round trip as a robustness transform: same shape and dtype, pixels changed (lossy), closer to the
// original at higher quality, bad input refused.
#include "recessive/imaging/jpeg_roundtrip.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace recessive::imaging {
namespace {

at::Tensor textured(int64_t n, int64_t h, int64_t w) {
  torch::manual_seed(7);
  auto ys = torch::linspace(0, 1, h).view({1, 1, h, 1}), xs = torch::linspace(0, 1, w).view({1, 1, 1, w});
  auto smooth = torch::cat({ys * xs, (ys + xs) / 2, (1 - ys).expand({1, 1, h, w})}, 1).expand({n, 3, h, w});
  return (smooth * 200 + torch::rand({n, 3, h, w}) * 55).round().to(torch::kUInt8);
}

double mean_abs_diff(const at::Tensor& a, const at::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().mean().item<double>();
}

TEST(JpegRoundtrip, ChangesPixelsButKeepsSize) {
  auto images = textured(3, 32, 40);
  auto q75 = jpeg_roundtrip(images, 75);
  EXPECT_EQ(q75.sizes(), images.sizes());
  EXPECT_EQ(q75.scalar_type(), torch::kUInt8);
  EXPECT_FALSE(torch::equal(q75, images));
  const double err75 = mean_abs_diff(images, q75), err95 = mean_abs_diff(images, jpeg_roundtrip(images, 95));
  EXPECT_GT(err75, 0.5);
  EXPECT_LT(err75, 20.0);  // still the same picture
  EXPECT_LT(err95, err75);
}

TEST(JpegRoundtrip, KeepsChannelOrderAndImageOrder) {
  // A red image and a blue image stay red and blue, in their order (an RGB/BGR mix-up would swap them).
  auto images = torch::zeros({2, 3, 16, 16}, torch::kUInt8);
  images[0][0].fill_(220);
  images[1][2].fill_(220);
  auto out = jpeg_roundtrip(images, 90).to(torch::kFloat64);
  EXPECT_GT(out[0][0].mean().item<double>(), 200);
  EXPECT_LT(out[0][2].mean().item<double>(), 30);
  EXPECT_GT(out[1][2].mean().item<double>(), 200);
  EXPECT_LT(out[1][0].mean().item<double>(), 30);
  EXPECT_EQ(jpeg_transform(90).name, "jpeg q90");
}

TEST(JpegRoundtrip, RefusesBadInput) {
  EXPECT_THROW(jpeg_roundtrip(torch::zeros({1, 3, 8, 8}), 75), std::invalid_argument);  // float
  EXPECT_THROW(jpeg_roundtrip(torch::zeros({1, 1, 8, 8}, torch::kUInt8), 75), std::invalid_argument);
  EXPECT_THROW(jpeg_roundtrip(torch::zeros({1, 3, 8, 8}, torch::kUInt8), 0), std::invalid_argument);
}

// The attack's views: the float images rounded to 8 bits, and that rounding after the JPEG round trip, as floats.
TEST(SavedAndJpegViews, AreTheRoundedImagesAndTheirJpegRoundTrip) {
  const auto u8 = textured(2, 24, 32);
  const auto x = (u8.to(torch::kFloat32) + 0.3) / 255;  // a third of a grey level off: rounds back to u8
  const auto views = saved_and_jpeg_views(x, 75);
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::allclose(views[0], u8.to(torch::kFloat32) / 255));
  EXPECT_TRUE(torch::allclose(views[1], jpeg_roundtrip(u8, 75).to(torch::kFloat32) / 255));
  EXPECT_FALSE(torch::allclose(views[0], views[1]));
}

}  // namespace
}  // namespace recessive::imaging
