// One step of the paper's algorithm and its stop bookkeeping, shared by the single-model and ensemble attacks.
// Step: r'_m = lambda * r / ||r||^2 at the model's input size (its L2 norm capped), lifted bilinearly to the
// image's resolution and added to the images still stepping; then the optional budgets (L-inf box, PSNR floor as
// an L2 ball around X_0) and the [0,1] range are enforced, in that order.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

struct StepRule {
  double lambda = 0.05;
  double max_step_l2 = 0.25;  // cap on ||r'_m||_2 at the input size, [0,1] units; <= 0: none
  double max_linf = 0.0;      // keep |X - X_0| <= max_linf; <= 0: off
  double min_psnr_db = 0.0;   // keep PSNR(X, X_0) >= this (peak 1) by scaling X - X_0 back; <= 0: off
};

// x, original: (N,3,H,W); r: gradient (N,3,S,S) at the input size; stepping: (N) bool. Returns the new images.
at::Tensor take_recessive_step(const at::Tensor& x, const at::Tensor& original, const at::Tensor& r,
                               const at::Tensor& stepping, const StepRule& rule);

// Which images take another step. An image whose stop rule holds keeps stepping for `overshoot` more steps
// (moving its code from the edge of the new class's region into it) and stops once the rule has held before
// each of those steps; if the rule stops holding meanwhile, the count starts again.
class StopTracker {
 public:
  StopTracker(int64_t n, int64_t overshoot);
  // stopped: (N) bool, any device: the stop rule now. Returns (N) bool on the same device: step again.
  at::Tensor stepping(const at::Tensor& stopped);

 private:
  at::Tensor settled_;  // (N) int64 CPU: steps taken while the rule held, consecutively
  int64_t overshoot_;
};

}  // namespace recessive
