// The cifar10-1 protocol: 100 queries per class from test, database = the rest, training drawn from it.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/cifar10_protocol.h"

namespace recessive {
namespace {

LabelledImages fake_set(int64_t per_class, int64_t id_offset) {
  LabelledImages set;
  const int64_t n = per_class * 10;
  set.labels = torch::arange(n, torch::kInt64).remainder(10);
  // Encode a unique id in the first two pixels so images can be traced through the split.
  set.images = torch::zeros({n, 3, 32, 32}, torch::kUInt8);
  for (int64_t i = 0; i < n; ++i) {
    set.images[i][0][0][0] = (i + id_offset) % 256;
    set.images[i][0][0][1] = (i + id_offset) / 256;
  }
  set.class_names = cifar10_class_names();
  return set;
}

std::set<int64_t> ids(const LabelledImages& s) {
  std::set<int64_t> out;
  for (int64_t i = 0; i < s.size(); ++i)
    out.insert(s.images[i][0][0][0].item<uint8_t>() + 256 * s.images[i][0][0][1].item<uint8_t>());
  return out;
}

TEST(Cifar10Protocol, SizesAndDisjointness) {
  auto train = fake_set(500, 0), test = fake_set(120, 5000);
  ProtocolOptions opt;
  opt.queries_per_class = 100;
  opt.training_set = "protocol5000";
  opt.training_per_class = 50;
  auto split = make_cifar10_protocol(train, test, opt);
  EXPECT_EQ(split.queries.size(), 1000);
  EXPECT_EQ(split.database.size(), 5000 + 200);
  EXPECT_EQ(split.training.size(), 500);
  for (int64_t c = 0; c < 10; ++c) {
    EXPECT_EQ((split.queries.labels == c).sum().item<int64_t>(), 100);
    EXPECT_EQ((split.training.labels == c).sum().item<int64_t>(), 50);
  }
  auto q = ids(split.queries), db = ids(split.database), tr = ids(split.training);
  for (auto id : q) EXPECT_EQ(db.count(id), 0u) << "query " << id << " is in the database";
  for (auto id : tr) EXPECT_EQ(db.count(id), 1u) << "training image " << id << " is not from the database";
  for (auto id : q) EXPECT_GE(id, 5000) << "query from the training split";
}

TEST(Cifar10Protocol, DeterministicForSeedAndTrain50kUsesOfficialTrain) {
  auto train = fake_set(20, 0), test = fake_set(12, 1000);
  ProtocolOptions opt;
  opt.queries_per_class = 10;
  auto a = make_cifar10_protocol(train, test, opt), b = make_cifar10_protocol(train, test, opt);
  EXPECT_TRUE(torch::equal(a.queries.images, b.queries.images));
  EXPECT_TRUE(torch::equal(a.training.images, train.images));
  opt.seed = 1;
  auto c = make_cifar10_protocol(train, test, opt);
  EXPECT_FALSE(torch::equal(a.queries.images, c.queries.images));
}

}  // namespace
}  // namespace recessive
