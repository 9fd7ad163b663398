// Where things go: the install prefix layout (host, models, record) and the manifest targets, one per
// browser registration (a manifest file, plus a registry key on Windows). Pure path computation plus
// read-only detection of installed browsers; thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "recessive/installer/browser.h"
#include "recessive/installer/environment.h"
#include "recessive/installer/registry.h"

namespace recessive::installer {

struct Layout {
  std::filesystem::path prefix;          // ~/.local, /usr/local, --prefix (Windows: %LOCALAPPDATA%\Recessive)
  std::filesystem::path lib_dir;         // <prefix>/lib/recessive (Windows: the prefix itself)
  std::filesystem::path host_path;       // <lib_dir>/recessive-host[.exe]
  std::filesystem::path models_dir;      // <lib_dir>/models
  std::filesystem::path installer_path;  // <lib_dir>/recessive-install[.exe], a copy for later --check/--uninstall
  std::filesystem::path record_path;     // <lib_dir>/install-record.json
};

std::filesystem::path default_prefix(const Environment& env, Scope scope);
Layout make_layout(const Environment& env, Scope scope, const std::optional<std::filesystem::path>& prefix);

struct Target {
  std::string browser;  // browser id ("chromium" for --user-data-dir, "tor" for --tor-profile)
  std::string label;    // for output: "Chromium", "Chromium (--user-data-dir /x)"
  Family family = Family::chromium;
  std::filesystem::path manifest_path;
  std::optional<std::string> registry_key;  // Windows: key whose default value is manifest_path
  Hive hive = Hive::current_user;
};

struct TargetRequest {
  std::vector<std::string> browsers;  // ids; empty = every detected browser, unless one of the folders below is given
  std::vector<std::filesystem::path> user_data_dirs;  // Chromium --user-data-dir folders
  std::optional<std::filesystem::path> tor_profile;   // Tor Browser folder (see tor_data_dir)
};

// Browsers that look installed: a config folder under HOME or an executable on PATH outside /snap
// (Linux, macOS); on Windows every browser with a registry key. Never Tor Browser.
std::vector<const BrowserInfo*> detect_browsers(const Environment& env);

// Tor Browser's data folder for a --tor-profile argument: accepts the unpacked tor-browser folder, its
// Browser/ folder, or Browser/TorBrowser/Data/Browser itself. Manifests go to <data>/.mozilla/native-messaging-hosts.
std::filesystem::path tor_data_dir(const std::filesystem::path& given);

// The registrations for a request. Throws std::invalid_argument for an unknown browser, "tor" without a
// profile folder, or --user-data-dir on Windows (Chromium there reads only the registry).
std::vector<Target> resolve_targets(const Environment& env, Scope scope, const Layout& layout,
                                    const TargetRequest& request);

}  // namespace recessive::installer
