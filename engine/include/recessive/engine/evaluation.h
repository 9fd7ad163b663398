// The pieces of the paper's evaluation (`recessive eval`): each model's database codes on the cifar10-1 protocol,
// retrieval scores (mAP@k, precision within Hamming radius 2) of query images against a model (white box when the
// images were crafted against that model, transfer when crafted against another), protection of a query set in
// batches with its distortion and time, and the L1-vs-mAP sweep bookkeeping. Stateless free functions; a model's
// net serves one call at a time (hashing_net.h).
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

#include "recessive/engine/attack.h"
#include "recessive/engine/cifar10_protocol.h"
#include "recessive/engine/hashing_model.h"

namespace recessive {

// The paper's top-k values: 200, 400, 600, 800, 1000.
const std::vector<int64_t>& paper_ks();

struct RetrievalScores {
  std::vector<int64_t> ks;
  std::vector<double> map;    // mAP@ks[i]
  double precision_r2 = 0.0;  // precision within Hamming radius 2
  double map_at(int64_t k) const;  // throws std::out_of_range when k is not in ks
};

RetrievalScores score_codes(const at::Tensor& query_codes, const at::Tensor& query_labels, const at::Tensor& db_codes,
                            const at::Tensor& db_labels, const std::vector<int64_t>& ks = paper_ks());

// A model as a retrieval system under evaluation: its net hashes the queries, `db_codes` are its codes of the
// database images. The model is not owned and must outlive the system.
struct RetrievalSystem {
  std::string name;             // e.g. "dsh-24"
  HashingModel* model = nullptr;
  at::Tensor db_codes;          // (N,bits) +1/-1, CPU
  at::Tensor db_labels;         // (N) int64, CPU
};

// Codes of split.database under `model`. When the model's index holds the codes of the images that open the
// database (models trained on train50k: database = train ++ rest of test) and a sample re-encodes to the same
// codes, those are reused and only the rest is encoded (6x faster on CPU); otherwise everything is encoded.
at::Tensor encode_database(HashingModel& model, const RetrievalSplit& split, const at::Device& device);
RetrievalSystem make_retrieval_system(std::string name, HashingModel& model, const RetrievalSplit& split,
                                      const at::Device& device);

// Scores of query images (uint8 (Q,3,H,W), CPU) with true `labels` as retrieved by `system`: query codes from
// system's net, database = system's. For transfer, pass images crafted against another model.
RetrievalScores score_images(RetrievalSystem& system, const at::Tensor& images_u8, const at::Tensor& labels,
                             const at::Device& device, const std::vector<int64_t>& ks = paper_ks());

// Protects a query set batch by batch. `attack` gets float [0,1] images on `device` and returns an AttackResult.
using BatchAttack = std::function<AttackResult(const at::Tensor& batch)>;
struct ProtectedSet {
  at::Tensor images_u8;               // (Q,3,H,W) uint8 CPU: rounded to 8 bits as a saved PNG would be
  std::vector<AttackReport> reports;  // one per image
  double seconds_per_image = 0.0;     // wall time of all batches / Q (device synchronised)
};
ProtectedSet protect_in_batches(const at::Tensor& images_u8, int64_t batch_size, const at::Device& device,
                                const BatchAttack& attack);

// Distortion of the 8-bit protected images against the originals plus the attack's step statistics.
struct DistortionSummary {
  double mean_psnr = 0, min_psnr = 0;  // dB over changed images (unchanged ones have PSNR +inf)
  int64_t unchanged = 0;
  double mean_ssim = 0, mean_linf = 0, mean_l1 = 0;  // L-inf and L1 on the 0-255 scale
  double mean_steps = 0, label_changed = 0, target_reached = 0;  // fractions of images for the last two
};
DistortionSummary summarize_distortion(const at::Tensor& original_u8, const ProtectedSet& set);

// One point of the distortion sweep (Fig. 7): an attack at one setting (lambda or eps) -> mean L1 and mAP.
struct SweepPoint {
  std::string method;   // "recessive" or "ifgsm"
  double parameter = 0; // lambda, or eps on the 0-255 scale
  double mean_l1 = 0;   // 0-255
  double mean_psnr = 0;
  double map = 0;       // mAP at the sweep's k
};
// Mean L1 of `curve` at mAP `map`, linearly interpolated between the two points whose mAPs bracket it (points in
// any order; the curve is ordered by mAP). NaN when `map` lies outside the curve's mAP range or the curve is empty.
double l1_at_map(std::vector<SweepPoint> curve, double map);

}  // namespace recessive
