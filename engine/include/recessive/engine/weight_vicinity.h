// A model's weight vicinity (Gubri et al., "LGV: Boosting Adversarial Example Transferability from Large Geometric
// Vicinity", ECCV 2022): snapshots of a short constant, large-learning-rate training run started from the trained
// model (`recessive train --init-from M --constant-lr --snapshots-per-epoch K`). Taking each attack step's gradient
// through another snapshot (ensemble_attack.h) averages over the flat region the model sits in instead of its own
// sharp surface. Snapshot n of a model file <stem>.pt is <stem>-vicinity-NN.pt (NN from 01) in a vicinity folder.
#pragma once

#include <filesystem>
#include <vector>

#include "recessive/engine/hashing_model.h"

namespace recessive {

std::filesystem::path vicinity_snapshot_path(const std::filesystem::path& folder, const std::filesystem::path& model_path,
                                             int64_t number);

// The snapshots of model_path in folder, 01, 02, ... up to the first one missing (none: empty).
std::vector<HashingModel> load_weight_vicinity(const std::filesystem::path& folder,
                                               const std::filesystem::path& model_path, const at::Device& device);

}  // namespace recessive
