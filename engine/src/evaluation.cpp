#include "recessive/engine/evaluation.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "recessive/engine/dataset.h"
#include "recessive/engine/image_quality.h"
#include "recessive/engine/metrics.h"

namespace recessive {
namespace {

void synchronize(const at::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

}  // namespace

const std::vector<int64_t>& paper_ks() {
  static const std::vector<int64_t> ks = {200, 400, 600, 800, 1000};
  return ks;
}

double RetrievalScores::map_at(int64_t k) const {
  for (size_t i = 0; i < ks.size(); ++i)
    if (ks[i] == k) return map[i];
  throw std::out_of_range("mAP@" + std::to_string(k) + " was not computed");
}

RetrievalScores score_codes(const at::Tensor& query_codes, const at::Tensor& query_labels, const at::Tensor& db_codes,
                            const at::Tensor& db_labels, const std::vector<int64_t>& ks) {
  RetrievalScores scores;
  scores.ks = ks;
  scores.map = mean_average_precision_at_ks(query_codes, query_labels, db_codes, db_labels, ks);
  scores.precision_r2 = precision_within_radius(query_codes, query_labels, db_codes, db_labels, 2);
  return scores;
}

at::Tensor encode_database(HashingModel& model, const RetrievalSplit& split, const at::Device& device) {
  const auto& db = split.database;
  const auto stored = model.index.codes();
  const int64_t n = stored.defined() ? stored.size(0) : 0;
  if (n > 0 && n <= db.size() && stored.size(1) == model.bits() &&
      torch::equal(model.index.labels().cpu(), db.labels.slice(0, 0, n))) {
    // Same labels in the same order: check that a sample of those images re-encodes to the stored codes.
    const int64_t sample = std::min<int64_t>(n, 500);
    const auto fresh = encode_dataset(*model.net, db.images.slice(0, 0, sample), device);
    const double agree = fresh.eq(binarize(stored.slice(0, 0, sample)).cpu()).all(1).to(torch::kFloat64).mean().item<double>();
    if (agree >= 0.99) {
      auto rest = encode_dataset(*model.net, db.images.slice(0, n), device);
      return torch::cat({binarize(stored).cpu(), rest});
    }
  }
  return encode_dataset(*model.net, db.images, device);
}

RetrievalSystem make_retrieval_system(std::string name, HashingModel& model, const RetrievalSplit& split,
                                      const at::Device& device) {
  return {std::move(name), &model, encode_database(model, split, device), split.database.labels.cpu()};
}

RetrievalScores score_images(RetrievalSystem& system, const at::Tensor& images_u8, const at::Tensor& labels,
                             const at::Device& device, const std::vector<int64_t>& ks) {
  if (!system.model) throw std::invalid_argument("retrieval system '" + system.name + "' has no model");
  const auto codes = encode_dataset(*system.model->net, images_u8, device);
  return score_codes(codes, labels.cpu(), system.db_codes, system.db_labels, ks);
}

ProtectedSet protect_in_batches(const at::Tensor& images_u8, int64_t batch_size, const at::Device& device,
                                const BatchAttack& attack) {
  if (batch_size < 1) throw std::invalid_argument("batch size must be positive");
  ProtectedSet set;
  std::vector<at::Tensor> parts;
  const int64_t q = images_u8.size(0);
  synchronize(device);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < q; i += batch_size) {
    auto result = attack(to_unit_float(images_u8.slice(0, i, std::min(q, i + batch_size)), device));
    parts.push_back(to_uint8(result.images));
    set.reports.insert(set.reports.end(), result.reports.begin(), result.reports.end());
  }
  synchronize(device);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  set.images_u8 = parts.empty() ? images_u8.clone() : torch::cat(parts);
  set.seconds_per_image = q ? seconds / static_cast<double>(q) : 0.0;
  return set;
}

DistortionSummary summarize_distortion(const at::Tensor& original_u8, const ProtectedSet& set) {
  DistortionSummary s;
  const auto x = original_u8.to(torch::kFloat64).div(255.0), y = set.images_u8.to(torch::kFloat64).div(255.0);
  const auto psnr = psnr_db(x, y), linf = linf_255(x, y), l1 = mean_l1_255(x, y), ssim_values = ssim(x, y);
  const int64_t n = x.size(0);
  if (n == 0) return s;
  s.min_psnr = std::numeric_limits<double>::infinity();
  double psnr_sum = 0;
  int64_t changed = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double p = psnr[i].item<double>();
    if (std::isfinite(p)) {
      psnr_sum += p;
      ++changed;
    }
    s.min_psnr = std::min(s.min_psnr, p);
  }
  s.unchanged = n - changed;
  s.mean_psnr = changed ? psnr_sum / static_cast<double>(changed) : std::numeric_limits<double>::infinity();
  s.mean_ssim = ssim_values.mean().item<double>();
  s.mean_linf = linf.mean().item<double>();
  s.mean_l1 = l1.mean().item<double>();
  for (const auto& r : set.reports) {
    s.mean_steps += static_cast<double>(r.steps);
    s.label_changed += r.label_changed;
    s.target_reached += r.success;
  }
  const double reports = std::max<double>(1.0, static_cast<double>(set.reports.size()));
  s.mean_steps /= reports;
  s.label_changed /= reports;
  s.target_reached /= reports;
  return s;
}

double l1_at_map(std::vector<SweepPoint> curve, double map) {
  std::sort(curve.begin(), curve.end(), [](const SweepPoint& a, const SweepPoint& b) { return a.map < b.map; });
  for (size_t i = 0; i < curve.size(); ++i) {
    if (curve[i].map == map) return curve[i].mean_l1;
    if (i + 1 < curve.size() && curve[i].map < map && map < curve[i + 1].map) {
      const double t = (map - curve[i].map) / (curve[i + 1].map - curve[i].map);
      return curve[i].mean_l1 + t * (curve[i + 1].mean_l1 - curve[i].mean_l1);
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace recessive
