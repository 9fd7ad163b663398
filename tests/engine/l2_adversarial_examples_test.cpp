// L2 adversarial examples for adversarial training: the step and projection by hand on a linear loss, the
// [0, 1] box, parameters' gradients left alone, and the trainer training on them.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/dpsh_net.h"
#include "recessive/engine/l2_adversarial_examples.h"
#include "recessive/engine/trainer.h"
#include "test_models.h"

namespace recessive {
namespace {

TEST(L2AdversarialExamples, MovesEachSampleAlongItsGradientToTheBallsEdge) {
  // Linear loss sum(w_i . x_i): the ascent direction of sample i is w_i, so the result is x_i + r w_i / |w_i|.
  auto gen = at::detail::createCPUGenerator(3);
  auto w = torch::randn({2, 3, 4, 4}, gen);
  auto x = torch::full({2, 3, 4, 4}, 0.5);
  auto loss_of = [&](const at::Tensor& b) { return (b * w).sum(); };
  for (int64_t steps : {1, 4}) {
    auto adv = l2_adversarial_examples(loss_of, x, 0.3, steps);
    for (int64_t i = 0; i < 2; ++i) {
      auto expected = x[i] + 0.3 * w[i] / w[i].norm();
      EXPECT_TRUE(torch::allclose(adv[i], expected, 1e-5, 1e-6)) << "steps " << steps;
    }
    EXPECT_FALSE(adv.requires_grad());
  }
}

TEST(L2AdversarialExamples, StaysInTheBoxAndTheBallAndLeavesParameterGradientsAlone) {
  auto gen = at::detail::createCPUGenerator(5);
  torch::nn::Linear layer(48, 2);
  auto x = torch::rand({6, 3, 4, 4}, gen);
  x.index_put_({0}, 0.999);  // a sample at the box's corner: clamping must keep it inside
  auto loss_of = [&](const at::Tensor& b) { return layer->forward(b.flatten(1)).pow(2).sum(); };
  auto adv = l2_adversarial_examples(loss_of, x, 0.5, 3);
  EXPECT_GE(adv.min().item<float>(), 0.0f);
  EXPECT_LE(adv.max().item<float>(), 1.0f);
  auto distances = (adv - x).flatten(1).norm(2, 1);
  EXPECT_LE(distances.max().item<float>(), 0.5f + 1e-5f);
  EXPECT_GT(distances.min().item<float>(), 0.0f);
  EXPECT_GT(loss_of(adv).item<float>(), loss_of(x).item<float>());
  EXPECT_FALSE(layer->weight.grad().defined());
  EXPECT_TRUE(torch::equal(l2_adversarial_examples(loss_of, x, 0.0, 1), x));
  EXPECT_THROW(l2_adversarial_examples(loss_of, x, 0.5, 0), std::invalid_argument);
}

TEST(AdversarialTraining, TrainsOnTheAdversarialBatchAndStillLearns) {
  auto data = testing::synthetic_classes(12, 3);
  auto train = [&](double radius) {
    torch::manual_seed(0);
    DpshNet net(12, 4);
    TrainOptions options;
    options.epochs = 6;
    options.batch_size = 40;
    options.augment = false;
    options.classification_weight = 0;
    options.adversarial_l2 = radius;
    std::vector<double> losses;
    train_hashing_net(net, data, torch::kCPU, options, [&](const EpochReport& r) { losses.push_back(r.mean_loss); });
    return losses;
  };
  const auto clean = train(0.0), adversarial = train(1.0);
  // Same seed and data: the first batches differ only by the adversarial move, which raises their loss.
  EXPECT_GT(adversarial.front(), clean.front());
  EXPECT_LT(adversarial.back(), adversarial.front());
}

}  // namespace
}  // namespace recessive
