// What the session asks of the engine: protect one image file's bytes and say what it did. The session owns
// the protocol; a Protector owns models and devices. protect() is called from one worker thread at a time and
// throws HostError (bad_image, unsupported_format, too_large, engine_failure, cancelled) on failure.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace recessive::host {

struct ProtectJob {
  std::string name, mime, strength;  // strength: light | standard | strong (checked by the parser)
  std::vector<uint8_t> bytes;
};

struct ProtectedFile {
  std::vector<uint8_t> bytes;  // same format as the input, no metadata
  std::string mime;
  int64_t width = 0, height = 0;
  nlohmann::json report;  // steps, psnr, linf, hamming, bits, label_before, label_after, label_changed
  double decode_seconds = 0, engine_seconds = 0, encode_seconds = 0;
};

// Reports progress within a stage (decoding, protecting, encoding); returning false asks the protector to
// stop (cancel or shutdown), which it does by throwing HostError(cancelled) at its next check.
using ProgressFn = std::function<bool(const std::string& stage, double fraction)>;

class Protector {
 public:
  virtual ~Protector() = default;
  // {"device": {"kind", "name"}, "models": [...], "max_pixels": N} for the hello reply.
  virtual nlohmann::json describe() const = 0;
  virtual ProtectedFile protect(const ProtectJob& job, const ProgressFn& progress) = 0;
};

}  // namespace recessive::host
