// Nearest-first Hamming ranking with a fixed pseudo-random tie order (hamming_ranking.h).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/hamming_ranking.h"

namespace recessive {
namespace {

TEST(TieBreakRanks, AreAFixedPermutation) {
  // Pinned: positions 0..7 ordered by splitmix64 (computed independently in Python). A change here changes
  // every reported mAP, so it must be deliberate.
  EXPECT_TRUE(torch::equal(tie_break_ranks(8), torch::tensor({7, 4, 5, 0, 3, 1, 6, 2}, torch::kInt64)));
  auto ranks = tie_break_ranks(59000);
  EXPECT_TRUE(torch::equal(std::get<0>(torch::sort(ranks)), torch::arange(59000, torch::kInt64)));
  EXPECT_TRUE(torch::equal(ranks, tie_break_ranks(59000)));
  EXPECT_EQ(tie_break_ranks(0).numel(), 0);
}

TEST(TieBreakRanks, DoNotFollowPosition) {
  // A database laid out a class at a time (5,000 positions each): the first 500 of the tie order must come
  // from every class, not from the first one.
  auto ranks = tie_break_ranks(50000);
  auto first = std::get<1>(torch::topk(ranks, 500, 0, /*largest=*/false));
  auto per_class = torch::bincount(first.div(5000, "floor"), {}, 10);
  EXPECT_GT(per_class.min().item<int64_t>(), 20) << per_class;
  EXPECT_LT(per_class.max().item<int64_t>(), 80) << per_class;
}

TEST(NearestFirst, OrdersByDistanceThenTieRank) {
  auto distances = torch::tensor({{2.f, 0.f, 1.f, 0.f}, {1.f, 1.f, 1.f, 1.f}});
  auto ranks = torch::tensor({3, 2, 0, 1}, torch::kInt64);
  // Row 0: the two at distance 0 (items 1 and 3) by rank (3 has rank 1, 1 has rank 2), then 2, then 0.
  EXPECT_TRUE(torch::equal(nearest_first(distances, ranks, 4)[0], torch::tensor({3, 1, 2, 0}, torch::kInt64)));
  // Row 1: all tied, so the rank order alone; k is clamped to N.
  EXPECT_TRUE(torch::equal(nearest_first(distances, ranks, 9)[1], torch::tensor({2, 3, 1, 0}, torch::kInt64)));
  EXPECT_EQ(nearest_first(distances, ranks, 2).size(1), 2);
}

TEST(NearestFirst, KeysTooLargeForInt32KeepTheOrder) {
  // (|d| + 1) N over INT32_MAX: the keys are built in int64 and the order is the same as with small distances.
  auto ranks = torch::tensor({3, 2, 0, 1}, torch::kInt64);
  auto far = torch::tensor({{2e9f, 0.f, 1e9f, 0.f}, {-1e9f, 1e9f, -1e9f, 1e9f}});
  EXPECT_TRUE(torch::equal(nearest_first(far, ranks, 4)[0], torch::tensor({3, 1, 2, 0}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(nearest_first(far, ranks, 4)[1], torch::tensor({2, 0, 3, 1}, torch::kInt64)));
}

TEST(NearestFirst, RefusesMismatchedRanks) {
  EXPECT_THROW(nearest_first(torch::zeros({1, 4}), torch::arange(3, torch::kInt64), 2), c10::Error);
}

}  // namespace
}  // namespace recessive
