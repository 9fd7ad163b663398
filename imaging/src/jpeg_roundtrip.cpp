#include "recessive/imaging/jpeg_roundtrip.h"

#include <torch/torch.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <vector>

#include "recessive/engine/dataset.h"

namespace recessive::imaging {

at::Tensor jpeg_roundtrip(const at::Tensor& images_u8, int quality) {
  if (images_u8.dim() != 4 || images_u8.size(1) != 3 || images_u8.scalar_type() != torch::kUInt8)
    throw std::invalid_argument("jpeg_roundtrip expects uint8 (N,3,H,W) images");
  if (quality < 1 || quality > 100) throw std::invalid_argument("JPEG quality must be 1..100");
  const int64_t n = images_u8.size(0), h = images_u8.size(2), w = images_u8.size(3);
  auto hwc = images_u8.cpu().permute({0, 2, 3, 1}).contiguous();  // (N,H,W,3) RGB
  auto out = torch::empty_like(hwc);
  const std::vector<int> params = {cv::IMWRITE_JPEG_QUALITY, quality};
  for (int64_t i = 0; i < n; ++i) {
    cv::Mat rgb(static_cast<int>(h), static_cast<int>(w), CV_8UC3, hwc[i].data_ptr<uint8_t>());
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uint8_t> bytes;
    if (!cv::imencode(".jpg", bgr, bytes, params)) throw std::runtime_error("OpenCV could not encode a JPEG");
    cv::Mat decoded = cv::imdecode(bytes, cv::IMREAD_COLOR);
    if (decoded.empty() || decoded.rows != h || decoded.cols != w)
      throw std::runtime_error("OpenCV could not decode its own JPEG");
    cv::Mat back(static_cast<int>(h), static_cast<int>(w), CV_8UC3, out[i].data_ptr<uint8_t>());
    cv::cvtColor(decoded, back, cv::COLOR_BGR2RGB);
  }
  return out.permute({0, 3, 1, 2}).contiguous();
}

ImageTransform jpeg_transform(int quality) {
  return {"jpeg q" + std::to_string(quality),
          [quality](const at::Tensor& images) { return jpeg_roundtrip(images, quality); }};
}

std::vector<at::Tensor> saved_and_jpeg_views(const at::Tensor& images, int quality) {
  const auto u8 = to_uint8(images);
  return {to_unit_float(u8, images.device()), to_unit_float(jpeg_roundtrip(u8, quality), images.device())};
}

}  // namespace recessive::imaging
