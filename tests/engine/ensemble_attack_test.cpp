// The ensemble attack: with one model and no input diversity it is the paper's algorithm (until the target);
// with two models it fools both retrievals; models of different input sizes are refused.
#include "recessive/engine/ensemble_attack.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "recessive/engine/recessive_attack.h"
#include "test_models.h"

namespace recessive {
namespace {

TEST(EnsembleAttack, OneModelWithoutDiversityIsThePapersAlgorithm) {
  auto& model = testing::toy_model(12);
  auto images = testing::synthetic_classes(2, 21).images.to(torch::kFloat32) / 255.0;
  EnsembleOptions options;
  options.diversity = 0.0;
  options.seed = 3;
  RecessiveOptions reference;
  reference.until_target = true;
  reference.seed = 3;
  auto a = ensemble_attack({&model}, images, options);
  auto b = recessive_attack(model, images, reference);
  EXPECT_TRUE(torch::allclose(a.images, b.images, 1e-5, 1e-6));
  for (size_t i = 0; i < a.reports.size(); ++i) {
    EXPECT_EQ(a.reports[i].steps, b.reports[i].steps);
    EXPECT_EQ(a.reports[i].target_label, b.reports[i].target_label);
  }
}

TEST(EnsembleAttack, FoolsEveryModelOfTheEnsemble) {
  auto& m12 = testing::toy_model(12);
  auto& m24 = testing::toy_model(24);
  auto images = testing::synthetic_classes(2, 22).images.to(torch::kFloat32) / 255.0;  // 20 images
  EnsembleOptions options;
  options.until_target = false;
  options.seed = 5;
  auto result = ensemble_attack({&m12, &m24}, images, options);
  auto before12 = m12.retrieval_labels(images), before24 = m24.retrieval_labels(images);
  auto after12 = m12.retrieval_labels(result.images), after24 = m24.retrieval_labels(result.images);
  const auto both = ((after12 != before12) & (after24 != before24)).sum().item<int64_t>();
  EXPECT_GE(both, 18) << "of 20 images";
  EXPECT_LE((result.images - images).abs().max().item<double>(), 1.0);
}

}  // namespace
}  // namespace recessive
