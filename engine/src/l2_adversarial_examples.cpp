#include "recessive/engine/l2_adversarial_examples.h"

#include <stdexcept>

#include "recessive/engine/per_sample_norm.h"

namespace recessive {

at::Tensor l2_adversarial_examples(const std::function<at::Tensor(const at::Tensor&)>& loss_of, const at::Tensor& x,
                                   double radius, int64_t steps) {
  if (radius < 0 || steps < 1) throw std::invalid_argument("l2_adversarial_examples: radius >= 0 and steps >= 1");
  const auto original = x.detach();
  if (radius == 0) return original.clone();
  const double step_size = 2.5 * radius / static_cast<double>(steps);
  auto adv = original.clone();
  for (int64_t s = 0; s < steps; ++s) {
    auto input = adv.clone().requires_grad_(true);
    // torch::autograd::grad leaves the parameters' .grad untouched.
    auto grad = torch::autograd::grad({loss_of(input)}, {input})[0].detach();
    adv = adv + step_size * grad / per_sample_norm(grad);
    auto delta = adv - original;
    delta = delta * (radius / per_sample_norm(delta)).clamp_max(1.0);
    adv = (original + delta).clamp(0.0, 1.0);
  }
  return adv;
}

}  // namespace recessive
