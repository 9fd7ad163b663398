// Reassembly of one file sent as protect-chunk messages: chunks must come in order with the announced total,
// the bytes must not exceed the announced size, and once complete the size and SHA-256 must match. Any
// violation throws HostError (bad_chunk, too_large, checksum_mismatch) and the upload is dead. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "recessive/host/messages.h"

namespace recessive::host {

class Upload {
 public:
  explicit Upload(const ProtectRequest& request);

  // Adds the next chunk; returns true once the last chunk has arrived and the file checked out.
  bool add(const ProtectChunk& chunk);

  bool complete() const { return complete_; }
  int64_t chunks_received() const { return next_index_; }
  int64_t bytes_received() const { return static_cast<int64_t>(bytes_.size()); }
  // The checked file; only when complete. Moves the bytes out.
  std::vector<uint8_t> take();

 private:
  ProtectRequest request_;
  std::vector<uint8_t> bytes_;
  int64_t next_index_ = 0;
  bool complete_ = false;
};

}  // namespace recessive::host
