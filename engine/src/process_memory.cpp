#include "recessive/engine/process_memory.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
#endif

namespace recessive {

bool keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  // No allocation is served by mmap (each would be unmapped on free), and the heap's top is trimmed only once
  // INT_MAX bytes of it are free.
  return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
#else
  return false;
#endif
}

namespace {
constexpr const char* kTunablesVariable = "GLIBC_TUNABLES";
constexpr const char* kRestartMarker = "RECESSIVE_HUGE_PAGES_RESTART";  // set on the one restart
}  // namespace

std::optional<std::string> tunables_with_huge_pages(const char* current) {
  const std::string value = current ? current : "";
  if (value.find("glibc.malloc.hugetlb=") != std::string::npos) return std::nullopt;
  return value.empty() ? std::string(kHugePagesTunable) : value + ":" + kHugePagesTunable;
}

HugePagesStatus restart_with_huge_pages(char** argv) {
#if defined(__GLIBC__) && defined(__linux__)
  const char* current = std::getenv(kTunablesVariable);
  const auto wanted = tunables_with_huge_pages(current);
  const bool restarted = std::getenv(kRestartMarker) != nullptr;
  unsetenv(kRestartMarker);  // not inherited by anything this process starts
  if (!wanted) {
    const bool on = std::strstr(current, "glibc.malloc.hugetlb=0") == nullptr;
    return {on, std::string(kTunablesVariable) + "=" + current + (restarted ? " (set by a restart)" : "")};
  }
  if (restarted)  // restarted once, and the variable did not survive (secure mode?)
    return {false, std::string(kTunablesVariable) + " did not reach the restarted process"};
  const std::string previous = current ? current : "";
  setenv(kTunablesVariable, wanted->c_str(), 1);
  setenv(kRestartMarker, "1", 1);
  execv("/proc/self/exe", argv);
  const int error = errno;  // still here: the restart failed; carry on as started
  if (previous.empty()) unsetenv(kTunablesVariable); else setenv(kTunablesVariable, previous.c_str(), 1);
  unsetenv(kRestartMarker);
  return {false, std::string("restart through /proc/self/exe failed: ") + std::strerror(error)};
#else
  (void)argv;
  return {false, "not glibc on Linux"};
#endif
}

}  // namespace recessive
