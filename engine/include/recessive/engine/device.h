// Chooses the one torch::Device the process computes on, and sets CPU threading.
// Call once at start-up and pass the device explicitly; nothing here keeps global state of its own.
#pragma once

#include <c10/core/Device.h>

#include <string>

namespace recessive {

// "auto" -> CUDA when available, else CPU; "cpu"; "cuda" (throws std::runtime_error without a GPU).
c10::Device select_device(const std::string& request);

// "cpu (2 threads, BLAS openblas-openmp/libblas.so.3)" or "cuda:0"; for logs, reports and the host's hello reply.
std::string describe_device(const c10::Device& device);

// The file of the library that serves sgemm_, through which LibTorch runs the CPU matrix products oneDNN does not
// (linear layers, Hamming distances): Debian's libtorch links libblas.so.3, which is the slow reference BLAS unless
// OpenBLAS is installed (tools/install_deps.sh; docs/benchmarks.md). Empty where no sgemm_ is loaded.
std::string cpu_blas_library();

// Sets LibTorch's intra-op threads to the number of cores this process may use (its CPU affinity, e.g. under
// taskset; LibTorch may start with 1). Returns the count set.
int use_all_cpu_cores();

}  // namespace recessive
