#include "recessive/engine/recessive_attack.h"

#include <torch/torch.h>

#include <chrono>

#include "recessive/engine/live_images.h"
#include "recessive/engine/recessive_step.h"
#include "recessive/engine/resize.h"

namespace recessive {

AttackResult recessive_attack(HashingModel& model, const at::Tensor& images, const RecessiveOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto [original, original_codes, source, target, beta, reports] = begin_attack(model, images, options.seed, options.beta,
                                                                                options.nearest_target);
  const auto n = images.size(0), size = model.net->input_size();
  auto x = original.clone();
  auto steps = torch::zeros({n}, torch::kInt64);
  StopTracker tracker(n, options.overshoot_steps);
  const StepRule rule{options.lambda, options.max_step_l2, options.max_linf, options.min_psnr_db};
  LiveImages live(n, x.device());
  for (int64_t m = 0; m < options.max_steps; ++m) {
    const auto x_live = live.of(x), source_live = live.of(source), target_live = live.of(target);
    const auto beta_live = live.of(beta);
    auto low = resize_to_square(x_live, size).detach().requires_grad_(true);
    auto [gap, h] = retrieval_score_gap(model, low, source_live, target_live, beta_live,
                                        options.neighbourhood_temperature);
    const auto stop_holds = [&](const at::Tensor& codes) {
      return stop_rule_holds(model, codes, source_live, target_live, options.until_target, options.max_source_share,
                             options.max_source_ap);
    };
    auto holds = stop_holds(binarize(h.detach()));
    if (options.stop_views && holds.any().item<bool>()) {
      torch::NoGradGuard no_grad;
      for (const auto& view : options.stop_views(x_live, m))
        holds = holds & stop_holds(binarize(model.codes(view.to(x_live.device()))));
    }
    const auto active = tracker.stepping(live.stopped_of_all(holds));
    if (!active.any().item<bool>()) break;
    const auto active_live = live.of(active);
    auto r = torch::autograd::grad({gap.sum()}, {low})[0];  // per-image gradients: images are independent
    if (options.gradient_views) {
      const auto active_x = x_live.index({active_live}), active_source = source_live.index({active_live});
      const auto active_target = target_live.index({active_live}), active_beta = beta_live.index({active_live});
      for (const auto& view : options.gradient_views(active_x)) {
        auto view_low = resize_to_square(view.to(x_live.device()), size).detach().requires_grad_(true);
        auto view_gap = retrieval_score_gap(model, view_low, active_source, active_target, active_beta,
                                            options.neighbourhood_temperature).first;
        r.index_put_({active_live}, r.index({active_live}) + torch::autograd::grad({view_gap.sum()}, {view_low})[0]);
      }
    }
    live.put(x, take_recessive_step(x_live, live.of(original), r, active_live, rule));
    steps += active.cpu().to(torch::kInt64);
    live.keep(active_live);
    if (options.on_step && !options.on_step(m + 1)) break;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (int64_t i = 0; i < n; ++i) reports[i].steps = steps[i].item<int64_t>();
  finish_reports(model, original, original_codes, x, seconds, reports);
  return {x, reports, original_codes};
}

}  // namespace recessive
