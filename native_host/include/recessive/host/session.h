// One native-messaging session: reads frames from `in` until it ends, answers on `out`, and runs protect jobs
// in a worker thread (one at a time, arrival order) while the reader keeps serving hello, chunks and cancel.
// Jobs in flight (receiving, queued or running) are bounded by max_jobs; idle uploads time out. Bad input of
// any kind is answered with a typed error and never ends the session (except a frame cut off by the end of
// input, which is the end anyway). Streams and protector are injected, so tests run it in memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "recessive/host/framing.h"
#include "recessive/host/protector.h"

namespace recessive::host {

struct SessionOptions {
  std::string version = "0.1.0";
  size_t max_frame_bytes = kDefaultMaxInboundFrame;
  int64_t max_file_bytes = 64ll << 20;
  int max_jobs = 4;
  double chunk_timeout_seconds = 60;
  size_t result_chunk_bytes = 700000;  // raw bytes per result-chunk: base64 + JSON stays under 1 MiB
};

class Session {
 public:
  Session(std::istream& in, std::ostream& out, Protector& protector, SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Serves until the input ends, then cancels what is left. Returns true when the worker stopped within
  // `grace`; false means a job is still inside the engine and the caller should exit the process now.
  bool run(std::chrono::milliseconds grace = std::chrono::milliseconds(800));

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the worker thread, which may outlive run() (see above)
};

}  // namespace recessive::host
