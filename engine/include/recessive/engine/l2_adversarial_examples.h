// L2 projected gradient ascent on a batch, for adversarial training of transfer surrogates ("a little
// robustness": Springer et al. 2021; Zhang et al., "Why Does Little Robustness Help?", 2024). Each sample moves
// by `steps` steps of 2.5 * radius / steps along its own L2-normalised gradient of `loss_of(batch)`, projected
// back onto its L2 ball of `radius` around the original and onto [0, 1]. Pixels are in [0, 1]; a mean PSNR of
// 35 dB on a 32x32 colour image is an L2 distance of about 0.99. Returns a detached batch; leaves the
// parameters' gradients as they were.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>

namespace recessive {

at::Tensor l2_adversarial_examples(const std::function<at::Tensor(const at::Tensor&)>& loss_of, const at::Tensor& x,
                                   double radius, int64_t steps);

}  // namespace recessive
