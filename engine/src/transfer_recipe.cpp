#include "recessive/engine/transfer_recipe.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace recessive {

int64_t ensemble_partner_bits(int64_t bits) {
  switch (bits) {
    case 12: return 24;
    case 24: return 32;
    case 32: return 48;
    case 48: return 32;
    default: throw std::invalid_argument("no partner hash length for " + std::to_string(bits) + " bits");
  }
}

EnsembleOptions transfer_recipe(const RecessiveOptions& single) {
  auto options = ensemble_options(single);
  options.diversity = 1.0;
  options.target_weight = kTransferTargetWeight;
  options.feature_weight = kTransferFeatureWeight;
  options.input_noise = kTransferInputNoise;
  options.min_psnr_db = std::max(options.min_psnr_db, kTransferFloorDb);
  return options;
}

std::string describe_transfer_recipe(const EnsembleOptions& options) {
  std::ostringstream text;
  text << "input diversity " << options.diversity << " (shrink " << options.diversity_shrink << " px), target weight "
       << options.target_weight << ", feature weight " << options.feature_weight << ", input noise "
       << options.input_noise << ", PSNR floor "
       << options.min_psnr_db << " dB, step cap " << options.max_step_l2 << ", "
       << (options.until_target ? "until l'" : "until label changed");
  if (options.max_source_share > 0) text << " and l <= " << options.max_source_share * 100 << "% of the nearest";
  if (options.overshoot_steps > 0) text << ", " << options.overshoot_steps << " overshoot steps";
  return text.str();
}

}  // namespace recessive
