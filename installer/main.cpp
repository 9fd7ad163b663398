// recessive-install: copies recessive-host and its models to a stable prefix and registers the host with
// every browser found (or named); --check tells what works, --uninstall removes what it wrote.
#include <CLI/CLI.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <iostream>
#include <memory>

#include "recessive/installer/check.h"
#include "recessive/installer/environment.h"
#include "recessive/installer/install.h"

#ifndef RECESSIVE_INSTALLER_HOST_BINARY
#define RECESSIVE_INSTALLER_HOST_BINARY ""
#endif
#ifndef RECESSIVE_INSTALLER_MODELS_DIR
#define RECESSIVE_INSTALLER_MODELS_DIR ""
#endif

namespace fs = std::filesystem;
using namespace recessive::installer;

int main(int argc, char** argv) {
  CLI::App app{"recessive-install: installs recessive-host and registers it with your browsers.\n"
               "Default: per user, under ~/.local, for every browser found."};
  bool system = false, uninstall_flag = false, check_flag = false, dry_run = false, no_launch = false;
  std::string prefix, host_binary, models_dir, tor_profile;
  std::vector<std::string> browsers, user_data_dirs, extension_ids, firefox_ids;
  double timeout_s = 60;
  app.add_flag("--system", system, "install for all users (/usr/local, system manifest folders, HKLM); needs root");
  app.add_option("--prefix", prefix, "install prefix (default ~/.local, or /usr/local with --system)");
  app.add_option("--host-binary", host_binary, "the recessive-host to install (default: the build tree's)");
  app.add_option("--models-dir", models_dir, "folder with dsh-*.pt to install (default: the repository's models/)");
  app.add_option("--browser", browsers, "browser to register (repeatable): " + browser_ids() + "; default: all found");
  app.add_option("--user-data-dir", user_data_dirs,
                 "Chromium profile folder started with --user-data-dir (repeatable): manifest in DIR/NativeMessagingHosts");
  app.add_option("--tor-profile", tor_profile,
                 "Tor Browser folder (tor-browser/ or its Browser/TorBrowser/Data/Browser): registers Tor Browser");
  app.add_option("--extension-id", extension_ids,
                 std::string("allowed Chromium extension id (repeatable; default ") + kDefaultChromiumExtensionId + ")");
  app.add_option("--firefox-id", firefox_ids,
                 std::string("allowed Firefox add-on id (repeatable; default ") + kDefaultFirefoxAddonId + ")");
  auto* u = app.add_flag("--uninstall", uninstall_flag, "remove everything a previous install recorded");
  auto* c = app.add_flag("--check", check_flag, "report per browser whether the host is registered and answers");
  u->excludes(c);
  app.add_flag("--dry-run", dry_run, "print what would be done, change nothing");
  app.add_option("--timeout", timeout_s, "seconds --check waits for the host's hello answer (default 60)");
  app.add_flag("--no-launch", no_launch, "--check without starting the host");
  CLI11_PARSE(app, argc, argv);

#ifdef _WIN32
  auto registry = make_windows_registry();
  Environment env = Environment::from_process(registry.get());
#else
  Environment env = Environment::from_process(nullptr);
#endif
  const Scope scope = system ? Scope::system : Scope::user;
  std::optional<fs::path> prefix_path;
  if (!prefix.empty()) prefix_path = prefix;
  TargetRequest request;
  request.browsers = browsers;
  for (const auto& d : user_data_dirs) request.user_data_dirs.emplace_back(d);
  if (!tor_profile.empty()) request.tor_profile = fs::path(tor_profile);
  Allowed allowed{{kDefaultChromiumExtensionId}, {kDefaultFirefoxAddonId}};
  if (!extension_ids.empty()) allowed.chromium_ids = extension_ids;
  if (!firefox_ids.empty()) allowed.firefox_ids = firefox_ids;

  try {
    if (check_flag) {
      CheckOptions o;
      o.scope = scope;
      o.prefix = prefix_path;
      o.targets = request;
      o.allowed = allowed;
      o.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
      o.launch = !no_launch;
      return check(env, o, std::cout).ok ? 0 : 1;
    }
    if (uninstall_flag) {
      uninstall(env, make_layout(env, scope, prefix_path), dry_run, std::cout);
      return 0;
    }
    // Sources: the options, else this build tree's host and the repository's models, else (when running
    // the installed copy) the host and models beside this program.
    const fs::path self = boost::dll::program_location().string();
    InstallOptions o;
    o.scope = scope;
    o.prefix = prefix_path;
    o.host_source = host_binary.empty() ? fs::path(RECESSIVE_INSTALLER_HOST_BINARY) : fs::path(host_binary);
    o.models_source = models_dir.empty() ? fs::path(RECESSIVE_INSTALLER_MODELS_DIR) : fs::path(models_dir);
    if (host_binary.empty() && !is_executable_file(o.host_source) && is_executable_file(self.parent_path() / "recessive-host"))
      o.host_source = self.parent_path() / "recessive-host";
    std::error_code ec;
    if (models_dir.empty() && !fs::exists(o.models_source / "dsh-48.pt", ec) &&
        fs::exists(self.parent_path() / "models" / "dsh-48.pt", ec))
      o.models_source = self.parent_path() / "models";
    o.installer_source = self;
    o.targets = request;
    o.allowed = allowed;
    o.dry_run = dry_run;
    const auto summary = install(env, o, std::cout);
    if (!dry_run) {
      std::string again = summary.layout.installer_path.string() + (system ? " --system" : "");
      if (!prefix.empty()) again += " --prefix " + summary.layout.prefix.string();
      for (const auto& b : browsers) again += " --browser " + b;
      for (const auto& d : request.user_data_dirs) again += " --user-data-dir " + fs::absolute(d).string();
      if (request.tor_profile) again += " --tor-profile " + fs::absolute(*request.tor_profile).string();
      for (const auto& id : extension_ids) again += " --extension-id " + id;
      for (const auto& id : firefox_ids) again += " --firefox-id " + id;
      std::cout << "Check it with: " << again << " --check\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "recessive-install: " << e.what() << "\n";
    return 1;
  }
}
