#include "recessive/host/upload.h"

#include <stdexcept>
#include <string>

#include "recessive/host/base64.h"
#include "recessive/host/sha256.h"

namespace recessive::host {

Upload::Upload(const ProtectRequest& request) : request_(request) {}

bool Upload::add(const ProtectChunk& chunk) {
  const auto fail = [](ErrorCode code, const std::string& message) { throw HostError(code, message); };
  if (complete_) fail(ErrorCode::bad_chunk, "chunk " + std::to_string(chunk.index) + " after the last one");
  if (chunk.total != request_.chunks)
    fail(ErrorCode::bad_chunk, "chunk says total " + std::to_string(chunk.total) + ", the job announced " +
                                   std::to_string(request_.chunks));
  if (chunk.index < next_index_) fail(ErrorCode::bad_chunk, "chunk " + std::to_string(chunk.index) + " repeated");
  if (chunk.index > next_index_)
    fail(ErrorCode::bad_chunk, "chunk " + std::to_string(next_index_) + " missing (got " +
                                   std::to_string(chunk.index) + ")");
  // Cheap size check before decoding: every 4 base64 characters carry at most 3 bytes.
  if (static_cast<int64_t>(bytes_.size()) + static_cast<int64_t>(chunk.data.size() / 4 * 3) - 2 > request_.size)
    fail(ErrorCode::too_large, "more bytes than the announced size " + std::to_string(request_.size));
  if (!base64_decode_append(chunk.data, bytes_))
    fail(ErrorCode::bad_chunk, "chunk " + std::to_string(chunk.index) + " is not valid base64");
  if (static_cast<int64_t>(bytes_.size()) > request_.size)
    fail(ErrorCode::too_large, "more bytes than the announced size " + std::to_string(request_.size));
  ++next_index_;
  if (next_index_ < request_.chunks) return false;
  if (static_cast<int64_t>(bytes_.size()) != request_.size)
    fail(ErrorCode::bad_chunk, "received " + std::to_string(bytes_.size()) + " bytes, announced " +
                                   std::to_string(request_.size));
  if (sha256_hex(bytes_.data(), bytes_.size()) != request_.sha256)
    fail(ErrorCode::checksum_mismatch, "SHA-256 of the received bytes does not match");
  complete_ = true;
  return true;
}

std::vector<uint8_t> Upload::take() {
  if (!complete_) throw std::logic_error("Upload::take before the upload is complete");
  return std::move(bytes_);
}

}  // namespace recessive::host
