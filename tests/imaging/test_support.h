// Test-only helpers for imaging_tests: hand-built byte streams (PNG chunks with CRC, stored-deflate PNGs, EXIF/TIFF
// blocks, JPEG APP1 segments, extended WebP containers), container inspectors and tensor/OpenCV conversions.
// Header-only, stateless apart from the temporary folders callers own.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace recessive::imaging::testing {

using Bytes = std::vector<uint8_t>;

inline Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

inline void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }
inline void append(Bytes& out, const std::string& more) { out.insert(out.end(), more.begin(), more.end()); }
inline void put_be16(Bytes& out, uint32_t v) { out.insert(out.end(), {uint8_t(v >> 8), uint8_t(v)}); }
inline void put_be32(Bytes& out, uint32_t v) {
  out.insert(out.end(), {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)});
}
inline void put_le16(Bytes& out, uint32_t v) { out.insert(out.end(), {uint8_t(v), uint8_t(v >> 8)}); }
inline void put_le24(Bytes& out, uint32_t v) { out.insert(out.end(), {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16)}); }
inline void put_le32(Bytes& out, uint32_t v) {
  out.insert(out.end(), {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)});
}

inline bool contains(const Bytes& haystack, const std::string& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

// CRC-32 (ISO-HDLC, as used by PNG), computed bitwise.
inline uint32_t crc32(const uint8_t* data, size_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

inline Bytes png_chunk(const std::string& type, const Bytes& data) {
  Bytes out;
  put_be32(out, uint32_t(data.size()));
  Bytes body = bytes_of(type);
  append(body, data);
  append(out, body);
  put_be32(out, crc32(body.data(), body.size()));
  return out;
}

inline const std::string kPngSignature("\x89PNG\r\n\x1A\n", 8);

inline Bytes png_ihdr(uint32_t width, uint32_t height, int bit_depth, int color_type) {
  Bytes ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr.insert(ihdr.end(), {uint8_t(bit_depth), uint8_t(color_type), 0, 0, 0});
  return png_chunk("IHDR", ihdr);
}

// zlib stream with stored (uncompressed) deflate blocks.
inline Bytes zlib_stored(const Bytes& raw) {
  Bytes out = {0x78, 0x01};
  size_t pos = 0;
  do {
    const size_t n = std::min<size_t>(65535, raw.size() - pos);
    out.push_back(pos + n == raw.size() ? 1 : 0);  // BFINAL, BTYPE=00
    put_le16(out, uint32_t(n));
    put_le16(out, uint32_t(~n & 0xFFFF));
    out.insert(out.end(), raw.begin() + long(pos), raw.begin() + long(pos + n));
    pos += n;
  } while (pos < raw.size());
  uint32_t a = 1, b = 0;
  for (uint8_t byte : raw) a = (a + byte) % 65521, b = (b + a) % 65521;
  put_be32(out, (b << 16) | a);
  return out;
}

// A complete PNG from unfiltered rows (`rows` = height rows of packed samples, no filter bytes).
inline Bytes make_png(uint32_t width, uint32_t height, int bit_depth, int color_type, const Bytes& rows,
                      const std::vector<Bytes>& chunks_before_idat = {}, const std::vector<Bytes>& chunks_after = {}) {
  const size_t stride = rows.size() / height;
  Bytes filtered;
  for (uint32_t y = 0; y < height; ++y) {
    filtered.push_back(0);
    filtered.insert(filtered.end(), rows.begin() + long(y * stride), rows.begin() + long((y + 1) * stride));
  }
  Bytes out = bytes_of(kPngSignature);
  append(out, png_ihdr(width, height, bit_depth, color_type));
  for (const Bytes& c : chunks_before_idat) append(out, c);
  append(out, png_chunk("IDAT", zlib_stored(filtered)));
  for (const Bytes& c : chunks_after) append(out, c);
  append(out, png_chunk("IEND", {}));
  return out;
}

// Chunk types of a PNG, in order.
inline std::vector<std::string> png_chunk_types(const Bytes& png) {
  std::vector<std::string> types;
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const uint32_t len =
        (uint32_t(png[pos]) << 24) | (uint32_t(png[pos + 1]) << 16) | (uint32_t(png[pos + 2]) << 8) | png[pos + 3];
    types.emplace_back(png.begin() + long(pos + 4), png.begin() + long(pos + 8));
    pos += 12 + size_t(len);
  }
  return types;
}

// Fourccs of a WebP's chunks, in order.
inline std::vector<std::string> webp_chunk_types(const Bytes& webp) {
  std::vector<std::string> types;
  size_t pos = 12;
  while (pos + 8 <= webp.size()) {
    const uint32_t len = uint32_t(webp[pos + 4]) | (uint32_t(webp[pos + 5]) << 8) | (uint32_t(webp[pos + 6]) << 16) |
                         (uint32_t(webp[pos + 7]) << 24);
    types.emplace_back(webp.begin() + long(pos), webp.begin() + long(pos + 4));
    pos += 8 + size_t(len) + (len & 1u);
  }
  return types;
}

// Markers of a JPEG's segments up to SOS, in order.
inline std::vector<int> jpeg_markers(const Bytes& jpeg) {
  std::vector<int> markers;
  size_t pos = 2;
  while (pos + 4 <= jpeg.size() && jpeg[pos] == 0xFF) {
    const int marker = jpeg[pos + 1];
    markers.push_back(marker);
    if (marker == 0xDA) break;
    pos += 2 + ((size_t(jpeg[pos + 2]) << 8) | jpeg[pos + 3]);
  }
  return markers;
}

// A TIFF/EXIF block whose IFD0 holds Make="Canon", Orientation (SHORT) and a GPS IFD pointer (GPSLatitudeRef="N").
// `orientation_type` 3 = SHORT (normal), 4 = LONG, 2 = ASCII (invalid).
inline Bytes exif_tiff(int orientation, bool little_endian, int orientation_type = 3) {
  Bytes out;
  auto u16 = [&](uint32_t v) { little_endian ? put_le16(out, v) : put_be16(out, v); };
  auto u32 = [&](uint32_t v) { little_endian ? put_le32(out, v) : put_be32(out, v); };
  append(out, little_endian ? std::string("II") : std::string("MM"));
  u16(42);
  u32(8);  // IFD0 right after the header
  // IFD0: 3 entries -> 2 + 36 + 4 = 42 bytes, ends at 50; "Canon\0" at 50; GPS IFD at 56.
  u16(3);
  u16(0x010F), u16(2), u32(6), u32(50);  // Make, ASCII[6] at offset 50
  u16(0x0112), u16(uint32_t(orientation_type)), u32(1);
  if (orientation_type == 4) {
    u32(uint32_t(orientation));
  } else {
    u16(uint32_t(orientation)), u16(0);
  }
  u16(0x8825), u16(4), u32(1), u32(56);  // GPS IFD pointer
  u32(0);                                // no IFD1
  append(out, std::string("Canon\0", 6));
  u16(1);
  u16(0x0001), u16(2), u32(2);  // GPSLatitudeRef "N\0" inline
  out.insert(out.end(), {'N', 0, 0, 0});
  u32(0);
  return out;
}

inline Bytes jpeg_segment(uint8_t marker, const Bytes& payload) {
  Bytes out = {0xFF, marker};
  put_be16(out, uint32_t(payload.size() + 2));
  append(out, payload);
  return out;
}

inline Bytes jpeg_exif_app1(const Bytes& tiff) {
  Bytes payload = bytes_of(std::string("Exif\0\0", 6));
  append(payload, tiff);
  return jpeg_segment(0xE1, payload);
}

inline const std::string kXmpPacket =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
    "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"51,30.1234N\" "
    "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"SecretCam\"/></rdf:RDF></x:xmpmeta>";

inline Bytes jpeg_xmp_app1() {
  Bytes payload = bytes_of(std::string("http://ns.adobe.com/xap/1.0/\0", 29));
  append(payload, kXmpPacket);
  return jpeg_segment(0xE1, payload);
}

// `jpeg` with `segments` inserted right after SOI.
inline Bytes splice_after_soi(const Bytes& jpeg, const std::vector<Bytes>& segments) {
  Bytes out(jpeg.begin(), jpeg.begin() + 2);
  for (const Bytes& s : segments) append(out, s);
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

inline Bytes riff_chunk(const std::string& fourcc, const Bytes& data) {
  Bytes out = bytes_of(fourcc);
  put_le32(out, uint32_t(data.size()));
  append(out, data);
  if (data.size() % 2) out.push_back(0);
  return out;
}

// Re-wraps a simple-format WebP (first chunk "VP8 " or "VP8L") as an extended one with VP8X and extra chunks
// (e.g. riff_chunk("EXIF", ...), riff_chunk("XMP ", ...)) after the image data.
inline Bytes webp_extended(const Bytes& simple, int width, int height, const std::vector<Bytes>& extra, uint8_t flags) {
  Bytes vp8x = {flags, 0, 0, 0};
  put_le24(vp8x, uint32_t(width - 1));
  put_le24(vp8x, uint32_t(height - 1));
  Bytes body = bytes_of("WEBP");
  append(body, riff_chunk("VP8X", vp8x));
  body.insert(body.end(), simple.begin() + 12, simple.end());
  for (const Bytes& c : extra) append(body, c);
  Bytes out = bytes_of("RIFF");
  put_le32(out, uint32_t(body.size()));
  append(out, body);
  return out;
}

inline Bytes cv_encode(const std::string& ext, const cv::Mat& mat, const std::vector<int>& params = {}) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, mat, buf, params)) throw std::runtime_error("cv::imencode failed for " + ext);
  return Bytes(buf.begin(), buf.end());
}

