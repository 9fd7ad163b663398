#include "recessive/installer/sandboxed_browsers.h"

#include <system_error>

#include "recessive/installer/browser.h"
#include "recessive/installer/file_store.h"
#include "recessive/installer/manifest.h"

namespace fs = std::filesystem;

namespace recessive::installer {

namespace {

std::string snap_advice(const BrowserInfo& b) {
  if (b.family == Family::firefox)
    return "Snap Firefox starts native hosts only through the xdg-desktop-portal \"WebExtensions\" portal "
           "(recent Ubuntu; it asks once for permission) and reads ~/.mozilla/native-messaging-hosts. If the "
           "extension cannot connect, use Firefox from a .deb or tarball.";
  return "Snap " + b.display_name + " is confined: it reads manifests only inside ~/snap/" +
         (b.snap_names.empty() ? b.id : b.snap_names.front()) +
         "/ and cannot start programs outside the snap, so it cannot use the host. Use a non-Snap build "
         "(.deb, Flatpak with the steps below, or Firefox).";
}

std::string flatpak_advice(const BrowserInfo& b, const std::string& id, const fs::path& host_path) {
  return "Flatpak " + b.display_name + " runs sandboxed and does not see ~/" +
         (b.family == Family::firefox ? ".mozilla" : ".config") +
         ". It needs (1) a manifest in ~/.var/app/" + id + "/" + b.flatpak_manifest_dir + "/" + kHostName +
         ".json whose \"path\" is a script running `flatpak-spawn --host " + host_path.string() +
         " \"$@\"`, and (2) `flatpak override --user --talk-name=org.freedesktop.Flatpak " + id +
         "`. recessive-install does not do this for you.";
}

}  // namespace

std::vector<SandboxedBrowser> find_sandboxed_browsers(const Environment& env, const fs::path& host_path) {
  std::vector<SandboxedBrowser> found;
  if (env.platform != Platform::gnu_linux) return found;
  for (const auto& b : all_browsers()) {
    for (const auto& name : b.snap_names) {
      for (const fs::path& p : {env.system_path("/snap/bin") / name, env.home / "snap" / name}) {
        if (path_exists(p)) {
          found.push_back({"snap", b.id, name, p, snap_advice(b)});
          break;
        }
      }
    }
    for (const auto& id : b.flatpak_ids) {
      for (const fs::path& p : {env.home / ".var" / "app" / id, env.system_path("/var/lib/flatpak/app") / id,
                                env.home / ".local/share/flatpak/app" / id}) {
        if (path_exists(p)) {
          found.push_back({"flatpak", b.id, id, p, flatpak_advice(b, id, host_path)});
          break;
        }
      }
    }
  }
  return found;
}

}  // namespace recessive::installer
