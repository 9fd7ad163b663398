#include "recessive/imaging/protect_photo.h"

#include <torch/torch.h>

#include <chrono>

namespace recessive::imaging {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
  return out;
}

}  // namespace recessive::imaging
