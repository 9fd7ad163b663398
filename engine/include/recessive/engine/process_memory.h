// How the process's C allocator treats the large CPU tensors LibTorch allocates and frees at every step.
#pragma once

#include <optional>
#include <string>

namespace recessive {

// glibc serves every allocation above its mmap threshold (at most 32 MB) with fresh pages from the kernel and
// unmaps them on free, and gives the heap's freed top back too, so a batch job that allocates the same large tensors
// at every step (activations of a batch, a queries x database distance matrix) page-faults on all of them again and
// again: on 2 CPU cores this was most of a benchmark's time (docs/benchmarks.md, "BLAS and freed memory").
// After this call freed memory stays in the process and is reused; the process keeps its peak memory until it
// exits. Meant for short-lived batch processes (recessive eval/train/protect, the benchmarks), not the long-lived
// host. Returns false where it cannot be done (not glibc).
bool keep_freed_memory_for_reuse();

// glibc >= 2.35 backs malloc's large blocks with transparent huge pages (madvise, 2 MB pages) when the process starts
// with the tunable glibc.malloc.hugetlb=1; it cannot be switched on later. A long-lived process that allocates and
// frees full-resolution photo tensors (the host) then takes 512x fewer page faults: on 2 CPU cores a 12 MP photo
// went from about 15 s to 1.5-2.5 s (docs/host.md). Older glibc ignores the tunable; a kernel with THP "never" too.
inline constexpr const char* kHugePagesTunable = "glibc.malloc.hugetlb=1";

// The GLIBC_TUNABLES value that adds kHugePagesTunable to `current` (nullptr: the variable is unset), or nullopt when
// `current` already sets glibc.malloc.hugetlb (to any value: a user's choice stands).
std::optional<std::string> tunables_with_huge_pages(const char* current);

// How the process stands after restart_with_huge_pages: on (set at start, by the user or by a restart), or off and why.
struct HugePagesStatus {
  bool on = false;
  std::string detail;
};

// Call first thing in main, before any thread starts or input is read. Unless GLIBC_TUNABLES already sets
// glibc.malloc.hugetlb, re-executes this program (/proc/self/exe, the same argv, environment and open descriptors,
// the same process id) with kHugePagesTunable added, once: an environment marker stops a second restart. Returns only
// when no restart happened, saying why; never fails the program.
HugePagesStatus restart_with_huge_pages(char** argv);

}  // namespace recessive
