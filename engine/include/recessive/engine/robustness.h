// Image transforms an adversary (or a social network) may apply to a protected image before hashing it, for the
// paper's robustness test (Fig. 8). The engine holds the codec-free ones (bit-depth reduction); the JPEG round trip
// needs a codec and lives in recessive::imaging (jpeg_roundtrip.h). Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <string>

namespace recessive {

// An image transform on uint8 (N,3,H,W) CPU images returning uint8 images of the same shape.
struct ImageTransform {
  std::string name;  // for reports: "jpeg q75", "4-bit"
  std::function<at::Tensor(const at::Tensor& images_u8)> apply;
};

// Bit-depth reduction to `bits` (1..8) per channel: x in [0,1] -> round(x*(2^b-1))/(2^b-1), returned on the 0-255
// scale rounded to uint8. Throws std::invalid_argument for bits outside 1..8.
at::Tensor reduce_bit_depth(const at::Tensor& images_u8, int bits);
ImageTransform bit_depth_transform(int bits);

}  // namespace recessive
