// The shipped DSH models on real CIFAR-10 test images: the paper's algorithm must flip the retrieval
// label of >= 90% of 50 images at PSNR >= 35 dB (fails if the gradient direction or the step is wrong).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>

#include "recessive/engine/device.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/imaging/cifar10_folder.h"

namespace recessive {
namespace {

std::filesystem::path model_path(int bits) {
  return std::filesystem::path(RECESSIVE_DATA_DIR) / "models" / ("dsh-" + std::to_string(bits) + ".pt");
}

LabelledImages first_test_images(int64_t per_class) {
  const char* dir = std::getenv("RECESSIVE_CIFAR10_DIR");
  if (!dir) throw std::runtime_error("RECESSIVE_CIFAR10_DIR is not set (run through CTest)");
  auto test = imaging::load_cifar10_folder(dir, "test");
  std::vector<int64_t> pick;
  for (int64_t c = 0; c < 10; ++c) {
    auto idx = (test.labels == c).nonzero().flatten();
    for (int64_t i = 0; i < per_class; ++i) pick.push_back(idx[i * 37].item<int64_t>());
  }
  return test.subset(torch::tensor(pick, torch::kInt64));
}

class ShippedModel : public ::testing::TestWithParam<int> {};

TEST_P(ShippedModel, LoadsWithProvenanceAndCleanMap) {
  auto model = load_model(model_path(GetParam()), torch::kCPU);
  EXPECT_EQ(model.bits(), GetParam());
  EXPECT_EQ(model.metadata["method"], "dsh");
  EXPECT_TRUE(model.metadata["training"].contains("command"));
  // Issue floor: DSH-24 at least 0.60 mAP@1000 (paper 0.639); the others, fine-tuned briefly, above 0.5.
  EXPECT_GE(model.metadata["clean"]["map@1000"].get<double>(), GetParam() == 24 ? 0.60 : 0.5);
}

TEST_P(ShippedModel, RecessiveAttackFlipsRetrievalAtHighPsnr) {
  use_all_cpu_cores();
  auto model = load_model(model_path(GetParam()), torch::kCPU);
  auto set = first_test_images(5);  // 50 images
  auto result = recessive_attack(model, set.images.to(torch::kFloat32) / 255.0);
  int flipped = 0;
  double psnr_sum = 0;
  for (const auto& r : result.reports) {
    if (r.label_after != r.label_before && r.psnr >= 35.0)
      ++flipped;
    else
      std::cerr << "not flipped at >= 35 dB: steps " << r.steps << ", PSNR " << r.psnr << ", labels " << r.label_before
                << " -> " << r.label_after << "\n";
    psnr_sum += r.psnr;
  }
  EXPECT_GE(flipped, 45) << "mean PSNR " << psnr_sum / 50;
}

INSTANTIATE_TEST_SUITE_P(Dsh, ShippedModel, ::testing::Values(12, 24, 32, 48));

}  // namespace
}  // namespace recessive
