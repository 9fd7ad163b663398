#include "recessive/engine/robustness.h"

#include <torch/torch.h>

#include <stdexcept>

namespace recessive {

at::Tensor reduce_bit_depth(const at::Tensor& images_u8, int bits) {
  if (bits < 1 || bits > 8) throw std::invalid_argument("bit depth must be 1..8, got " + std::to_string(bits));
  const double levels = static_cast<double>((1 << bits) - 1);
  auto x = images_u8.to(torch::kFloat64).div(255.0);
  return x.mul(levels).round().div(levels).mul(255.0).round().clamp(0, 255).to(torch::kUInt8);
}

ImageTransform bit_depth_transform(int bits) {
  return {std::to_string(bits) + "-bit", [bits](const at::Tensor& images) { return reduce_bit_depth(images, bits); }};
}

}  // namespace recessive
