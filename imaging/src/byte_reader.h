// Private: bounds-checked little/big-endian reads over a caller-owned byte span, shared by the container parsers.
// A read past the end returns false (never touches memory outside [data, data + size)). Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace recessive::imaging::detail {

struct ByteSpan {
  const uint8_t* data = nullptr;
  size_t size = 0;

  // True when [offset, offset + length) lies inside the span (overflow-safe).
  bool has(size_t offset, size_t length) const { return offset <= size && length <= size - offset; }

  bool u8(size_t offset, uint32_t& out) const {
    if (!has(offset, 1)) return false;
    out = data[offset];
    return true;
  }
  bool be16(size_t offset, uint32_t& out) const {
    if (!has(offset, 2)) return false;
    out = (uint32_t{data[offset]} << 8) | data[offset + 1];
    return true;
  }
  bool be32(size_t offset, uint32_t& out) const {
    if (!has(offset, 4)) return false;
    out = (uint32_t{data[offset]} << 24) | (uint32_t{data[offset + 1]} << 16) | (uint32_t{data[offset + 2]} << 8) |
          data[offset + 3];
    return true;
  }
  bool le16(size_t offset, uint32_t& out) const {
    if (!has(offset, 2)) return false;
    out = uint32_t{data[offset]} | (uint32_t{data[offset + 1]} << 8);
    return true;
  }
  bool le24(size_t offset, uint32_t& out) const {
    if (!has(offset, 3)) return false;
    out = uint32_t{data[offset]} | (uint32_t{data[offset + 1]} << 8) | (uint32_t{data[offset + 2]} << 16);
    return true;
  }
  bool le32(size_t offset, uint32_t& out) const {
    if (!has(offset, 4)) return false;
    out = uint32_t{data[offset]} | (uint32_t{data[offset + 1]} << 8) | (uint32_t{data[offset + 2]} << 16) |
          (uint32_t{data[offset + 3]} << 24);
    return true;
  }
  // True when the span holds exactly `length` bytes equal to `text` at `offset`.
  bool matches(size_t offset, const char* text, size_t length) const {
    return has(offset, length) && std::memcmp(data + offset, text, length) == 0;
  }
};

}  // namespace recessive::imaging::detail
