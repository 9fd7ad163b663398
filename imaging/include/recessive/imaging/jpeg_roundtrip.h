// JPEG compression as an image transform (the paper's robustness test, Fig. 8): each image is encoded as a baseline
// JPEG at `quality` with OpenCV (4:2:0 chroma subsampling, libjpeg defaults) and decoded back. Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

#include "recessive/engine/robustness.h"

namespace recessive::imaging {

// uint8 (N,3,H,W) RGB, CPU -> uint8 (N,3,H,W) after a JPEG round trip at quality 1..100.
// Throws std::invalid_argument for other shapes/dtypes or qualities, std::runtime_error if OpenCV fails.
at::Tensor jpeg_roundtrip(const at::Tensor& images_u8, int quality);
ImageTransform jpeg_transform(int quality);  // named "jpeg qQ"

}  // namespace recessive::imaging
