// The paper's algorithm against an ensemble of hashing models, for transfer to models outside it (issue 3):
// r_m = grad of the SUM over models of the score gaps f_l'(X) - f_l(X) (attack.h; each model with its own source
// label l and beta, one target l' drawn from the first model), the same step and budgets as recessive_attack.h
// (recessive_step.h). Input diversity (Xie et al., CVPR 2019): at each step and for each model, with probability
// `diversity`, the model sees its input shrunk to a random size in [S-shrink, S] and zero-padded back to S at a
// random offset; optional momentum, gradient smoothing and noisy views (below). An image stops once every model's
// retrieval is fooled. All models must share one input size. Reports are relative to the first model. One attack
// at a time per model.
#pragma once

#include <functional>
#include <vector>

#include "recessive/engine/attack.h"
#include "recessive/engine/recessive_attack.h"

namespace recessive {

struct EnsembleOptions {
  double lambda = 0.05;
  int64_t max_steps = 100;
  double max_step_l2 = 0.25;   // cap on ||step||_2 at the input size; <= 0: none
  double max_linf = 0.0;       // <= 0: off
  double min_psnr_db = 0.0;    // PSNR floor (recessive_step.h); <= 0: off
  int64_t overshoot_steps = 0; // steps after every model is fooled (recessive_step.h StopTracker)
  double max_source_share = 0.0; // and each model's source class <= this share of its k nearest (recessive_attack.h)
  bool until_target = true;    // stop once every model returns l' (false: once every model's label != its own l)
  double neighbourhood_temperature = 0.0;  // the score each model climbs (attack.h retrieval_score_gap); <= 0: prototypes
  double target_weight = 1.0;  // the gap climbed is w f_l' - f_l (attack.h); 0: only away from each model's l
  // Feature-level term (beyond the paper; cf. Ganeshan et al., FDA, ICCV 2019): each member's gap gets
  // + feature_weight * relative_feature_distance (attack.h) between its middle-layer features of the image and of
  // the original under the same input-diversity draw, which pushes what the members see, not only their codes,
  // away from the original's; 0: off.
  double feature_weight = 0.0;
  double diversity = 0.5;      // probability of the random resize-and-pad per model and step; 0: off
  int64_t diversity_shrink = 4;
  // Momentum (Dong et al., CVPR 2018, MI-FGSM): steps follow the direction of g_m = momentum * g_(m-1) + r_m/||r_m||_1
  // (with r_m's own norm, so Fig. 2's step size is kept), which steadies the direction across steps and models;
  // 0: off (the paper's r_m).
  double momentum = 0.0;
  // Translation-invariant gradient (Dong et al., CVPR 2019, TI): r_m blurred with a Gaussian of this sigma (pixels
  // at the models' input size) before the step, so the perturbation leans on lower frequencies that other
  // architectures share; <= 0: off.
  double smoothing_sigma = 0.0;
  // Gradient averaging over noisy views (beyond the paper; cf. SmoothGrad, and Wu et al., CVPR 2021): each member
  // sees its input plus Gaussian noise of sigma `input_noise` ([0,1] pixel scale; drawn on the CPU from the seed,
  // so CPU and CUDA see the same noise) and its gap is the mean over `draws` independent views per step, each with
  // its own diversity draw and noise. The step then follows the gradient of the members' smoothed scores, which
  // other architectures share more than the members' own sharp gradients. 0 / 1: off.
  double input_noise = 0.0;
  int64_t draws = 1;
  // Optional views of the live batch whose members' gradients are added to each step's, passed straight through
  // to X (as RecessiveOptions::gradient_views, recessive_attack.h), e.g. its JPEG round trip. One more pass through
  // every member per view and step.
  std::function<std::vector<at::Tensor>(const at::Tensor& images)> gradient_views;
  uint64_t seed = 0;           // target labels and the diversity draws
};

// The single-model attack's step, budgets, stop rule, objective, gradient views and seed as ensemble options
// (diversity and momentum keep their defaults; its stop views are not carried: the ensemble's stop rule has none),
// so that ensemble and single-model crafting run at the same setting.
EnsembleOptions ensemble_options(const RecessiveOptions& single);

// Weight vicinity (weight_vicinity.h): when vicinities[i] is given and not empty, step m takes member i's gradient
// through snapshot vicinities[i][m mod size] (its net and class prototypes) instead of through models[i]; the stop
// rule, source labels and betas stay models[i]'s. Snapshots must share the member's input size.
AttackResult ensemble_attack(const std::vector<HashingModel*>& models, const at::Tensor& images,
                             const EnsembleOptions& options = {},
                             const std::vector<std::vector<HashingModel*>>& vicinities = {});

}  // namespace recessive
