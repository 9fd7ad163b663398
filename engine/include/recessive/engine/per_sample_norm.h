// The Lp norm of each sample of a batch (N, ...), shaped (N, 1, 1, 1) to broadcast over (N, C, H, W) images and
// floored at 1e-20 so that dividing by it is safe. Shared by the attacks' steps and adversarial training.
#pragma once

#include <ATen/ATen.h>

namespace recessive {

inline at::Tensor per_sample_norm(const at::Tensor& t, double p = 2) {
  return t.flatten(1).norm(p, 1).clamp_min(1e-20).view({t.size(0), 1, 1, 1});
}

}  // namespace recessive
