// recessive_bench: measures what the paper reports for one hashing model on the cifar10-1 protocol:
// clean vs protected mAP@{200..1000} and precision within Hamming radius 2, mean steps / PSNR / L-inf /
// L1 of the paper's algorithm, time per CIFAR image (batched and one at a time), and the time to protect
// a 12 MP photo. Prints Markdown and writes JSON (--json PATH).
//   recessive_bench --model models/dsh-24.pt --data CIFAR_DIR [--queries 1000] [--batch 100] [--warmup BATCH] [--single 20]
//                   [--lambda 0.05] [--max-steps 100] [--until-target 1] [--max-linf 8] [--min-psnr 36] [--overshoot 3]
//                   [--nearest 1] [--source-share 0.1] [--source-ap 0.05] [--step-cap 0.25] [--neighbourhood T_bits] [--beta B] [--device auto|cpu|cuda] [--photo-megapixels 12] [--json F]
//                   [--craft A.pt[,B.pt...] [--diversity 0.5] [--diversity-shrink 4] [--momentum 1] [--smoothing SIGMA] [--target-weight W] [--feature-weight F]
//                    [--draws N] [--input-noise SIGMA] [--vicinity FOLDER]] [--jpeg-check Q] [--score-also C.pt[,D.pt...]]
// Transfer: with --craft the queries are protected against those models (one: the paper's algorithm; several: the
// ensemble attack, ensemble_attack.h) and retrieved by --model; the attack options above apply to either.
// --vicinity FOLDER: each --craft model's weight vicinity in FOLDER (weight_vicinity.h) gives its gradients.
// --score-also: the protected queries are also retrieved by these models (each in its own database), reported under
// "also_scored". The JSON's "per_query" holds each query's PSNR (999 when unchanged), steps and AP@1000 under
// --model and every --score-also model, in query order, for analyses that mix runs image by image.
// Robustness (needs OpenCV): mAP@600/1000 after JPEG q75 and q90 round trips of the protected queries are always
// reported; --jpeg-check Q makes the stop rule also hold for the 8-bit image and its JPEG qQ round trip (paper's
// algorithm only), and adds that round trip's gradient to each step (straight through, jpeg_roundtrip.h; with
// several --craft models, through every member).
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "recessive/engine/cifar10_binary.h"
#include "recessive/engine/cifar10_protocol.h"
#include "recessive/engine/device.h"
#include "recessive/engine/ensemble_attack.h"
#include "recessive/engine/evaluation.h"
#include "recessive/engine/metrics.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/process_memory.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/engine/weight_vicinity.h"
#ifdef RECESSIVE_HAVE_IMAGING
#include "recessive/imaging/cifar10_folder.h"
#include "recessive/imaging/jpeg_roundtrip.h"
#endif

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  std::map<std::string, std::string> args = {{"queries", "1000"}, {"batch", "100"}, {"single", "20"},
                                             {"lambda", "0.05"},  {"max-steps", "100"}, {"device", "auto"},
                                             {"photo-megapixels", "12"}, {"seed", "1"}};
  for (int i = 1; i < argc; ++i) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || i + 1 >= argc) throw std::invalid_argument("usage: see the header of protect_bench.cpp");
    args[key.substr(2)] = argv[++i];
  }
  for (const char* required : {"model", "data"})
    if (!args.count(required)) throw std::invalid_argument(std::string("--") + required + " is required");
  return args;
}

recessive::LabelledImages load_cifar(const std::filesystem::path& root, const std::string& split) {
  for (const auto& dir : {root, root / "cifar-10-batches-bin"})
    if (std::filesystem::exists(dir / "test_batch.bin")) return recessive::load_cifar10_binary(dir, split);
#ifdef RECESSIVE_HAVE_IMAGING
  return recessive::imaging::load_cifar10_folder(root, split);
#else
  throw std::runtime_error("built without OpenCV: give the CIFAR-10 binary release folder");
#endif
}

// score_images (evaluation.h) plus each query's AP@1000, from one encoding of the images.
struct QueryScores {
  recessive::RetrievalScores scores;
  std::vector<double> ap_at_1000;  // query order
};
QueryScores score_each_query(recessive::RetrievalSystem& system, const at::Tensor& images_u8, const at::Tensor& labels,
                             const c10::Device& device) {
  const auto codes = recessive::encode_dataset(*system.model->net, images_u8, device);
  const auto ap = recessive::average_precision_at_k(codes, labels.cpu(), system.db_codes, system.db_labels, 1000).contiguous();
  return {recessive::score_codes(codes, labels.cpu(), system.db_codes, system.db_labels),
          std::vector<double>(ap.data_ptr<double>(), ap.data_ptr<double>() + ap.numel())};
}

void sync(const c10::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

}  // namespace

