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

at::Tensor ssim(const at::Tensor& original, const at::Tensor& perturbed) {
  auto x = original.to(torch::kFloat64), y = perturbed.to(torch::kFloat64);
  const int64_t n = x.size(0), c = x.size(1);
  const int64_t size = std::min<int64_t>({11, x.size(2), x.size(3)});
  auto g = torch::arange(size, torch::kFloat64).sub((size - 1) / 2.0).pow(2).div(-2.0 * 1.5 * 1.5).exp();
  g = g / g.sum();
  auto window = torch::outer(g, g).view({1, 1, size, size}).expand({c, 1, size, size}).to(x.device());
  auto blur = [&](const at::Tensor& t) { return torch::conv2d(t, window, at::Tensor(), at::IntArrayRef{1, 1}, at::IntArrayRef{0, 0}, at::IntArrayRef{1, 1}, c); };
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  const auto mx = blur(x), my = blur(y);
  const auto sxx = blur(x * x) - mx * mx;
  const auto syy = blur(y * y) - my * my;
  const auto sxy = blur(x * y) - mx * my;
  auto map = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
  return map.view({n, -1}).mean(1).cpu();
}

}  // namespace recessive
