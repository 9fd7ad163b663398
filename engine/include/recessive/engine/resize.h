// Differentiable resizing between a photo's resolution and a model's input resolution.
// Down: area averaging (adaptive average pooling), valid for any ratio on CPU and CUDA (CUDA's
// antialiased bilinear refuses e.g. 12 MP -> 32 px). Up: bilinear, used to lift a low-resolution
// gradient or perturbation smoothly to full resolution (no 8x8-block artefacts). Stateless.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

// (N,C,H,W) -> (N,C,size,size) by area averaging; identity when already that size.
at::Tensor resize_to_square(const at::Tensor& images, int64_t size);

// (N,C,h,w) -> (N,C,height,width) bilinear (align_corners=false); identity when already that size.
at::Tensor upsample_smooth(const at::Tensor& images, int64_t height, int64_t width);

}  // namespace recessive
