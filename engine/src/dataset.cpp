#include "recessive/engine/dataset.h"

#include <torch/torch.h>

#include <stdexcept>

namespace recessive {

LabelledImages LabelledImages::subset(const at::Tensor& indices) const {
  return {images.index_select(0, indices), labels.index_select(0, indices), class_names};
}

LabelledImages LabelledImages::concat(const LabelledImages& a, const LabelledImages& b) {
  if (a.class_names != b.class_names) throw std::invalid_argument("cannot concatenate image sets with different classes");
  return {torch::cat({a.images, b.images}), torch::cat({a.labels, b.labels}), a.class_names};
}

const std::vector<std::string>& cifar10_class_names() {
  static const std::vector<std::string> names = {"airplane", "automobile", "bird", "cat", "deer",
                                                 "dog",      "frog",       "horse", "ship", "truck"};
  return names;
}

at::Tensor to_unit_float(const at::Tensor& images_u8, const at::Device& device) {
  return images_u8.to(device).to(torch::kFloat32).div_(255.0);
}

at::Tensor to_uint8(const at::Tensor& images) {
  return images.detach().mul(255).round().clamp(0, 255).to(torch::kUInt8).cpu();
}

}  // namespace recessive
