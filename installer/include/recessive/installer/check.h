// --check: for each target, whether the browser can reach a working host: manifest present (or, on
// Windows, the registry key pointing at it), valid, path absolute/existing/executable, expected origins,
// and a launch that answers hello. Also names Snap/Flatpak browsers. Prints a report; thread-compatible.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "recessive/installer/environment.h"
#include "recessive/installer/layout.h"
#include "recessive/installer/manifest.h"

namespace recessive::installer {

struct CheckOptions {
  Scope scope = Scope::user;
  std::optional<std::filesystem::path> prefix;
  TargetRequest targets;
  Allowed allowed{{kDefaultChromiumExtensionId}, {kDefaultFirefoxAddonId}};
  std::chrono::milliseconds timeout{60000};  // per launch
  bool launch = true;                        // false: skip the hello round trip
};

struct TargetCheck {
  Target target;
  bool ok = false;
  std::vector<std::string> problems;  // empty when ok
  std::optional<std::string> hello;   // "recessive-host 0.1.0, protocol 1, cpu (cpu (4 threads))"
};

struct CheckReport {
  std::vector<TargetCheck> targets;
  size_t sandboxed = 0;  // Snap/Flatpak browsers named (warnings, not failures)
  bool ok = false;       // at least one target and every target ok
};

CheckReport check(const Environment& env, const CheckOptions& options, std::ostream& out);

}  // namespace recessive::installer
