// The ensemble settings that transfer best to a hashing architecture held out of the ensemble (issue 3, item 3;
// measured in docs/evaluation.md "Transfer aids"): the other methods at every hash length (the evaluated one
// first), input diversity on every step, each member's gap climbed with the target weight kTransferTargetWeight
// (attack.h: the push away from the original's class counts, the pull towards l' counts less or not at all) plus
// the feature-level term with weight kTransferFeatureWeight (ensemble_attack.h), each member's input with Gaussian
// noise of sigma kTransferInputNoise (one noisy view per step), step size lambda kTransferLambda, and the
// single-model budget with its PSNR floor raised to 35 dB (the images walk to it). `recessive eval` crafts its
// ensemble rows with it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "recessive/engine/ensemble_attack.h"

namespace recessive {

// The hash lengths whose models join the ensemble for `bits` (12, 24, 32 or 48): `bits`, then the other three
// from the longest down.
std::vector<int64_t> ensemble_member_bits(int64_t bits);

// ensemble_options(single) with diversity 1.0, target_weight kTransferTargetWeight, feature_weight
// kTransferFeatureWeight, input_noise kTransferInputNoise, lambda kTransferLambda (eight members share each step,
// so each one's share is smaller than one model's) and min_psnr_db raised to at least kTransferFloorDb.
constexpr double kTransferFloorDb = 35.0;
constexpr double kTransferTargetWeight = 0.0;
constexpr double kTransferFeatureWeight = 1.0;
constexpr double kTransferInputNoise = 0.04;
constexpr double kTransferLambda = 0.1;
EnsembleOptions transfer_recipe(const RecessiveOptions& single);

// "lambda 0.1, input diversity 1 (shrink 4 px), target weight 0, feature weight 1, input noise 0.04, ..." for
// report rows.
std::string describe_transfer_recipe(const EnsembleOptions& options);

}  // namespace recessive
