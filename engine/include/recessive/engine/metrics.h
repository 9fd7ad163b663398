// Retrieval metrics over Hamming ranking, the paper's measures: mAP over the top-k database items and
// precision within Hamming radius r. Codes are +1/-1 (Q,bits)/(N,bits); "relevant" = same label.
// Ranking ties are broken by a fixed pseudo-random order of the database (hamming_ranking.h), not by position.
// A query with no relevant item in its top k has AP 0 (DeepHash-pytorch skips such queries, which would hide
// successful attacks). Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

namespace recessive {

// AP@k per query (Q) as double: mean of precision@i over the ranks i <= k holding a relevant item.
at::Tensor average_precision_at_k(const at::Tensor& query_codes, const at::Tensor& query_labels,
                                  const at::Tensor& db_codes, const at::Tensor& db_labels, int64_t k);

double mean_average_precision_at_k(const at::Tensor& query_codes, const at::Tensor& query_labels,
                                   const at::Tensor& db_codes, const at::Tensor& db_labels, int64_t k);

// mAP@k for several k at once (one ranking per query); same order as `ks`.
std::vector<double> mean_average_precision_at_ks(const at::Tensor& query_codes, const at::Tensor& query_labels,
                                                 const at::Tensor& db_codes, const at::Tensor& db_labels,
                                                 const std::vector<int64_t>& ks);

// Mean over queries of (relevant items within distance <= radius) / (items within radius); a query that
// retrieves nothing counts 0.
double precision_within_radius(const at::Tensor& query_codes, const at::Tensor& query_labels,
                               const at::Tensor& db_codes, const at::Tensor& db_labels, int64_t radius = 2);

}  // namespace recessive
