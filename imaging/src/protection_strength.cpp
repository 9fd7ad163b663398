#include "recessive/imaging/protection_strength.h"

#include <stdexcept>

namespace recessive::imaging {

PhotoProtection protection_for_strength(const std::string& strength) {
  PhotoProtection protection;
  auto& options = protection.recessive;
  if (strength == "light") {
    options.max_linf = 4.0 / 255.0;
  } else if (strength == "standard") {
    options.max_linf = 8.0 / 255.0;
  } else if (strength == "strong") {
    options.max_linf = 12.0 / 255.0;
    options.until_target = true;
  } else {
    throw std::invalid_argument("unknown protection strength '" + strength + "' (expected light, standard or strong)");
  }
  protection.must_survive = {kUploadReencode};
  return protection;
}

}  // namespace recessive::imaging
