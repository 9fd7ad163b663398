// The protocol's error codes (docs/protocol.md), kept in this one place and mirrored in
// extension/src/shared/error-codes.js. HostError carries one of them from where a problem is found to the
// reply; the session turns it into an `error` message and keeps serving.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace recessive::host {

enum class ErrorCode {
  bad_frame,
  bad_json,
  unknown_type,
  bad_field,
  too_large,
  bad_chunk,
  checksum_mismatch,
  bad_image,
  unsupported_format,
  engine_failure,
  cancelled,
  busy,
  timeout,
};

inline constexpr std::array<std::string_view, 13> kErrorCodeNames = {
    "bad_frame",  "bad_json",           "unknown_type", "bad_field",      "too_large", "bad_chunk", "checksum_mismatch",
    "bad_image",  "unsupported_format", "engine_failure", "cancelled",    "busy",      "timeout"};

inline std::string_view to_string(ErrorCode code) { return kErrorCodeNames[static_cast<size_t>(code)]; }

struct HostError : std::runtime_error {
  HostError(ErrorCode error_code, const std::string& message) : std::runtime_error(message), code(error_code) {}
  ErrorCode code;
};

}  // namespace recessive::host
