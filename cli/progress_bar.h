// A one-line progress bar on stderr ("[#####.....] 3/10 name"), redrawn in place; silent when disabled.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace recessive::cli {

class ProgressBar {
 public:
  ProgressBar(std::size_t total, bool enabled);
  void update(std::size_t done, const std::string& label);
  void finish();

 private:
  std::size_t total_;
  bool enabled_;
};

}  // namespace recessive::cli
