#include "recessive/imaging/protect_photo.h"

#include <torch/torch.h>

#include <chrono>

namespace recessive::imaging {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// `x` (1,3,H,W) as the file encode_image would write for `image` reads back: the codec's rounding included.
at::Tensor saved_copy(const Image& image, const at::Tensor& x, const EncodeOptions& encode) {
  Image copy = image;
  copy.rgb = x[0].detach().to(torch::kCPU);
  return decode_image(encode_image(copy, encode)).rgb.unsqueeze(0).to(x.device());
}

// The report's retrieval facts for the saved file's pixels (`saved`, (1,3,H,W)) rather than the float result;
// `original` (1,3,H,W) is the photo before protection.
void report_on_saved(HashingModel& model, const at::Tensor& original, const at::Tensor& saved, AttackReport& report) {
  torch::NoGradGuard no_grad;
  model.net->eval();
  const auto codes = binarize(model.codes(saved.to(original.device())));
  report.label_after = model.index.retrieval_labels(codes, model.retrieval_k)[0].item<int64_t>();
  report.label_changed = report.label_after != report.label_before;
  report.success = report.label_after == report.target_label;
  report.hamming = (codes != binarize(model.codes(original))).sum().item<int64_t>();
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
  bool cancelled = false;
  if (options.method == "ifgsm") {
    result = ifgsm_attack(model, batch, options.ifgsm);
  } else if (options.method == "recessive") {
    RecessiveOptions recessive = options.recessive;
    recessive.stop_views.push_back([&](const at::Tensor& x) { return saved_copy(image, x, options.encode); });
    for (const auto& platform : options.must_survive)
      recessive.stop_views.push_back([&, platform](const at::Tensor& x) {
        return platform_reencode(saved_copy(image, x, options.encode)[0], platform).unsqueeze(0);
      });
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
  out.bytes = encode_image(image, options.encode);
  out.encode_seconds = seconds_since(t);
  report_on_saved(model, batch, decode_image(out.bytes, options.decode).rgb.unsqueeze(0), out.report);
  return out;
}

}  // namespace recessive::imaging
