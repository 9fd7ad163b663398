#include <torch/torch.h>

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "progress_bar.h"
#include "recessive/engine/device.h"
#include "recessive/engine/model_file.h"
#include "recessive/imaging/image_codec.h"
#include "recessive/imaging/image_error.h"
#include "recessive/imaging/protect_photo.h"
#include "recessive/imaging/protection_strength.h"

namespace recessive::cli {
namespace {

constexpr const char* kDefaultModel = "models/dsh-48.pt";  // best protection in docs/benchmarks.md

AttackReport protect_one(HashingModel& model, const ProtectArgs& args, const c10::Device& device,
                         const std::filesystem::path& input, const std::filesystem::path& output) {
  imaging::PhotoProtection options;
  options.method = args.method;
  options.decode.max_pixels = args.max_pixels;
  options.encode.jpeg_quality = args.jpeg_quality;
  options.ifgsm.epsilon = args.epsilon / 255.0;
  options.ifgsm.alpha = args.alpha / 255.0;
  options.ifgsm.steps = args.ifgsm_steps;
  options.ifgsm.seed = args.seed;
  options.recessive.lambda = args.lambda;
  options.recessive.max_steps = args.max_steps;
  options.recessive.until_target = args.until_target;
  options.recessive.max_linf = args.max_linf / 255.0;
  options.recessive.min_psnr_db = args.min_psnr;
  options.recessive.max_source_share = args.max_source_share;
  options.recessive.seed = args.seed;
  if (args.survive_upload) options.must_survive = {imaging::kUploadReencode};
  const auto protected_photo = imaging::protect_photo(model, device, imaging::read_file_bytes(input), options);
  imaging::write_file_bytes(output, protected_photo.bytes);
  return protected_photo.report;
}

}  // namespace

void add_protect_command(CLI::App& app, ProtectArgs& args) {
  auto* cmd = app.add_subcommand("protect", "Add a recessive perturbation to photos (JPEG, PNG, WebP)");
  cmd->add_option("inputs", args.inputs, "Photos to protect")->required();
  cmd->add_option("-o,--output-dir", args.output_dir, "Folder for the protected files (same file names)");
  cmd->add_option("--method", args.method, "recessive (the paper's algorithm) or ifgsm (baseline)")
      ->check(CLI::IsMember({"recessive", "ifgsm"}));
  cmd->add_option("--model", args.model, std::string("Hashing model file (default: ") + kDefaultModel + ")");
  cmd->add_option("--device", args.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--lambda", args.lambda, "Step scale of the recessive algorithm")->check(CLI::PositiveNumber);
  cmd->add_option("--max-steps", args.max_steps, "Step limit M of the recessive algorithm")->check(CLI::PositiveNumber);
  cmd->add_option("--max-linf", args.max_linf,
                  "Largest change of any pixel value (0-255) for the recessive method; 0: unbounded as in the paper")
      ->check(CLI::Range(0.0, 255.0));
  cmd->add_option("--min-psnr", args.min_psnr, "Keep every image at or above this PSNR (dB) against the original; 0: off")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--source-share", args.max_source_share,
                  "Also stop only once the original's class holds at most this share of the retrieval's nearest neighbours (0-1; 0: off)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--until-target", args.until_target,
                "Keep going until retrieval returns the random target label l' (stronger, more distortion)");
  cmd->add_flag("--survive-upload", args.survive_upload,
                "Keep going until the photo also fools retrieval after a platform's re-encode (1080 px, JPEG q75), as the browser extension does");
  cmd->add_option("--epsilon", args.epsilon, "iFGSM L-inf budget (0-255)")->check(CLI::PositiveNumber);
  cmd->add_option("--alpha", args.alpha, "iFGSM step (0-255)")->check(CLI::PositiveNumber);
  cmd->add_option("--ifgsm-steps", args.ifgsm_steps, "iFGSM steps")->check(CLI::PositiveNumber);
  cmd->add_option("--jpeg-quality", args.jpeg_quality, "JPEG quality of the output")->check(CLI::Range(1, 100));
  cmd->add_option("--max-pixels", args.max_pixels, "Refuse larger images")->check(CLI::PositiveNumber);
  cmd->add_option("--seed", args.seed, "Seed for the wrong-label choice");
  cmd->add_flag("--json", args.json, "One JSON object per image on stdout instead of text");
}

int run_protect(const ProtectArgs& args) {
  const auto device = select_device(args.device);
  use_all_cpu_cores();
  const std::string model_path = args.model.empty() ? data_path(kDefaultModel) : args.model;
  auto model = load_model(model_path, device);
  std::cerr << "model " << model_path << " (" << model.net->method() << ", " << model.bits() << " bits) on "
            << describe_device(device) << "\n";
  std::filesystem::create_directories(args.output_dir);
  ProgressBar progress(args.inputs.size(), !args.json);
  int failures = 0;
  for (size_t i = 0; i < args.inputs.size(); ++i) {
    const std::filesystem::path input = args.inputs[i];
    const auto output = std::filesystem::path(args.output_dir) / input.filename();
    progress.update(i, input.filename().string());
    try {
      const auto start = std::chrono::steady_clock::now();
      const auto r = protect_one(model, args, device, input, output);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::ostringstream line;
      if (args.json) {
        line << nlohmann::json{{"input", input.string()},   {"output", output.string()},  {"steps", r.steps},
                               {"linf", r.linf},            {"psnr", r.psnr},             {"hamming", r.hamming},
                               {"bits", model.bits()},      {"label_before", model.label_name(r.label_before)},
                               {"target", model.label_name(r.target_label)},
                               {"label_after", model.label_name(r.label_after)}, {"label_changed", r.label_changed}, {"target_reached", r.success},
                               {"seconds", seconds}}
                    .dump();
      } else {
        line << std::fixed << std::setprecision(2) << input.string() << " -> " << output.string() << ": steps "
             << r.steps << ", L-inf " << r.linf << "/255, PSNR " << r.psnr << " dB, Hamming " << r.hamming << "/"
             << model.bits() << ", retrieval " << model.label_name(r.label_before) << " -> "
             << model.label_name(r.label_after) << (r.label_changed ? " (changed" : " (NOT changed") << ", target "
             << model.label_name(r.target_label) << (r.success ? " reached" : " not reached") << "), " << seconds
             << " s";
      }
      progress.finish();
      std::cout << line.str() << std::endl;
    } catch (const imaging::ImageError& e) {
      progress.finish();
      std::cerr << "recessive: " << input.string() << ": " << e.what() << " [" << e.code << "]\n";
      ++failures;
    } catch (const std::exception& e) {
      progress.finish();
      std::cerr << "recessive: " << input.string() << ": " << e.what() << "\n";
      ++failures;
    }
  }
  progress.finish();
  return failures == 0 ? 0 : 2;
}

}  // namespace recessive::cli
