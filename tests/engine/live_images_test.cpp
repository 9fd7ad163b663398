// LiveImages: the attacks' bookkeeping of which batch rows they still compute on.
#include "recessive/engine/live_images.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace recessive {
namespace {

TEST(LiveImages, StartsWithEveryRowAndFreezesThoseThatStopStepping) {
  LiveImages live(4, torch::kCPU);
  auto t = torch::arange(4).to(torch::kFloat32) * 10;  // 0 10 20 30
  EXPECT_EQ(live.count(), 4);
  EXPECT_TRUE(torch::equal(live.of(t), t));
  live.keep(torch::tensor({true, false, true, false}));
  EXPECT_EQ(live.count(), 2);
  EXPECT_TRUE(torch::equal(live.of(t), torch::tensor({0.f, 20.f})));
  live.keep(torch::tensor({false, true}));  // of the live rows 0 and 2: row 2 stays
  EXPECT_TRUE(torch::equal(live.of(t), torch::tensor({20.f})));
}

TEST(LiveImages, PutWritesOnlyTheLiveRows) {
  LiveImages live(3, torch::kCPU);
  live.keep(torch::tensor({false, true, true}));
  auto t = torch::zeros({3, 2});
  live.put(t, torch::tensor({{1.f, 2.f}, {3.f, 4.f}}));
  EXPECT_TRUE(torch::equal(t, torch::tensor({{0.f, 0.f}, {1.f, 2.f}, {3.f, 4.f}})));
}

TEST(LiveImages, FrozenRowsCountAsStopped) {
  LiveImages live(4, torch::kCPU);
  live.keep(torch::tensor({true, false, true, true}));
  auto all = live.stopped_of_all(torch::tensor({false, true, false}));
  EXPECT_TRUE(torch::equal(all, torch::tensor({false, true, true, false})));
}

}  // namespace
}  // namespace recessive
