#include "recessive/engine/device.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#ifdef __linux__
#include <sched.h>
#endif

namespace recessive {
namespace {

#ifdef __linux__
// Several trainers share one machine by pinning each to a few cores (tools/train_models_gpu.sh): each must then
// use only the cores it was given.
TEST(UseAllCpuCores, FollowsTheCpuAffinity) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  int first = -1;
  for (int c = 0; c < CPU_SETSIZE && first < 0; ++c)
    if (CPU_ISSET(c, &before)) first = c;
  ASSERT_GE(first, 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  const int pinned = use_all_cpu_cores();
  const int pinned_threads = torch::get_num_threads();
  ASSERT_EQ(sched_setaffinity(0, sizeof before, &before), 0);
  EXPECT_EQ(pinned, 1);
  EXPECT_EQ(pinned_threads, 1);
  EXPECT_EQ(use_all_cpu_cores(), CPU_COUNT(&before));
}
#endif

// Which BLAS serves the CPU's matrix products decides much of the speed (docs/benchmarks.md), so reports name it.
TEST(CpuBlasLibrary, IsALoadedFileNamedInTheDeviceDescription) {
  const auto blas = cpu_blas_library();
  const auto description = describe_device(c10::Device(c10::kCPU));
  EXPECT_EQ(description.rfind("cpu (" + std::to_string(torch::get_num_threads()) + " threads", 0), 0u) << description;
  if (blas.empty()) GTEST_SKIP() << "no sgemm_ loaded in this build";
  EXPECT_TRUE(std::filesystem::is_regular_file(blas)) << blas;
  EXPECT_NE(description.find(std::filesystem::path(blas).filename().string()), std::string::npos) << description;
}

}  // namespace
}  // namespace recessive
