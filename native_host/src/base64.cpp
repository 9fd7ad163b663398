#include "recessive/host/base64.h"

#include <array>

namespace recessive::host {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> make_table() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr auto kTable = make_table();

}  // namespace

std::string base64_encode(const uint8_t* data, size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t v = uint32_t(data[i]) << 16 | uint32_t(data[i + 1]) << 8 | data[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (size - i == 1) {
    const uint32_t v = uint32_t(data[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (size - i == 2) {
    const uint32_t v = uint32_t(data[i]) << 16 | uint32_t(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool base64_decode_append(std::string_view text, std::vector<uint8_t>& out) {
  if (text.size() % 4 != 0) return false;
  const size_t start = out.size();
  out.reserve(start + text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int padding = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        v[j] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) break;  // data after '='
      v[j] = kTable[static_cast<uint8_t>(c)];
      if (v[j] < 0) {
        out.resize(start);
        return false;
      }
    }
    if (padding > 0 && (padding == 1 ? text[i + 3] != '=' : (text[i + 2] != '=' || text[i + 3] != '='))) {
      out.resize(start);
      return false;
    }
    const uint32_t bits = uint32_t(v[0]) << 18 | uint32_t(v[1]) << 12 | uint32_t(v[2]) << 6 | uint32_t(v[3]);
    if ((padding == 2 && (bits & 0xFFFF)) || (padding == 1 && (bits & 0xFF))) {  // non-canonical trailing bits
      out.resize(start);
      return false;
    }
    out.push_back(static_cast<uint8_t>(bits >> 16));
    if (padding < 2) out.push_back(static_cast<uint8_t>((bits >> 8) & 0xFF));
    if (padding < 1) out.push_back(static_cast<uint8_t>(bits & 0xFF));
  }
  return true;
}

}  // namespace recessive::host
