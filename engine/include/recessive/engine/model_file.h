// Reads and writes a HashingModel as one LibTorch archive (.pt): network parameters, the reference
// database codes (bit-packed) and labels, and JSON metadata. Throws std::runtime_error naming the path
// when the file is missing or is not a Recessive model. Stateless; thread-safe.
#pragma once

#include <filesystem>

#include "recessive/engine/hashing_model.h"

namespace recessive {

void save_model(const HashingModel& model, const std::filesystem::path& path);
HashingModel load_model(const std::filesystem::path& path, const at::Device& device);

}  // namespace recessive
