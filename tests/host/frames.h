// Test helper: build inbound frames and split an outbound byte stream back into JSON messages.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "recessive/host/base64.h"
#include "recessive/host/sha256.h"

namespace recessive::host::testing {

inline std::string frame(const std::string& payload) {
  const auto n = static_cast<uint32_t>(payload.size());
  std::string out(4, '\0');
  std::memcpy(out.data(), &n, 4);
  return out + payload;
}
inline std::string frame(const nlohmann::json& message) { return frame(message.dump()); }

// Splits a finished stream; trailing bytes that are not a whole frame are an error.
inline std::vector<nlohmann::json> split_frames(const std::string& stream, size_t* largest = nullptr,
                                                bool stream_is_live = false) {
  std::vector<nlohmann::json> messages;
  size_t pos = 0;
  while (pos + 4 <= stream.size()) {
    uint32_t n = 0;
    std::memcpy(&n, stream.data() + pos, 4);
    if (pos + 4 + n > stream.size()) break;
    if (largest) *largest = std::max<size_t>(*largest, n);
    messages.push_back(nlohmann::json::parse(stream.substr(pos + 4, n)));
    pos += 4 + n;
  }
  if (pos != stream.size() && !stream_is_live) throw std::runtime_error("trailing bytes after the last frame");
  return messages;
}

// The whole frames of a stream a writer is still appending to: a frame's prefix and payload are separate
// writes, so a reader can see a frame's first part only.
inline std::vector<nlohmann::json> split_whole_frames(const std::string& stream) {
  return split_frames(stream, nullptr, true);
}

// The frames that upload `bytes` as job `id` in chunks of `chunk` raw bytes.
inline std::string upload_frames(const std::string& id, const std::vector<uint8_t>& bytes, size_t chunk,
                                 const std::string& mime = "image/png") {
  const size_t total = std::max<size_t>(1, (bytes.size() + chunk - 1) / chunk);
  std::string out = frame(nlohmann::json{{"type", "protect"}, {"id", id}, {"name", id + ".png"}, {"mime", mime},
                                         {"size", bytes.size()}, {"sha256", sha256_hex(bytes.data(), bytes.size())},
                                         {"chunks", total}});
  for (size_t i = 0; i < total; ++i) {
    const size_t begin = i * chunk, size = std::min(chunk, bytes.size() - begin);
    out += frame(nlohmann::json{{"type", "protect-chunk"}, {"id", id}, {"index", i}, {"total", total},
                                {"data", base64_encode(bytes.data() + begin, size)}});
  }
  return out;
}

inline std::vector<uint8_t> reassemble(const std::vector<nlohmann::json>& messages, const std::string& id) {
  std::vector<uint8_t> bytes;
  for (const auto& m : messages)
    if (m["type"] == "result-chunk" && m["id"] == id) base64_decode_append(m["data"].get<std::string>(), bytes);
  return bytes;
}

}  // namespace recessive::host::testing
