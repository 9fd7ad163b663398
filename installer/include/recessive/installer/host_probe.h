// Launches a native host the way a browser does (arguments, working folder = the host's folder), sends one
// `hello` frame (docs/protocol.md), reads one frame back within a timeout, then closes stdin and stops the
// host. Blocking; safe to call from one thread at a time (it ignores SIGPIPE for the whole process).
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace recessive::installer {

struct ProbeResult {
  bool ok = false;          // a well-formed hello reply came back in time
  std::string error;        // why not, for humans
  std::string version;      // reply "version"
  int protocol = 0;         // reply "protocol"
  std::string device_kind;  // reply "device.kind": cpu / cuda
  std::string device_name;  // reply "device.name"
  nlohmann::json reply;     // the whole reply, when one was parsed
  std::string stderr_tail;  // the host's last stderr output (at most 2 KiB)
  double seconds = 0;       // launch to reply
};

// The arguments a browser family passes: Chromium the caller origin; Firefox the manifest path and add-on id.
ProbeResult probe_host(const std::filesystem::path& host, const std::vector<std::string>& args,
                       std::chrono::milliseconds timeout);

// One native-messaging frame: uint32 length in native byte order, then the bytes.
std::string encode_frame(const std::string& json);

}  // namespace recessive::installer
