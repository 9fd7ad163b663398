// Test helper: a HashingModel built from an untrained DSH net whose index holds the codes of random
// images with random labels; enough to exercise attacks without shipped weights.
#pragma once

#include <torch/torch.h>

#include "recessive/engine/hashing_model.h"

namespace recessive::testing {

inline HashingModel random_model(int64_t bits, const c10::Device& device = torch::kCPU, uint64_t seed = 7) {
  torch::manual_seed(seed);
  HashingModel model;
  model.net = make_hashing_net("dsh", bits);
  model.net->to(device);
  model.net->eval();
  auto images = (torch::rand({400, 3, 32, 32}) * 255).to(torch::kUInt8);
  auto codes = encode_dataset(*model.net, images, device);
  model.index = HashIndex(codes, torch::randint(0, 10, {400}, torch::kInt64), 10).to(device);
  model.retrieval_k = 20;
  return model;
}

}  // namespace recessive::testing