int main(int argc, char** argv) try {
  using namespace recessive;
  const auto args = parse_args(argc, argv);
  const auto device = select_device(args.at("device"));
  use_all_cpu_cores();
  keep_freed_memory_for_reuse();
  auto model = load_model(args.at("model"), device);
  ProtocolOptions protocol;
  protocol.seed = std::stoull(args.at("seed"));
  const auto split = make_cifar10_protocol(load_cifar(args.at("data"), "train"), load_cifar(args.at("data"), "test"),
                                           protocol);
  const int64_t nq = std::min<int64_t>(std::stoll(args.at("queries")), split.queries.size());
  // Evenly over classes: the protocol's queries are sorted by index, so take a strided subset.
  auto pick = torch::linspace(0, split.queries.size() - 1, nq).round().to(torch::kInt64);
  const auto queries = split.queries.subset(pick);

  RecessiveOptions options;
  options.lambda = std::stod(args.at("lambda"));
  options.max_steps = std::stoll(args.at("max-steps"));
  options.seed = protocol.seed;
  options.max_linf = args.count("max-linf") ? std::stod(args.at("max-linf")) / 255.0 : 0.0;
  options.until_target = args.count("until-target") && args.at("until-target") == "1";
  options.overshoot_steps = args.count("overshoot") ? std::stoll(args.at("overshoot")) : 0;
  options.min_psnr_db = args.count("min-psnr") ? std::stod(args.at("min-psnr")) : 0.0;
  options.nearest_target = args.count("nearest") && args.at("nearest") == "1";
  options.max_source_share = args.count("source-share") ? std::stod(args.at("source-share")) : 0.0;
  options.max_source_ap = args.count("source-ap") ? std::stod(args.at("source-ap")) : 0.0;
  if (args.count("step-cap")) options.max_step_l2 = std::stod(args.at("step-cap"));
  if (args.count("neighbourhood")) options.neighbourhood_temperature = std::stod(args.at("neighbourhood"));
  if (args.count("beta")) options.beta = std::stod(args.at("beta"));
  const int jpeg_check = args.count("jpeg-check") ? std::stoi(args.at("jpeg-check")) : 0;
  if (jpeg_check > 0) {
#ifdef RECESSIVE_HAVE_IMAGING
    options.stop_views = [jpeg_check](const at::Tensor& x, int64_t) { return imaging::saved_and_jpeg_views(x, jpeg_check); };
    options.gradient_views = [jpeg_check](const at::Tensor& x) {
      return std::vector<at::Tensor>{imaging::saved_and_jpeg_views(x, jpeg_check).back()};
    };
#else
    throw std::invalid_argument("--jpeg-check needs a build with OpenCV");
#endif
  }

  auto t = Clock::now();
  auto system = make_retrieval_system(model.net->method() + "-" + std::to_string(model.bits()), model, split, device);
  const double encode_seconds = since(t);

  // The models the queries are protected against: --model itself, or the --craft list (transfer).
  std::vector<std::unique_ptr<HashingModel>> crafters;
  std::vector<RetrievalSystem> craft_systems;  // builds each crafter's database index (its stop rule needs it)
  std::vector<HashingModel*> craft_models = {&model};
  std::vector<std::vector<HashingModel>> vicinity_models;  // per crafter, with --vicinity
  if (args.count("craft")) {
    craft_models.clear();
    std::stringstream list(args.at("craft"));
    for (std::string path; std::getline(list, path, ',');) {
      crafters.push_back(std::make_unique<HashingModel>(load_model(path, device)));
      auto& m = *crafters.back();
      craft_systems.push_back(make_retrieval_system(m.net->method() + "-" + std::to_string(m.bits()), m, split, device));
      craft_models.push_back(&m);
      if (args.count("vicinity")) {
        vicinity_models.push_back(load_weight_vicinity(args.at("vicinity"), path, device));
        std::cerr << path << ": " << vicinity_models.back().size() << " vicinity snapshots\n";
      }
    }
  }
  std::vector<std::vector<HashingModel*>> vicinities;
  for (auto& snapshots : vicinity_models) {
    vicinities.emplace_back();
    for (auto& snapshot : snapshots) vicinities.back().push_back(&snapshot);
  }
  auto ensemble = ensemble_options(options);
  if (args.count("diversity")) ensemble.diversity = std::stod(args.at("diversity"));
  if (args.count("momentum")) ensemble.momentum = std::stod(args.at("momentum"));
  if (args.count("smoothing")) ensemble.smoothing_sigma = std::stod(args.at("smoothing"));
  if (args.count("target-weight")) ensemble.target_weight = std::stod(args.at("target-weight"));
  if (args.count("feature-weight")) ensemble.feature_weight = std::stod(args.at("feature-weight"));
  if (args.count("draws")) ensemble.draws = std::stoll(args.at("draws"));
  if (args.count("input-noise")) ensemble.input_noise = std::stod(args.at("input-noise"));
  if (args.count("diversity-shrink")) ensemble.diversity_shrink = std::stoll(args.at("diversity-shrink"));

  const int64_t batch = std::stoll(args.at("batch"));
  const auto attack = [&](const at::Tensor& x) {
    return craft_models.size() == 1 ? recessive_attack(*craft_models[0], x, options) : ensemble_attack(craft_models, x, ensemble, vicinities);
  };
  // Warm-up outside the timings: the first CUDA calls load kernels and pick convolution algorithms. --warmup N: its
  // images (default one batch; 0 skips it, for runs that measure mAP only).
  const int64_t warmup = std::min<int64_t>(nq, args.count("warmup") ? std::stoll(args.at("warmup")) : batch);
  if (warmup > 0) attack(to_unit_float(queries.images.slice(0, 0, warmup), device));
  // Protected in batches and rounded to 8 bits as a saved PNG would be, before measuring retrieval (evaluation.h).
  const auto protected_set = protect_in_batches(queries.images, batch, device, attack);
  const double batched_seconds = protected_set.seconds_per_image;
  const auto& reports = protected_set.reports;

  const int64_t singles = std::min<int64_t>(std::stoll(args.at("single")), nq);
  t = Clock::now();
  for (int64_t i = 0; i < singles; ++i) attack(to_unit_float(queries.images.slice(0, i, i + 1), device));
  sync(device);
  const double single_seconds = singles ? since(t) / static_cast<double>(singles) : 0.0;

  // A smooth synthetic photo of the requested size (aspect 4:3), protected end to end (decode/encode excluded).
  const double mp = std::stod(args.at("photo-megapixels"));
  const auto h = static_cast<int64_t>(std::sqrt(mp * 1e6 * 3 / 4)), w = h * 4 / 3;
  auto ys = torch::linspace(0, 1, h).view({1, 1, h, 1}), xs = torch::linspace(0, 1, w).view({1, 1, 1, w});
  auto photo = torch::cat({ys * xs, (ys + xs) / 2, (1 - ys) * (1 - xs) + torch::sin(xs * 40) * 0.1}, 1).clamp(0, 1).to(device);
  sync(device);
  t = Clock::now();
  auto photo_result = attack(photo);
  sync(device);
  const double photo_seconds = since(t);

  double mean_abs_logit = 0;  // the scale the adaptive beta (1/mean|h|) follows
  {
    torch::NoGradGuard no_grad;
    mean_abs_logit = model.logits(to_unit_float(queries.images, device)).abs().mean().item<double>();
  }
  const auto& ks = paper_ks();
  const auto clean = score_images(system, queries.images, queries.labels, device);
  const auto attacked_each = score_each_query(system, protected_set.images_u8, queries.labels, device);
  const auto& attacked = attacked_each.scores;
  // --score-also: more held-out models retrieving the same protected queries.
  nlohmann::json also = nlohmann::json::object(), per_query = nlohmann::json::object();
  per_query[args.at("model")] = attacked_each.ap_at_1000;
  if (args.count("score-also")) {
    std::stringstream list(args.at("score-also"));
    for (std::string path; std::getline(list, path, ',');) {
      auto other = load_model(path, device);
      auto other_system = make_retrieval_system(other.net->method() + "-" + std::to_string(other.bits()), other, split, device);
      const auto before = score_images(other_system, queries.images, queries.labels, device);
      const auto after = score_each_query(other_system, protected_set.images_u8, queries.labels, device);
      also[path] = {{"clean_map@1000", before.map_at(1000)}, {"protected_map@1000", after.scores.map_at(1000)}};
      per_query[path] = after.ap_at_1000;
      std::cout << "also scored on " << path << ": mAP@1000 clean " << before.map_at(1000) << ", protected " << after.scores.map_at(1000) << "\n";
    }
  }
  {
    nlohmann::json psnr_list = nlohmann::json::array(), step_list = nlohmann::json::array();
    for (const auto& r : reports) {
      psnr_list.push_back(std::isfinite(r.psnr) ? r.psnr : 999.0);  // unchanged images: 999
      step_list.push_back(r.steps);
    }
    per_query["psnr_db"] = psnr_list;
    per_query["steps"] = step_list;
  }
  const auto& clean_map = clean.map;
  const auto& prot_map = attacked.map;
  const double clean_p2 = clean.precision_r2, prot_p2 = attacked.precision_r2;
  // Distortion from the attack's own reports (before 8-bit rounding), as in earlier benchmark runs.
  double steps = 0, psnr = 0, linf = 0, l1 = 0, success = 0, flipped = 0, min_psnr = 1e9, changed = 0;
  for (const auto& r : reports) {
    steps += r.steps; linf += r.linf; l1 += r.l1; success += r.success;
    if (std::isfinite(r.psnr)) { psnr += r.psnr; ++changed; }  // unchanged images (PSNR inf) are counted apart
    flipped += r.label_changed;
    min_psnr = std::min(min_psnr, r.psnr);
  }
  const double n = static_cast<double>(reports.size());

  nlohmann::json out = {
      {"model", args.at("model")}, {"method", model.net->method()}, {"bits", model.bits()},
      {"device", describe_device(device)}, {"queries", nq}, {"database", split.database.size()},
      {"lambda", options.lambda}, {"until_target", options.until_target}, {"max_source_share", options.max_source_share}, {"max_source_ap", options.max_source_ap}, {"min_psnr_db_floor", options.min_psnr_db}, {"neighbourhood_temperature", options.neighbourhood_temperature}, {"beta", options.beta}, {"mean_abs_logit", mean_abs_logit},
      {"crafted_on", args.count("craft") ? args.at("craft") : args.at("model")}, {"diversity", ensemble.diversity}, {"diversity_shrink", ensemble.diversity_shrink}, {"momentum", ensemble.momentum}, {"smoothing_sigma", ensemble.smoothing_sigma}, {"target_weight", ensemble.target_weight}, {"feature_weight", ensemble.feature_weight}, {"draws", ensemble.draws}, {"input_noise", ensemble.input_noise}, {"vicinity_snapshots", [&] { nlohmann::json counts = nlohmann::json::array(); for (const auto& v : vicinities) counts.push_back(v.size()); return counts; }()}, {"max_linf_255", options.max_linf * 255}, {"max_steps", options.max_steps},
      {"clean", {{"precision_r2", clean_p2}}}, {"protected", {{"precision_r2", prot_p2}}},
      {"mean_steps", steps / n}, {"mean_psnr_db", psnr / std::max(1.0, changed)}, {"unchanged", n - changed}, {"min_psnr_db", min_psnr}, {"mean_linf_255", linf / n},
      {"mean_l1_255", l1 / n}, {"target_reached", success / n}, {"label_changed", flipped / n},
      {"seconds_per_image_batched", batched_seconds}, {"batch", batch}, {"seconds_per_image_single", single_seconds},
      {"database_encode_seconds", encode_seconds},
      {"photo", {{"width", w}, {"height", h}, {"seconds", photo_seconds}, {"steps", photo_result.reports[0].steps},
                 {"psnr_db", photo_result.reports[0].psnr}, {"target_reached", photo_result.reports[0].success}}}};
  out["jpeg_check_quality"] = jpeg_check;
  out["also_scored"] = also;
  out["per_query"] = per_query;
#ifdef RECESSIVE_HAVE_IMAGING
  for (int quality : {75, 90}) {
    const auto after = score_images(system, imaging::jpeg_roundtrip(protected_set.images_u8, quality), queries.labels, device);
    out["protected_after_jpeg_q" + std::to_string(quality)] = {{"map@600", after.map_at(600)}, {"map@1000", after.map_at(1000)}};
    std::cout << "after JPEG q" << quality << ": protected mAP@600 " << after.map_at(600) << ", mAP@1000 " << after.map_at(1000) << "\n";
  }
#endif
  for (size_t i = 0; i < ks.size(); ++i) {
    out["clean"]["map@" + std::to_string(ks[i])] = clean_map[i];
    out["protected"]["map@" + std::to_string(ks[i])] = prot_map[i];
  }
  std::cout << std::fixed << std::setprecision(3) << "| " << model.net->method() << "-" << model.bits() << " | "
            << describe_device(device) << " | queries " << nq << " |\n\n| k | clean mAP | protected mAP |\n|---|---|---|\n";
  for (size_t i = 0; i < ks.size(); ++i) std::cout << "| " << ks[i] << " | " << clean_map[i] << " | " << prot_map[i] << " |\n";
  std::cout << "| P@r2 | " << clean_p2 << " | " << prot_p2 << " |\n\n"
            << "steps " << steps / n << ", PSNR " << psnr / std::max(1.0, changed) << " dB (min " << min_psnr << "), L-inf " << linf / n
            << "/255, L1 " << l1 / n << "/255, unchanged " << n - changed << ", target reached " << success / n << ", label changed " << flipped / n
            << "\ntime per image: batched (" << batch << ") " << batched_seconds << " s, single " << single_seconds
            << " s; " << w << "x" << h << " photo " << photo_seconds << " s (" << photo_result.reports[0].steps
            << " steps, PSNR " << photo_result.reports[0].psnr << " dB)\n";
  if (args.count("json")) std::ofstream(args.at("json")) << out.dump(2) << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "recessive_bench: " << e.what() << "\n";
  return 1;
}
