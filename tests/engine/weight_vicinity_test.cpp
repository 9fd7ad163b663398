// The weight vicinity: the trainer's snapshots (count, spacing, eval mode, distinct weights, constant rate), the
// snapshot file names, loading them back in order, and the ensemble attack taking its gradients through them.
#include "recessive/engine/weight_vicinity.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "recessive/engine/ensemble_attack.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/trainer.h"
#include "test_models.h"

namespace recessive {
namespace {

at::Tensor flat_parameters(const HashingNet& net) {
  std::vector<at::Tensor> parts;
  for (const auto& p : net.parameters()) parts.push_back(p.detach().flatten().clone());
  return torch::cat(parts);
}

// Snapshots of a short run from the toy model (copied), taken as the trainer calls back.
struct Snapshots {
  std::vector<at::Tensor> weights;
  std::vector<bool> in_eval_mode;
  std::vector<int64_t> numbers;
};

Snapshots run_with_snapshots(int64_t epochs, int64_t per_epoch, bool constant_rate, double* moved = nullptr) {
  auto& toy = testing::toy_model(12);
  auto net = make_hashing_net("dsh", 12);
  copy_matching_parameters(*toy.net, *net);
  const auto before = flat_parameters(*net);
  TrainOptions options;
  options.epochs = epochs;
  options.batch_size = 50;  // 400 images: 8 batches per epoch
  options.augment = false;
  options.constant_learning_rate = constant_rate;
  options.snapshots_per_epoch = per_epoch;
  options.seed = 4;
  Snapshots s;
  train_hashing_net(*net, testing::synthetic_classes(40, 6), torch::kCPU, options, {}, [&](int64_t number) {
    s.numbers.push_back(number);
    s.weights.push_back(flat_parameters(*net));
    s.in_eval_mode.push_back(!net->is_training());
  });
  if (moved) *moved = (flat_parameters(*net) - before).norm().item<double>();
  EXPECT_TRUE(net->is_training() == false) << "the trainer leaves the net in eval mode";
  return s;
}

TEST(WeightVicinity, TrainerTakesEvenlySpacedSnapshotsInEvalMode) {
  const auto s = run_with_snapshots(2, 4, true);
  ASSERT_EQ(s.numbers.size(), 8u);
  for (size_t i = 0; i < s.numbers.size(); ++i) {
    EXPECT_EQ(s.numbers[i], static_cast<int64_t>(i) + 1);
    EXPECT_TRUE(s.in_eval_mode[i]) << "snapshot " << i + 1;
  }
  // Two batches apart (8 batches, 4 snapshots per epoch): every snapshot holds other weights.
  for (size_t i = 1; i < s.weights.size(); ++i)
    EXPECT_GT((s.weights[i] - s.weights[i - 1]).norm().item<double>(), 0.0) << "snapshot " << i + 1;
  EXPECT_TRUE(run_with_snapshots(1, 0, true).numbers.empty()) << "0 per epoch: no snapshots";
}

TEST(WeightVicinity, ConstantRateMovesFurtherThanTheDecayedOne) {
  // One epoch: the step decay covers it (epoch 1 > 1 * 3 / 4), so without the constant rate it runs at 0.1x.
  double constant = 0.0, decayed = 0.0;
  run_with_snapshots(1, 0, true, &constant);
  run_with_snapshots(1, 0, false, &decayed);
  EXPECT_GT(constant, 3.0 * decayed);
}

TEST(WeightVicinity, SnapshotFilesAreNamedAfterTheModelAndLoadInOrder) {
  EXPECT_EQ(vicinity_snapshot_path("v", "models/dbh-48.pt", 3), std::filesystem::path("v/dbh-48-vicinity-03.pt"));
  EXPECT_EQ(vicinity_snapshot_path("v", "dbh-48.pt", 12).filename(), "dbh-48-vicinity-12.pt");
  const auto folder = std::filesystem::temp_directory_path() / "recessive-vicinity-test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  EXPECT_TRUE(load_weight_vicinity(folder, "toy.pt", torch::kCPU).empty());
  auto& toy = testing::toy_model(12);
  HashingModel copy = toy;
  for (int64_t n : {1, 2, 4}) {  // 03 missing: loading stops after 02
    copy.metadata["n"] = n;
    save_model(copy, vicinity_snapshot_path(folder, "toy.pt", n));
  }
  const auto loaded = load_weight_vicinity(folder, "models/toy.pt", torch::kCPU);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].metadata["n"], 1);
  EXPECT_EQ(loaded[1].metadata["n"], 2);
  std::filesystem::remove_all(folder);
}

TEST(WeightVicinity, EnsembleTakesGradientsThroughTheSnapshots) {
  auto& a = testing::toy_model(12);
  auto& b = testing::toy_model(24);
  auto images = testing::synthetic_classes(2, 31).images.to(torch::kFloat32) / 255.0;
  EnsembleOptions options;
  options.until_target = false;
  options.diversity = 0.0;
  options.seed = 7;
  const auto plain = ensemble_attack({&a, &b}, images, options).images;
  // A vicinity of the member itself is the member: the same images.
  const auto self = ensemble_attack({&a, &b}, images, options, {{&a}, {&b}}).images;
  EXPECT_TRUE(torch::equal(plain, self));
  // Member a's gradients through the other toy net (same 12 bits, trained from another seed): other images, and
  // the stop rule still a's and b's (both fooled on most images).
  torch::manual_seed(23);
  auto data = testing::synthetic_classes(40, 8);
  HashingModel other;
  other.net = make_hashing_net("dsh", 12);
  TrainOptions train;
  train.epochs = 4;
  train.batch_size = 50;
  train.augment = false;
  train.seed = 23;
  train_hashing_net(*other.net, data, torch::kCPU, train);
  other.index = HashIndex(encode_dataset(*other.net, data.images, torch::kCPU), data.labels, 10);
  const auto through_other = ensemble_attack({&a, &b}, images, options, {{&other}}).images;
  EXPECT_FALSE(torch::allclose(plain, through_other));
  const auto fooled = ((a.retrieval_labels(through_other) != a.retrieval_labels(images)) &
                       (b.retrieval_labels(through_other) != b.retrieval_labels(images))).sum().item<int64_t>();
  EXPECT_GE(fooled, 16) << "of 20 images";
  EXPECT_THROW(ensemble_attack({&a}, images, options, {{&a}, {&b}}), std::invalid_argument);
}

}  // namespace
}  // namespace recessive
