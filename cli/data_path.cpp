#include <cstdlib>
#include <filesystem>

#include "commands.h"

namespace recessive::cli {

std::string data_path(const std::string& relative) {
  const char* env = std::getenv("RECESSIVE_DATA_DIR");
  return (std::filesystem::path(env && *env ? env : RECESSIVE_DATA_DIR) / relative).string();
}

}  // namespace recessive::cli
