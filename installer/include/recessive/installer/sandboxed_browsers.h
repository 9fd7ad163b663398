// Snap and Flatpak browsers: found by their folders (/snap/bin/<name>, ~/snap/<name>, ~/.var/app/<id>,
// /var/lib/flatpak/app/<id>), each with what it needs before it can reach the host. Read-only; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "recessive/installer/environment.h"

namespace recessive::installer {

struct SandboxedBrowser {
  std::string kind;        // "snap" or "flatpak"
  std::string browser;     // browser id (chromium, firefox, ...)
  std::string package;     // snap name or Flatpak application id
  std::filesystem::path where;  // the folder or launcher that gave it away
  std::string advice;      // what it needs, in a sentence or two
};

std::vector<SandboxedBrowser> find_sandboxed_browsers(const Environment& env, const std::filesystem::path& host_path);

}  // namespace recessive::installer
