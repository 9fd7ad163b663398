#include "recessive/engine/recessive_step.h"

#include <torch/torch.h>

#include <cmath>

#include "recessive/engine/per_sample_norm.h"
#include "recessive/engine/resize.h"

namespace recessive {

at::Tensor take_recessive_step(const at::Tensor& x, const at::Tensor& original, const at::Tensor& r,
                               const at::Tensor& stepping, const StepRule& rule) {
  torch::NoGradGuard no_grad;
  const auto n = x.size(0);
  auto norm = per_sample_norm(r);
  auto denominator = norm * norm;  // ||r||^2, or lambda*||r||/cap where that step would exceed the cap
  if (rule.max_step_l2 > 0) denominator = torch::max(denominator, rule.lambda * norm / rule.max_step_l2);
  auto step = rule.lambda * r / denominator * stepping.to(r.dtype()).view({n, 1, 1, 1});
  // Kept as the change from X_0 and updated in place: at 12 MP every full-resolution temporary is 144 MB of fresh
  // pages, so the step makes only this one and the lifted step.
  auto delta = x - original;
  delta.add_(upsample_smooth(step, x.size(2), x.size(3)));
  if (rule.max_linf > 0) delta.clamp_(-rule.max_linf, rule.max_linf);
  if (rule.min_psnr_db > 0) {  // RMS(X - X_0) <= 10^(-PSNR/20) for peak 1
    const double max_rms = std::pow(10.0, -rule.min_psnr_db / 20.0);
    const auto rms = per_sample_norm(delta) / std::sqrt(static_cast<double>(x.size(1) * x.size(2) * x.size(3)));
    delta.mul_(max_rms / rms.clamp_min(max_rms));
  }
  return delta.add_(original).clamp_(0.0, 1.0);
}

StopTracker::StopTracker(int64_t n, int64_t overshoot)
    : settled_(torch::zeros({n}, torch::kInt64)), overshoot_(overshoot) {}

at::Tensor StopTracker::stepping(const at::Tensor& stopped) {
  const auto now = stopped.to(torch::kCPU, torch::kBool);
  settled_ = torch::where(now, settled_, torch::zeros_like(settled_));
  const auto step = now.logical_not().logical_or(settled_ < overshoot_);
  settled_ += (now & step).to(torch::kInt64);
  return step.to(stopped.device());
}

}  // namespace recessive
