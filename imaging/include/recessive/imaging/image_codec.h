// Decoding JPEG/PNG/WebP bytes into float RGB(+alpha) tensors (EXIF orientation applied, size capped before any
// pixel buffer exists) and encoding them back to the source format with no metadata at all. Images own their
// tensors; functions are stateless and thread-safe. Bad input throws ImageError; I/O failures std::runtime_error.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "recessive/imaging/image_error.h"
#include "recessive/imaging/image_header.h"

namespace recessive::imaging {

struct Image {
  at::Tensor rgb;                         // float32 (3,H,W) in [0,1], CPU, EXIF orientation already applied
  at::Tensor alpha;                       // float32 (1,H,W) in [0,1], or undefined when the source had no alpha
  ImageFormat format = ImageFormat::png;  // the source format; encode_image writes this format back
  int bit_depth = 8;                      // 8, or 16 for 16-bit PNG sources (written back as 16-bit PNG)
};

struct DecodeOptions {
  int64_t max_pixels = 50'000'000;  // width * height above this -> ImageError too_large, checked from the header
};

struct EncodeOptions {
  int jpeg_quality = 95;    // 0..100
  int png_compression = 3;  // 0..9 (lossless at every level)
  int webp_quality = 95;    // 1..100 lossy; 101 = lossless
};

// Sniffs the format, reads the header and refuses more than max_pixels (too_large) before decoding; then decodes
// (grey, grey+alpha, BGR, BGRA, palette, 8/16-bit), converts to RGB and applies the EXIF orientation once to rgb and
// alpha. Unsupported magic -> unsupported_format; corrupt or truncated data -> bad_image.
Image decode_image(const uint8_t* data, size_t size, const DecodeOptions& options = {});
Image decode_image(const std::vector<uint8_t>& bytes, const DecodeOptions& options = {});

// Encodes image.rgb (+ alpha for PNG/WebP; JPEG drops it) in image.format, clamped to [0,1] and rounded to 8 bits
// (16 for a PNG with bit_depth 16). Accepts any floating dtype/device. The output carries no EXIF/XMP/text metadata
// (and hence no orientation tag: the pixels are upright). Malformed Image or options -> std::invalid_argument.
std::vector<uint8_t> encode_image(const Image& image, const EncodeOptions& options = {});

// Whole-file helpers. Failures throw std::runtime_error naming the path and the reason.
std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path);
// Writes to a temporary file in the same folder, flushes it to disk, then renames it over `path` (atomic replace).
void write_file_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

}  // namespace recessive::imaging
