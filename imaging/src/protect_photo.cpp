#include "recessive/imaging/protect_photo.h"

#include <torch/torch.h>

#include <chrono>

namespace recessive::imaging {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The file encode_image writes for `image` with its pixels replaced by `x` (1,3,H,W), and that file read back
// (1,3,H,W) on x's device: what the stop rule checks, and the output when the attack stops at x.
struct SavedFile {
  int64_t steps = -1;  // the attack's steps taken when x was saved (-1: not from the attack's stop check)
  std::vector<uint8_t> bytes;
  at::Tensor pixels;
};

SavedFile save(const Image& image, const at::Tensor& x, const EncodeOptions& encode, int64_t steps = -1) {
  Image copy = image;
  copy.rgb = x[0].detach().to(torch::kCPU);
  SavedFile file{steps, encode_image(copy, encode), at::Tensor()};
  file.pixels = decode_image(file.bytes).rgb.unsqueeze(0).to(x.device());
  return file;
}

// The report's retrieval facts for the saved file's pixels (`saved`, (1,3,H,W)) rather than the float result;
// `original_codes` (1,bits) are the photo's codes before protection.
void report_on_saved(HashingModel& model, const at::Tensor& original_codes, const at::Tensor& saved,
                     AttackReport& report) {
  torch::NoGradGuard no_grad;
  model.net->eval();
  const auto codes = binarize(model.codes(saved.to(original_codes.device())));
  report.label_after = model.index.retrieval_labels(codes, model.retrieval_k)[0].item<int64_t>();
  report.label_changed = report.label_after != report.label_before;
  report.success = report.label_after == report.target_label;
  report.hamming = (codes != original_codes).sum().item<int64_t>();
}

}  // namespace

ProtectedPhoto protect_photo(HashingModel& model, const c10::Device& device, const std::vector<uint8_t>& bytes,
                             const PhotoProtection& options) {
  const auto report_progress = [&](const char* stage, double fraction) {
    if (options.progress && !options.progress(stage, fraction)) throw PhotoCancelled();
  };
  ProtectedPhoto out;
  report_progress("decoding", 0.0);
  auto t = Clock::now();
  auto image = decode_image(bytes, options.decode);
  out.decode_seconds = seconds_since(t);
  out.format = image.format;
  out.height = image.rgb.size(1);
  out.width = image.rgb.size(2);

  report_progress("protecting", 0.0);
  t = Clock::now();
  auto batch = image.rgb.unsqueeze(0).to(device);
  AttackResult result;
  SavedFile last_saved;  // the last file the stop rule checked
  bool cancelled = false;
  if (options.method == "ifgsm") {
    result = ifgsm_attack(model, batch, options.ifgsm);
  } else if (options.method == "recessive") {
    RecessiveOptions recessive = options.recessive;
    recessive.stop_views = [&](const at::Tensor& x, int64_t steps_taken) {
      last_saved = save(image, x, options.encode, steps_taken);
      std::vector<at::Tensor> views = {last_saved.pixels};
      for (const auto& platform : options.must_survive)
        views.push_back(platform_reencode(last_saved.pixels[0], platform).unsqueeze(0));
      return views;
    };
    if (options.progress) {
      recessive.on_step = [&](int64_t taken) {
        cancelled = !options.progress("protecting", double(taken) / double(std::max<int64_t>(1, recessive.max_steps)));
        return !cancelled;
      };
    }
    result = recessive_attack(model, batch, recessive);
  } else {
    throw std::invalid_argument("unknown method '" + options.method + "' (expected recessive or ifgsm)");
  }
  if (cancelled) throw PhotoCancelled();
  image.rgb = result.images[0].to(torch::kCPU);
  out.report = result.reports[0];
  out.engine_seconds = seconds_since(t);

  report_progress("encoding", 0.0);
  t = Clock::now();
  // The stop rule's last check saved this very image already (the usual end: no step since): reuse that file.
  if (last_saved.steps != out.report.steps)
    last_saved = save(image, image.rgb.unsqueeze(0), options.encode);
  out.bytes = std::move(last_saved.bytes);
  out.encode_seconds = seconds_since(t);
  report_on_saved(model, result.original_codes, last_saved.pixels, out.report);
  return out;
}

}  // namespace recessive::imaging
