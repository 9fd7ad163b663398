// A deep hashing network: maps images in [0,1] at its own input size (N,3,S,S) to real-valued codes
// h (N,bits); the binary code is sign(h). Implementations own their normalisation. A module is not
// thread-safe for concurrent forward+backward; give each thread its own clone or serialise calls.
#pragma once

#include <torch/nn/module.h>

#include <memory>
#include <string>

namespace recessive {

class HashingNet : public torch::nn::Module {
 public:
  explicit HashingNet(std::string name) : torch::nn::Module(std::move(name)) {}
  virtual at::Tensor forward(const at::Tensor& images) = 0;  // (N,3,S,S) in [0,1] -> (N,bits)
  // The real codes before any output squashing (same signs as forward); the attacks differentiate these, because a
  // squashing output (DBH's sigmoid) starves the gradient of exactly the confident bits an attack must flip.
  virtual at::Tensor logits(const at::Tensor& images) { return forward(images); }
  // A middle layer's activations (N,C,H,W) for the same input (each net names its layer): what feature-level
  // transfer objectives push apart (ensemble_attack.h feature_weight). The default, for nets without one, is the
  // input itself.
  virtual at::Tensor mid_features(const at::Tensor& images) { return images; }
  // The rest of the net: logits(x) == logits_from_mid(mid_features(x)), so an objective on both runs the layers
  // below the middle once.
  virtual at::Tensor logits_from_mid(const at::Tensor& mid) { return logits(mid); }
  virtual int64_t bits() const = 0;
  virtual int64_t input_size() const = 0;  // S
  virtual std::string method() const = 0;  // "dsh", "dbh", "dpsh", "dhn"
};

// Builds an untrained network for `method` ("dsh", "dbh", "dpsh", "dhn") with `bits` output bits. Throws std::invalid_argument.
std::shared_ptr<HashingNet> make_hashing_net(const std::string& method, int64_t bits);
// The same, with the initial weights drawn after seeding torch's global generator with `seed`: equal seeds give
// equal nets (the unseeded generator differs from run to run). Leaves the generator seeded and advanced.
std::shared_ptr<HashingNet> make_hashing_net(const std::string& method, int64_t bits, uint64_t seed);

// Subtracts the CIFAR-10 channel mean and divides by its std, (N,3,H,W) in [0,1].
at::Tensor normalize_cifar(const at::Tensor& images);

}  // namespace recessive
