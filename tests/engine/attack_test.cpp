// The paper's algorithm and iFGSM on an untrained model: gradient direction, budgets, full resolution.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <set>

#include "recessive/engine/ifgsm_attack.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/engine/resize.h"
#include "test_models.h"

namespace recessive {
namespace {

TEST(PickWrongLabels, NeverTheSourceAndCoversOthers) {
  auto labels = torch::full({2000}, 4, torch::kInt64);
  auto wrong = pick_wrong_labels(labels, 10, 1);
  EXPECT_EQ((wrong == 4).sum().item<int64_t>(), 0);
  EXPECT_EQ(std::get<0>(at::_unique(wrong)).size(0), 9);
  EXPECT_TRUE(torch::equal(wrong, pick_wrong_labels(labels, 10, 1)));
}

TEST(PickWrongLabels, SkipsClassesSharingTheSourcePrototype) {
  auto prototypes = torch::tensor({{1.f, 1.f}, {1.f, 1.f}, {-1.f, 1.f}});
  auto wrong = pick_wrong_labels(torch::zeros({50}, torch::kInt64), 3, 2, prototypes);
  EXPECT_EQ((wrong == 2).sum().item<int64_t>(), 50);
}

TEST(NearestWrongLabels, PicksTheBestScoringOtherClassWithADistinctPrototype) {
  // Prototypes: class 0 = (+,+,+), 1 = (+,+,+) (same as 0), 2 = (+,+,-), 3 = (-,-,-).
  auto prototypes = torch::tensor({{1.f, 1.f, 1.f}, {1.f, 1.f, 1.f}, {1.f, 1.f, -1.f}, {-1.f, -1.f, -1.f}});
  auto codes = torch::tensor({{0.9f, 0.8f, 0.7f}, {-0.2f, -0.1f, 0.9f}});
  auto labels = torch::tensor({0, 3}, torch::kInt64);
  auto picked = nearest_wrong_labels(codes, labels, prototypes, torch::ones({2}));
  EXPECT_EQ(picked[0].item<int64_t>(), 2);  // 1 shares 0's prototype; 2 is one bit away, 3 three
  EXPECT_EQ(picked[1].item<int64_t>(), 0);  // from class 3: 0 (tied with 1, first wins) beats 2
}

// One step of either objective (the paper's prototype scores, or the neighbourhood's soft label shares at 2 bits).
class EachStep : public ::testing::TestWithParam<double> {};

TEST_P(EachStep, RaisesTheTargetScoreGap) {
  auto model = testing::toy_model(24);
  auto images = torch::rand({8, 3, 32, 32});
  RecessiveOptions options;
  options.lambda = 0.02;
  options.neighbourhood_temperature = GetParam();
  auto source = model.retrieval_labels(images);
  auto target = pick_wrong_labels(source, 10, options.seed, model.index.prototypes());
  auto gap = [&](const at::Tensor& x) {
    torch::NoGradGuard g;
    return retrieval_score_gap(model, x, source, target, relaxation_beta(model.codes(images), options.beta),
                               options.neighbourhood_temperature).first;
  };
  auto before = gap(images);
  options.max_steps = 1;
  auto after = gap(recessive_attack(model, images, options).images);
  // First order: the gap rises by about lambda for every image still short of its target.
  auto rise = (after - before);
  EXPECT_GT(rise.min().item<float>(), 0.0f) << rise;
  EXPECT_NEAR(rise.mean().item<float>(), options.lambda, options.lambda * 0.7);
}

INSTANTIATE_TEST_SUITE_P(RecessiveAttack, EachStep, ::testing::Values(0.0, 2.0));

// Database of four 2-bit codes: (+,+) class 0, (+,-) class 1, (-,+) class 1, (-,-) class 0. The query (+,-) of
// source class 0 retrieves class 1 (its one nearest code); class 0's images rank 2nd and 3rd of 4 (distance 1,
// database order), so its AP over 4 results is (1/2 + 2/3) / 2 = 0.583, over the first 2 results (1/2) / 1 = 0.5.
TEST(StopRule, SourceApBoundsTheOriginalClassesAveragePrecision) {
  HashingModel model;
  model.index = HashIndex(torch::tensor({1.f, 1.f, 1.f, -1.f, -1.f, 1.f, -1.f, -1.f}).view({4, 2}),
                          torch::tensor({0, 1, 1, 0}, torch::kInt64), 2);
  model.retrieval_k = 1;
  const auto query = torch::tensor({1.f, -1.f}).view({1, 2});
  const auto source = torch::tensor({0}, torch::kInt64), target = torch::tensor({1}, torch::kInt64);
  auto holds = [&](double max_ap, int64_t k) {
    return stop_rule_holds(model, query, source, target, true, 0.0, max_ap, k)[0].item<bool>();
  };
  EXPECT_TRUE(holds(0.0, 4));    // off: the retrieval label alone
  EXPECT_TRUE(holds(0.59, 4));   // 0.583 <= 0.59
  EXPECT_FALSE(holds(0.58, 4));  // 0.583 > 0.58
  EXPECT_TRUE(holds(0.5, 2));    // over the first 2 results: exactly 0.5
  EXPECT_FALSE(holds(0.49, 2));
}

// What the score-gap tests share: a toy model, four random images, their retrieval labels as l, the next class as
// l', and the relaxed codes tanh(beta h) the scores are computed from.
struct GapCase {
  HashingModel model = testing::toy_model(24);
  at::Tensor images = torch::rand({4, 3, 32, 32});
  at::Tensor source = model.retrieval_labels(images);
  at::Tensor target = (source + 1) % 10;
  at::Tensor beta = relaxation_beta(model.codes(images), 0.0);
  at::Tensor relaxed = torch::tanh(beta.view({-1, 1}) * model.codes(images));
  at::Tensor gap(double temperature, double target_weight = 1.0) {
    torch::NoGradGuard g;
    return retrieval_score_gap(model, images, source, target, beta, temperature, target_weight).first;
  }
};

TEST(RecessiveAttack, NeighbourhoodGapIsTheSoftShareDifference) {
  GapCase c;
  auto shares = c.model.index.soft_label_shares(c.relaxed, 1.5);
  auto share = [&](const at::Tensor& labels) { return shares.gather(1, labels.view({-1, 1})).squeeze(1); };
  auto expected = share(c.target) - share(c.source);
  auto gap = c.gap(1.5);
  EXPECT_TRUE(torch::allclose(gap, expected, 1e-5, 1e-6)) << gap << expected;
  EXPECT_TRUE(torch::allclose(c.gap(1.5, 0.0), -share(c.source), 1e-5, 1e-6));  // target weight 0: away from l only
}

// w f_l' - f_l: with prototype scores f_c = <c_c, tanh(beta h)> / bits, the gap is linear in w, and w = 0 leaves
// -f_l, the push away from the original's class alone.
TEST(RecessiveAttack, TargetWeightScalesOnlyTheTargetScore) {
  GapCase c;
  auto score = [&](const at::Tensor& labels) {
    return (c.model.index.prototypes().index_select(0, labels) * c.relaxed).sum(1) / 24.0;
  };
  EXPECT_TRUE(torch::allclose(c.gap(0.0, 1.0), score(c.target) - score(c.source), 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(c.gap(0.0, 0.0), -score(c.source), 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(c.gap(0.0, 0.5), 0.5 * score(c.target) - score(c.source), 1e-5, 1e-6));
}

// Each net names a middle layer (hashing_net.h): DSH after conv2's pool, DBH after its second stage, DPSH after
// block2, DHN after its second stage; the rest of the net from there gives its logits.
TEST(MidFeatures, EachNetNamesAMiddleLayerAndRunsOnFromIt) {
  const std::vector<std::pair<std::string, std::vector<int64_t>>> expected = {
      {"dsh", {2, 32, 8, 8}}, {"dbh", {2, 64, 8, 8}}, {"dpsh", {2, 32, 16, 16}}, {"dhn", {2, 96, 8, 8}}};
  for (const auto& [method, shape] : expected) {
    auto net = make_hashing_net(method, 12);
    net->eval();
    auto images = torch::rand({2, 3, 32, 32});
    const auto mid = net->mid_features(images);
    EXPECT_EQ(mid.sizes(), shape) << method;
    EXPECT_TRUE(torch::allclose(net->logits_from_mid(mid), net->logits(images), 1e-5, 1e-6)) << method;
  }
}

// ||phi - phi0||^2 / ||phi0||^2 per image, by hand; 0 with a zero gradient at the original through a real net.
TEST(RelativeFeatureDistance, IsTheRelativeSquaredMoveOfTheMiddleLayer) {
  auto reference = torch::tensor({1.f, 2.f, 2.f, 0.f}).view({2, 1, 1, 2});
  auto moved = torch::tensor({2.f, 2.f, 2.f, 1.f}).view({2, 1, 1, 2});
  EXPECT_TRUE(torch::allclose(relative_feature_distance(moved, reference), torch::tensor({1.f / 5, 1.f / 4})));

  auto& model = testing::toy_model(12);
  auto images = testing::synthetic_classes(1, 31).images.to(torch::kFloat32) / 255.0;  // 10 images
  const auto phi0 = model.net->mid_features(images).detach();
  auto at_original = images.clone().requires_grad_(true);
  auto distance = relative_feature_distance(model.net->mid_features(at_original), phi0);
  EXPECT_EQ(distance.abs().max().item<double>(), 0.0);
  EXPECT_EQ(torch::autograd::grad({distance.sum()}, {at_original})[0].abs().max().item<double>(), 0.0);
  auto moved_images = (images + 0.05 * torch::randn_like(images)).clamp(0, 1);
  EXPECT_GT(relative_feature_distance(model.net->mid_features(moved_images), phi0).min().item<double>(), 0.0);
}

TEST(RecessiveAttack, ChangesRetrievalLabelsAndReports) {
  auto model = testing::toy_model(24);
  auto images = testing::synthetic_classes(1, 99).images.to(torch::kFloat32) / 255;  // unseen, one per class
  auto result = recessive_attack(model, images);
  ASSERT_EQ(result.reports.size(), 10u);
  int reached = 0;
  for (const auto& r : result.reports) {
    EXPECT_NE(r.target_label, r.label_before);
    if (r.label_changed) {
      ++reached;
      EXPECT_NE(r.label_after, r.label_before);
      EXPECT_GT(r.hamming, 0);
    }
    EXPECT_GE(r.steps, 1);
    EXPECT_GT(r.psnr, 25.0);
  }
  EXPECT_GE(reached, 8);
  EXPECT_GE(result.images.min().item<float>(), 0.0f);
  EXPECT_LE(result.images.max().item<float>(), 1.0f);
}

TEST(RecessiveAttack, UntilTargetReachesTheTargetLabel) {
  auto model = testing::toy_model(24);
  auto images = testing::synthetic_classes(3, 99).images.to(torch::kFloat32) / 255;
  RecessiveOptions options;
  options.until_target = true;
  auto result = recessive_attack(model, images, options);
  int reached = 0;
  for (const auto& r : result.reports) reached += r.success && r.label_after == r.target_label;
  EXPECT_GE(reached, 21);  // most of 30 (26 with this toy model; 10 images were too few for a rate)
}

// The batch computes only on the images still stepping (live_images.h); an image that finishes early is frozen, so
// each image ends where it would alone. Nearest-class targets make l' a property of the image, not of the batch.
TEST(RecessiveAttack, EachImageOfABatchEndsWhereItWouldAlone) {
  auto model = testing::toy_model(24);
  auto images = testing::synthetic_classes(1, 98).images.to(torch::kFloat32) / 255;
  RecessiveOptions options;
  options.until_target = true;
  options.nearest_target = true;
  options.overshoot_steps = 1;
  options.lambda = 0.02;
  auto batch = recessive_attack(model, images, options);
  std::set<int64_t> step_counts;
  for (int64_t i = 0; i < images.size(0); ++i) {
    auto alone = recessive_attack(model, images.slice(0, i, i + 1), options);
    EXPECT_EQ(batch.reports[i].steps, alone.reports[0].steps) << "image " << i;
    EXPECT_TRUE(torch::allclose(batch.images[i], alone.images[0], 1e-4, 1e-5)) << "image " << i;
    step_counts.insert(batch.reports[i].steps);
  }
  EXPECT_GE(step_counts.size(), 2u) << "every image took as many steps: nothing was frozen early";
}

TEST(RecessiveAttack, MaxLinfBoundsEveryPixel) {
  auto model = testing::toy_model(24);
  auto images = testing::synthetic_classes(1, 97).images.to(torch::kFloat32) / 255;
  RecessiveOptions options;
  options.max_linf = 2.0 / 255;
  auto result = recessive_attack(model, images, options);
  EXPECT_LE((result.images - images).abs().max().item<float>(), options.max_linf + 1e-6);
  for (const auto& r : result.reports) EXPECT_LE(r.linf, 2.0 + 1e-3);
}

// stop_views: an image stops only once the rule also holds for every view. A view that always shows the original
// is never fooled, so every image walks all M steps; a view showing X itself stops where the plain rule does.
TEST(RecessiveAttack, StopViewsMustAlsoBeFooled) {
  auto model = testing::toy_model(24);
  auto images = testing::synthetic_classes(1, 99).images.slice(0, 0, 4).to(torch::kFloat32) / 255;
  RecessiveOptions options;
  options.max_steps = 60;
  const auto plain = recessive_attack(model, images, options);
  int views_called = 0;
  options.stop_views = [&](const at::Tensor& x, int64_t) {
    ++views_called;
    return std::vector<at::Tensor>{x, x};
  };
  const auto same = recessive_attack(model, images, options);
  for (size_t i = 0; i < plain.reports.size(); ++i) {
    ASSERT_LT(plain.reports[i].steps, options.max_steps) << "image " << i << " never stopped; the test needs it to";
    EXPECT_EQ(same.reports[i].steps, plain.reports[i].steps) << "image " << i;
  }
  EXPECT_GT(views_called, 0);
  // One image at a time, so that the view's batch is that image's (a view maps the live images, a shrinking batch).
  for (int64_t i = 0; i < images.size(0); ++i) {
    RecessiveOptions pinned = options;
    const auto one = images.slice(0, i, i + 1);
    pinned.stop_views = [&](const at::Tensor& x, int64_t) { return std::vector<at::Tensor>{x, one}; };
    EXPECT_EQ(recessive_attack(model, one, pinned).reports[0].steps, options.max_steps) << "image " << i;
  }
}

// steps_taken: an image that stops is returned exactly as the last view call saw it, and that call's steps_taken
// is its report's step count (protect_photo keeps the file it saved there). The result carries the original's codes.
TEST(RecessiveAttack, StopViewsSeeTheStepsTakenAndTheResultIsTheLastViewed) {
  auto model = testing::toy_model(24);
  const auto images = testing::synthetic_classes(1, 99).images.to(torch::kFloat32) / 255;
  RecessiveOptions options;
  options.max_steps = 60;
  int checked = 0;
  for (int64_t i = 0; i < images.size(0); ++i) {
    const auto one = images.slice(0, i, i + 1);
    int64_t last_steps = -1;
    at::Tensor last_seen;
    options.stop_views = [&](const at::Tensor& x, int64_t steps_taken) {
      EXPECT_GT(steps_taken, last_steps);
      last_steps = steps_taken;
      last_seen = x.clone();
      return std::vector<at::Tensor>{x};
    };
    const auto result = recessive_attack(model, one, options);
    EXPECT_TRUE(torch::equal(result.original_codes, binarize(model.codes(one)))) << "image " << i;
    if (result.reports[0].steps == options.max_steps) continue;  // never stopped: nothing to compare
    ++checked;
    EXPECT_EQ(last_steps, result.reports[0].steps) << "image " << i;
    EXPECT_TRUE(torch::equal(last_seen, result.images)) << "image " << i;
  }
  EXPECT_GT(checked, 0) << "no image stopped; the test needs some to";
}

// gradient_views: a view's gradient is added to X's. A view that is X itself doubles r, and a step of lambda*r/||r||^2
// then equals the plain attack's at lambda/2: the same images, step for step.
TEST(RecessiveAttack, GradientViewsAddTheirGradients) {
  auto model = testing::toy_model(24);
  const auto images = testing::synthetic_classes(1, 99).images.slice(0, 0, 4).to(torch::kFloat32) / 255;
  RecessiveOptions half;
  half.lambda = 0.025;
  half.max_steps = 30;
  const auto plain = recessive_attack(model, images, half);
  RecessiveOptions doubled = half;
  doubled.lambda = 0.05;
  int calls = 0;
  doubled.gradient_views = [&](const at::Tensor& x) {
    ++calls;
    return std::vector<at::Tensor>{x.detach().clone()};
  };
  const auto viewed = recessive_attack(model, images, doubled);
  EXPECT_GT(calls, 0);
  for (size_t i = 0; i < plain.reports.size(); ++i) EXPECT_EQ(viewed.reports[i].steps, plain.reports[i].steps) << "image " << i;
  EXPECT_LT((viewed.images - plain.images).abs().max().item<float>(), 1e-4);
  EXPECT_GT((plain.images - images).abs().max().item<float>(), 1e-3) << "the attack did not move the images";
}

TEST(RecessiveAttack, OnStepFalseStopsAfterThatStep) {
  auto model = testing::toy_model(24);
  auto images = testing::synthetic_classes(1, 99).images.slice(0, 0, 3).to(torch::kFloat32) / 255;
  RecessiveOptions options;
  options.until_target = true;  // would take several steps
  options.lambda = 1e-4;        // tiny steps: never reaches the target in one
  std::vector<int64_t> seen;
  options.on_step = [&](int64_t taken) { seen.push_back(taken); return false; };
  auto result = recessive_attack(model, images, options);
  EXPECT_EQ(seen, std::vector<int64_t>{1});
  for (const auto& r : result.reports) EXPECT_LE(r.steps, 1);
}

TEST(IfgsmAttack, StaysWithinEpsilon) {
  auto model = testing::toy_model(12);
  auto images = testing::synthetic_classes(1, 98).images.slice(0, 0, 4).to(torch::kFloat32) / 255;
  IfgsmOptions options;
  options.epsilon = 3.0 / 255;
  options.alpha = 1.0 / 255;
  options.steps = 6;
  auto result = ifgsm_attack(model, images, options);
  EXPECT_LE((result.images - images).abs().max().item<float>(), options.epsilon + 1e-6);
  for (const auto& r : result.reports) {
    EXPECT_EQ(r.steps, 6);
    EXPECT_LE(r.linf, 3.0 + 1e-3);
    EXPECT_GT(r.linf, 2.0);  // it used the budget
  }
}

TEST(RecessiveAttack, TwelveMegapixelPhotoGetsASmoothFullResolutionPerturbation) {
  auto model = testing::toy_model(24);
  // A smooth gradient photo, 4000x3000.
  auto ys = torch::linspace(0, 1, 3000).view({1, 1, 3000, 1});
  auto xs = torch::linspace(0, 1, 4000).view({1, 1, 1, 4000});
  auto photo = torch::cat({ys * xs, 0.5 * (ys + xs), 1 - ys * 0.5 + xs * 0}, 1).clamp(0, 1);
  RecessiveOptions options;
  options.max_steps = 3;
  auto result = recessive_attack(model, photo, options);
  ASSERT_EQ(result.images.sizes(), photo.sizes());
  auto delta = result.images - photo;
  ASSERT_GT(delta.abs().max().item<float>(), 0.0f);
  // No block artefacts: neighbouring pixels' perturbations differ far less than the perturbation itself
  // (area-gradient blocks of 125x94 px would put all the change on block edges, nearest-style).
  const double step_x = (delta.slice(3, 1) - delta.slice(3, 0, -1)).abs().max().item<double>();
  EXPECT_LT(step_x, delta.abs().max().item<double>() * 0.05);
}

TEST(RecessiveAttack, CpuAndCudaAgree) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  auto cpu_model = testing::toy_model(24, torch::kCPU);
  auto cuda_model = testing::trained_toy_model(24, torch::Device(torch::kCUDA, 0));
  auto images = torch::rand({6, 3, 32, 32});
  RecessiveOptions options;
  options.max_steps = 3;
  auto cpu = recessive_attack(cpu_model, images, options);
  auto gpu = recessive_attack(cuda_model, images.cuda(), options);
  EXPECT_LT((cpu.images - gpu.images.cpu()).abs().max().item<float>(), 2e-3);
  for (size_t i = 0; i < cpu.reports.size(); ++i) EXPECT_EQ(cpu.reports[i].label_before, gpu.reports[i].label_before);
}

TEST(Resize, AreaDownscaleOfHugeImageWorksAndAverages) {
  auto x = torch::ones({1, 3, 3000, 4000}) * 0.25;
  auto low = resize_to_square(x, 32);
  EXPECT_EQ(low.sizes(), (std::vector<int64_t>{1, 3, 32, 32}));
  EXPECT_NEAR(low.mean().item<float>(), 0.25f, 1e-5);
  EXPECT_NEAR(low.std().item<float>(), 0.0f, 1e-5);
}

}  // namespace
}  // namespace recessive
