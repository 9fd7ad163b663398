#include "recessive/engine/attack.h"

#include <torch/torch.h>

#include <limits>

#include "recessive/engine/image_quality.h"
#include "recessive/engine/metrics.h"

namespace recessive {

at::Tensor pick_wrong_labels(const at::Tensor& labels, int64_t num_classes, uint64_t seed,
                             const at::Tensor& prototypes) {
  auto gen = at::detail::createCPUGenerator(seed);
  auto source = labels.to(torch::kCPU);
  auto picked = torch::empty_like(source);
  auto protos = prototypes.defined() ? prototypes.to(torch::kCPU) : at::Tensor();
  for (int64_t i = 0; i < source.size(0); ++i) {
    const auto l = source[i].item<int64_t>();
    std::vector<int64_t> candidates, distinct;
    for (int64_t c = 0; c < num_classes; ++c) {
      if (c == l) continue;
      candidates.push_back(c);
      if (protos.defined() && !torch::equal(protos[c], protos[l])) distinct.push_back(c);
    }
    const auto& pool = distinct.empty() ? candidates : distinct;
    const auto choice = torch::randint(0, static_cast<int64_t>(pool.size()), {1}, gen, torch::kInt64).item<int64_t>();
    picked[i] = pool[choice];
  }
  return picked.to(labels.device());
}

at::Tensor nearest_wrong_labels(const at::Tensor& real_codes, const at::Tensor& labels, const at::Tensor& prototypes,
                                const at::Tensor& beta) {
  torch::NoGradGuard no_grad;
  auto scores = torch::tanh(beta.view({-1, 1}) * real_codes).matmul(prototypes.t());  // (N,C)
  auto own = prototypes.index_select(0, labels);                                      // (N,bits)
  auto same = (prototypes.unsqueeze(0) == own.unsqueeze(1)).all(2);                   // (N,C): l itself included
  auto masked = scores.masked_fill(same, -std::numeric_limits<float>::infinity());
  auto nearest = masked.argmax(1);
  // Every other class shares l's prototype: fall back to any other label.
  auto fallback = (labels + 1) % prototypes.size(0);
  return torch::where(same.all(1), fallback, nearest);
}

std::pair<at::Tensor, at::Tensor> retrieval_score_gap(HashingModel& model, const at::Tensor& low,
                                                      const at::Tensor& source, const at::Tensor& target,
                                                      const at::Tensor& beta, double neighbourhood_temperature,
                                                      double target_weight) {
  auto h = model.net->logits(low);
  return {retrieval_score_gap_of_logits(model, h, source, target, beta, neighbourhood_temperature, target_weight), h};
}

at::Tensor retrieval_score_gap_of_logits(HashingModel& model, const at::Tensor& h, const at::Tensor& source,
                                         const at::Tensor& target, const at::Tensor& beta,
                                         double neighbourhood_temperature, double target_weight) {
  auto relaxed = torch::tanh(beta.view({-1, 1}) * h);
  if (neighbourhood_temperature <= 0) {
    const auto& prototypes = model.index.prototypes();
    auto direction = target_weight * prototypes.index_select(0, target) - prototypes.index_select(0, source);  // w c_l' - c_l
    return (direction * relaxed).sum(1) / static_cast<double>(model.bits());
  }
  auto shares = model.index.soft_label_shares(relaxed, neighbourhood_temperature);  // (N,C)
  return target_weight * shares.gather(1, target.view({-1, 1})).squeeze(1) - shares.gather(1, source.view({-1, 1})).squeeze(1);
}

at::Tensor relative_feature_distance(const at::Tensor& mid, const at::Tensor& reference_mid) {
  const auto ref = reference_mid.flatten(1);
  return (mid.flatten(1) - ref).pow(2).sum(1) / ref.pow(2).sum(1).clamp_min(1e-12);
}

at::Tensor stop_rule_holds(const HashingModel& model, const at::Tensor& codes, const at::Tensor& source,
                           const at::Tensor& target, bool until_target, double max_source_share,
                           double max_source_ap, int64_t source_ap_k) {
  torch::NoGradGuard no_grad;
  const auto shares = model.index.label_shares(codes, model.retrieval_k);
  const auto labels = shares.argmax(1);
  auto holds = until_target ? labels == target : labels != source;
  if (max_source_share > 0) holds = holds & (shares.gather(1, source.view({-1, 1})).squeeze(1) <= max_source_share);
  if (max_source_ap > 0) {
    const auto ap = average_precision_at_k(codes, source, model.index.codes(), model.index.labels(), source_ap_k);
    holds = holds & (ap <= max_source_ap).to(holds.device());
  }
  return holds;
}

at::Tensor relaxation_beta(const at::Tensor& original_codes, double beta) {
  if (beta > 0) return torch::full({original_codes.size(0)}, beta, original_codes.options());
  return 1.0 / original_codes.detach().abs().mean(1).clamp_min(1e-3);
}

AttackStart begin_attack(HashingModel& model, const at::Tensor& images, uint64_t seed, double beta, bool nearest_target) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "attack expects images (N,3,H,W), got ", images.sizes());
  model.net->eval();
  AttackStart start;
  start.original = images.to(torch::kFloat32).detach();
  at::Tensor real_codes;
  {
    torch::NoGradGuard no_grad;
    // The only forward pass of the original; logits (hashing_net.h) have the codes' signs.
    real_codes = model.logits(start.original);
  }
  start.original_codes = binarize(real_codes);
  start.source = model.index.retrieval_labels(start.original_codes, model.retrieval_k);
  start.beta = relaxation_beta(real_codes, beta);
  start.target = nearest_target ? nearest_wrong_labels(real_codes, start.source, model.index.prototypes(), start.beta)
                                : pick_wrong_labels(start.source, model.index.num_classes(), seed, model.index.prototypes());
  start.reports.resize(static_cast<size_t>(images.size(0)));
  auto source_cpu = start.source.cpu(), target_cpu = start.target.cpu();
  for (int64_t i = 0; i < images.size(0); ++i) {
    start.reports[i].label_before = source_cpu[i].item<int64_t>();
    start.reports[i].target_label = target_cpu[i].item<int64_t>();
  }
  return start;
}

void finish_reports(HashingModel& model, const at::Tensor& original, const at::Tensor& original_codes,
                    const at::Tensor& perturbed, double seconds, std::vector<AttackReport>& reports) {
  torch::NoGradGuard no_grad;
  const auto& before = original_codes;
  auto after = binarize(model.codes(perturbed));
  auto labels_after = model.index.retrieval_labels(after, model.retrieval_k).cpu();
  auto hamming = (before != after).sum(1).cpu();
  auto psnr = psnr_db(original, perturbed), linf = linf_255(original, perturbed), l1 = mean_l1_255(original, perturbed);
  const double per_image = seconds / std::max<size_t>(1, reports.size());
  for (size_t i = 0; i < reports.size(); ++i) {
    auto& r = reports[i];
    const auto ii = static_cast<int64_t>(i);
    r.label_after = labels_after[ii].item<int64_t>();
    r.success = r.label_after == r.target_label;
    r.label_changed = r.label_after != r.label_before;
    r.hamming = hamming[ii].item<int64_t>();
    r.psnr = psnr[ii].item<double>();
    r.linf = linf[ii].item<double>();
    r.l1 = l1[ii].item<double>();
    r.seconds = per_image;
  }
}

}  // namespace recessive
