#include "recessive/installer/layout.h"

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "recessive/installer/file_store.h"
#include "recessive/installer/manifest.h"

namespace fs = std::filesystem;

namespace recessive::installer {

fs::path default_prefix(const Environment& env, Scope scope) {
  if (env.platform == Platform::windows)
    return (scope == Scope::user ? env.local_app_data : env.program_files) / "Recessive";
  return scope == Scope::user ? env.home / ".local" : env.system_path("/usr/local");
}

Layout make_layout(const Environment& env, Scope scope, const std::optional<fs::path>& prefix) {
  Layout l;
  l.prefix = prefix ? fs::absolute(*prefix) : default_prefix(env, scope);
  const bool win = env.platform == Platform::windows;
  l.lib_dir = win ? l.prefix : l.prefix / "lib" / "recessive";
  l.host_path = l.lib_dir / (win ? "recessive-host.exe" : "recessive-host");
  l.models_dir = l.lib_dir / "models";
  l.installer_path = l.lib_dir / (win ? "recessive-install.exe" : "recessive-install");
  l.record_path = l.lib_dir / "install-record.json";
  return l;
}

namespace {

bool under(const fs::path& p, const fs::path& dir) {
  const std::string s = p.lexically_normal().string(), d = dir.lexically_normal().string();
  return s.rfind(d, 0) == 0;
}

}  // namespace

std::vector<const BrowserInfo*> detect_browsers(const Environment& env) {
  std::vector<const BrowserInfo*> found;
  for (const auto& b : all_browsers()) {
    if (b.id == "tor") continue;
    bool present = env.platform == Platform::windows;
    const auto& dirs = env.platform == Platform::macos ? b.config_dirs_macos : b.config_dirs_linux;
    for (const auto& d : dirs) present = present || path_exists(env.home / d);
    if (!present && env.platform != Platform::windows) {
      for (const auto& exe : b.executables) {
        auto where = env.find_executable(exe);
        if (where && !under(*where, env.system_path("/snap"))) present = true;
      }
    }
    if (present) found.push_back(&b);
  }
  return found;
}

fs::path tor_data_dir(const fs::path& given) {
  for (const fs::path& sub : {fs::path("Browser/TorBrowser/Data/Browser"), fs::path("TorBrowser/Data/Browser")})
    if (path_exists(given / sub)) return given / sub;
  return given;
}

std::vector<Target> resolve_targets(const Environment& env, Scope scope, const Layout& layout,
                                    const TargetRequest& request) {
  std::vector<const BrowserInfo*> browsers;
  if (request.browsers.empty()) {
    // Only the named folders when a --user-data-dir or --tor-profile is the whole request.
    if (request.user_data_dirs.empty() && !request.tor_profile) browsers = detect_browsers(env);
  } else {
    for (const auto& name : request.browsers) {
      const BrowserInfo* b = find_browser(name);
      if (!b) throw std::invalid_argument("unknown browser \"" + name + "\" (known: " + browser_ids() + ")");
      if (b->id == "tor" && !request.tor_profile)
        throw std::invalid_argument("Tor Browser needs --tor-profile DIR (its tor-browser folder)");
      if (std::find(browsers.begin(), browsers.end(), b) == browsers.end()) browsers.push_back(b);
    }
  }
  const fs::path file = std::string(kHostName) + ".json";
  const Hive hive = scope == Scope::user ? Hive::current_user : Hive::local_machine;
  std::vector<Target> out;
  for (const BrowserInfo* b : browsers) {
    if (b->id == "tor") continue;  // added below from the profile folder
    Target t;
    t.browser = b->id;
    t.label = b->display_name;
    t.family = b->family;
    t.hive = hive;
    if (env.platform == Platform::windows) {
      t.manifest_path = layout.lib_dir / "manifests" / to_string(b->family) / file;
      t.registry_key = b->windows_registry_key + "\\" + kHostName;
    } else {
      const std::string dir = manifest_dir(*b, env.platform, scope);
      if (dir.empty()) continue;
      t.manifest_path = (scope == Scope::user ? env.home / dir : env.system_path(dir)) / file;
    }
    out.push_back(std::move(t));
  }
  for (const auto& d : request.user_data_dirs) {
    if (env.platform == Platform::windows)
      throw std::invalid_argument("--user-data-dir: Chromium on Windows finds hosts only through the registry");
    Target t;
    t.browser = "chromium";
    t.label = "Chromium (--user-data-dir " + fs::absolute(d).string() + ")";
    t.family = Family::chromium;
    t.manifest_path = fs::absolute(d) / "NativeMessagingHosts" / file;
    t.hive = hive;
    out.push_back(std::move(t));
  }
  if (request.tor_profile) {
    if (env.platform == Platform::windows)
      throw std::invalid_argument("--tor-profile: Tor Browser on Windows is not supported");
    Target t;
    t.browser = "tor";
    t.label = "Tor Browser (" + fs::absolute(*request.tor_profile).string() + ")";
    t.family = Family::firefox;
    t.manifest_path = tor_data_dir(fs::absolute(*request.tor_profile)) / ".mozilla" / "native-messaging-hosts" / file;
    t.hive = hive;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace recessive::installer
