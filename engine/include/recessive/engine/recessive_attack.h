// The paper's perturbation algorithm (Fig. 2): pick a random wrong label l' != l (l = retrieval label of
// the original); for m = 0..M-1: r_m = grad f_l'(X_m) - grad f_l(X_m), X_{m+1} = X_m + lambda*r_m/||r_m||^2,
// pixels kept in [0,1]; stop once retrieval of X_m returns l'. f is the retrieval score of attack.h. For a
// photo larger than the model input the gradient is taken at the input size and lifted bilinearly.
#pragma once

#include "recessive/engine/attack.h"

namespace recessive {

struct RecessiveOptions {
  double lambda = 0.1;       // step scale: each step raises f_l' - f_l by about lambda (first order)
  int64_t max_steps = 100;   // M
  double beta = 1.0;         // tanh relaxation of the codes
  uint64_t seed = 0;         // for the choice of l'
};

AttackResult recessive_attack(HashingModel& model, const at::Tensor& images, const RecessiveOptions& options = {});

}  // namespace recessive
