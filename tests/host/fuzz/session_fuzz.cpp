// libFuzzer target: arbitrary bytes as the browser's side of the pipe, through framing, message parsing,
// uploads and the session (with a protector that echoes). Every reply must be a framed JSON object under 1 MiB
// and the session must end. Build and run: tools/fuzz_host.sh (docs/host.md).
#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>

#include "recessive/host/error_code.h"
#include "recessive/host/session.h"

namespace {

using namespace recessive::host;

class EchoProtector : public Protector {
 public:
  nlohmann::json describe() const override { return {{"device", {{"kind", "cpu"}, {"name", "fuzz"}}}}; }
  ProtectedFile protect(const ProtectJob& job, const ProgressFn& progress) override {
    if (!job.bytes.empty() && job.bytes[0] == 'B') throw HostError(ErrorCode::bad_image, "fuzz");
    progress("protecting", 0.5);
    ProtectedFile out;
    out.bytes = job.bytes;
    out.mime = job.mime;
    return out;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)quiet;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  EchoProtector protector;
  SessionOptions options;
  options.max_frame_bytes = 1 << 16;
  options.max_file_bytes = 1 << 16;
  options.result_chunk_bytes = 1000;
  {
    Session session(in, out, protector, options);
    if (!session.run(std::chrono::seconds(10))) __builtin_trap();  // the worker must stop
  }
  const std::string replies = out.str();
  size_t pos = 0;
  while (pos < replies.size()) {
    if (pos + 4 > replies.size()) __builtin_trap();
    uint32_t n = 0;
    std::memcpy(&n, replies.data() + pos, 4);
    if (n > kMaxOutboundFrame || pos + 4 + n > replies.size()) __builtin_trap();
    const auto message = nlohmann::json::parse(replies.substr(pos + 4, n), nullptr, false);
    if (!message.is_object() || !message.contains("type")) __builtin_trap();
    pos += 4 + n;
  }
  return 0;
}
