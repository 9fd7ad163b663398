// LinBP (Guo, Li and Chen, NeurIPS 2020, "Backpropagating Linearly Improves Transferability of Adversarial
// Examples"), a transfer aid: while a LinearBackwardGuard lives on the calling thread, the hashing nets' hidden ReLUs
// (every ReLU after a net's first layer, `hidden_relu`) compute relu(x) in the forward pass but pass the gradient
// back as the identity would, so an attack follows the gradient of a more linear surrogate. Forward values, and so
// codes and stop rules, are unchanged.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

class LinearBackwardGuard {
 public:
  explicit LinearBackwardGuard(bool enabled = true);
  ~LinearBackwardGuard();
  LinearBackwardGuard(const LinearBackwardGuard&) = delete;
  LinearBackwardGuard& operator=(const LinearBackwardGuard&) = delete;

 private:
  bool previous_;
};

bool linear_backward_enabled();

// relu(x); with a LinearBackwardGuard alive, its gradient is the identity's.
at::Tensor hidden_relu(const at::Tensor& x);

}  // namespace recessive
