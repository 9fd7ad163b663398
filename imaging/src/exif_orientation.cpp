#include "recessive/imaging/exif_orientation.h"

#include <opencv2/core.hpp>

#include "apply_orientation.h"
#include "container_walk.h"

namespace recessive::imaging {
namespace {

using detail::ByteSpan;
using detail::is_tag;

constexpr uint32_t kOrientationTag = 0x0112;
constexpr uint32_t kTypeShort = 3;
constexpr uint32_t kTypeLong = 4;

// Little- or big-endian reads chosen by the TIFF byte-order mark.
struct TiffReader {
  ByteSpan bytes;
  bool little_endian;

  bool u16(size_t offset, uint32_t& out) const {
    return little_endian ? bytes.le16(offset, out) : bytes.be16(offset, out);
  }
  bool u32(size_t offset, uint32_t& out) const {
    return little_endian ? bytes.le32(offset, out) : bytes.be32(offset, out);
  }
};

int valid_or_default(uint32_t value) { return value >= 1 && value <= 8 ? int(value) : 1; }

}  // namespace

int exif_block_orientation(const uint8_t* data, size_t size) {
  if (data == nullptr) return 1;
  ByteSpan bytes{data, size};
  if (bytes.matches(0, "Exif\0\0", 6)) bytes = ByteSpan{data + 6, size - 6};

  TiffReader tiff{bytes, true};
  if (bytes.matches(0, "II", 2)) {
    tiff.little_endian = true;
  } else if (bytes.matches(0, "MM", 2)) {
    tiff.little_endian = false;
  } else {
    return 1;
  }
  uint32_t magic = 0, ifd0 = 0, count = 0;
  if (!tiff.u16(2, magic) || magic != 42 || !tiff.u32(4, ifd0) || !tiff.u16(ifd0, count)) return 1;

  for (uint32_t i = 0; i < count; ++i) {
    const size_t entry = size_t{ifd0} + 2 + size_t{i} * 12;  // tag (2), type (2), count (4), value/offset (4)
    uint32_t tag = 0, type = 0, values = 0;
    if (!tiff.u16(entry, tag) || !tiff.u16(entry + 2, type) || !tiff.u32(entry + 4, values) || !bytes.has(entry, 12)) {
      return 1;
    }
    if (tag != kOrientationTag) continue;
    uint32_t value = 0;
    if (values < 1) return 1;
    if (type == kTypeShort && tiff.u16(entry + 8, value)) return valid_or_default(value);
    if (type == kTypeLong && tiff.u32(entry + 8, value)) return valid_or_default(value);
    return 1;
  }
  return 1;
}

int read_exif_orientation(const uint8_t* data, size_t size) {
  if (data == nullptr) return 1;
  const ByteSpan bytes{data, size};
  int orientation = 1;

  if (bytes.matches(0, "\xFF\xD8\xFF", 3)) {
    detail::walk_jpeg_segments(bytes, [&](uint32_t marker, size_t payload, size_t length) {
      if (marker != 0xE1 || !bytes.matches(payload, "Exif\0\0", 6)) return true;  // XMP also lives in APP1
      orientation = exif_block_orientation(data + payload, length);
      return false;  // only the first EXIF segment counts
    });
  } else if (bytes.matches(0, "\x89PNG\r\n\x1A\n", 8)) {
    detail::walk_png_chunks(bytes, [&](const uint8_t* type, size_t payload, size_t length) {
      if (!is_tag(type, "eXIf")) return true;
      orientation = exif_block_orientation(data + payload, length);
      return false;
    });
  } else if (bytes.matches(0, "RIFF", 4) && bytes.matches(8, "WEBP", 4)) {
    detail::walk_webp_chunks(bytes, [&](const uint8_t* fourcc, size_t payload, size_t length) {
      if (!is_tag(fourcc, "EXIF")) return true;
      orientation = exif_block_orientation(data + payload, length);
      return false;
    });
  }
  return orientation;
}

namespace detail {

void apply_exif_orientation(cv::Mat& image, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2:  // mirrored
      cv::flip(image, out, 1);
      break;
    case 3:  // rotated 180
      cv::rotate(image, out, cv::ROTATE_180);
      break;
    case 4:  // flipped top to bottom
      cv::flip(image, out, 0);
      break;
    case 5:  // transposed (mirror about the main diagonal)
      cv::transpose(image, out);
      break;
    case 6:  // stored rotated 90 counter-clockwise: rotate 90 clockwise to display
      cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
      break;
    case 7: {  // transversed (mirror about the anti-diagonal)
      cv::Mat flipped;
      cv::flip(image, flipped, -1);
      cv::transpose(flipped, out);
      break;
    }
    case 8:  // stored rotated 90 clockwise: rotate 90 counter-clockwise to display
      cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      return;
  }
  image = out;
}

}  // namespace detail
}  // namespace recessive::imaging
