// The host's Protector backed by the engine: one hashing model loaded once on the chosen device and kept warm
// for the session; strength names map to the paper's algorithm with an L-inf bound (docs/protocol.md).
// protect() runs in the session's single worker thread.
#pragma once

#include <c10/core/Device.h>

#include <filesystem>

#include "recessive/engine/hashing_model.h"
#include "recessive/host/protector.h"

namespace recessive::host {

class EngineProtector : public Protector {
 public:
  EngineProtector(const std::filesystem::path& model_path, const c10::Device& device, int64_t max_pixels);
  nlohmann::json describe() const override;
  ProtectedFile protect(const ProtectJob& job, const ProgressFn& progress) override;

 private:
  std::filesystem::path model_path_;
  c10::Device device_;
  int64_t max_pixels_;
  HashingModel model_;
};

}  // namespace recessive::host
