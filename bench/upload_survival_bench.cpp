// upload_survival_bench: does a protected photo stay protected after what a social network does to an upload
// (downscale, JPEG re-encode)? Each photo is protected exactly as the host does it (protect_photo with a strength's
// settings, output re-encoded in its own format), then passed through platform-like transforms and hashed again.
//   upload_survival_bench --photos DIR_OR_FILE[,DIR_OR_FILE...] [--limit N] [--model models/dsh-48.pt]
//                         [--strengths light,standard,strong] [--survive 1] [--device cpu] [--json F]
// Folders are walked recursively for .jpg/.jpeg/.png/.webp (sorted; --limit takes every n-th so that all folders are
// sampled). The transforms approximate Facebook's and Instagram's published limits (long side 2048 and 1080 px);
// their exact pipelines are not public. Reported per strength and transform: the share of photos whose retrieval
// label still differs from the original's (protection kept), the original class's mean share of the k nearest
// database codes, and the mean Hamming distance to the original's code. The unprotected originals go through the
// same transforms as a control (their label should stay). Prints Markdown; docs/benchmarks.md.
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "recessive/engine/device.h"
#include "recessive/engine/hash_index.h"
#include "recessive/engine/model_file.h"
#include "recessive/imaging/image_codec.h"
#include "recessive/imaging/protect_photo.h"
#include "recessive/imaging/platform_reencode.h"
#include "recessive/imaging/protection_strength.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace recessive;

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  std::map<std::string, std::string> args = {
      {"model", "models/dsh-48.pt"}, {"strengths", "light,standard,strong"}, {"device", "cpu"}, {"limit", "0"}, {"survive", "1"}};
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || i + 1 >= argc) throw std::invalid_argument("expected --name value, got " + key);
    args[key.substr(2)] = argv[++i];
  }
  if (!args.count("photos")) throw std::invalid_argument("--photos is required");
  return args;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<fs::path> photo_files(const std::string& list, int64_t limit) {
  std::vector<fs::path> files;
  const auto is_photo = [](const fs::path& p) {
    auto ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp";
  };
  for (const auto& entry : split(list)) {
    if (fs::is_directory(entry)) {
      for (const auto& f : fs::recursive_directory_iterator(entry))
        if (f.is_regular_file() && is_photo(f.path())) files.push_back(f.path());
    } else if (fs::is_regular_file(entry)) {
      files.push_back(entry);
    } else {
      throw std::invalid_argument("no such photo or folder: " + entry);
    }
  }
  std::sort(files.begin(), files.end());
  if (limit > 0 && static_cast<int64_t>(files.size()) > limit) {
    std::vector<fs::path> every;
    for (int64_t i = 0; i < limit; ++i) every.push_back(files[i * files.size() / limit]);
    files = every;
  }
  if (files.empty()) throw std::invalid_argument("no photos found in " + list);
  return files;
}

// "as uploaded" (the protected file itself), then platform re-encodes (platform_reencode.h).
const std::vector<imaging::PlatformReencode> kTransforms = {
    {0, 85}, {0, 75}, {2048, 85}, imaging::kUploadReencode};

// Running sums for one (strength, transform) cell.
struct Tally {
  int64_t photos = 0, label_differs = 0;
  double source_share = 0, hamming = 0;
  void add(bool differs, double share, double distance) {
    ++photos;
    label_differs += differs;
    source_share += share;
    hamming += distance;
  }
  json to_json() const {
    const double n = std::max<int64_t>(1, photos);
    return {{"photos", photos}, {"label_differs", label_differs / n}, {"source_share", source_share / n},
            {"hamming", hamming / n}};
  }
};

}  // namespace

