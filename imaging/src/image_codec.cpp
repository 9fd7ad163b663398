#include "recessive/imaging/image_codec.h"

#include <torch/torch.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>

#include "apply_orientation.h"
#include "container_walk.h"
#include "recessive/imaging/exif_orientation.h"

namespace recessive::imaging {
namespace {

[[noreturn]] void bad(const std::string& what) { throw ImageError(kBadImage, what); }

std::string dims(int64_t width, int64_t height) { return std::to_string(width) + "x" + std::to_string(height); }

void check_pixel_cap(const ImageHeader& header, int64_t max_pixels) {
  const int64_t pixels = int64_t{header.width} * int64_t{header.height};
  if (pixels > max_pixels) {
    throw ImageError(kTooLarge, format_name(header.format) + " image is " + dims(header.width, header.height) + " (" +
                                    std::to_string(pixels) + " pixels), above the limit of " +
                                    std::to_string(max_pixels) + " pixels");
  }
}

cv::Mat decode_pixels(const uint8_t* data, size_t size, const ImageHeader& header) {
  if (header.format == ImageFormat::jpeg && !detail::jpeg_has_end_of_image(detail::ByteSpan{data, size})) {
    bad("jpeg data is truncated (no end-of-image marker after the image data)");
  }
  cv::Mat decoded;
  try {
    // cv::imdecode only reads the buffer. IMREAD_UNCHANGED keeps alpha and 16-bit samples and makes OpenCV skip
    // its own EXIF rotation, so orientation is applied exactly once, by us.
    const cv::Mat encoded(1, int(size), CV_8UC1, const_cast<uint8_t*>(data));
    decoded = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    bad("could not decode " + format_name(header.format) + " data: " + e.what());
  }
  if (decoded.empty()) bad("could not decode " + format_name(header.format) + " data (corrupt or truncated)");
  if (decoded.cols != header.width || decoded.rows != header.height) {
    bad(format_name(header.format) + " header says " + dims(header.width, header.height) + " but the image data is " +
        dims(decoded.cols, decoded.rows));
  }
  if (decoded.depth() != CV_8U && decoded.depth() != CV_16U) bad("unsupported sample type in decoded image");
  if (decoded.channels() < 1 || decoded.channels() > 4) bad("unsupported channel count in decoded image");
  return decoded;
}

at::Tensor long_index(std::initializer_list<int64_t> values) {
  return torch::tensor(std::vector<int64_t>(values), torch::kLong);
}

}  // namespace

Image decode_image(const uint8_t* data, size_t size, const DecodeOptions& options) {
  const ImageHeader header = read_image_header(data, size);
  check_pixel_cap(header, options.max_pixels);
  if (size > size_t(std::numeric_limits<int>::max())) bad("image file is larger than 2 GiB");

  cv::Mat pixels = decode_pixels(data, size, header);
  detail::apply_exif_orientation(pixels, read_exif_orientation(data, size));

  Image image;
  image.format = header.format;
  image.bit_depth = pixels.depth() == CV_16U ? 16 : 8;
  cv::Mat unit;
  pixels.convertTo(unit, CV_32F, image.bit_depth == 16 ? 1.0 / 65535.0 : 1.0 / 255.0);
  pixels.release();

  const int64_t h = unit.rows, w = unit.cols, c = unit.channels();
  // (H,W,C) view of OpenCV's buffer -> (C,H,W); every result below is a fresh copy owned by the tensor.
  const at::Tensor planes = torch::from_blob(unit.ptr<float>(), {h, w, c}, torch::kFloat32).permute({2, 0, 1});
  switch (c) {
    case 1:  // grey
      image.rgb = planes.expand({3, h, w}).contiguous();
      break;
    case 2:  // grey + alpha
      image.rgb = planes.narrow(0, 0, 1).expand({3, h, w}).contiguous();
      image.alpha = planes.narrow(0, 1, 1).clone(at::MemoryFormat::Contiguous);
      break;
    case 3:  // BGR
      image.rgb = planes.index_select(0, long_index({2, 1, 0}));
      break;
    default:  // BGRA
      image.rgb = planes.index_select(0, long_index({2, 1, 0}));
      image.alpha = planes.narrow(0, 3, 1).clone(at::MemoryFormat::Contiguous);
      break;
  }
  return image;
}

Image decode_image(const std::vector<uint8_t>& bytes, const DecodeOptions& options) {
  return decode_image(bytes.data(), bytes.size(), options);
}

std::vector<uint8_t> encode_image(const Image& image, const EncodeOptions& options) {
  const at::Tensor& rgb = image.rgb;
  if (!rgb.defined() || rgb.dim() != 3 || rgb.size(0) != 3 || rgb.size(1) < 1 || rgb.size(2) < 1) {
    throw std::invalid_argument("encode_image: rgb must be a (3,H,W) tensor with H,W > 0");
  }
  if (!rgb.is_floating_point()) throw std::invalid_argument("encode_image: rgb must be floating point in [0,1]");
  const int64_t h = rgb.size(1), w = rgb.size(2);
  if (h > std::numeric_limits<int>::max() || w > std::numeric_limits<int>::max()) {
    throw std::invalid_argument("encode_image: image too large to encode");
  }
  if (image.alpha.defined() && (image.alpha.dim() != 3 || image.alpha.size(0) != 1 || image.alpha.size(1) != h ||
                                image.alpha.size(2) != w || !image.alpha.is_floating_point())) {
    throw std::invalid_argument("encode_image: alpha must be a floating (1,H,W) tensor matching rgb");
  }
  if (image.bit_depth != 8 && image.bit_depth != 16) {
    throw std::invalid_argument("encode_image: bit_depth must be 8 or 16");
  }

  std::string extension;
  std::vector<int> params;
  switch (image.format) {
    case ImageFormat::jpeg:
      if (options.jpeg_quality < 0 || options.jpeg_quality > 100) {
        throw std::invalid_argument("encode_image: jpeg_quality must be in 0..100");
      }
      extension = ".jpg";
      params = {cv::IMWRITE_JPEG_QUALITY, options.jpeg_quality};
      break;
    case ImageFormat::png:
      if (options.png_compression < 0 || options.png_compression > 9) {
        throw std::invalid_argument("encode_image: png_compression must be in 0..9");
      }
      extension = ".png";
      params = {cv::IMWRITE_PNG_COMPRESSION, options.png_compression};
      break;
    case ImageFormat::webp:
      if (options.webp_quality < 1 || options.webp_quality > 101) {
        throw std::invalid_argument("encode_image: webp_quality must be in 1..101");
      }
      extension = ".webp";
      params = {cv::IMWRITE_WEBP_QUALITY, options.webp_quality};
      break;
    default:
      throw std::invalid_argument("encode_image: invalid format");
  }

  const bool with_alpha = image.alpha.defined() && image.format != ImageFormat::jpeg;  // JPEG has no alpha
  const bool sixteen_bit = image.bit_depth == 16 && image.format == ImageFormat::png;
  const double max_value = sixteen_bit ? 65535.0 : 255.0;

  // OpenCV wants interleaved B,G,R(,A) samples.
  const auto to_cpu_float = [](const at::Tensor& t) { return t.detach().to(torch::kCPU, torch::kFloat32); };
  at::Tensor planes = to_cpu_float(rgb).index_select(0, long_index({2, 1, 0}));
  if (with_alpha) planes = torch::cat({planes, to_cpu_float(image.alpha)}, 0);
  const at::Tensor samples =
      planes.nan_to_num(0.0).clamp_(0.0, 1.0).mul_(max_value).round_().permute({1, 2, 0}).contiguous();

  const int channels = with_alpha ? 4 : 3;
  const cv::Mat unit(int(h), int(w), CV_32FC(channels), samples.data_ptr<float>());
  cv::Mat quantised;
  unit.convertTo(quantised, sixteen_bit ? CV_16U : CV_8U);  // exact: samples are already integral

  std::vector<uint8_t> out;
  bool ok = false;
  try {
    ok = cv::imencode(extension, quantised, out, params);
  } catch (const cv::Exception& e) {
    throw std::runtime_error("encode_image: " + format_name(image.format) + " encoder failed: " + e.what());
  }
  if (!ok || out.empty()) throw std::runtime_error("encode_image: " + format_name(image.format) + " encoder failed");
  return out;
}

std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path) {
  const auto fail = [&](const std::string& reason) {
    throw std::runtime_error("cannot read '" + path.string() + "': " + reason);
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("is a directory");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) fail(std::strerror(errno));

  std::vector<uint8_t> bytes;
  const auto expected = std::filesystem::file_size(path, ec);
  if (!ec) bytes.reserve(size_t(expected));
  uint8_t chunk[1 << 16];
  while (true) {
    const size_t n = std::fread(chunk, 1, sizeof(chunk), file);
    bytes.insert(bytes.end(), chunk, chunk + n);
    if (n < sizeof(chunk)) break;
  }
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) fail(std::strerror(error));
  return bytes;
}

void write_file_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path temp =
      path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                            std::to_string(counter.fetch_add(1)));
  const auto fail = [&](const std::string& reason) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw std::runtime_error("cannot write '" + path.string() + "': " + reason);
  };

  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) fail(std::strerror(errno));
  const bool written = (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size()) &&
                       std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int error = errno;
  if (std::fclose(file) != 0 || !written) fail(std::strerror(written ? errno : error));

  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) fail(ec.message());
}

}  // namespace recessive::imaging
