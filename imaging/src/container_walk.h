// Private: bounds-checked walkers over the segment/chunk structure of JPEG, PNG and WebP files, shared by the
// header reader and the EXIF reader. Callbacks see only segments that lie entirely inside the buffer; nothing is
// read outside [data, data + size). Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

#include "byte_reader.h"

namespace recessive::imaging::detail {

enum class WalkEnd { stopped, end_marker, truncated, malformed };

// JPEG: calls visit(marker, payload_offset, payload_length) for every length-carrying marker segment after SOI,
// up to and including the first SOS. visit returns false to stop. Standalone markers are skipped; garbage bytes
// between segments are skipped the way libjpeg does. Ends with end_marker at SOS or EOI; `*scan_start` (when given)
// receives the offset just past the SOS header.
template <typename Visit>
WalkEnd walk_jpeg_segments(const ByteSpan& bytes, Visit&& visit, size_t* scan_start = nullptr) {
  size_t pos = 2;  // after FF D8
  while (true) {
    while (pos < bytes.size && bytes.data[pos] != 0xFF) ++pos;  // extraneous bytes before a marker
    while (pos < bytes.size && bytes.data[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= bytes.size) return WalkEnd::truncated;
    const uint32_t marker = bytes.data[pos++];
    if (marker == 0x00 || marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9) return WalkEnd::end_marker;
    uint32_t length = 0;
    if (!bytes.be16(pos, length)) return WalkEnd::truncated;
    if (length < 2) return WalkEnd::malformed;
    const size_t payload = pos + 2;
    if (!bytes.has(payload, length - 2)) return WalkEnd::truncated;
    if (!visit(marker, payload, size_t{length - 2})) return WalkEnd::stopped;
    pos = payload + (length - 2);
    if (marker == 0xDA) {
      if (scan_start != nullptr) *scan_start = pos;
      return WalkEnd::end_marker;
    }
  }
}

// PNG: calls visit(type, data_offset, data_length) for every chunk (type as the 4 ASCII bytes) after the signature,
// through IEND. visit returns false to stop.
template <typename Visit>
WalkEnd walk_png_chunks(const ByteSpan& bytes, Visit&& visit) {
  size_t pos = 8;
  while (true) {
    uint32_t length = 0;
    if (!bytes.be32(pos, length) || !bytes.has(pos + 4, 4)) return WalkEnd::truncated;
    if (length > 0x7FFFFFFFu) return WalkEnd::malformed;
    const uint8_t* type = bytes.data + pos + 4;
    const size_t payload = pos + 8;
    if (!bytes.has(payload, size_t{length} + 4)) return WalkEnd::truncated;  // data + CRC
    if (!visit(type, payload, size_t{length})) return WalkEnd::stopped;
    if (type[0] == 'I' && type[1] == 'E' && type[2] == 'N' && type[3] == 'D') return WalkEnd::end_marker;
    pos = payload + length + 4;
  }
}

// WebP (RIFF): calls visit(fourcc, data_offset, data_length) for every chunk after "RIFF"<size>"WEBP", bounded by
// both the buffer and the RIFF size. visit returns false to stop.
template <typename Visit>
WalkEnd walk_webp_chunks(const ByteSpan& bytes, Visit&& visit) {
  uint32_t riff_size = 0;
  if (!bytes.le32(4, riff_size)) return WalkEnd::truncated;
  ByteSpan riff = bytes;
  if (size_t{riff_size} <= bytes.size - 8) riff.size = size_t{riff_size} + 8;
  size_t pos = 12;
  while (true) {
    if (pos == riff.size) return WalkEnd::end_marker;
    uint32_t length = 0;
    if (!riff.le32(pos + 4, length)) return WalkEnd::truncated;
    const uint8_t* fourcc = riff.data + pos;
    const size_t payload = pos + 8;
    if (!riff.has(payload, length)) return WalkEnd::truncated;
    if (!visit(fourcc, payload, size_t{length})) return WalkEnd::stopped;
    pos = payload + length + (length & 1u);
    if (pos > riff.size) return WalkEnd::end_marker;  // odd-sized final chunk without its pad byte
  }
}

// True when the four bytes at `p` spell `tag` (a 4-character string literal).
inline bool is_tag(const uint8_t* p, const char (&tag)[5]) {
  return p[0] == uint8_t(tag[0]) && p[1] == uint8_t(tag[1]) && p[2] == uint8_t(tag[2]) && p[3] == uint8_t(tag[3]);
}

// JPEG only: true when an EOI marker (FF D9) follows the first scan, i.e. the entropy-coded data was not cut off.
// (libjpeg pads a truncated scan with grey and merely warns, so truncation has to be detected here.)
bool jpeg_has_end_of_image(const ByteSpan& bytes);

}  // namespace recessive::imaging::detail