int main(int argc, char** argv) try {
  const auto args = parse_args(argc, argv);
  torch::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  const auto device = select_device(args.at("device"));
  auto model = load_model(args.at("model"), device);
  model.net->eval();
  const auto files = photo_files(args.at("photos"), std::stoll(args.at("limit")));
  const auto strengths = split(args.at("strengths"));
  const bool survive = args.at("survive") != "0";  // 0: protect without the host's upload re-encode check
  for (const auto& s : strengths) imaging::protection_for_strength(s);  // refuse unknown names up front

  std::map<std::string, std::map<std::string, Tally>> tallies;  // row ("original" or a strength) -> transform
  std::map<std::string, double> psnr_sum, seconds_sum;
  int64_t skipped = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    const auto bytes = imaging::read_file_bytes(files[f]);
    at::Tensor original_code;
    int64_t original_label = -1;
    try {
      torch::NoGradGuard no_grad;
      const auto rgb = imaging::decode_image(bytes).rgb.unsqueeze(0).to(device);
      original_code = binarize(model.codes(rgb));
      original_label = model.index.retrieval_labels(original_code, model.retrieval_k)[0].item<int64_t>();
    } catch (const imaging::ImageError& e) {
      std::cerr << "skipped " << files[f] << ": " << e.what() << "\n";
      ++skipped;
      continue;
    }
    // Hashes what the platform would serve and scores it against the original.
    const auto score = [&](const std::vector<uint8_t>& uploaded, const std::string& row) {
      torch::NoGradGuard no_grad;
      const auto as_uploaded = imaging::decode_image(uploaded).rgb;
      const auto tally = [&](const std::string& column, const at::Tensor& rgb) {
        const auto code = binarize(model.codes(rgb.unsqueeze(0).to(device)));
        const auto shares = model.index.label_shares(code, model.retrieval_k);
        const auto label = shares.argmax(1)[0].item<int64_t>();
        tallies[row][column].add(label != original_label, shares[0][original_label].item<double>(),
                                 (code != original_code).sum().item<double>());
      };
      tally("as uploaded", as_uploaded);
      for (const auto& t : kTransforms) tally(t.name(), imaging::platform_reencode(as_uploaded, t));
    };
    score(bytes, "original (unprotected)");
    for (const auto& strength : strengths) {
      auto options = imaging::protection_for_strength(strength);
      if (!survive) options.must_survive.clear();
      const auto result = imaging::protect_photo(model, device, bytes, options);
      psnr_sum[strength] += std::isfinite(result.report.psnr) ? result.report.psnr : 99.0;
      seconds_sum[strength] += result.engine_seconds;
      score(result.bytes, strength);
    }
    std::cerr << "\r" << (f + 1) << "/" << files.size() << std::flush;
  }
  std::cerr << "\n";

  const int64_t scored = static_cast<int64_t>(files.size()) - skipped;
  json out = {{"model", args.at("model")}, {"photos", args.at("photos")}, {"scored", scored}, {"skipped", skipped},
              {"device", describe_device(device)}, {"must_survive", survive}, {"rows", json::object()}};
  std::cout << "| " << args.at("model") << " | " << describe_device(device) << " | " << scored << " photos |\n\n";
  std::cout << "label differs from the original's / original class's share of the " << model.retrieval_k
            << " nearest / Hamming distance to the original's code\n\n| protection | mean PSNR |";
  std::vector<std::string> columns = {"as uploaded"};
  for (const auto& t : kTransforms) columns.push_back(t.name());
  for (const auto& c : columns) std::cout << " " << c << " |";
  std::cout << "\n|---|---|";
  for (size_t i = 0; i < columns.size(); ++i) std::cout << "---|";
  std::cout << "\n" << std::fixed;
  std::vector<std::string> rows = {"original (unprotected)"};
  rows.insert(rows.end(), strengths.begin(), strengths.end());
  for (const auto& row : rows) {
    const double n = std::max<int64_t>(1, scored);
    json cells = json::object();
    std::cout << "| " << row << " | ";
    if (psnr_sum.count(row)) std::cout << std::setprecision(1) << psnr_sum[row] / n << " dB";
    std::cout << " |";
    for (const auto& c : columns) {
      const auto cell = tallies[row][c].to_json();
      cells[c] = cell;
      std::cout << std::setprecision(2) << " " << cell["label_differs"].get<double>() << " / "
                << cell["source_share"].get<double>() << " / " << std::setprecision(1) << cell["hamming"].get<double>()
                << " |";
    }
    std::cout << "\n";
    out["rows"][row] = {{"transforms", cells}};
    if (psnr_sum.count(row))
      out["rows"][row].update({{"mean_psnr_db", psnr_sum[row] / n}, {"mean_engine_seconds", seconds_sum[row] / n}});
  }
  if (args.count("json")) std::ofstream(args.at("json")) << out.dump(2) << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "upload_survival_bench: " << e.what() << "\n";
  return 1;
}
