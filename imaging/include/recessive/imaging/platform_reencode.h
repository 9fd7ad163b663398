// What a social network does to an uploaded photo, approximately: shrink it so its long side is at most
// `long_side` (area averaging), then re-encode it as a baseline JPEG at `quality`. Facebook and Instagram publish
// their size limits (2048 and 1080 px), not their codecs' settings; qualities 75-85 are an assumption. Used to
// protect photos so that they stay protected after upload (protect_photo.h) and to measure that
// (bench/upload_survival_bench.cpp). Stateless; thread-safe.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

#include "recessive/imaging/image_codec.h"

namespace recessive::imaging {

struct PlatformReencode {
  int64_t long_side = 0;  // <= 0: keep the size
  int quality = 85;       // JPEG quality 1..100
  std::string name() const;  // "jpeg q85" or "1080 px + jpeg q75"
};

// float (3,H,W) RGB in [0,1] -> the pixels the platform would serve, float (3,h,w) on the CPU. Alpha is dropped
// (JPEG has none). Throws std::invalid_argument for other shapes or qualities outside 1..100.
at::Tensor platform_reencode(const at::Tensor& rgb, const PlatformReencode& platform);

}  // namespace recessive::imaging
