// Test helper: a small DSH model trained for a few seconds on synthetic images of 10 classes (each class a
// colour pattern plus noise), with its training codes as index. Enough to exercise attacks without
// shipped weights; built once per process.
#pragma once

#include <torch/torch.h>

#include "recessive/engine/hashing_model.h"
#include "recessive/engine/trainer.h"

namespace recessive::testing {

inline LabelledImages synthetic_classes(int64_t per_class, uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed);
  auto bases = torch::rand({10, 3, 1, 1}, gen) * 0.2 + 0.4;
  auto stripes = torch::sin(torch::arange(32).to(torch::kFloat32).view({1, 1, 1, 32}) *
                            (torch::arange(10).to(torch::kFloat32).view({10, 1, 1, 1}) * 0.3 + 0.2)) * 0.15;
  auto labels = torch::arange(10, torch::kInt64).repeat({per_class});
  auto images = (bases + stripes).index_select(0, labels) + torch::randn({10 * per_class, 3, 32, 32}, gen) * 0.05;
  return {images.clamp(0, 1).mul(255).round().to(torch::kUInt8), labels, std::vector<std::string>(10, "c")};
}

inline HashingModel trained_toy_model(int64_t bits, const c10::Device& device = torch::kCPU) {
  torch::manual_seed(11);
  auto data = synthetic_classes(40, 5);
  HashingModel model;
  model.net = make_hashing_net("dsh", bits);
  TrainOptions options;
  options.epochs = 4;
  options.batch_size = 50;
  options.augment = false;
  train_hashing_net(*model.net, data, torch::kCPU, options);
  model.net->to(device);
  model.index = HashIndex(encode_dataset(*model.net, data.images, device), data.labels, 10).to(device);
  model.retrieval_k = 20;
  return model;
}

// Shared per bits and device within one test process (training takes a few seconds).
inline HashingModel& toy_model(int64_t bits, const c10::Device& device = torch::kCPU) {
  static std::map<std::string, HashingModel> cache;
  const auto key = std::to_string(bits) + device.str();
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, trained_toy_model(bits, device)).first;
  return it->second;
}

}  // namespace recessive::testing
