// Loader for the official CIFAR-10 binary release (cifar-10-batches-bin): 10,000 records per file,
// each 1 label byte + 3072 pixel bytes (1024 R, 1024 G, 1024 B, row-major). Stateless; thread-safe.
#pragma once

#include "recessive/engine/dataset.h"

#include <filesystem>

namespace recessive {

// Reads one batch file (e.g. data_batch_1.bin). Throws std::runtime_error on a missing or malformed file.
LabelledImages load_cifar10_binary_file(const std::filesystem::path& file);

// split "train" = data_batch_1..5.bin, "test" = test_batch.bin, from `folder` (the extracted cifar-10-batches-bin).
LabelledImages load_cifar10_binary(const std::filesystem::path& folder, const std::string& split);

}  // namespace recessive
