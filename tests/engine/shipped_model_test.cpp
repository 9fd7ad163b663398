// The shipped models (DSH, DBH, DPSH at every length) on real CIFAR-10 test images: provenance and clean mAP
// floors, and the paper's algorithm must flip the retrieval label of >= 90% of 50 images at PSNR >= 35 dB (fails if
// the gradient direction or the step is wrong).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <ostream>
#include <string>

#include "recessive/engine/device.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/process_memory.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/imaging/cifar10_folder.h"

namespace recessive {
namespace {

struct Shipped {
  std::string method;
  int bits;
  double min_clean_map;  // mAP@1000 recorded at training (docs/models.md)
  int min_flipped = 45;  // of 50 images, retrieval label changed at PSNR >= 35 dB
};

void PrintTo(const Shipped& m, std::ostream* os) { *os << m.method << "-" << m.bits; }

std::filesystem::path model_path(const Shipped& m) {
  return std::filesystem::path(RECESSIVE_DATA_DIR) / "models" / (m.method + "-" + std::to_string(m.bits) + ".pt");
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

class ShippedModel : public ::testing::TestWithParam<Shipped> {};

TEST_P(ShippedModel, LoadsWithProvenanceAndCleanMap) {
  const auto& m = GetParam();
  auto model = load_model(model_path(m), torch::kCPU);
  EXPECT_EQ(model.bits(), m.bits);
  EXPECT_EQ(model.metadata["method"], m.method);
  EXPECT_TRUE(model.metadata["training"].contains("command"));
  EXPECT_GE(model.metadata["clean"]["map@1000"].get<double>(), m.min_clean_map);
}

TEST_P(ShippedModel, RecessiveAttackFlipsRetrievalAtHighPsnr) {
  use_all_cpu_cores();
  keep_freed_memory_for_reuse();
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
  EXPECT_GE(flipped, GetParam().min_flipped) << "mean PSNR " << psnr_sum / 50;
}

// Floors: DSH-24 at least 0.60 (paper 0.639), the other DSH lengths (fine-tuned briefly) 0.5; DBH and DPSH
// (retrained on a GPU) 0.60 at every length. The 5-epoch DBH-12 flipped only 44 of the 50 and had a floor of 40;
// the 20-epoch one flips all 50 (mean PSNR 52 dB), so every model has the same floor of 45.
INSTANTIATE_TEST_SUITE_P(Shipped, ShippedModel,
                         ::testing::Values(Shipped{"dsh", 12, 0.5}, Shipped{"dsh", 24, 0.60}, Shipped{"dsh", 32, 0.5},
                                           Shipped{"dsh", 48, 0.5}, Shipped{"dbh", 12, 0.60}, Shipped{"dbh", 24, 0.60},
                                           Shipped{"dbh", 32, 0.60}, Shipped{"dbh", 48, 0.60}, Shipped{"dpsh", 12, 0.60},
                                           Shipped{"dpsh", 24, 0.60}, Shipped{"dpsh", 32, 0.60}, Shipped{"dpsh", 48, 0.60}),
                         [](const ::testing::TestParamInfo<Shipped>& info) {
                           return info.param.method + std::to_string(info.param.bits);
                         });

}  // namespace
}  // namespace recessive
