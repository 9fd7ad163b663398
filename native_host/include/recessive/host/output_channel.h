// The host's only writer to stdout: serialises whole frames from the reader and worker threads. Once a write
// fails (the browser closed the port) later sends are dropped and closed() is true. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <iosfwd>
#include <mutex>

namespace recessive::host {

class OutputChannel {
 public:
  explicit OutputChannel(std::ostream& out) : out_(out) {}
  void send(const nlohmann::json& message);
  bool closed() const { return closed_; }

 private:
  std::ostream& out_;
  std::mutex mutex_;
  std::atomic<bool> closed_{false};
};

}  // namespace recessive::host
