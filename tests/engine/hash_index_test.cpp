// HashIndex: Hamming distances, majority-vote retrieval label, class prototypes and bit packing.
#include <gtest/gtest.h>
#include <cmath>
#include <torch/torch.h>

#include "recessive/engine/hash_index.h"

namespace recessive {
namespace {

TEST(HashIndex, HammingDistancesCountDifferingBits) {
  auto db = torch::tensor({1.f, 1.f, 1.f, -1.f, -1.f, -1.f}).view({2, 3});
  HashIndex index(db, torch::tensor({0, 1}, torch::kInt64), 2);
  auto d = index.hamming(torch::tensor({1.f, -1.f, 1.f}).view({1, 3}));
  EXPECT_FLOAT_EQ(d[0][0].item<float>(), 1.f);
  EXPECT_FLOAT_EQ(d[0][1].item<float>(), 2.f);
}

TEST(HashIndex, RetrievalLabelIsMajorityOfTopK) {
  // Query (+,+,+,+). Nearest three: two of class 2 (distance 0 and 1) and one of class 0 (distance 1);
  // far away: three of class 1.
  auto db = torch::tensor({{1.f, 1.f, 1.f, 1.f},
                           {1.f, 1.f, 1.f, -1.f},
                           {-1.f, 1.f, 1.f, 1.f},
                           {-1.f, -1.f, -1.f, -1.f},
                           {-1.f, -1.f, -1.f, 1.f},
                           {1.f, -1.f, -1.f, -1.f}});
  HashIndex index(db, torch::tensor({2, 2, 0, 1, 1, 1}, torch::kInt64), 3);
  auto q = torch::ones({1, 4});
  EXPECT_EQ(index.retrieval_labels(q, 3)[0].item<int64_t>(), 2);
  EXPECT_EQ(index.retrieval_labels(q, 1)[0].item<int64_t>(), 2);
  EXPECT_EQ(index.retrieval_labels(q, 6)[0].item<int64_t>(), 1);  // 3 votes for class 1
  EXPECT_EQ(index.retrieval_labels(-q, 3)[0].item<int64_t>(), 1);
}

// From query (+,+,+,+) the five codes are 0, 1, 1, 2 and 4 bits away, labels 2, 2, 0, 1, 1.
HashIndex five_code_index() {
  auto db = torch::tensor({{1.f, 1.f, 1.f, 1.f},
                           {1.f, 1.f, 1.f, -1.f},
                           {-1.f, 1.f, 1.f, 1.f},
                           {1.f, 1.f, -1.f, -1.f},
                           {-1.f, -1.f, -1.f, -1.f}});
  return HashIndex(db, torch::tensor({2, 2, 0, 1, 1}, torch::kInt64), 3);
}

TEST(HashIndex, LabelSharesOfTopK) {
  // Query (+,+,+,+): nearest four are class 2 (0 and 1 bit away), class 0 (1 bit) and class 1 (2 bits).
  const auto index = five_code_index();
  auto shares = index.label_shares(torch::ones({1, 4}), 4);
  EXPECT_TRUE(torch::allclose(shares, torch::tensor({{0.25f, 0.25f, 0.5f}})));
}

TEST(HashIndex, LabelSharesOfTiesDoNotFollowDatabaseOrder) {
  // 200 identical codes listed a class at a time: the 20 nearest are a mix, not the first class listed.
  HashIndex index(torch::ones({200, 4}), torch::cat({torch::zeros({100}, torch::kInt64), torch::ones({100}, torch::kInt64)}), 2);
  auto shares = index.label_shares(torch::ones({1, 4}), 20);
  EXPECT_GT(shares.min().item<float>(), 0.2f) << shares;
  EXPECT_NEAR(shares.sum().item<float>(), 1.0f, 1e-6);
}

TEST(HashIndex, SoftLabelSharesWeighByDistance) {
  // At temperature 1 bit the weights are e^0, e^-1, e^-1, e^-2, e^-4 over their sum.
  const auto index = five_code_index();
  const double e1 = std::exp(-1.0), e2 = std::exp(-2.0), e4 = std::exp(-4.0), sum = 1 + 2 * e1 + e2 + e4;
  auto shares = index.soft_label_shares(torch::ones({1, 4}), 1.0);
  auto expected = torch::tensor({{static_cast<float>(e1 / sum), static_cast<float>((e2 + e4) / sum),
                                  static_cast<float>((1 + e1) / sum)}});
  EXPECT_TRUE(torch::allclose(shares, expected, 1e-5, 1e-6)) << shares;
  // Cold: only the nearest code counts; hot: every code counts alike.
  EXPECT_TRUE(torch::allclose(index.soft_label_shares(torch::ones({1, 4}), 0.01), torch::tensor({{0.f, 0.f, 1.f}}), 0, 1e-6));
  EXPECT_TRUE(torch::allclose(index.soft_label_shares(torch::ones({1, 4}), 1e4), torch::tensor({{0.2f, 0.4f, 0.4f}}), 0, 1e-3));
  // Differentiable in the query.
  auto q = torch::full({1, 4}, 0.5f).requires_grad_(true);
  index.soft_label_shares(q, 1.0).select(1, 2).sum().backward();
  EXPECT_GT(q.grad().abs().sum().item<float>(), 0.f);
}

TEST(HashIndex, PrototypesAreSignOfClassSums) {
  auto db = torch::tensor({{1.f, 1.f, -1.f}, {1.f, -1.f, -1.f}, {1.f, -1.f, -1.f}, {-1.f, 1.f, 1.f}});
  HashIndex index(db, torch::tensor({0, 0, 0, 1}, torch::kInt64), 2);
  EXPECT_TRUE(torch::equal(index.prototypes(), torch::tensor({{1.f, -1.f, -1.f}, {-1.f, 1.f, 1.f}})));
}

TEST(HashIndex, PackUnpackRoundTrips) {
  torch::manual_seed(3);
  for (int64_t bits : {12, 24, 32, 48, 7}) {
    auto codes = binarize(torch::randn({50, bits}));
    auto packed = HashIndex::pack(codes);
    EXPECT_EQ(packed.size(1), (bits + 7) / 8);
    EXPECT_EQ(packed.scalar_type(), torch::kUInt8);
    EXPECT_TRUE(torch::equal(HashIndex::unpack(packed, bits), codes)) << bits << " bits";
  }
}

TEST(Binarize, ZeroMapsToPlusOne) {
  EXPECT_TRUE(torch::equal(binarize(torch::tensor({-0.5f, 0.f, 2.f})), torch::tensor({-1.f, 1.f, 1.f})));
}

}  // namespace
}  // namespace recessive
