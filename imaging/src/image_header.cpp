#include "recessive/imaging/image_header.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>

#include "container_walk.h"
#include "recessive/imaging/image_error.h"

namespace recessive::imaging {
namespace {

using detail::ByteSpan;
using detail::is_tag;
using detail::WalkEnd;

constexpr size_t kMinImageBytes = 12;  // enough to tell the three formats apart; no real image is smaller

[[noreturn]] void bad(const std::string& what) { throw ImageError(kBadImage, what); }

ImageHeader checked(ImageFormat format, uint64_t width, uint64_t height) {
  if (width == 0 || height == 0) bad(format_name(format) + " header declares an empty image");
  constexpr uint64_t kMaxSide = uint64_t(std::numeric_limits<int>::max());
  if (width > kMaxSide || height > kMaxSide) bad(format_name(format) + " header declares an impossible size");
  return {format, int(width), int(height)};
}

ImageHeader read_png_header(const ByteSpan& bytes) {
  // Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4).
  uint32_t length = 0, width = 0, height = 0;
  if (!bytes.be32(8, length) || !bytes.matches(12, "IHDR", 4) || length != 13 || !bytes.be32(16, width) ||
      !bytes.be32(20, height)) {
    bad("png header is missing or truncated (no IHDR chunk)");
  }
  return checked(ImageFormat::png, width, height);
}

bool is_sof_marker(uint32_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

ImageHeader read_jpeg_header(const ByteSpan& bytes) {
  uint32_t width = 0, height = 0;
  bool found = false, readable = false;
  detail::walk_jpeg_segments(bytes, [&](uint32_t marker, size_t payload, size_t length) {
    if (!is_sof_marker(marker)) return true;
    found = true;
    // precision (1), height (2), width (2), components (1)
    readable = length >= 6 && bytes.be16(payload + 1, height) && bytes.be16(payload + 3, width);
    return false;
  });
  if (!found) bad("jpeg has no frame header (SOF marker) before the image data or the end of the file");
  if (!readable) bad("jpeg frame header (SOF) is truncated");
  return checked(ImageFormat::jpeg, width, height);
}

ImageHeader read_webp_header(const ByteSpan& bytes) {
  uint64_t width = 0, height = 0;
  bool found = false;
  const WalkEnd end = detail::walk_webp_chunks(bytes, [&](const uint8_t* fourcc, size_t payload, size_t length) {
    const ByteSpan chunk{bytes.data + payload, length};
    uint32_t a = 0, b = 0;
    if (is_tag(fourcc, "VP8X")) {
      // flags (1), reserved (3), canvas width - 1 (24 bits), canvas height - 1 (24 bits)
      if (chunk.le24(4, a) && chunk.le24(7, b)) {
        found = true;
        width = uint64_t{a} + 1;
        height = uint64_t{b} + 1;
      }
    } else if (is_tag(fourcc, "VP8L")) {
      // signature 0x2F, then 14 bits width - 1 and 14 bits height - 1, little-endian bit order
      uint32_t signature = 0;
      if (chunk.u8(0, signature) && signature == 0x2F && chunk.le32(1, a)) {
        found = true;
        width = (a & 0x3FFF) + 1;
        height = ((a >> 14) & 0x3FFF) + 1;
      }
    } else if (is_tag(fourcc, "VP8 ")) {
      // 3-byte frame tag (bit 0 clear on a key frame), start code 9D 01 2A, 14-bit width, 14-bit height
      uint32_t tag = 0;
      if (chunk.u8(0, tag) && (tag & 1u) == 0 && chunk.matches(3, "\x9D\x01\x2A", 3) && chunk.le16(6, a) &&
          chunk.le16(8, b)) {
        found = true;
        width = a & 0x3FFF;
        height = b & 0x3FFF;
      }
    }
    return false;  // the first chunk decides: a WebP file starts with VP8X, VP8L or "VP8 "
  });
  if (!found) {
    bad(end == WalkEnd::stopped ? "webp does not start with a readable VP8, VP8L or VP8X chunk"
                                : "webp header is truncated");
  }
  return checked(ImageFormat::webp, width, height);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

}  // namespace

namespace detail {

bool jpeg_has_end_of_image(const ByteSpan& bytes) {
  size_t scan = 0;
  const WalkEnd end = walk_jpeg_segments(
      bytes, [](uint32_t, size_t, size_t) { return true; }, &scan);
  if (end != WalkEnd::end_marker || scan == 0) return false;
  // Inside entropy-coded data a 0xFF byte is always followed by 00 (stuffing) or a marker, so FF D9 is the EOI.
  for (size_t i = scan; i + 1 < bytes.size; ++i) {
    if (bytes.data[i] == 0xFF && bytes.data[i + 1] == 0xD9) return true;
  }
  return false;
}

}  // namespace detail

ImageFormat sniff_image_format(const uint8_t* data, size_t size) {
  if (data == nullptr || size < kMinImageBytes) {
    throw ImageError(kBadImage, "image data is empty or too short (" + std::to_string(size) + " bytes)");
  }
  const ByteSpan bytes{data, size};
  if (bytes.matches(0, "\xFF\xD8\xFF", 3)) return ImageFormat::jpeg;
  if (bytes.matches(0, "\x89PNG\r\n\x1A\n", 8)) return ImageFormat::png;
  if (bytes.matches(0, "RIFF", 4) && bytes.matches(8, "WEBP", 4)) return ImageFormat::webp;
  throw ImageError(kUnsupportedFormat, "unsupported image format (only JPEG, PNG and WebP are accepted)");
}

ImageHeader read_image_header(const uint8_t* data, size_t size) {
  const ImageFormat format = sniff_image_format(data, size);
  const ByteSpan bytes{data, size};
  switch (format) {
    case ImageFormat::jpeg:
      return read_jpeg_header(bytes);
    case ImageFormat::png:
      return read_png_header(bytes);
    case ImageFormat::webp:
      return read_webp_header(bytes);
  }
  bad("unknown image format");
}

std::string mime_type(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "image/jpeg";
    case ImageFormat::png:
      return "image/png";
    case ImageFormat::webp:
      return "image/webp";
  }
  throw std::invalid_argument("mime_type: invalid ImageFormat");
}

std::string format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "jpeg";
    case ImageFormat::png:
      return "png";
    case ImageFormat::webp:
      return "webp";
  }
  throw std::invalid_argument("format_name: invalid ImageFormat");
}

ImageFormat format_from_extension(const std::string& path_or_ext) {
  // The text after the last '.' of the last path component, or the whole component when it has no '.'.
  const size_t slash = path_or_ext.find_last_of("/\\");
  const std::string name = slash == std::string::npos ? path_or_ext : path_or_ext.substr(slash + 1);
  const size_t dot = name.rfind('.');
  const std::string ext = lower(dot == std::string::npos ? name : name.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg" || ext == "jpe") return ImageFormat::jpeg;
  if (ext == "png") return ImageFormat::png;
  if (ext == "webp") return ImageFormat::webp;
  throw ImageError(kUnsupportedFormat,
                   "unsupported image file extension in '" + path_or_ext + "' (expected .jpg, .jpeg, .png or .webp)");
}

}  // namespace recessive::imaging
