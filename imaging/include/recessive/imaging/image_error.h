// The one exception type for images that cannot be accepted: a runtime_error with a machine-readable code.
// `code` is one of kBadImage, kUnsupportedFormat, kTooLarge (strings shared with the native-messaging protocol).
// Plain value type; no shared state.
#pragma once

#include <stdexcept>
#include <string>

namespace recessive::imaging {

inline constexpr char kBadImage[] = "bad_image";                    // corrupt, truncated or undecodable bytes
inline constexpr char kUnsupportedFormat[] = "unsupported_format";  // not JPEG, PNG or WebP
inline constexpr char kTooLarge[] = "too_large";                    // more pixels than the configured cap

struct ImageError : std::runtime_error {
  ImageError(std::string error_code, const std::string& message)
      : std::runtime_error(message), code(std::move(error_code)) {}

  std::string code;
};

}  // namespace recessive::imaging
