#include "recessive/engine/hamming_ranking.h"

#include <torch/torch.h>

#include <algorithm>
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

at::Tensor nearest_first(const at::Tensor& distances, const at::Tensor& ranks, int64_t k) {
  TORCH_CHECK(distances.dim() == 2 && ranks.dim() == 1 && ranks.size(0) == distances.size(1),
              "nearest_first needs distances (Q,N) and ranks (N)");
  const int64_t n = distances.size(1);
  k = std::min(k, n);
  // One exact integer key per item: distance first, then tie rank.
  auto key = distances.round().to(torch::kInt64).mul(n).add(ranks.to(distances.device()).unsqueeze(0));
  return std::get<1>(torch::topk(key, k, /*dim=*/1, /*largest=*/false, /*sorted=*/true));
}

}  // namespace recessive
