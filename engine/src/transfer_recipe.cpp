#include "recessive/engine/transfer_recipe.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace recessive {

std::vector<int64_t> ensemble_member_bits(int64_t bits) {
  if (bits != 12 && bits != 24 && bits != 32 && bits != 48)
    throw std::invalid_argument("no ensemble hash lengths for " + std::to_string(bits) + " bits");
  std::vector<int64_t> lengths = {bits};
  for (int64_t other : {48, 32, 24, 12})
    if (other != bits) lengths.push_back(other);
  return lengths;
}

EnsembleOptions transfer_recipe(const RecessiveOptions& single) {
  auto options = ensemble_options(single);
  options.diversity = 1.0;
  options.target_weight = kTransferTargetWeight;
  options.feature_weight = kTransferFeatureWeight;
  options.input_noise = kTransferInputNoise;
  options.lambda = kTransferLambda;
  options.min_psnr_db = std::max(options.min_psnr_db, kTransferFloorDb);
  return options;
}

std::string describe_transfer_recipe(const EnsembleOptions& options) {
  std::ostringstream text;
  text << "lambda " << options.lambda << ", input diversity " << options.diversity << " (shrink "
       << options.diversity_shrink << " px), target weight "
       << options.target_weight << ", feature weight " << options.feature_weight << ", input noise "
       << options.input_noise << ", PSNR floor "
       << options.min_psnr_db << " dB, step cap " << options.max_step_l2 << ", "
       << (options.until_target ? "until l'" : "until label changed");
  if (options.max_source_share > 0) text << " and l <= " << options.max_source_share * 100 << "% of the nearest";
  if (options.overshoot_steps > 0) text << ", " << options.overshoot_steps << " overshoot steps";
  return text.str();
}

}  // namespace recessive
