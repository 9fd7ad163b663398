// One photo file's bytes in, protected file bytes out: decode (EXIF orientation applied, pixel cap), run the
// paper's algorithm or iFGSM against a hashing model at full resolution, encode back to the same format with no
// metadata. The report's labels and Hamming distance are those of the encoded file, read back. Shared by the
// `recessive protect` command and the native host. Uses the model's net: one call at a time per model. Bad images
// throw ImageError; a progress callback returning false throws PhotoCancelled.
#pragma once

#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "recessive/engine/attack.h"
#include "recessive/engine/hashing_model.h"
#include "recessive/engine/ifgsm_attack.h"
#include "recessive/engine/recessive_attack.h"
#include "recessive/imaging/image_codec.h"
#include "recessive/imaging/platform_reencode.h"

namespace recessive::imaging {

struct PhotoProtection {
  std::string method = "recessive";  // recessive | ifgsm
  RecessiveOptions recessive;        // its on_step is set by protect_photo when `progress` is given
  IfgsmOptions ifgsm;
  DecodeOptions decode;
  EncodeOptions encode;
  // The recessive method stops only once its stop rule holds for the saved file's pixels (always) and for that
  // file after each of these platform re-encodes, so the photo stays protected after upload; empty: the file only.
  std::vector<PlatformReencode> must_survive;
  // stage is decoding | protecting | encoding, fraction 0..1 within it; return false to cancel.
  std::function<bool(const std::string& stage, double fraction)> progress;
};

struct ProtectedPhoto {
  std::vector<uint8_t> bytes;  // encoded in the input's format
  ImageFormat format = ImageFormat::png;
  int64_t width = 0, height = 0;
  AttackReport report;
  double decode_seconds = 0, engine_seconds = 0, encode_seconds = 0;
};

struct PhotoCancelled : std::runtime_error {
  PhotoCancelled() : std::runtime_error("cancelled") {}
};

ProtectedPhoto protect_photo(HashingModel& model, const c10::Device& device, const std::vector<uint8_t>& bytes,
                             const PhotoProtection& options);

}  // namespace recessive::imaging
