// The browsers recessive-install knows: where each one reads native-messaging host manifests per OS and
// scope, and how to tell that it is installed. A constant table; nothing here touches the filesystem.
// Thread-safe (read-only data).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace recessive::installer {

enum class Platform { gnu_linux, macos, windows };
enum class Family { chromium, firefox };  // which manifest flavour a browser reads
enum class Scope { user, system };

struct BrowserInfo {
  std::string id;            // command-line name: chrome, chromium, edge, brave, vivaldi, firefox, librewolf, tor
  std::string display_name;  // "Google Chrome"
  Family family;
  // Manifest folders. Linux/macOS user folders are relative to HOME; system folders are absolute (joined
  // under the injected filesystem root). Empty = this browser has no such folder (then it is skipped).
  std::string linux_user_dir, linux_system_dir;
  std::string macos_user_dir, macos_system_dir;
  std::string windows_registry_key;  // under HKCU/HKLM, without the trailing host name
  std::vector<std::string> config_dirs_linux;  // relative to HOME: any existing one means "found"
  std::vector<std::string> config_dirs_macos;
  std::vector<std::string> executables;  // names looked up on PATH (Linux/macOS) -> "found"
  std::vector<std::string> snap_names;   // Snap package names (/snap/bin/<name>, ~/snap/<name>)
  std::vector<std::string> flatpak_ids;  // Flatpak application ids (~/.var/app/<id>)
  std::string flatpak_manifest_dir;      // inside ~/.var/app/<id>/: where that Flatpak reads manifests
};

// All browsers, in display order. Tor Browser is last and is used only with an explicit profile folder.
const std::vector<BrowserInfo>& all_browsers();
// The entry with this id (case-insensitive), or nullptr.
const BrowserInfo* find_browser(const std::string& id);
// "chrome, chromium, ..." for help texts and error messages.
std::string browser_ids();

// The manifest folder for a scope on Linux/macOS, "" when the table has none.
std::string manifest_dir(const BrowserInfo& b, Platform p, Scope s);

std::string to_string(Platform p);
std::string to_string(Family f);

}  // namespace recessive::installer
