#include "recessive/engine/ensemble_attack.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>

#include "recessive/engine/live_images.h"
#include "recessive/engine/per_sample_norm.h"
#include "recessive/engine/recessive_step.h"
#include "recessive/engine/resize.h"

namespace recessive {
namespace {

// Input diversity, one draw per batch: shrink to r in [size - shrink, size] and zero-pad back to size at offset
// (top, left). r == size leaves the input as it is (and draws no offset).
struct DiversityDraw {
  int64_t size, r, top = 0, left = 0;
};

DiversityDraw draw_diversity(int64_t size, int64_t shrink, std::mt19937_64& rng) {
  DiversityDraw draw{size, std::uniform_int_distribution<int64_t>(std::max<int64_t>(1, size - shrink), size)(rng)};
  if (draw.r == size) return draw;
  draw.top = std::uniform_int_distribution<int64_t>(0, size - draw.r)(rng);
  draw.left = std::uniform_int_distribution<int64_t>(0, size - draw.r)(rng);
  return draw;
}

at::Tensor diverse_input(const at::Tensor& low, const DiversityDraw& d) {
  if (d.r == d.size) return low;
  namespace F = torch::nn::functional;
  auto small = F::interpolate(low, F::InterpolateFuncOptions().size(std::vector<int64_t>{d.r, d.r})
                                       .mode(torch::kBilinear).align_corners(false));
  return F::pad(small, F::PadFuncOptions({d.left, d.size - d.r - d.left, d.top, d.size - d.r - d.top}));
}

// Per-channel Gaussian blur of a gradient (N,3,H,W), kernel radius ceil(2 sigma), zero padding.
at::Tensor blur_gradient(const at::Tensor& r, double sigma) {
  const int64_t radius = static_cast<int64_t>(std::ceil(2.0 * sigma));
  auto t = torch::arange(-radius, radius + 1, r.options()).pow(2).div(-2.0 * sigma * sigma).exp();
  t = t / t.sum();
  const int64_t channels = r.size(1), width = 2 * radius + 1;
  auto kernel = t.view({width, 1}).matmul(t.view({1, width})).expand({channels, 1, width, width}).contiguous();
  namespace F = torch::nn::functional;
  return F::conv2d(r, kernel, F::Conv2dFuncOptions().padding(radius).groups(channels));
}

}  // namespace

EnsembleOptions ensemble_options(const RecessiveOptions& single) {
  EnsembleOptions options;
  options.lambda = single.lambda;
  options.max_steps = single.max_steps;
  options.max_step_l2 = single.max_step_l2;
  options.max_linf = single.max_linf;
  options.min_psnr_db = single.min_psnr_db;
  options.overshoot_steps = single.overshoot_steps;
  options.max_source_share = single.max_source_share;
  options.until_target = single.until_target;
  options.neighbourhood_temperature = single.neighbourhood_temperature;
  options.seed = single.seed;
  options.gradient_views = single.gradient_views;
  return options;
}

AttackResult ensemble_attack(const std::vector<HashingModel*>& models, const at::Tensor& images,
                             const EnsembleOptions& options,
                             const std::vector<std::vector<HashingModel*>>& vicinities) {
  if (models.empty()) throw std::invalid_argument("ensemble_attack needs at least one model");
  const int64_t size = models[0]->net->input_size();
  for (auto* m : models)
    if (m->net->input_size() != size) throw std::invalid_argument("ensemble models must share one input size");
  if (vicinities.size() > models.size()) throw std::invalid_argument("more weight vicinities than ensemble models");
  for (const auto& vicinity : vicinities)
    for (auto* snapshot : vicinity) {
      if (snapshot->net->input_size() != size) throw std::invalid_argument("snapshots must share the input size");
      snapshot->net->eval();
    }
  const auto start_time = std::chrono::steady_clock::now();
  auto start = begin_attack(*models[0], images, options.seed, 0.0);
  const auto& target = start.target;
  std::vector<at::Tensor> sources = {start.source}, betas = {start.beta};
  for (size_t i = 1; i < models.size(); ++i) {
    torch::NoGradGuard no_grad;
    models[i]->net->eval();
    auto h = models[i]->logits(start.original);
    sources.push_back(models[i]->index.retrieval_labels(binarize(h), models[i]->retrieval_k));
    betas.push_back(relaxation_beta(h, 0.0));
  }
  std::mt19937_64 rng(options.seed * 7919 + 17);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  auto noise_rng = at::detail::createCPUGenerator(options.seed * 104729 + 3);  // input noise
  const int64_t draws = std::max<int64_t>(1, options.draws);
  const auto n = images.size(0);
  auto x = start.original.clone();
  auto steps = torch::zeros({n}, torch::kInt64);
  StopTracker tracker(n, options.overshoot_steps);
  auto velocity = options.momentum > 0 ? torch::zeros({n, 3, size, size}, x.options()) : at::Tensor();  // momentum's g_m
  const StepRule rule{options.lambda, options.max_step_l2, options.max_linf, options.min_psnr_db};
  LiveImages live(n, x.device());
  const auto original_low = options.feature_weight > 0 ? resize_to_square(start.original, size).detach() : at::Tensor();
  for (int64_t m = 0; m < options.max_steps; ++m) {
    const auto x_live = live.of(x), target_live = live.of(target);
    auto low = resize_to_square(x_live, size).detach();
    at::Tensor active;
    {
      torch::NoGradGuard no_grad;
      auto fooled = torch::ones({live.count()}, torch::kBool).to(x.device());  // the stop rule: every model fooled
      for (size_t i = 0; i < models.size(); ++i) {
        fooled = fooled & stop_rule_holds(*models[i], binarize(models[i]->net->forward(low)), live.of(sources[i]),
                                          target_live, options.until_target, options.max_source_share);
      }
      active = tracker.stepping(live.stopped_of_all(fooled));
    }
    if (!active.any().item<bool>()) break;
    const auto active_live = live.of(active);
    // The gradient of the members' summed gaps at `point` (the live images at the models' input size).
    const auto gradient_at = [&](const at::Tensor& point) {
      auto variable = point.detach().requires_grad_(true);
      at::Tensor total;
      for (size_t i = 0; i < models.size(); ++i) {
        const bool in_vicinity = i < vicinities.size() && !vicinities[i].empty();
        auto& gradient_model = in_vicinity ? *vicinities[i][m % vicinities[i].size()] : *models[i];
        auto& net = *gradient_model.net;
        for (int64_t d = 0; d < draws; ++d) {
          const bool diverse = options.diversity > 0 && coin(rng) < options.diversity;
          // No draw: the input unchanged. The original's features below see the same draw.
          const auto draw = diverse ? draw_diversity(size, options.diversity_shrink, rng) : DiversityDraw{size, size};
          auto input = diverse_input(variable, draw);
          if (options.input_noise > 0)
            input = input + at::randn(input.sizes(), noise_rng, torch::kFloat).to(input.device()) * options.input_noise;
          const auto mid = net.mid_features(input);  // run once for both terms
          auto gap = retrieval_score_gap_of_logits(gradient_model, net.logits_from_mid(mid), live.of(sources[i]),
                                                   target_live, live.of(betas[i]), options.neighbourhood_temperature,
                                                   options.target_weight)
                         .sum();
          if (options.feature_weight > 0) {
            at::Tensor reference_mid;
            {
              torch::NoGradGuard no_grad;
              reference_mid = net.mid_features(diverse_input(live.of(original_low), draw));
            }
            gap = gap + options.feature_weight * relative_feature_distance(mid, reference_mid).sum();
          }
          gap = gap / static_cast<double>(draws);
          total = total.defined() ? total + gap : gap;
        }
      }
      return torch::autograd::grad({total}, {variable})[0];
    };
    auto r = gradient_at(low);
    if (options.gradient_views)
      for (const auto& view : options.gradient_views(x_live))
        r = r + gradient_at(resize_to_square(view.to(x.device()), size));
    if (options.smoothing_sigma > 0) r = blur_gradient(r, options.smoothing_sigma);
    if (options.momentum > 0) {
      torch::NoGradGuard no_grad;
      auto v = options.momentum * live.of(velocity) + r / per_sample_norm(r, 1);
      live.put(velocity, v);
      r = v * (per_sample_norm(r) / per_sample_norm(v));  // momentum's direction, the gradient's norm (Fig. 2's step size)
    }
    live.put(x, take_recessive_step(x_live, live.of(start.original), r, active_live, rule));
    steps += active.cpu().to(torch::kInt64);
    live.keep(active_live);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  for (int64_t i = 0; i < n; ++i) start.reports[i].steps = steps[i].item<int64_t>();
  finish_reports(*models[0], start.original, start.original_codes, x, seconds, start.reports);
  return {x, start.reports, start.original_codes};
}

}  // namespace recessive
