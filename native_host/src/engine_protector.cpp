#include "engine_protector.h"

#include <torch/torch.h>

#include <cmath>

#include "recessive/engine/device.h"
#include "recessive/engine/model_file.h"
#include "recessive/host/error_code.h"
#include "recessive/imaging/image_error.h"
#include "recessive/imaging/protect_photo.h"
#include "recessive/imaging/protection_strength.h"

namespace recessive::host {
namespace {

ErrorCode image_error_code(const std::string& code) {
  if (code == imaging::kUnsupportedFormat) return ErrorCode::unsupported_format;
  if (code == imaging::kTooLarge) return ErrorCode::too_large;
  return ErrorCode::bad_image;
}

}  // namespace

EngineProtector::EngineProtector(const std::filesystem::path& model_path, const c10::Device& device, int64_t max_pixels)
    : model_path_(model_path), device_(device), max_pixels_(max_pixels), model_(load_model(model_path, device)) {}

nlohmann::json EngineProtector::describe() const {
  const std::string name = describe_device(device_);  // "cpu (N threads, BLAS ...)" or "cuda:I"
  return {{"device", {{"kind", device_.is_cuda() ? "cuda" : "cpu"}, {"name", name}}},
          {"models",
           {{{"name", model_path_.stem().string()},
             {"method", model_.net->method()},
             {"bits", model_.bits()},
             {"default", true}}}},
          {"max_pixels", max_pixels_}};
}

ProtectedFile EngineProtector::protect(const ProtectJob& job, const ProgressFn& progress) {
  auto options = imaging::protection_for_strength(job.strength);  // messages.cpp checked the name
  options.decode.max_pixels = max_pixels_;
  options.progress = progress;
  imaging::ProtectedPhoto photo;
  try {
    photo = imaging::protect_photo(model_, device_, job.bytes, options);
  } catch (const imaging::ImageError& e) {
    throw HostError(image_error_code(e.code), e.what());
  } catch (const imaging::PhotoCancelled&) {
    throw HostError(ErrorCode::cancelled, "cancelled");
  } catch (const c10::Error& e) {
    throw HostError(ErrorCode::engine_failure, e.what_without_backtrace());
  }
  ProtectedFile out;
  out.bytes = std::move(photo.bytes);
  out.mime = imaging::mime_type(photo.format);
  out.width = photo.width;
  out.height = photo.height;
  const auto& r = photo.report;
  out.report = {{"steps", r.steps},
                {"psnr", std::isfinite(r.psnr) ? r.psnr : 999.0},
                {"linf", r.linf},
                {"hamming", r.hamming},
                {"bits", model_.bits()},
                {"label_before", model_.label_name(r.label_before)},
                {"label_after", model_.label_name(r.label_after)},
                {"label_changed", r.label_changed}};
  out.decode_seconds = photo.decode_seconds;
  out.engine_seconds = photo.engine_seconds;
  out.encode_seconds = photo.encode_seconds;
  return out;
}

}  // namespace recessive::host
