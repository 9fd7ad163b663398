#include "recessive/engine/weight_vicinity.h"

#include <cstdio>

#include "recessive/engine/model_file.h"

namespace recessive {

std::filesystem::path vicinity_snapshot_path(const std::filesystem::path& folder, const std::filesystem::path& model_path,
                                             int64_t number) {
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "-vicinity-%02lld.pt", static_cast<long long>(number));
  return folder / (model_path.stem().string() + suffix);
}

std::vector<HashingModel> load_weight_vicinity(const std::filesystem::path& folder,
                                               const std::filesystem::path& model_path, const at::Device& device) {
  std::vector<HashingModel> snapshots;
  for (int64_t n = 1; std::filesystem::exists(vicinity_snapshot_path(folder, model_path, n)); ++n)
    snapshots.push_back(load_model(vicinity_snapshot_path(folder, model_path, n), device));
  return snapshots;
}

}  // namespace recessive
