// LinBP's hidden ReLU: the forward pass is relu's with or without the guard; under the guard the gradient is the
// identity's, and every hashing net keeps its outputs while its input gradient changes.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/hashing_net.h"
#include "recessive/engine/linear_backward.h"

namespace recessive {
namespace {

TEST(LinearBackward, HiddenReluPassesTheGradientLinearlyOnlyUnderTheGuard) {
  auto x = torch::tensor({-2.0, -0.5, 0.5, 3.0}, torch::requires_grad());
  {
    auto y = hidden_relu(x);
    EXPECT_TRUE(torch::equal(y, torch::tensor({0.0, 0.0, 0.5, 3.0}, torch::kDouble)));
    auto g = torch::autograd::grad({y.sum()}, {x})[0];
    EXPECT_TRUE(torch::equal(g, torch::tensor({0.0, 0.0, 1.0, 1.0}, torch::kDouble)));
  }
  {
    LinearBackwardGuard guard;
    EXPECT_TRUE(linear_backward_enabled());
    auto y = hidden_relu(x);
    EXPECT_TRUE(torch::equal(y, torch::tensor({0.0, 0.0, 0.5, 3.0}, torch::kDouble)));
    auto g = torch::autograd::grad({y.sum()}, {x})[0];
    EXPECT_TRUE(torch::equal(g, torch::ones({4}, torch::kDouble)));
    {
      LinearBackwardGuard off(false);
      EXPECT_FALSE(linear_backward_enabled());
    }
    EXPECT_TRUE(linear_backward_enabled());  // a guard restores what it found
  }
  EXPECT_FALSE(linear_backward_enabled());
}

TEST(LinearBackward, EveryNetKeepsItsCodesAndChangesItsGradient) {
  torch::manual_seed(3);
  for (const std::string method : {"dsh", "dbh", "dpsh", "dhn"}) {
    auto net = make_hashing_net(method, 12);
    net->eval();
    auto images = torch::rand({2, 3, 32, 32});
    auto gradient = [&](bool linear) {
      LinearBackwardGuard guard(linear);
      auto low = images.clone().requires_grad_(true);
      auto h = net->logits(low);
      return std::make_pair(h.detach(), torch::autograd::grad({h.sum()}, {low})[0]);
    };
    const auto [plain_codes, plain_gradient] = gradient(false);
    const auto [linear_codes, linear_gradient] = gradient(true);
    EXPECT_TRUE(torch::allclose(plain_codes, linear_codes)) << method;
    EXPECT_FALSE(torch::allclose(plain_gradient, linear_gradient)) << method;
  }
}

}  // namespace
}  // namespace recessive
