// DHN network shapes and the DHN loss on hand-made pairs.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "recessive/engine/dhn_loss.h"
#include "recessive/engine/dhn_net.h"

namespace recessive {
namespace {

TEST(DhnNet, MapsCifarImagesToBitsOutputs) {
  for (int64_t bits : {12, 24, 32, 48}) {
    auto net = make_hashing_net("dhn", bits);
    net->eval();
    auto out = net->forward(torch::rand({3, 3, 32, 32}));
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, bits}));
    EXPECT_EQ(net->method(), "dhn");
  }
}

TEST(DhnNet, PlainNetOfThreeByThreeConvolutions) {
  DhnNet net(48);
  auto params = net.named_parameters();
  EXPECT_EQ(params["conv1.weight"].sizes(), (std::vector<int64_t>{48, 3, 3, 3}));
  EXPECT_EQ(params["conv3.weight"].sizes(), (std::vector<int64_t>{192, 96, 3, 3}));
  EXPECT_EQ(params["fc1.weight"].sizes(), (std::vector<int64_t>{512, 192 * 4 * 4}));
  EXPECT_EQ(net.named_buffers().size(), 0u);  // no batch norm
}

TEST(DhnNet, RejectsWrongInputSize) {
  DhnNet net(12);
  EXPECT_THROW(net.forward(torch::rand({1, 3, 64, 64})), c10::Error);
}

TEST(DhnLoss, HandComputedPairs) {
  // Codes +-1: theta = 0.5 * <u_i,u_j> = -1, no quantisation loss. Similar: log(1+e^-1) + 1; dissimilar: log(1+e^-1).
  auto codes = torch::tensor({{1.f, 1.f}, {-1.f, -1.f}});
  const double softplus_minus_one = std::log1p(std::exp(-1.0));
  EXPECT_NEAR(dhn_loss(codes, torch::tensor({0, 0}, torch::kInt64)).item<double>(), softplus_minus_one + 1.0, 1e-6);
  EXPECT_NEAR(dhn_loss(codes, torch::tensor({0, 1}, torch::kInt64)).item<double>(), softplus_minus_one, 1e-6);
  // theta = 0: log 2 whatever the labels; every element is 1 away from |u| = 1: 0.1 * log cosh 1.
  auto off = torch::tensor({{2.f, 0.f}, {0.f, 0.f}});
  EXPECT_NEAR(dhn_loss(off, torch::tensor({0, 1}, torch::kInt64)).item<double>(),
              std::log(2.0) + 0.1 * std::log(std::cosh(1.0)), 1e-6);
}

}  // namespace
}  // namespace recessive