inline cv::Mat random_mat(int rows, int cols, int type, unsigned seed) {
  cv::Mat m(rows, cols, type);
  cv::RNG rng(seed);
  rng.fill(m, cv::RNG::UNIFORM, 0, CV_MAT_DEPTH(type) == CV_16U ? 65536 : 256);
  return m;
}

// Random BGRA with no fully transparent pixel (lossless WebP may rewrite the colour of invisible pixels).
inline cv::Mat random_bgra_visible(int rows, int cols, unsigned seed) {
  cv::Mat m = random_mat(rows, cols, CV_8UC4, seed);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) m.at<cv::Vec4b>(y, x)[3] = std::max<uchar>(m.at<cv::Vec4b>(y, x)[3], 1);
  return m;
}

// Smooth, JPEG-friendly colour image (gradients), 8-bit BGR.
inline cv::Mat smooth_bgr(int rows, int cols) {
  cv::Mat m(rows, cols, CV_8UC3);
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < cols; ++x) {
      m.at<cv::Vec3b>(y, x) =
          cv::Vec3b(uchar(255 * x / cols), uchar(255 * y / rows), uchar(128 + 60 * std::sin(0.05 * (x + y))));
    }
  }
  return m;
}

// Non-square image made of flat 16x16 blocks, each with a distinct colour: JPEG keeps it nearly exact and
// every rotation/mirror is distinguishable. Red block in the top-left corner.
inline cv::Mat block_bgr(int block_rows, int block_cols) {
  cv::Mat m(block_rows * 16, block_cols * 16, CV_8UC3);
  for (int by = 0; by < block_rows; ++by) {
    for (int bx = 0; bx < block_cols; ++bx) {
      const cv::Vec3b colour =
          (by == 0 && bx == 0) ? cv::Vec3b(0, 0, 255) : cv::Vec3b(uchar(40 + 50 * bx), uchar(40 + 60 * by), uchar(30));
      m(cv::Rect(bx * 16, by * 16, 16, 16)).setTo(colour);
    }
  }
  return m;
}

