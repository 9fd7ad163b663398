// Nearest-first ranking of a Hamming database with ties broken by a fixed pseudo-random order.
// A Hamming ranking is full of ties (a 12-bit code has 13 distances for 59,000 images). Breaking them by
// database position made results depend on the file layout: the CIFAR-10 image folders list one class after
// another, so the lower class indices came first in every tie and their queries scored higher (the binary
// release is shuffled). Metrics (metrics.h) and the attack's stop rule (HashIndex::label_shares) rank this way.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace recessive {

// A fixed pseudo-random permutation of 0..n-1 (int64, CPU): rank of position i. The same on every run, device
// and LibTorch version (positions ordered by splitmix64(i), a bijection, so there are no collisions).
at::Tensor tie_break_ranks(int64_t n);

// Hamming distances (Q,N) between +-1 codes q (Q,bits) and db (N,bits), float32, from one matrix product.
at::Tensor hamming_distances(const at::Tensor& q, const at::Tensor& db);

// Indices (Q,k) of the k nearest items per row of integral distances (Q,N), nearest first; equal distances in
// the order of `ranks` (N, int64, e.g. tie_break_ranks(N), on the distances' device). k is clamped to N.
at::Tensor nearest_first(const at::Tensor& distances, const at::Tensor& ranks, int64_t k);

}  // namespace recessive
