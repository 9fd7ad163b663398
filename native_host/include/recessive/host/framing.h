// Native-messaging framing: a uint32 length in native byte order, then that many bytes of UTF-8 JSON.
// FrameReader enforces the inbound cap before allocating (an oversized frame is read and dropped, so the
// stream stays in step); write_frame refuses anything over the browsers' 1 MiB host->browser limit.
// Neither is thread-safe by itself: one reader thread; writers serialise through OutputChannel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace recessive::host {

inline constexpr size_t kDefaultMaxInboundFrame = 64u << 20;  // Chromium's browser->host limit
inline constexpr size_t kMaxOutboundFrame = 1u << 20;         // Chrome and Firefox host->browser limit

struct ReadFrame {
  enum class Status {
    frame,      // payload holds one message
    end,        // clean end of input before a frame started
    truncated,  // input ended inside the length or the payload
    too_large,  // the announced length exceeded the cap; its bytes were consumed and dropped
  };
  Status status = Status::end;
  std::string payload;
  uint64_t announced = 0;  // the length prefix (also for too_large)
};

class FrameReader {
 public:
  FrameReader(std::istream& in, size_t max_frame_bytes) : in_(in), max_(max_frame_bytes) {}
  ReadFrame next();

 private:
  std::istream& in_;
  size_t max_;
};

// Writes one frame and flushes. Throws std::length_error over kMaxOutboundFrame, std::runtime_error when the
// stream fails (the browser closed the port).
void write_frame(std::ostream& out, const std::string& payload);

// Puts stdin/stdout in binary mode (Windows; no-op elsewhere).
void use_binary_stdio();

}  // namespace recessive::host
