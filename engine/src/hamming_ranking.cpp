#include "recessive/engine/hamming_ranking.h"

#include <torch/torch.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <utility>
#include <vector>

namespace recessive {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

at::Tensor tie_break_ranks(int64_t n) {
  TORCH_CHECK(n >= 0, "tie_break_ranks needs n >= 0");
  std::vector<std::pair<uint64_t, int64_t>> keyed(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) keyed[size_t(i)] = {splitmix64(uint64_t(i)), i};
  std::sort(keyed.begin(), keyed.end());
  auto ranks = torch::empty({n}, torch::kInt64);
  auto* r = ranks.data_ptr<int64_t>();
  for (int64_t j = 0; j < n; ++j) r[keyed[size_t(j)].second] = j;
  return ranks;
}

at::Tensor hamming_distances(const at::Tensor& q, const at::Tensor& db) {
  return q.matmul(db.t()).mul_(-0.5).add_(0.5 * static_cast<double>(q.size(1)));  // in place: one (Q,N) matrix
}

at::Tensor nearest_first(const at::Tensor& distances, const at::Tensor& ranks, int64_t k) {
  TORCH_CHECK(distances.dim() == 2 && ranks.dim() == 1 && ranks.size(0) == distances.size(1),
              "nearest_first needs distances (Q,N) and ranks (N)");
  const int64_t n = distances.size(1);
  k = std::min(k, n);
  // One exact integer key per item: distance first, then tie rank. int32 where every key fits (|key| < (|d|+1) n):
  // half the memory traffic of int64 over a queries x database matrix, which the attack's stop rule builds for
  // every member at every step.
  auto rounded = distances.round();
  const double largest = rounded.numel() == 0 ? 0.0
      : std::max(std::abs(rounded.max().item<double>()), std::abs(rounded.min().item<double>()));
  const auto type = (largest + 1.0) * static_cast<double>(n) < static_cast<double>(INT32_MAX) ? torch::kInt32 : torch::kInt64;
  auto key = rounded.to(type);
  key.mul_(n).add_(ranks.to(key.device(), type).unsqueeze(0));
  return std::get<1>(torch::topk(key, k, /*dim=*/1, /*largest=*/false, /*sorted=*/true));
}

}  // namespace recessive
