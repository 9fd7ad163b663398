#include "recessive/host/framing.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <ostream>
#include <stdexcept>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <cstdio>
#endif

namespace recessive::host {

ReadFrame FrameReader::next() {
  ReadFrame result;
  char prefix[4];
  in_.read(prefix, 4);
  const auto got = in_.gcount();
  if (got == 0) return result;  // Status::end
  if (got < 4) {
    result.status = ReadFrame::Status::truncated;
    return result;
  }
  uint32_t length = 0;
  std::memcpy(&length, prefix, 4);  // native byte order, as the browsers write it
  result.announced = length;
  if (length > max_) {
    // Drop the payload without holding it, so the next frame is read from the right place.
    char sink[64 * 1024];
    uint64_t left = length;
    while (left > 0) {
      in_.read(sink, static_cast<std::streamsize>(std::min<uint64_t>(left, sizeof sink)));
      if (in_.gcount() == 0) {
        result.status = ReadFrame::Status::truncated;
        return result;
      }
      left -= static_cast<uint64_t>(in_.gcount());
    }
    result.status = ReadFrame::Status::too_large;
    return result;
  }
  result.payload.resize(length);
  in_.read(result.payload.data(), length);
  if (static_cast<uint64_t>(in_.gcount()) != length) {
    result.payload.clear();
    result.status = ReadFrame::Status::truncated;
    return result;
  }
  result.status = ReadFrame::Status::frame;
  return result;
}

void write_frame(std::ostream& out, const std::string& payload) {
  if (payload.size() > kMaxOutboundFrame)
    throw std::length_error("outbound frame of " + std::to_string(payload.size()) + " bytes exceeds 1 MiB");
  const auto length = static_cast<uint32_t>(payload.size());
  char prefix[4];
  std::memcpy(prefix, &length, 4);
  out.write(prefix, 4);
  out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
  out.flush();
  if (!out) throw std::runtime_error("cannot write to the browser (port closed)");
}

void use_binary_stdio() {
#ifdef _WIN32
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#endif
}

}  // namespace recessive::host
