// Distortion between original and perturbed images (N,C,H,W) in [0,1], per image (N) as double:
// PSNR in dB (peak 1; +inf when identical), L-inf and mean absolute difference (L1 per value), both on
// the 0-255 scale. Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

at::Tensor psnr_db(const at::Tensor& original, const at::Tensor& perturbed);
at::Tensor linf_255(const at::Tensor& original, const at::Tensor& perturbed);
at::Tensor mean_l1_255(const at::Tensor& original, const at::Tensor& perturbed);

}  // namespace recessive
