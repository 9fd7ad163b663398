// What every attack returns and the pieces they share. An attack takes images (N,3,H,W) in [0,1] at any
// resolution on the model's device, deceives a HashingModel's retrieval and returns the perturbed images
// plus one report per image. The model's net is used for forward+backward: one attack at a time per model.
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

#include "recessive/engine/hashing_model.h"

namespace recessive {

struct AttackReport {
  int64_t steps = 0;           // gradient steps taken
  bool success = false;        // retrieval label after == target label l'
  bool label_changed = false;  // retrieval label after != label before (the retrieval is wrong)
  int64_t label_before = -1;   // retrieval label of the original
  int64_t target_label = -1;   // the random wrong label l'
  int64_t label_after = -1;    // retrieval label of the result
  int64_t hamming = 0;         // Hamming distance between the original and protected binary codes
  double linf = 0, l1 = 0;     // 0-255 scale (l1 = mean absolute difference)
  double psnr = 0;             // dB
  double seconds = 0;          // wall time for the whole batch divided by N
};

struct AttackResult {
  at::Tensor images;                  // (N,3,H,W) in [0,1], same device as the input
  std::vector<AttackReport> reports;  // one per image
  at::Tensor original_codes;          // (N,bits) +1/-1 codes of the originals (the reports' Hamming distances' base)
};

// A random label != labels[i] for each i, uniform over the other classes, reproducible for a seed. With
// prototypes (C,bits), classes whose prototype code equals the source's are skipped (nothing to climb
// towards) unless every other class shares it.
at::Tensor pick_wrong_labels(const at::Tensor& labels, int64_t num_classes, uint64_t seed,
                             const at::Tensor& prototypes = {});

// The wrong label whose prototype is nearest each image's relaxed code: argmax over c != l (and c's prototype !=
// l's) of <c_c, tanh(beta*h)>, the class the image is closest to leaving for (DeepFool's choice of the nearest
// boundary, where the paper draws l' at random). real_codes (N,bits), labels and beta (N).
at::Tensor nearest_wrong_labels(const at::Tensor& real_codes, const at::Tensor& labels, const at::Tensor& prototypes,
                                const at::Tensor& beta);

// The retrieval score gap f_l'(X) - f_l(X) evaluated at the model's input size; returns (per-image gap (N), h) with
// h the net's logits (hashing_net.h: the real codes before any squashing). With t = tanh(beta*h(X)) the relaxed
// code and `beta` (N) per image (see relaxation_beta):
//  - neighbourhood_temperature <= 0 (the paper): f_c(X) = <c_c, t> / bits, c_c the class prototype code;
//  - > 0 (beyond the paper): f_c(X) = the soft share of class c among the database codes nearest t, softmax over
//    -(relaxed Hamming distance)/temperature (temperature in bits), the differentiable twin of the stop rule's
//    HashIndex::label_shares. It sees where a class's codes really lie, which a single prototype summarises badly
//    for a model whose classes are spread over the Hamming space.
// With target_weight w != 1 (beyond the paper) the gap is w * f_l'(X) - f_l(X): w = 0 only pushes away from l.
// `low` must require grad for the caller to differentiate it.
std::pair<at::Tensor, at::Tensor> retrieval_score_gap(HashingModel& model, const at::Tensor& low,
                                                      const at::Tensor& source, const at::Tensor& target,
                                                      const at::Tensor& beta, double neighbourhood_temperature = 0.0,
                                                      double target_weight = 1.0);
// The same gap (N) from logits h (N,bits) the caller computed.
at::Tensor retrieval_score_gap_of_logits(HashingModel& model, const at::Tensor& h, const at::Tensor& source,
                                         const at::Tensor& target, const at::Tensor& beta,
                                         double neighbourhood_temperature = 0.0, double target_weight = 1.0);

// How far middle-layer features (hashing_net.h mid_features) `mid` have moved from `reference_mid` (same shape),
// relative to the reference's: ||mid - reference_mid||^2 / ||reference_mid||^2 per image (N). 0 at mid ==
// reference_mid, where its gradient is 0 too: a feature-level transfer objective (ensemble_attack.h
// feature_weight) needs another term for its first step.
at::Tensor relative_feature_distance(const at::Tensor& mid, const at::Tensor& reference_mid);

// The attacks' stop rule for binary codes (N,bits): retrieval returns a label != source (or == target with
// `until_target`), and, with max_source_share > 0, source holds at most that share of the k nearest, and, with
// max_source_ap > 0, the average precision of source's images in the first source_ap_k results (the evaluation's
// mAP@k, metrics.h, against the model's own database) is at most max_source_ap; (N) bool.
at::Tensor stop_rule_holds(const HashingModel& model, const at::Tensor& codes, const at::Tensor& source,
                           const at::Tensor& target, bool until_target, double max_source_share,
                           double max_source_ap = 0.0, int64_t source_ap_k = 1000);

// beta per image (N) from the original's real codes h(X_0) (N,bits): `beta` when > 0, else 1 / mean|h(X_0)|,
// which keeps tanh in its responsive range whatever a net's output scale (a saturated tanh has a vanishing
// gradient).
at::Tensor relaxation_beta(const at::Tensor& original_codes, double beta);

// What every attack starts from: the images as float (N,3,H,W), their binary codes (computed once), their
// retrieval labels l, wrong labels l' (random, or the nearest with `nearest_target`), the relaxation beta per
// image, and reports with labels before/target filled in.
struct AttackStart {
  at::Tensor original, original_codes, source, target, beta;
  std::vector<AttackReport> reports;
};
AttackStart begin_attack(HashingModel& model, const at::Tensor& images, uint64_t seed, double beta,
                         bool nearest_target = false);

// Fills labels after, Hamming distance (to `original_codes`, +1/-1), distortion and time into `reports`.
void finish_reports(HashingModel& model, const at::Tensor& original, const at::Tensor& original_codes,
                    const at::Tensor& perturbed, double seconds, std::vector<AttackReport>& reports);

}  // namespace recessive
