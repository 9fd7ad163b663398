// Bit-depth reduction against hand-computed values: x -> round(x*(2^b-1))/(2^b-1) on the 0-255 scale.
#include "recessive/engine/robustness.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace recessive {
namespace {

at::Tensor pixels(std::vector<int64_t> values) {
  return torch::tensor(values, torch::kInt64).to(torch::kUInt8).view({1, 1, 1, -1}).expand({1, 3, 1, -1}).contiguous();
}

std::vector<int64_t> first_channel(const at::Tensor& images) {
  auto row = images[0][0][0].to(torch::kInt64);
  return std::vector<int64_t>(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
}

TEST(BitDepth, FourBitsHandComputed) {
  // 4 bits: 15 levels of 17. 0->0, 8 (8/255*15=0.47 -> 0) -> 0, 9 (0.53 -> 1) -> 17, 100 (5.88 -> 6) -> 102,
  // 128 (7.53 -> 8) -> 136, 250 (14.7 -> 15) -> 255, 255 -> 255.
  EXPECT_EQ(first_channel(reduce_bit_depth(pixels({0, 8, 9, 100, 128, 250, 255}), 4)),
            (std::vector<int64_t>{0, 0, 17, 102, 136, 255, 255}));
}

TEST(BitDepth, FiveBitsHandComputed) {
  // 5 bits: 31 levels; 255/31 = 8.2258. 4 (0.486 -> 0) -> 0, 5 (0.608 -> 1) -> 8.23 -> 8, 100 (12.16 -> 12) -> 98.7 -> 99,
  // 200 (24.31 -> 24) -> 197.4 -> 197.
  EXPECT_EQ(first_channel(reduce_bit_depth(pixels({4, 5, 100, 200, 255}), 5)),
            (std::vector<int64_t>{0, 8, 99, 197, 255}));
}

TEST(BitDepth, EightBitsIsIdentityAndShapeKept) {
  auto images = torch::randint(0, 256, {2, 3, 5, 7}, torch::kInt64).to(torch::kUInt8);
  EXPECT_TRUE(torch::equal(reduce_bit_depth(images, 8), images));
  auto t = bit_depth_transform(4);
  EXPECT_EQ(t.name, "4-bit");
  EXPECT_EQ(t.apply(images).sizes(), images.sizes());
  EXPECT_THROW(reduce_bit_depth(images, 0), std::invalid_argument);
  EXPECT_THROW(reduce_bit_depth(images, 9), std::invalid_argument);
}

}  // namespace
}  // namespace recessive
