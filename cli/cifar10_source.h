// Loads CIFAR-10 from either layout a user may have: the official binary release (a folder holding
// data_batch_1.bin..5 and test_batch.bin, or its parent) or an image-folder tree (train/<class>/*.jpg).
#pragma once

#include <filesystem>
#include <string>

#include "recessive/engine/dataset.h"

namespace recessive::cli {

// split: "train" or "test". Throws std::runtime_error naming what was looked for when neither layout is found.
LabelledImages load_cifar10(const std::filesystem::path& root, const std::string& split);

}  // namespace recessive::cli
