#include "progress_bar.h"

#include <cstdio>

namespace recessive::cli {

ProgressBar::ProgressBar(std::size_t total, bool enabled) : total_(total), enabled_(enabled && total > 1) {}

void ProgressBar::update(std::size_t done, const std::string& label) {
  if (!enabled_) return;
  constexpr int kWidth = 30;
  const int filled = total_ ? static_cast<int>(kWidth * done / total_) : kWidth;
  std::fprintf(stderr, "\r[%.*s%.*s] %zu/%zu %-40.40s", filled, "##############################", kWidth - filled,
               "..............................", done, total_, label.c_str());
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_) std::fprintf(stderr, "\n");
}

}  // namespace recessive::cli
