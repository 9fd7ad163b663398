// The protection strengths the host offers (docs/protocol.md, `options.strength`) as the paper's algorithm's
// settings, in one place for the host and the benchmarks that measure what a user gets. Stateless.
#pragma once

#include <string>

#include "recessive/imaging/protect_photo.h"

namespace recessive::imaging {

// light: Fig. 2's stop rule, no pixel moves more than 4/255; standard (the default): the same with 8/255;
// strong: go on until retrieval returns the random target label l', 12/255. Every strength must also survive
// kUploadReencode (the saved file shrunk to 1080 px and re-encoded at JPEG q75, as Instagram serves it; Facebook's
// 2048 px keeps more). Any other name throws std::invalid_argument.
PhotoProtection protection_for_strength(const std::string& strength);

inline const PlatformReencode kUploadReencode{1080, 75};

}  // namespace recessive::imaging
