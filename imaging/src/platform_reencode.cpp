#include "recessive/imaging/platform_reencode.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace recessive::imaging {

std::string PlatformReencode::name() const {
  const std::string jpeg = "jpeg q" + std::to_string(quality);
  return long_side > 0 ? std::to_string(long_side) + " px + " + jpeg : jpeg;
}

at::Tensor platform_reencode(const at::Tensor& rgb, const PlatformReencode& platform) {
  if (rgb.dim() != 3 || rgb.size(0) != 3) throw std::invalid_argument("platform_reencode expects RGB (3,H,W)");
  if (platform.quality < 1 || platform.quality > 100) throw std::invalid_argument("JPEG quality must be 1..100");
  Image image;
  image.rgb = rgb.detach().to(torch::kCPU, torch::kFloat32);
  image.format = ImageFormat::jpeg;
  const auto h = image.rgb.size(1), w = image.rgb.size(2);
  if (platform.long_side > 0 && std::max(h, w) > platform.long_side) {
    const double scale = double(platform.long_side) / double(std::max(h, w));
    const std::vector<int64_t> size = {std::max<int64_t>(1, std::llround(double(h) * scale)),
                                       std::max<int64_t>(1, std::llround(double(w) * scale))};
    namespace F = torch::nn::functional;
    image.rgb = F::adaptive_avg_pool2d(image.rgb.unsqueeze(0), F::AdaptiveAvgPool2dFuncOptions(size))[0];
  }
  EncodeOptions encode;
  encode.jpeg_quality = platform.quality;
  return decode_image(encode_image(image, encode)).rgb;
}

}  // namespace recessive::imaging
