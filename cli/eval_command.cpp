// `recessive eval`: the paper's evaluation on cifar10-1 for a list of hashing models. Writes report.md, one CSV per
// table and SVG charts under --out. The pieces live in the engine (evaluation.h, robustness.h) and imaging
// (jpeg_roundtrip.h); this file runs them in order and lays out the report (docs/evaluation.md).
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "cifar10_source.h"
#include "commands.h"
#include "recessive/engine/cifar10_protocol.h"
#include "recessive/engine/device.h"
#include "recessive/engine/ensemble_attack.h"
#include "recessive/engine/evaluation.h"
#include "recessive/engine/ifgsm_attack.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/engine/robustness.h"
#include "recessive/engine/transfer_recipe.h"
#ifdef RECESSIVE_HAVE_IMAGING
#include "recessive/imaging/jpeg_roundtrip.h"
#endif
#include "report_table.h"
#include "svg_chart.h"

namespace recessive::cli {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  if (!(in >> one >> five >> fifteen)) return "unknown";
  return one + " " + five + " " + fifteen;
}

std::string utc_now() {
  const auto now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  return text;
}

// The attack settings evaluated for every model: Fig. 2's stop rule, pushing on until the random target label, and
// the budgeted setting beyond the paper (until l' and l holds at most 10% of the k nearest neighbours, within a
// per-image PSNR floor; docs/evaluation.md).
struct Setting {
  std::string name;
  RecessiveOptions options;  // lambda, max_steps and seed come from the command line (attack_options)
};
std::vector<Setting> make_settings() {
  RecessiveOptions fig2_stop;
  RecessiveOptions until_target = fig2_stop;
  until_target.until_target = true;
  RecessiveOptions budgeted = until_target;
  budgeted.max_source_share = 0.1;
  budgeted.min_psnr_db = 32.0;
  budgeted.max_step_l2 = 0.1;
  return {{"fig2-stop", fig2_stop}, {"until-target", until_target}, {"budgeted", budgeted}};
}
const std::vector<Setting> kSettings = make_settings();
const Setting& budgeted() { return kSettings.back(); }

RecessiveOptions attack_options(const Setting& setting, const EvalArgs& args) {
  RecessiveOptions options = setting.options;
  options.lambda = args.lambda;
  options.max_steps = args.max_steps;
  options.seed = args.seed;
  return options;
}

struct Evaluated {
  std::string name, method;
  int64_t bits = 0;
  std::unique_ptr<HashingModel> model;
  RetrievalSystem system;
  RetrievalScores clean;
  std::map<std::string, ProtectedSet> protected_sets;  // by setting
  std::map<std::string, RetrievalScores> protected_scores;
  std::map<std::string, DistortionSummary> distortion;
  double single_seconds = 0, encode_seconds = 0;
};

std::string model_name(const HashingModel& model) {
  return model.net->method() + "-" + std::to_string(model.bits());
}

std::vector<std::string> score_cells(const RetrievalScores& s) {
  std::vector<std::string> cells;
  for (double m : s.map) cells.push_back(fixed(m, 4));
  cells.push_back(fixed(s.precision_r2, 4));
  return cells;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> score_header(const std::string& prefix) {
  std::vector<std::string> h;
  for (int64_t k : paper_ks()) h.push_back(prefix + "mAP@" + std::to_string(k));
  h.push_back(prefix + "P@r2");
  return h;
}

std::string range_text(const std::vector<double>& values) {
  if (values.empty()) return "n/a";
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return *lo == *hi ? fixed(*lo) : fixed(*lo) + "-" + fixed(*hi);
}

// First `per_class` queries of each class (the protocol's queries are sorted by image index).
LabelledImages pick_queries(const LabelledImages& queries, int64_t per_class) {
  std::vector<at::Tensor> picked;
  for (int64_t c = 0; c < static_cast<int64_t>(queries.class_names.size()); ++c) {
    auto idx = (queries.labels == c).nonzero().flatten();
    picked.push_back(idx.slice(0, 0, std::min<int64_t>(per_class, idx.size(0))));
  }
  return queries.subset(std::get<0>(torch::sort(torch::cat(picked))));
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << text;
}

}  // namespace

