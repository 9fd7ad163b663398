#include "recessive/host/output_channel.h"

#include <spdlog/spdlog.h>

#include <ostream>
#include <stdexcept>

#include "recessive/host/framing.h"
#include "recessive/host/messages.h"

namespace recessive::host {

void OutputChannel::send(const nlohmann::json& message) {
  const std::string payload = to_payload(message);
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  try {
    write_frame(out_, payload);
  } catch (const std::length_error& e) {
    spdlog::error("dropped an outbound message: {}", e.what());  // a bug: results are chunked below the limit
  } catch (const std::exception& e) {
    closed_ = true;
    spdlog::warn("output closed: {}", e.what());
  }
}

}  // namespace recessive::host
