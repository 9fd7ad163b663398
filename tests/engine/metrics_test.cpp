// mAP@k and precision within Hamming radius 2 against cases computed by hand.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/metrics.h"

namespace recessive {
namespace {

at::Tensor codes(std::vector<std::vector<float>> rows) {
  std::vector<at::Tensor> t;
  for (auto& r : rows) t.push_back(torch::tensor(r));
  return torch::stack(t);
}

// 4-bit database: distances from query q = (+,+,+,+) are 0, 1, 2, 3, 4 for items 0..4.
struct SmallCase : ::testing::Test {
  at::Tensor db = codes({{1, 1, 1, 1}, {1, 1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, -1}, {-1, -1, -1, -1}});
  at::Tensor q = codes({{1, 1, 1, 1}});
};

TEST_F(SmallCase, AveragePrecisionFollowsHammingRanking) {
  // Ranking 0,1,2,3,4; relevant = items 1 and 3 (label 7). Precision at hits: 1/2, 2/4 -> AP = 0.5.
  auto db_labels = torch::tensor({0, 7, 0, 7, 0}, torch::kInt64);
  auto q_labels = torch::tensor({7}, torch::kInt64);
  EXPECT_NEAR(mean_average_precision_at_k(q, q_labels, db, db_labels, 5), 0.5, 1e-12);
  // Top 2 only: one hit at rank 2 -> AP@2 = 1/2 / 1 = 0.5; top 1: no hit -> 0.
  EXPECT_NEAR(mean_average_precision_at_k(q, q_labels, db, db_labels, 2), 0.5, 1e-12);
  EXPECT_NEAR(mean_average_precision_at_k(q, q_labels, db, db_labels, 1), 0.0, 1e-12);
}

TEST_F(SmallCase, RelevantFirstGivesOne) {
  auto db_labels = torch::tensor({3, 3, 1, 1, 1}, torch::kInt64);
  auto q_labels = torch::tensor({3}, torch::kInt64);
  EXPECT_NEAR(mean_average_precision_at_k(q, q_labels, db, db_labels, 5), 1.0, 1e-12);
}

TEST_F(SmallCase, SeveralKsMatchSingleCalls) {
  auto db_labels = torch::tensor({0, 1, 1, 0, 1}, torch::kInt64);
  auto q2 = codes({{1, 1, 1, 1}, {-1, -1, -1, -1}});
  auto q2_labels = torch::tensor({1, 1}, torch::kInt64);
  auto maps = mean_average_precision_at_ks(q2, q2_labels, db, db_labels, {2, 3, 5});
  for (auto [i, k] : std::vector<std::pair<int, int64_t>>{{0, 2}, {1, 3}, {2, 5}})
    EXPECT_NEAR(maps[i], mean_average_precision_at_k(q2, q2_labels, db, db_labels, k), 1e-12);
  // Query 1 ranking 0,1,2,3,4 -> hits at 2,3,5: (1/2 + 2/3 + 3/5)/3. Query 2 ranking 4,3,2,1,0 -> hits at 1,3,4:
  // (1 + 2/3 + 3/4)/3.
  const double expected = ((0.5 + 2.0 / 3 + 0.6) / 3 + (1 + 2.0 / 3 + 0.75) / 3) / 2;
  EXPECT_NEAR(maps[2], expected, 1e-12);
}

TEST(MeanAveragePrecision, TiesDoNotFavourTheClassListedFirst) {
  // 200 identical codes, class 0 at positions 0-99 and class 1 at 100-199 (a folder layout). Ranked by position,
  // a class-0 query would score AP@50 1 and a class-1 query 0; with the pseudo-random tie order both lie near
  // the class share, 0.5.
  auto db = torch::ones({200, 4});
  auto db_labels = torch::cat({torch::zeros({100}, torch::kInt64), torch::ones({100}, torch::kInt64)});
  auto q = torch::ones({1, 4});
  for (int64_t label : {0, 1}) {
    const double ap = mean_average_precision_at_k(q, torch::tensor({label}, torch::kInt64), db, db_labels, 50);
    EXPECT_GT(ap, 0.3) << "class " << label;
    EXPECT_LT(ap, 0.7) << "class " << label;
  }
}

TEST_F(SmallCase, PrecisionWithinRadiusTwo) {
  // Items within distance 2: 0, 1, 2. Relevant among them: items 0 and 2 -> 2/3.
  auto db_labels = torch::tensor({5, 4, 5, 5, 5}, torch::kInt64);
  EXPECT_NEAR(precision_within_radius(q, torch::tensor({5}, torch::kInt64), db, db_labels, 2), 2.0 / 3, 1e-12);
  // Radius 0: only item 0 -> 1.0.
  EXPECT_NEAR(precision_within_radius(q, torch::tensor({5}, torch::kInt64), db, db_labels, 0), 1.0, 1e-12);
}

TEST_F(SmallCase, NothingWithinRadiusCountsZero) {
  auto far_q = codes({{1, 1, 1, 1}, {-1, -1, -1, -1}});
  auto far_db = codes({{-1, -1, -1, -1}});
  // Query 1 is at distance 4 from the only item (nothing retrieved: 0); query 2 at 0 and relevant: 1.
  EXPECT_NEAR(precision_within_radius(far_q, torch::tensor({2, 2}, torch::kInt64), far_db,
                                      torch::tensor({2}, torch::kInt64), 2),
              0.5, 1e-12);
}

}  // namespace
}  // namespace recessive
