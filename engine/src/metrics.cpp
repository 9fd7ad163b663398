#include "recessive/engine/metrics.h"

#include "recessive/engine/hamming_ranking.h"

#include <torch/torch.h>

#include <algorithm>

namespace recessive {
namespace {

constexpr int64_t kQueryChunk = 128;  // bounds the (chunk, N) distance matrix

// Relevance (Q,kmax) of the Hamming-ranked database, ties by `tie_ranks` (hamming_ranking.h).
at::Tensor ranked_relevance(const at::Tensor& q, const at::Tensor& ql, const at::Tensor& db, const at::Tensor& dbl,
                            const at::Tensor& tie_ranks, int64_t kmax) {
  auto top = nearest_first(hamming_distances(q, db), tie_ranks, kmax);
  return (dbl.index_select(0, top.flatten()).view({-1, kmax}) == ql.unsqueeze(1)).to(torch::kFloat64);
}

at::Tensor ap_from_relevance(const at::Tensor& rel) {
  auto hits = rel.cumsum(1);
  auto ranks = torch::arange(1, rel.size(1) + 1, rel.options());
  auto total = rel.sum(1);
  auto ap = (hits / ranks * rel).sum(1) / total.clamp_min(1.0);
  return torch::where(total > 0, ap, torch::zeros_like(ap));
}

}  // namespace

std::vector<double> mean_average_precision_at_ks(const at::Tensor& query_codes, const at::Tensor& query_labels,
                                                 const at::Tensor& db_codes, const at::Tensor& db_labels,
                                                 const std::vector<int64_t>& ks) {
  TORCH_CHECK(!ks.empty(), "no k given");
  auto q = query_codes.to(torch::kCPU, torch::kFloat32), db = db_codes.to(torch::kCPU, torch::kFloat32);
  auto ql = query_labels.to(torch::kCPU), dbl = db_labels.to(torch::kCPU);
  const int64_t kmax = std::min(*std::max_element(ks.begin(), ks.end()), db.size(0));
  std::vector<double> sums(ks.size(), 0.0);
  const auto tie_ranks = tie_break_ranks(db.size(0));
  for (int64_t start = 0; start < q.size(0); start += kQueryChunk) {
    const int64_t end = std::min(q.size(0), start + kQueryChunk);
    auto rel = ranked_relevance(q.slice(0, start, end), ql.slice(0, start, end), db, dbl, tie_ranks, kmax);
    for (size_t i = 0; i < ks.size(); ++i)
      sums[i] += ap_from_relevance(rel.slice(1, 0, std::min(ks[i], kmax))).sum().item<double>();
  }
  for (auto& s : sums) s /= static_cast<double>(std::max<int64_t>(1, q.size(0)));
  return sums;
}

at::Tensor average_precision_at_k(const at::Tensor& query_codes, const at::Tensor& query_labels,
                                  const at::Tensor& db_codes, const at::Tensor& db_labels, int64_t k) {
  auto q = query_codes.to(torch::kCPU, torch::kFloat32), db = db_codes.to(torch::kCPU, torch::kFloat32);
  return ap_from_relevance(ranked_relevance(q, query_labels.to(torch::kCPU), db, db_labels.to(torch::kCPU),
                                            tie_break_ranks(db.size(0)), std::min(k, db.size(0))));
}

double mean_average_precision_at_k(const at::Tensor& query_codes, const at::Tensor& query_labels,
                                   const at::Tensor& db_codes, const at::Tensor& db_labels, int64_t k) {
  return mean_average_precision_at_ks(query_codes, query_labels, db_codes, db_labels, {k})[0];
}

double precision_within_radius(const at::Tensor& query_codes, const at::Tensor& query_labels,
                               const at::Tensor& db_codes, const at::Tensor& db_labels, int64_t radius) {
  auto q = query_codes.to(torch::kCPU, torch::kFloat32), db = db_codes.to(torch::kCPU, torch::kFloat32);
  auto ql = query_labels.to(torch::kCPU), dbl = db_labels.to(torch::kCPU);
  double sum = 0.0;
  for (int64_t start = 0; start < q.size(0); start += kQueryChunk) {
    const int64_t end = std::min(q.size(0), start + kQueryChunk);
    auto within = (hamming_distances(q.slice(0, start, end), db) <= radius + 0.5).to(torch::kFloat64);
    auto relevant = (ql.slice(0, start, end).unsqueeze(1) == dbl.unsqueeze(0)).to(torch::kFloat64);
    auto retrieved = within.sum(1);
    auto precision = (within * relevant).sum(1) / retrieved.clamp_min(1.0);
    sum += torch::where(retrieved > 0, precision, torch::zeros_like(precision)).sum().item<double>();
  }
  return sum / static_cast<double>(std::max<int64_t>(1, q.size(0)));
}

}  // namespace recessive
