// Loads a CIFAR-10 style image-folder split (root/split/<class>/*.jpg|*.png, 32x32 images) into memory.
// Returns an owning LabelledImages (uint8 RGB (N,3,32,32), int64 labels); stateless, thread-safe.
// Missing/empty folders, undecodable files and non-32x32 images throw std::runtime_error naming the path.
#pragma once

#include <filesystem>
#include <string>

#include "recessive/engine/dataset.h"

namespace recessive::imaging {

// Class folders sorted by name give the label order and class_names (CIFAR-10's canonical names are alphabetical,
// so a standard extraction matches cifar10_class_names()); files are sorted by name within a class. Hidden entries
// and files with other extensions are ignored; a class folder without images is an error.
LabelledImages load_cifar10_folder(const std::filesystem::path& root, const std::string& split);

}  // namespace recessive::imaging
