#include "recessive/engine/device.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

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

}  // namespace
}  // namespace recessive
