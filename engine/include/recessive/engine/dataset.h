// A labelled image set held in memory: uint8 pixels (N,3,H,W) in RGB order and int64 labels (N).
// Plain value type; cheap to copy (tensors share storage). Not synchronised.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace recessive {

struct LabelledImages {
  at::Tensor images;                     // uint8 (N,3,H,W), RGB, CPU
  at::Tensor labels;                     // int64 (N), values in [0, class_names.size())
  std::vector<std::string> class_names;  // index -> name

  int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
  // Rows `indices` (int64 tensor) of this set, sharing class names.
  LabelledImages subset(const at::Tensor& indices) const;
  // Concatenation of two sets with the same class names; throws std::invalid_argument otherwise.
  static LabelledImages concat(const LabelledImages& a, const LabelledImages& b);
};

// The canonical CIFAR-10 class names, in label order (also alphabetical order).
const std::vector<std::string>& cifar10_class_names();

// uint8 (N,3,H,W) -> float32 in [0,1] on `device`.
at::Tensor to_unit_float(const at::Tensor& images_u8, const at::Device& device);
// float [0,1] (N,3,H,W) on any device -> uint8 on the CPU, rounded to the nearest level: as a saved PNG stores it.
at::Tensor to_uint8(const at::Tensor& images);

}  // namespace recessive
