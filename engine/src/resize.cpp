#include "recessive/engine/resize.h"

#include <torch/torch.h>

namespace recessive {
namespace F = torch::nn::functional;

at::Tensor resize_to_square(const at::Tensor& images, int64_t size) {
  if (images.size(2) == size && images.size(3) == size) return images;
  auto x = images;
  // Area-downscale in stages of at most 8x per side, then exactly to `size`: keeps each pooling window small.
  while (x.size(2) > size * 8 || x.size(3) > size * 8) {
    const int64_t h = std::max(size, (x.size(2) + 7) / 8), w = std::max(size, (x.size(3) + 7) / 8);
    x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({h, w}));
  }
  if (x.size(2) < size || x.size(3) < size)  // small input: upsample to the model size
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{size, size})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
  return F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({size, size}));
}

at::Tensor upsample_smooth(const at::Tensor& images, int64_t height, int64_t width) {
  if (images.size(2) == height && images.size(3) == width) return images;
  return F::interpolate(images, F::InterpolateFuncOptions()
                                    .size(std::vector<int64_t>{height, width})
                                    .mode(torch::kBilinear)
                                    .align_corners(false));
}

}  // namespace recessive
