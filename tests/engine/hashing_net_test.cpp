// The hashing-net factory: which methods it builds, what it refuses, and seeded initialisation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <stdexcept>

#include "recessive/engine/hashing_net.h"

namespace recessive {
namespace {

// True when every parameter and buffer of `a` equals `b`'s exactly.
bool same_weights(HashingNet& a, HashingNet& b) {
  auto pa = a.named_parameters(), pb = b.named_parameters();
  for (const auto& item : pa)
    if (!torch::equal(item.value(), pb[item.key()])) return false;
  auto ba = a.named_buffers(), bb = b.named_buffers();
  for (const auto& item : ba)
    if (!torch::equal(item.value(), bb[item.key()])) return false;
  return pa.size() == pb.size() && ba.size() == bb.size();
}

TEST(HashingNetFactory, EqualSeedsGiveEqualInitialWeights) {
  for (const std::string method : {"dsh", "dbh", "dpsh", "dhn"}) {
    auto first = make_hashing_net(method, 24, 7);
    make_hashing_net(method, 24);  // the generator moves on between the two seeded constructions
    auto second = make_hashing_net(method, 24, 7);
    EXPECT_TRUE(same_weights(*first, *second)) << method;
    auto other = make_hashing_net(method, 24, 8);
    EXPECT_FALSE(same_weights(*first, *other)) << method;
  }
}

TEST(HashingNetFactory, RefusesUnknownMethodsAndLengths) {
  EXPECT_THROW(make_hashing_net("vgg", 24), std::invalid_argument);
  EXPECT_THROW(make_hashing_net("dsh", 0), std::invalid_argument);
  EXPECT_THROW(make_hashing_net("dsh", 2000, 1), std::invalid_argument);
  EXPECT_EQ(make_hashing_net("dpsh", 12, 1)->method(), "dpsh");
}

}  // namespace
}  // namespace recessive
