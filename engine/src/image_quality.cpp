#include "recessive/engine/image_quality.h"

#include <torch/torch.h>

namespace recessive {

at::Tensor psnr_db(const at::Tensor& original, const at::Tensor& perturbed) {
  auto mse = (original.to(torch::kFloat64) - perturbed.to(torch::kFloat64)).pow(2).flatten(1).mean(1);
  return (-10.0 * torch::log10(mse)).cpu();  // mse 0 -> +inf
}

at::Tensor linf_255(const at::Tensor& original, const at::Tensor& perturbed) {
  return std::get<0>((original.to(torch::kFloat64) - perturbed.to(torch::kFloat64)).abs().flatten(1).max(1)).mul(255.0).cpu();
}

at::Tensor mean_l1_255(const at::Tensor& original, const at::Tensor& perturbed) {
  return (original.to(torch::kFloat64) - perturbed.to(torch::kFloat64)).abs().flatten(1).mean(1).mul(255.0).cpu();
}

}  // namespace recessive
