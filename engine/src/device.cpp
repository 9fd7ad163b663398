#include "recessive/engine/device.h"

#include <torch/torch.h>

#ifdef __linux__
#include <dlfcn.h>
#include <sched.h>
#endif

#include <filesystem>

#include <stdexcept>
#include <thread>

namespace recessive {

c10::Device select_device(const std::string& request) {
  if (request == "cpu") return c10::Device(c10::kCPU);
  if (request == "cuda") {
    if (!torch::cuda::is_available()) throw std::runtime_error("--device cuda requested but no CUDA device is available");
    return c10::Device(c10::kCUDA, 0);
  }
  if (request == "auto") return torch::cuda::is_available() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  throw std::invalid_argument("unknown device '" + request + "' (expected auto, cpu or cuda)");
}

std::string describe_device(const c10::Device& device) {
  if (device.is_cuda()) {
    // The device name needs the CUDA runtime API, which the engine does not link directly; the index suffices.
    return "cuda:" + std::to_string(device.index() < 0 ? 0 : device.index());
  }
  const auto blas = cpu_blas_library();
  const auto shown = std::filesystem::path(blas).parent_path().filename() / std::filesystem::path(blas).filename();
  return "cpu (" + std::to_string(torch::get_num_threads()) + " threads" + (blas.empty() ? "" : ", BLAS " + shown.string()) + ")";
}

std::string cpu_blas_library() {
#ifdef __linux__
  Dl_info info{};
  if (void* sgemm = dlsym(RTLD_DEFAULT, "sgemm_"); sgemm && dladdr(sgemm, &info) && info.dli_fname)
    return std::filesystem::weakly_canonical(info.dli_fname).string();
#endif
  return "";
}

int use_all_cpu_cores() {
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
#ifdef __linux__
  // Only the cores this process may run on (taskset, cgroup cpusets): more threads than that only contend.
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) cores = std::max(1, CPU_COUNT(&allowed));
#endif
  torch::set_num_threads(cores);
  return cores;
}

}  // namespace recessive
