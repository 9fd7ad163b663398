// The paper's perturbation algorithm (Fig. 2): pick a random wrong label l' != l (l = retrieval label of
// the original); for m = 0..M-1: r_m = grad f_l'(X_m) - grad f_l(X_m), X_{m+1} = X_m + lambda*r_m/||r_m||^2,
// pixels kept in [0,1]; stop once retrieval of X_m returns a wrong label (!= l; or l' itself with
// until_target). f is the retrieval score of attack.h. For a
// photo larger than the model input the gradient is taken at the input size and lifted bilinearly.
// Beyond Fig. 2: a step's L2 norm (at the model's input size) is capped at max_step_l2, because
// lambda/||r|| explodes where the gradient nearly vanishes; an optional L-inf bound max_linf (off here, 8/255
// in the CLI) keeps photos free of visible shading, an optional PSNR floor bounds the total (docs/engine.md).
#pragma once

#include <functional>
#include <vector>

#include "recessive/engine/attack.h"

namespace recessive {

struct RecessiveOptions {
  double lambda = 0.05;      // step scale: each step raises f_l' - f_l by about lambda (first order)
  int64_t max_steps = 100;   // M
  double beta = 0.0;         // tanh relaxation of the codes; <= 0: adaptive (attack.h relaxation_beta)
  double max_step_l2 = 0.25; // cap on ||r'_m||_2 at the model input size, [0,1] units; <= 0: no cap
  double max_linf = 0.0;     // optional product guard: keep |X - X_0| <= max_linf ([0,1] units); <= 0: off
  // Optional distortion budget: keep every image's PSNR against X_0 at or above this (dB) by scaling the
  // perturbation back onto the L2 ball of that radius after each step; <= 0: off. An L2 budget suits the
  // algorithm's L2-shaped steps (an L-inf clip wastes them) and bounds the PSNR of the images that never stop.
  double min_psnr_db = 0.0;
  bool until_target = false; // false: stop once the retrieval label != l; true: only once it is l'
  // Beyond Fig. 2: steps an image keeps taking after its stop rule first holds, to move its code from the edge
  // of the new class's region into it (DeepFool's overshoot); the stop rule must still hold at the end, or the
  // image goes on stepping (up to max_steps).
  int64_t overshoot_steps = 0;
  // Beyond Fig. 2: the stop rule also needs the original's class l to hold at most this share of the retrieval's
  // k nearest neighbours (a direct proxy for the query's precision); <= 0: off.
  double max_source_share = 0.0;
  // Beyond Fig. 2: and the average precision of l's images among the first 1,000 results of the model's own
  // database (the evaluation's mAP@1000 of the query, computed for the original's label) at most this; <= 0: off.
  double max_source_ap = 0.0;
  bool nearest_target = false;  // beyond Fig. 2: l' = the nearest wrong class (attack.h), not a random one
  // Beyond Fig. 2: > 0 climbs the soft label shares of the database neighbourhood instead of the prototype scores
  // (attack.h retrieval_score_gap), at this temperature in bits; <= 0: the paper's prototype scores.
  double neighbourhood_temperature = 0.0;
  uint64_t seed = 0;         // for the choice of l'
  // Optional views of the batch that the stop rule must also hold for: the image as it will be saved (8-bit
  // rounding, a JPEG round trip), as a platform will re-encode it... Maps the live batch X (N,3,H,W) to views of N
  // images each (any size, any device); called only at steps where the rule holds for X itself for some image, so
  // that the file written (and what is served from it) is protected, not only the float result: a perturbation that
  // just crosses the class boundary can be undone by an encoder's rounding. One function for all views, so that they
  // can share work (one encode). `steps_taken`: how many steps each image of X has taken; an image whose report
  // ends with that many steps is returned as it was in this call (so a caller can keep what it built from it).
  std::function<std::vector<at::Tensor>(const at::Tensor& images, int64_t steps_taken)> stop_views;
  // Optional views of the live batch X whose score gaps' gradients are added to X's (the same shape as X; any
  // function of X, differentiable or not: each view's gradient is passed on to X unchanged, straight through, as
  // BPDA does for a JPEG round trip). Steps then also move the views' codes, e.g. so that a JPEG re-encode
  // (a stop view) is fooled too. One more forward and backward pass per view and step.
  std::function<std::vector<at::Tensor>(const at::Tensor& images)> gradient_views;
  // Called after each step with the number of steps taken; returning false stops the attack there (cancel).
  // The result is then the partly perturbed batch, reports filled as usual.
  std::function<bool(int64_t steps_taken)> on_step;
};

AttackResult recessive_attack(HashingModel& model, const at::Tensor& images, const RecessiveOptions& options = {});

}  // namespace recessive
