// Distortion between original and perturbed images (N,C,H,W) in [0,1], per image (N) as double:
// PSNR in dB (peak 1; +inf when identical), L-inf and mean absolute difference (L1 per value), both on
// the 0-255 scale. Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

at::Tensor psnr_db(const at::Tensor& original, const at::Tensor& perturbed);
at::Tensor linf_255(const at::Tensor& original, const at::Tensor& perturbed);
at::Tensor mean_l1_255(const at::Tensor& original, const at::Tensor& perturbed);
// Mean SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, peak 1), per channel then
// averaged; windows are 'valid' (images smaller than 11 px use a window of their size). 1 when identical.
at::Tensor ssim(const at::Tensor& original, const at::Tensor& perturbed);

}  // namespace recessive
