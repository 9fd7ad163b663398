// How the process's C allocator treats the large CPU tensors LibTorch allocates and frees at every step.
#pragma once

namespace recessive {

// glibc serves every allocation above its mmap threshold (at most 32 MB) with fresh pages from the kernel and
// unmaps them on free, and gives the heap's freed top back too, so a batch job that allocates the same large tensors
// at every step (activations of a batch, a queries x database distance matrix) page-faults on all of them again and
// again: on 2 CPU cores this was most of a benchmark's time (docs/benchmarks.md, "BLAS and freed memory").
// After this call freed memory stays in the process and is reused; the process keeps its peak memory until it
// exits. Meant for short-lived batch processes (recessive eval/train/protect, the benchmarks), not the long-lived
// host. Returns false where it cannot be done (not glibc).
bool keep_freed_memory_for_reuse();

}  // namespace recessive
