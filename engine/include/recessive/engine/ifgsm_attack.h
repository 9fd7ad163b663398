// The iFGSM baseline (Kurakin et al.): X_{n+1} = clip_{X,eps}(X_n + alpha*sign(grad)), on the same targeted
// retrieval score gap as the paper's algorithm (attack.h), for a fixed number of steps (optionally stopping
// once retrieval returns l'). Gradients at the model input size are lifted bilinearly to full resolution.
#pragma once

#include "recessive/engine/attack.h"

namespace recessive {

struct IfgsmOptions {
  double epsilon = 4.0 / 255;  // L-inf budget in [0,1] units
  double alpha = 1.0 / 255;    // step
  int64_t steps = 10;
  double beta = 0.0;  // <= 0: adaptive (attack.h relaxation_beta)
  bool stop_on_success = false;
  uint64_t seed = 0;
};

AttackResult ifgsm_attack(HashingModel& model, const at::Tensor& images, const IfgsmOptions& options = {});

}  // namespace recessive
