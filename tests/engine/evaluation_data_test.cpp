// A quick evaluation with fixed expectations on real data: DSH-24 on 100 cifar10-1 queries (10 per class, seed 1,
// database the other 59,000 images); the paper's algorithm pushed until the target label must at least halve the
// white-box mAP@1000 (docs/evaluation.md; `recessive eval --quick` measures the same grid).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>

#include "recessive/engine/cifar10_protocol.h"
#include "recessive/engine/device.h"
#include "recessive/engine/evaluation.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/process_memory.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/imaging/cifar10_folder.h"

namespace recessive {
namespace {

TEST(QuickEvaluation, WhiteBoxMapAtLeastHalvedOn100Queries) {
  use_all_cpu_cores();
  keep_freed_memory_for_reuse();
  const char* dir = std::getenv("RECESSIVE_CIFAR10_DIR");
  ASSERT_NE(dir, nullptr) << "RECESSIVE_CIFAR10_DIR is not set (run through CTest)";
  ProtocolOptions protocol;
  protocol.seed = 1;
  const auto split = make_cifar10_protocol(imaging::load_cifar10_folder(dir, "train"),
                                           imaging::load_cifar10_folder(dir, "test"), protocol);
  std::vector<at::Tensor> pick;
  for (int64_t c = 0; c < 10; ++c) pick.push_back((split.queries.labels == c).nonzero().flatten().slice(0, 0, 10));
  const auto queries = split.queries.subset(std::get<0>(torch::sort(torch::cat(pick))));
  ASSERT_EQ(queries.size(), 100);

  auto model = load_model(std::filesystem::path(RECESSIVE_DATA_DIR) / "models" / "dsh-24.pt", torch::kCPU);
  auto system = make_retrieval_system("dsh-24", model, split, torch::kCPU);
  ASSERT_EQ(system.db_codes.size(0), 59000);
  const auto clean = score_images(system, queries.images, queries.labels, torch::kCPU);

  RecessiveOptions options;
  options.until_target = true;
  options.seed = 1;
  auto set = protect_in_batches(queries.images, 100, torch::kCPU,
                                [&](const at::Tensor& x) { return recessive_attack(model, x, options); });
  const auto attacked = score_images(system, set.images_u8, queries.labels, torch::kCPU);
  const auto distortion = summarize_distortion(queries.images, set);
  std::cerr << "clean mAP@1000 " << clean.map_at(1000) << ", protected " << attacked.map_at(1000) << ", PSNR "
            << distortion.mean_psnr << " dB, " << set.seconds_per_image << " s/image\n";
  EXPECT_GE(clean.map_at(1000), 0.5);
  EXPECT_LE(attacked.map_at(1000), 0.5 * clean.map_at(1000));
  EXPECT_LE(attacked.precision_r2, 0.5 * clean.precision_r2);
  EXPECT_GE(distortion.label_changed, 0.95);
  EXPECT_GE(distortion.mean_psnr, 30.0);
}

}  // namespace
}  // namespace recessive