// (C,H,W) float tensor in [0,1] -> (H,W,C) interleaved channels scaled by `scale` as an int32 tensor.
inline at::Tensor quantise(const at::Tensor& chw, double scale) {
  return chw.mul(scale).round().to(torch::kInt32).permute({1, 2, 0}).contiguous();
}

// cv::Mat (H,W,C) 8/16-bit -> int32 tensor (H,W,C), channels reordered by `order` (e.g. {2,1,0} for BGR -> RGB).
inline at::Tensor mat_to_tensor(const cv::Mat& mat, const std::vector<int64_t>& order) {
  cv::Mat wide;
  mat.convertTo(wide, CV_32S);
  const at::Tensor t =
      torch::from_blob(wide.ptr<int32_t>(), {mat.rows, mat.cols, mat.channels()}, torch::kInt32).clone();
  return t.index_select(2, torch::tensor(order, torch::kLong));
}

// rgb (3,H,W) float -> 8-bit BGR Mat.
inline cv::Mat rgb_to_bgr8(const at::Tensor& rgb) {
  const at::Tensor hwc = quantise(rgb.index_select(0, torch::tensor({2, 1, 0}, torch::kLong)), 255).to(torch::kUInt8);
  return cv::Mat(int(hwc.size(0)), int(hwc.size(1)), CV_8UC3, hwc.data_ptr<uint8_t>()).clone();
}

inline double psnr(const at::Tensor& a, const at::Tensor& b) {
  const double mse = (a - b).pow(2).mean().item<double>();
  return mse == 0 ? 1e9 : 10.0 * std::log10(1.0 / mse);
}

// A fresh, empty folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("recessive_imaging_test_" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace recessive::imaging::testing
