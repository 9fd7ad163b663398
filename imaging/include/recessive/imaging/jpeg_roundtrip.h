// JPEG compression as an image transform (the paper's robustness test, Fig. 8): each image is encoded as a baseline
// JPEG at `quality` with OpenCV (4:2:0 chroma subsampling, libjpeg defaults) and decoded back. Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

#include "recessive/engine/robustness.h"

namespace recessive::imaging {

// uint8 (N,3,H,W) RGB, CPU -> uint8 (N,3,H,W) after a JPEG round trip at quality 1..100.
// Throws std::invalid_argument for other shapes/dtypes or qualities, std::runtime_error if OpenCV fails.
at::Tensor jpeg_roundtrip(const at::Tensor& images_u8, int quality);
ImageTransform jpeg_transform(int quality);  // named "jpeg qQ"

// Float [0,1] images (N,3,H,W) on any device -> {the images rounded to 8 bits, those after a JPEG round trip at
// `quality`}, float [0,1] on the images' device: the views an attack checks (recessive_attack.h stop_views) and
// climbs (gradient_views, the second) so that the saved copy and its JPEG re-encode stay protected.
std::vector<at::Tensor> saved_and_jpeg_views(const at::Tensor& images, int quality);

}  // namespace recessive::imaging