void add_eval_command(CLI::App& app, EvalArgs& args) {
  auto* cmd = app.add_subcommand("eval", "Reproduce the paper's evaluation on CIFAR-10 and write a report");
  cmd->add_flag("--quick", args.quick,
                "Quick protocol: 10 queries per class (100), default models at 24 bits (ensemble members also at 32), 3+2+3+3 sweep points, 5 single-image timings");
  cmd->add_option("--models", args.models, "Model files (comma-separated; default models/{dsh,dbh,dpsh}-{12,24,32,48}.pt); missing files are skipped")
      ->delimiter(',');
  cmd->add_option("--data", args.data, "CIFAR-10 folder (binary release or train/<class>/*.jpg)")->required();
  cmd->add_option("--out", args.out, "Report folder (report.md, *.csv, *.svg)");
  cmd->add_option("--device", args.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--queries-per-class", args.queries_per_class, "Queries per class (default 100; --quick 10)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--batch", args.batch, "Queries protected per batch")->check(CLI::PositiveNumber);
  cmd->add_option("--lambda", args.lambda, "Step scale of the paper's algorithm")->check(CLI::PositiveNumber);
  cmd->add_option("--max-steps", args.max_steps, "Step limit M")->check(CLI::PositiveNumber);
  cmd->add_option("--sweep-model", args.sweep_model, "Model name for the distortion sweep (default dsh-24)");
  cmd->add_option("--seed", args.seed, "Protocol and target-label seed");
}

int run_eval(const EvalArgs& args, int argc, char** argv) {
  const auto started = Clock::now();
  const std::string load_before = load_average();
  const auto device = select_device(args.device);
  use_all_cpu_cores();
  const int64_t per_class = args.queries_per_class > 0 ? args.queries_per_class : (args.quick ? 10 : 100);
  const int64_t singles = args.quick ? 5 : 20;
  const std::vector<double> lambdas =
      args.quick ? std::vector<double>{0.02, 0.1, 0.4} : std::vector<double>{0.01, 0.02, 0.05, 0.1, 0.2, 0.4};
  const std::vector<double> epsilons =
      args.quick ? std::vector<double>{2, 4, 8} : std::vector<double>{0.5, 1, 2, 4, 8, 16};
  const std::vector<double> until_lambdas =
      args.quick ? std::vector<double>{0.02, 0.1} : std::vector<double>{0.01, 0.02, 0.05, 0.1, 0.2};
  const std::vector<double> budget_floors =
      args.quick ? std::vector<double>{32, 36, 40} : std::vector<double>{30, 32, 34, 36, 38, 40};
  std::filesystem::create_directories(args.out);
  std::cerr << "eval on " << describe_device(device) << ", load average " << load_before << "\n";

  // Data and protocol (cifar10-1: 1,000 test queries, database the other 59,000).
  auto t = Clock::now();
  ProtocolOptions protocol;
  protocol.seed = args.seed;
  const auto split = make_cifar10_protocol(load_cifar10(args.data, "train"), load_cifar10(args.data, "test"), protocol);
  const auto queries = pick_queries(split.queries, per_class);
  const auto labels = queries.labels;
  std::cerr << "data: " << queries.size() << " queries, database " << split.database.size() << " (" << since(t)
            << " s)\n";

  // Models: load what exists, encode each database once.
  std::vector<std::string> paths = args.models;
  if (paths.empty())
    for (const char* m : {"dsh", "dbh", "dpsh"})
      for (int bits : args.quick ? std::vector<int>{24} : std::vector<int>{12, 24, 32, 48})
        paths.push_back(data_path(std::string("models/") + m + "-" + std::to_string(bits) + ".pt"));
  std::vector<std::unique_ptr<Evaluated>> models;
  std::vector<std::string> skipped;
  for (const auto& path : paths) {
    if (!std::filesystem::exists(path)) {
      std::cerr << "skipping " << path << ": no such file\n";
      skipped.push_back(path);
      continue;
    }
    auto e = std::make_unique<Evaluated>();
    e->model = std::make_unique<HashingModel>(load_model(path, device));
    e->name = model_name(*e->model);
    e->method = e->model->net->method();
    e->bits = e->model->bits();
    t = Clock::now();
    e->system = make_retrieval_system(e->name, *e->model, split, device);
    e->encode_seconds = since(t);
    e->clean = score_images(e->system, queries.images, labels, device);
    std::cerr << e->name << ": database encoded in " << e->encode_seconds << " s, clean mAP@1000 "
              << e->clean.map_at(1000) << "\n";
    models.push_back(std::move(e));
  }
  if (models.empty()) throw std::runtime_error("none of the models exists");
  auto find = [&](const std::string& name) -> Evaluated* {  // an evaluated model by name ("dsh-24"), or null
    for (auto& e : models)
      if (e->name == name) return e.get();
    return nullptr;
  };

  // White box: protect the queries against each model, in batches, for each setting.
  for (auto& e : models) {
    for (const auto& setting : kSettings) {
      const auto options = attack_options(setting, args);
      t = Clock::now();
      auto set = protect_in_batches(queries.images, args.batch, device,
                                    [&](const at::Tensor& x) { return recessive_attack(*e->model, x, options); });
      e->distortion[setting.name] = summarize_distortion(queries.images, set);
      e->protected_scores[setting.name] = score_images(e->system, set.images_u8, labels, device);
      e->protected_sets[setting.name] = std::move(set);
      std::cerr << e->name << " " << setting.name << ": protected mAP@1000 "
                << e->protected_scores[setting.name].map_at(1000) << " (" << since(t) << " s)\n";
    }
    // One image at a time (Fig. 2's setting, the product's use).
    const auto options = attack_options(kSettings.front(), args);
    const int64_t n = std::min<int64_t>(singles, queries.size());
    auto single = protect_in_batches(queries.images.slice(0, 0, n), 1, device,
                                     [&](const at::Tensor& x) { return recessive_attack(*e->model, x, options); });
    e->single_seconds = single.seconds_per_image;
  }

  // Report tables.
  ReportTable white{"white_box", concat(concat({"model", "setting"}, score_header("clean ")), concat(score_header("protected "),
                    {"mean PSNR dB", "min PSNR dB", "mean SSIM", "mean L-inf/255", "mean L1/255", "mean steps", "label changed", "target reached"})), {}};
  for (const auto& e : models)
    for (const auto& setting : kSettings) {
      const auto& d = e->distortion.at(setting.name);
      white.add(concat(concat(concat({e->name, setting.name}, score_cells(e->clean)), score_cells(e->protected_scores.at(setting.name))),
                       {fixed(d.mean_psnr, 2), fixed(d.min_psnr, 2), fixed(d.mean_ssim, 4), fixed(d.mean_linf, 2), fixed(d.mean_l1, 3),
                        fixed(d.mean_steps, 2), fixed(d.label_changed, 3), fixed(d.target_reached, 3)}));
    }

  // Transfer: images crafted against A, retrieved by B (B's net hashes them, B's database), for B of another method.
  ReportTable transfer{"transfer", concat(concat({"crafted on", "setting", "retrieved by"}, score_header("clean ")), score_header("protected ")), {}};
  std::map<std::string, std::vector<double>> transfer_clean600, transfer_prot600;  // "dsh->dbh" -> per bits
  t = Clock::now();
  for (const auto& a : models)
    for (const auto& b : models) {
      if (a->method == b->method) continue;
      for (const auto& setting : kSettings) {
        const auto scores = score_images(b->system, a->protected_sets.at(setting.name).images_u8, labels, device);
        transfer.add(concat(concat({a->name, setting.name, b->name}, score_cells(b->clean)), score_cells(scores)));
        if (a->bits == b->bits) {
          const auto key = a->method + "->" + b->method + " " + setting.name;
          transfer_clean600[key].push_back(b->clean.map_at(600));
          transfer_prot600[key].push_back(scores.map_at(600));
        }
      }
    }
  std::cerr << "transfer grid: " << transfer.rows.size() << " cells (" << since(t) << " s)\n";

  // Ensemble crafting (issue 3, item 3): for each hash length with models of three or more methods, craft against
  // the other methods at that length and at the other three (ensemble_member_bits), with the transfer recipe of
  // transfer_recipe.h (docs/evaluation.md "Transfer aids"), and retrieve with
  // the held-out model. Members at lengths that were not evaluated are loaded without a database.
  ReportTable ensemble{"ensemble_transfer", concat(concat({"ensemble", "held out", "crafting"}, score_header("held-out ")),
                       {"mean PSNR dB", "mean SSIM", "mean L1/255", "mean L-inf/255", "mean steps"}), {}};
  std::map<std::string, std::unique_ptr<HashingModel>> extra_members;  // "dbh-32" -> model, loaded on demand
  auto member = [&](const std::string& method, int64_t bits) -> HashingModel* {
    const auto key = method + "-" + std::to_string(bits);
    if (Evaluated* e = find(key)) return e->model.get();
    if (!extra_members.count(key)) {
      const auto path = data_path("models/" + key + ".pt");
      extra_members[key] = std::filesystem::exists(path) ? std::make_unique<HashingModel>(load_model(path, device)) : nullptr;
      if (!extra_members[key]) std::cerr << "ensemble member " << key << " skipped: no " << path << "\n";
    }
    return extra_members[key].get();
  };
  t = Clock::now();
  for (int bits : {12, 24, 32, 48}) {
    std::vector<Evaluated*> same;
    for (auto& e : models)
      if (e->bits == bits) same.push_back(e.get());
    if (same.size() < 3) continue;
    for (auto* held : same) {
      std::vector<HashingModel*> members;
      std::string names;
      for (int64_t member_bits : ensemble_member_bits(bits))
        for (auto* e : same) {
          if (e->method == held->method) continue;
          if (auto* m = member(e->method, member_bits)) {
            members.push_back(m);
            names += (names.empty() ? "" : "+") + model_name(*m);
          }
        }
      const auto options = transfer_recipe(attack_options(budgeted(), args));
      auto set = protect_in_batches(queries.images, args.batch, device,
                                    [&](const at::Tensor& x) { return ensemble_attack(members, x, options); });
      const auto d = summarize_distortion(queries.images, set);
      const auto held_scores = score_images(held->system, set.images_u8, labels, device);
      ensemble.add(concat(concat({names, held->name, "ensemble, " + describe_transfer_recipe(options)}, score_cells(held_scores)),
                          {fixed(d.mean_psnr, 2), fixed(d.mean_ssim, 4), fixed(d.mean_l1, 3), fixed(d.mean_linf, 2), fixed(d.mean_steps, 2)}));
      // The single-model crafting of each same-length member, for comparison (same protocol, the budgeted setting).
      for (auto* e : same) {
        if (e == held) continue;
        const auto& single = e->protected_sets.at(budgeted().name);
        const auto sd = e->distortion.at(budgeted().name);
        ensemble.add(concat(concat({e->name, held->name, "single model, " + budgeted().name},
                                   score_cells(score_images(held->system, single.images_u8, labels, device))),
                            {fixed(sd.mean_psnr, 2), fixed(sd.mean_ssim, 4), fixed(sd.mean_l1, 3), fixed(sd.mean_linf, 2), fixed(sd.mean_steps, 2)}));
      }
      std::cerr << "ensemble " << names << " -> " << held->name << ": mAP@1000 " << held_scores.map_at(1000) << " at "
                << d.mean_psnr << " dB\n";
    }
  }
  std::cerr << "ensemble transfer (" << since(t) << " s)\n";

  // Robustness: the transforms applied to protected (and, for reference, clean) queries, retrieved by the same model.
#ifdef RECESSIVE_HAVE_IMAGING
  const std::vector<ImageTransform> transforms = {imaging::jpeg_transform(75), imaging::jpeg_transform(90),
                                                  bit_depth_transform(4), bit_depth_transform(5)};
#else
  std::cerr << "built without OpenCV: the JPEG robustness rows are not evaluated\n";
  const std::vector<ImageTransform> transforms = {bit_depth_transform(4), bit_depth_transform(5)};
#endif
  ReportTable robust{"robustness", concat({"model", "images", "transform"}, score_header("")), {}};
  std::map<std::string, double> robust600;  // "dsh-24 until-target jpeg q75" -> mAP@600
  for (const auto& e : models) {
    std::vector<std::pair<std::string, at::Tensor>> sets = {{"clean", queries.images}};
    for (const auto& setting : kSettings) sets.push_back({"protected " + setting.name, e->protected_sets.at(setting.name).images_u8});
    for (const auto& [kind, images] : sets) {
      robust.add(concat({e->name, kind, "none"}, score_cells(kind == "clean" ? e->clean : e->protected_scores.at(kind.substr(10)))));
      for (const auto& tr : transforms) {
        const auto scores = score_images(e->system, tr.apply(images), labels, device);
        robust.add(concat({e->name, kind, tr.name}, score_cells(scores)));
        robust600[e->name + " " + kind + " " + tr.name] = scores.map_at(600);
      }
    }
  }

  // Distortion sweep (Fig. 7) on one model: the paper's algorithm over lambda (Fig. 2 stop rule and until l', step
  // cap scaled with lambda), the budgeted setting over its PSNR floor, and iFGSM over eps (alpha eps/4, 10 steps).
  Evaluated* sweep_model = find(args.sweep_model);
  if (!sweep_model) sweep_model = models.front().get();
  struct Curve {
    std::string name, parameter;
    std::vector<SweepPoint> points;
  };
  std::vector<Curve> algorithm_curves = {{"fig2-stop", "lambda", {}}, {"until-target", "lambda", {}}, {budgeted().name, "PSNR floor dB", {}}};
  std::vector<SweepPoint> curve_ifgsm;
  ReportTable sweep{"distortion_sweep", concat(concat({"model", "method", "parameter"}, score_header("")), {"mean L1/255", "mean PSNR dB", "mean SSIM", "mean L-inf/255"}), {}};
  auto add_point = [&](Curve& curve, double parameter, const DistortionSummary& d, const RetrievalScores& s) {
    curve.points.push_back({"recessive", parameter, d.mean_l1, d.mean_psnr, s.map_at(1000)});
    sweep.add(concat(concat({sweep_model->name, "recessive " + curve.name + " (" + curve.parameter + ")", fixed(parameter, 3)}, score_cells(s)),
                     {fixed(d.mean_l1, 3), fixed(d.mean_psnr, 2), fixed(d.mean_ssim, 4), fixed(d.mean_linf, 2)}));
  };
  auto sweep_point = [&](Curve& curve, double parameter, const RecessiveOptions& options) {
    auto set = protect_in_batches(queries.images, args.batch, device,
                                  [&](const at::Tensor& x) { return recessive_attack(*sweep_model->model, x, options); });
    add_point(curve, parameter, summarize_distortion(queries.images, set), score_images(sweep_model->system, set.images_u8, labels, device));
  };
  t = Clock::now();
  for (bool until_target : {false, true})
    for (double lambda : until_target ? until_lambdas : lambdas) {
      RecessiveOptions options;
      options.lambda = lambda;
      options.max_step_l2 = 5.0 * lambda;
      options.max_steps = args.max_steps;
      options.until_target = until_target;
      options.seed = args.seed;
      sweep_point(algorithm_curves[until_target ? 1 : 0], lambda, options);
    }
  for (double floor : budget_floors) {
    auto options = attack_options(budgeted(), args);
    if (floor == options.min_psnr_db) {  // the white-box budgeted run itself: same options, same images
      add_point(algorithm_curves[2], floor, sweep_model->distortion.at(budgeted().name), sweep_model->protected_scores.at(budgeted().name));
      continue;
    }
    options.min_psnr_db = floor;
    sweep_point(algorithm_curves[2], floor, options);
  }
  for (double eps : epsilons) {
    IfgsmOptions options;
    options.epsilon = eps / 255.0;
    options.alpha = eps / 4.0 / 255.0;
    options.steps = 10;
    options.seed = args.seed;
    auto set = protect_in_batches(queries.images, args.batch, device,
                                  [&](const at::Tensor& x) { return ifgsm_attack(*sweep_model->model, x, options); });
    const auto d = summarize_distortion(queries.images, set);
    const auto s = score_images(sweep_model->system, set.images_u8, labels, device);
    curve_ifgsm.push_back({"ifgsm", eps, d.mean_l1, d.mean_psnr, s.map_at(1000)});
    sweep.add(concat(concat({sweep_model->name, "ifgsm (eps/255)", fixed(eps, 1)}, score_cells(s)),
                     {fixed(d.mean_l1, 3), fixed(d.mean_psnr, 2), fixed(d.mean_ssim, 4), fixed(d.mean_linf, 2)}));
  }
  std::cerr << "sweep on " << sweep_model->name << " (" << since(t) << " s)\n";
  // Each algorithm curve's L1 interpolated at each iFGSM point's mAP; "lower" compares the least of them.
  std::vector<std::string> equal_header = {"mAP@1000", "iFGSM eps/255", "iFGSM L1/255"};
  for (const auto& curve : algorithm_curves) equal_header.push_back("algorithm " + curve.name + " L1/255 (interpolated)");
  equal_header.push_back("algorithm lower");
  ReportTable equal_map{"l1_at_equal_map", equal_header, {}};
  int lower = 0, compared = 0;
  for (const auto& p : curve_ifgsm) {
    std::vector<std::string> cells = {fixed(p.map, 4), fixed(p.parameter, 1), fixed(p.mean_l1, 3)};
    double best = std::nan("");
    for (const auto& curve : algorithm_curves) {
      const double l1 = l1_at_map(curve.points, p.map);
      cells.push_back(fixed(l1, 3));
      if (std::isfinite(l1) && !(l1 >= best)) best = l1;
    }
    if (std::isfinite(best)) {
      ++compared;
      lower += best <= p.mean_l1;
    }
    cells.push_back(std::isfinite(best) ? (best <= p.mean_l1 ? "yes" : "no") : "outside every curve");
    equal_map.add(cells);
  }

  // Timing.
  ReportTable timing{"timing", {"model", "device", "batch", "s/image batched (fig2-stop)", "images/s", "s/image batched (until-target)",
                                "s/image batched (" + budgeted().name + ")", "s/image single (fig2-stop)", "database encode s"}, {}};
  for (const auto& e : models) {
    const double batched = e->protected_sets.at("fig2-stop").seconds_per_image;
    timing.add({e->name, describe_device(device), std::to_string(args.batch), fixed(batched, 4), fixed(1.0 / batched, 1),
                fixed(e->protected_sets.at("until-target").seconds_per_image, 4),
                fixed(e->protected_sets.at(budgeted().name).seconds_per_image, 4), fixed(e->single_seconds, 4), fixed(e->encode_seconds, 1)});
  }

  // Paper | ours.
  std::vector<std::string> paper_header = {"quantity", "paper"};
  for (const auto& setting : kSettings) paper_header.push_back("ours (" + setting.name + ")");
  paper_header.push_back("note");
  ReportTable paper{"paper_vs_ours", paper_header, {}};
  // One cell per setting: cell(setting name).
  auto row = [&](const std::string& what, const std::string& p, const std::function<std::string(const std::string&)>& cell,
                 const std::string& note) {
    std::vector<std::string> cells = {what, p};
    for (const auto& setting : kSettings) cells.push_back(cell(setting.name));
    cells.push_back(note);
    paper.add(cells);
  };
  auto scores_at = [&](const std::string& name, int64_t k, bool protected_) {
    return [&, name, k, protected_](const std::string& setting) {
      Evaluated* e = find(name);
      if (!e) return std::string("not evaluated");
      return fixed(protected_ ? e->protected_scores.at(setting).map_at(k) : e->clean.map_at(k));
    };
  };
  auto distortion_of = [&](const std::string& name) {
    return [&, name](const std::string& setting) {
      Evaluated* e = find(name);
      if (!e) return std::string("not evaluated");
      const auto& d = e->distortion.at(setting);
      return fixed(d.mean_psnr, 1) + " dB (min " + fixed(d.min_psnr, 1) + "), SSIM " + fixed(d.mean_ssim, 3);
    };
  };
  row("DSH-24 clean mAP@600", "0.639", scores_at("dsh-24", 600, false), "");
  row("DSH-24 recessive mAP@600", "0.178", scores_at("dsh-24", 600, true), "white box");
  row("DSH-24 recessive: mean PSNR", "not reported", distortion_of("dsh-24"), "8-bit images");
  row("DSH-48 clean mAP@1000", "0.6755", scores_at("dsh-48", 1000, false), "published DSH");
  row("DBH-48 clean mAP@1000", "0.840", scores_at("dbh-48", 1000, false), "paper: ImageNet-pretrained AlexNet");
  row("DBH-48 recessive mAP@1000", "0.047", scores_at("dbh-48", 1000, true), "white box");
  const char* dpsh_paper[] = {"0.713", "0.727", "0.744", "0.757"};
  for (int i = 0; i < 4; ++i) {
    const auto name = "dpsh-" + std::to_string(std::vector<int>{12, 24, 32, 48}[i]);
    row("DPSH-" + name.substr(5) + " clean mAP@1000", dpsh_paper[i], scores_at(name, 1000, false),
        "published DPSH (VGG-F, mAP over the whole ranking)");
  }
  for (const auto& [target, p_clean, p_prot] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"dbh", "0.76-0.84", "0.31-0.43"}, {"dpsh", "0.75-0.78", "0.22-0.46"}}) {
    const std::string key = "dsh->" + target + " ";
    row("DSH-made images on " + target + ": clean mAP@600 (range over bits)", p_clean,
        [&, key](const std::string& setting) { return range_text(transfer_clean600[key + setting]); }, "Tables I-II");
    row("DSH-made images on " + target + ": recessive mAP@600 (range over bits)", p_prot,
        [&, key](const std::string& setting) { return range_text(transfer_prot600[key + setting]); }, "Tables I-II, transfer");
  }
  auto robust_cell = [&](const std::string& tr) {
    return [&, tr](const std::string& setting) {
      const auto key = "dsh-24 protected " + setting + " " + tr;
      return robust600.count(key) ? fixed(robust600.at(key)) : std::string("not evaluated");
    };
  };
  for (const std::string tr : {"jpeg q75", "jpeg q90"})
    row("DSH-24 recessive mAP@600 after JPEG (" + tr + ")", "0.108", robust_cell(tr), "paper's JPEG quality not stated");
  for (const std::string tr : {"4-bit", "5-bit"})
    row("DSH-24 recessive mAP@600 after bit-depth reduction (" + tr + ")", "0.182", robust_cell(tr), "paper's bit depth not stated");
  row("L1 at equal mAP: algorithm below iFGSM", "yes",
      [&](const std::string&) { return std::to_string(lower) + " of " + std::to_string(compared) + " iFGSM points"; },
      sweep_model->name + ", mAP@1000; the algorithm's three curves (Fig. 2 stop and until l' over lambda, budgeted over its PSNR floor), table in the sweep section");
  row("time per image, one at a time", "4.28 s (GTX 1080 Ti)",
      [&](const std::string& setting) {
        Evaluated* e = find("dsh-24");
        return e && setting == kSettings.front().name ? fixed(e->single_seconds, 4) + " s" : std::string("-");
      },
      "DSH-24, " + describe_device(device));
  row("time per image, batched", "not reported",
      [&](const std::string& setting) {
        Evaluated* e = find("dsh-24");
        return e ? fixed(e->protected_sets.at(setting).seconds_per_image, 4) + " s" : std::string("not evaluated");
      },
      "DSH-24, " + describe_device(device) + ", batch " + std::to_string(args.batch));

  // Charts: Figs. 4-5 (mAP vs top k, clean and protected, per method), Fig. 7 (L1 vs mAP).
  std::vector<std::string> charts;
  for (const std::string method : {"dsh", "dbh", "dpsh"}) {
    for (const auto& setting : kSettings) {
      LineChart chart{method + " white box (" + setting.name + "): mAP over the top k", "k (top-k Hamming ranking)", "mAP", {}};
      for (const auto& e : models) {
        if (e->method != method) continue;
        ChartSeries clean{e->name + " clean", {}, false}, prot{e->name + " recessive", {}, true};
        for (size_t i = 0; i < paper_ks().size(); ++i) {
          clean.points.push_back({double(paper_ks()[i]), e->clean.map[i]});
          prot.points.push_back({double(paper_ks()[i]), e->protected_scores.at(setting.name).map[i]});
        }
        chart.series.push_back(clean);
        chart.series.push_back(prot);
      }
      if (chart.series.empty()) continue;
      const auto file = "white_box_" + method + "_" + setting.name + ".svg";
      write_file(std::filesystem::path(args.out) / file, render_svg(chart));
      charts.push_back(file);
    }
  }
  {
    LineChart chart{"Distortion vs retrieval (" + sweep_model->name + ")", "mean L1 distortion (0-255)", "mAP@1000", {}};
    for (const auto& curve : algorithm_curves) {
      ChartSeries series{"algorithm " + curve.name, {}, false};
      for (const auto& p : curve.points) series.points.push_back({p.mean_l1, p.map});
      chart.series.push_back(series);
    }
    ChartSeries ifgsm{"iFGSM (eps)", {}, true};
    for (const auto& p : curve_ifgsm) ifgsm.points.push_back({p.mean_l1, p.map});
    chart.series.push_back(ifgsm);
    for (auto& series : chart.series) std::sort(series.points.begin(), series.points.end());
    write_file(std::filesystem::path(args.out) / "distortion_sweep.svg", render_svg(chart));
    charts.push_back("distortion_sweep.svg");
  }

  const double total = since(started);
  const std::string load_after = load_average();
  for (const auto* table : {&white, &transfer, &ensemble, &robust, &sweep, &equal_map, &timing, &paper}) table->write_csv(args.out);

  std::ostringstream md;
  std::ostringstream command;
  for (int i = 0; i < argc; ++i) command << (i ? " " : "") << argv[i];
  md << "# Recessive evaluation" << (args.quick ? " (quick protocol)" : "") << "\n\n"
     << "Written by `" << command.str() << "` on " << utc_now() << ", " << describe_device(device) << ", in "
     << fixed(total / 60.0, 1) << " minutes (load average before " << load_before << ", after " << load_after
     << "). What each table means: docs/evaluation.md.\n\n"
     << "Protocol: cifar10-1 (seed " << args.seed << "), " << queries.size() << " queries (" << per_class
     << " per class), database " << split.database.size() << " images. Protected queries are rounded to 8 bits before "
     << "hashing; batches of " << args.batch << ". The paper's algorithm: lambda " << args.lambda << ", M "
     << args.max_steps << ", adaptive beta, step cap 0.25, no L-inf bound; `fig2-stop` stops at the first wrong "
     << "retrieval label (Fig. 2), `until-target` only once retrieval returns the random target l'; `" << budgeted().name
     << "` (beyond the paper): until retrieval returns l' and the original's class holds at most "
     << budgeted().options.max_source_share * 100 << "% of the " << 100 << " nearest neighbours, step cap " << budgeted().options.max_step_l2
     << ", every image kept at PSNR >= " << budgeted().options.min_psnr_db << " dB.\n\n";
  if (!skipped.empty()) {
    md << "Skipped (missing):";
    for (const auto& s : skipped) md << " `" << std::filesystem::path(s).filename().string() << "`";
    md << "\n\n";
  }
  md << "## Paper | ours\n\n" << paper.markdown() << "\n## White box (Figs. 4-5)\n\n" << white.markdown() << "\n";
  for (const auto& c : charts)
    if (c.rfind("white_box", 0) == 0) md << "![" << c << "](" << c << ")\n";
  md << "\n## Transfer (Tables I-II)\n\nImages crafted against the first model, hashed by the second model's net and "
     << "ranked in the second model's database.\n\n" << transfer.markdown()
     << "\n## Ensemble crafting, transfer to a held-out architecture (beyond the paper)\n\n"
     << (ensemble.rows.empty() ? std::string("Not run: needs models of three methods at one hash length.\n")
                               : "Crafted against the models named in the first column (the other methods at this hash length and at the other "
                                 "lengths whose models exist: the transfer recipe of transfer_recipe.h), retrieved by the held-out model's net and database. "
                                 "Rows \"single model\" are the same queries crafted against one member only.\n\n" + ensemble.markdown())
     << "\n## Robustness (Fig. 8)\n\n" << robust.markdown()
     << "\n## Distortion sweep (Fig. 7)\n\n" << sweep.markdown() << "\n![distortion_sweep.svg](distortion_sweep.svg)\n\n"
     << "L1 at equal mAP@1000 (each of the algorithm's curves interpolated at each iFGSM point; nan when the iFGSM mAP lies outside that curve's range):\n\n" << equal_map.markdown()
     << "\n## Timing\n\n" << timing.markdown() << "\nCSV of every table: ";
  for (const auto* table : {&white, &transfer, &ensemble, &robust, &sweep, &equal_map, &timing, &paper})
    md << "[" << table->file << ".csv](" << table->file << ".csv) ";
  md << "\n";
  write_file(std::filesystem::path(args.out) / "report.md", md.str());
  std::cerr << "report written to " << (std::filesystem::path(args.out) / "report.md").string() << " in " << total << " s\n";
  return 0;
}

}  // namespace recessive::cli
