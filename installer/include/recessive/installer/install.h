// Install: copies the host, its models (and optionally this installer) into the prefix, writes one manifest
// per target (plus the Windows registry key) and records all of it; a second run with the same inputs
// changes nothing. Uninstall removes exactly what the record lists (files still holding the bytes written,
// folders it created once empty, keys still pointing at its manifests). Both print one line per action.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

#include "recessive/installer/environment.h"
#include "recessive/installer/layout.h"
#include "recessive/installer/manifest.h"

namespace recessive::installer {

struct InstallOptions {
  Scope scope = Scope::user;
  std::optional<std::filesystem::path> prefix;
  std::filesystem::path host_source;       // the built recessive-host
  std::filesystem::path models_source;     // folder holding dsh-*.pt (dsh-48.pt is required)
  std::filesystem::path installer_source;  // optional: copied to Layout::installer_path
  TargetRequest targets;
  Allowed allowed{{kDefaultChromiumExtensionId}, {kDefaultFirefoxAddonId}};
  bool dry_run = false;
};

struct InstallSummary {
  Layout layout;
  std::vector<Target> targets;
  int changes = 0;  // files/keys/folders written or that would be written (dry run)
};

// Throws std::invalid_argument for bad options (unknown browser, missing sources) and std::runtime_error on
// I/O failures (what was done so far is recorded first).
InstallSummary install(const Environment& env, const InstallOptions& options, std::ostream& out);

struct UninstallSummary {
  int removed = 0;
  int kept = 0;  // recorded items changed since install (left in place) or folders not empty
};
UninstallSummary uninstall(const Environment& env, const Layout& layout, bool dry_run, std::ostream& out);

}  // namespace recessive::installer
