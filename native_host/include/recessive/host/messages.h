// Protocol v1 messages (docs/protocol.md): parsing what the browser sends, with every field checked, and
// building what the host sends. parse_message throws HostError (bad_json, unknown_type, bad_field, too_large,
// unsupported_format) naming the field; it never trusts a value it has not checked. Stateless.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "recessive/host/error_code.h"

namespace recessive::host {

inline constexpr int kProtocolVersion = 1;
inline constexpr int64_t kMaxChunks = 100000;

struct HelloRequest {};

struct ProtectRequest {
  std::string id, name, mime, sha256, strength = "standard";
  int64_t size = 0, chunks = 0;
};

struct ProtectChunk {
  std::string id, data;  // data: base64, decoded by Upload
  int64_t index = 0, total = 0;
};

struct CancelRequest {
  std::string id;
};

using Request = std::variant<HelloRequest, ProtectRequest, ProtectChunk, CancelRequest>;

struct ParseLimits {
  int64_t max_file_bytes = 64ll << 20;
};

// The id of a message when it has a well-formed one (for error replies to messages that fail later checks).
std::optional<std::string> message_id(const std::string& payload);

Request parse_message(const std::string& payload, const ParseLimits& limits = {});

// Outbound messages.
nlohmann::json error_message(const std::optional<std::string>& id, ErrorCode code, const std::string& message);
nlohmann::json progress_message(const std::string& id, const std::string& stage, double fraction);
nlohmann::json result_chunk_message(const std::string& id, int64_t index, int64_t total, std::string base64);

// Serialises a message for a frame; invalid UTF-8 in strings (file names) is replaced, never thrown.
std::string to_payload(const nlohmann::json& message);

}  // namespace recessive::host
