#include "recessive/installer/browser.h"

#include <algorithm>
#include <cctype>

namespace recessive::installer {

namespace {

std::vector<BrowserInfo> make_table() {
  std::vector<BrowserInfo> t;
  t.push_back({"chrome", "Google Chrome", Family::chromium,
               ".config/google-chrome/NativeMessagingHosts", "/etc/opt/chrome/native-messaging-hosts",
               "Library/Application Support/Google/Chrome/NativeMessagingHosts",
               "/Library/Google/Chrome/NativeMessagingHosts",
               "Software\\Google\\Chrome\\NativeMessagingHosts",
               {".config/google-chrome"},
               {"Library/Application Support/Google/Chrome"},
               {"google-chrome", "google-chrome-stable"},
               {},
               {"com.google.Chrome"},
               "config/google-chrome/NativeMessagingHosts"});
  t.push_back({"chromium", "Chromium", Family::chromium,
               ".config/chromium/NativeMessagingHosts", "/etc/chromium/native-messaging-hosts",
               "Library/Application Support/Chromium/NativeMessagingHosts",
               "/Library/Application Support/Chromium/NativeMessagingHosts",
               "Software\\Chromium\\NativeMessagingHosts",
               {".config/chromium"},
               {"Library/Application Support/Chromium"},
               {"chromium", "chromium-browser"},
               {"chromium"},
               {"org.chromium.Chromium"},
               "config/chromium/NativeMessagingHosts"});
  t.push_back({"edge", "Microsoft Edge", Family::chromium,
               ".config/microsoft-edge/NativeMessagingHosts", "/etc/opt/edge/native-messaging-hosts",
               "Library/Application Support/Microsoft Edge/NativeMessagingHosts",
               "/Library/Microsoft/Edge/NativeMessagingHosts",
               "Software\\Microsoft\\Edge\\NativeMessagingHosts",
               {".config/microsoft-edge"},
               {"Library/Application Support/Microsoft Edge"},
               {"microsoft-edge", "microsoft-edge-stable"},
               {},
               {"com.microsoft.Edge"},
               "config/microsoft-edge/NativeMessagingHosts"});
  t.push_back({"brave", "Brave", Family::chromium,
               ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts", "/etc/opt/brave/native-messaging-hosts",
               "Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
               "/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
               "Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts",
               {".config/BraveSoftware/Brave-Browser"},
               {"Library/Application Support/BraveSoftware/Brave-Browser"},
               {"brave-browser", "brave"},
               {"brave"},
               {"com.brave.Browser"},
               "config/BraveSoftware/Brave-Browser/NativeMessagingHosts"});
  t.push_back({"vivaldi", "Vivaldi", Family::chromium,
               ".config/vivaldi/NativeMessagingHosts", "/etc/opt/vivaldi/native-messaging-hosts",
               "Library/Application Support/Vivaldi/NativeMessagingHosts",
               "/Library/Application Support/Vivaldi/NativeMessagingHosts",
               "Software\\Vivaldi\\NativeMessagingHosts",
               {".config/vivaldi"},
               {"Library/Application Support/Vivaldi"},
               {"vivaldi", "vivaldi-stable"},
               {},
               {"com.vivaldi.Vivaldi"},
               "config/vivaldi/NativeMessagingHosts"});
  t.push_back({"firefox", "Firefox", Family::firefox,
               ".mozilla/native-messaging-hosts", "/usr/lib/mozilla/native-messaging-hosts",
               "Library/Application Support/Mozilla/NativeMessagingHosts",
               "/Library/Application Support/Mozilla/NativeMessagingHosts",
               "Software\\Mozilla\\NativeMessagingHosts",
               {".mozilla/firefox"},
               {"Library/Application Support/Firefox"},
               {"firefox", "firefox-esr"},
               {"firefox"},
               {"org.mozilla.firefox"},
               ".mozilla/native-messaging-hosts"});
  // LibreWolf on Windows reads Mozilla's registry key (librewolf-portable#13), so it shares Firefox's.
  t.push_back({"librewolf", "LibreWolf", Family::firefox,
               ".librewolf/native-messaging-hosts", "/usr/lib/librewolf/native-messaging-hosts",
               "Library/Application Support/LibreWolf/NativeMessagingHosts",
               "/Library/Application Support/LibreWolf/NativeMessagingHosts",
               "Software\\Mozilla\\NativeMessagingHosts",
               {".librewolf"},
               {"Library/Application Support/librewolf"},
               {"librewolf"},
               {},
               {"io.gitlab.librewolf-community"},
               ".librewolf/native-messaging-hosts"});
  // Tor Browser: only with --tor-profile DIR; the folder is DIR-relative (see installer.cpp).
  t.push_back({"tor", "Tor Browser", Family::firefox, "", "", "", "", "", {}, {}, {}, {}, {}, ""});
  return t;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

const std::vector<BrowserInfo>& all_browsers() {
  static const std::vector<BrowserInfo> table = make_table();
  return table;
}

const BrowserInfo* find_browser(const std::string& id) {
  const std::string want = lower(id);
  for (const auto& b : all_browsers())
    if (b.id == want) return &b;
  if (want == "google-chrome") return find_browser("chrome");
  if (want == "msedge" || want == "microsoft-edge") return find_browser("edge");
  if (want == "tor-browser" || want == "torbrowser") return find_browser("tor");
  return nullptr;
}

std::string browser_ids() {
  std::string s;
  for (const auto& b : all_browsers()) s += (s.empty() ? "" : ", ") + b.id;
  return s;
}

std::string manifest_dir(const BrowserInfo& b, Platform p, Scope s) {
  switch (p) {
    case Platform::gnu_linux: return s == Scope::user ? b.linux_user_dir : b.linux_system_dir;
    case Platform::macos: return s == Scope::user ? b.macos_user_dir : b.macos_system_dir;
    case Platform::windows: return "";
  }
  return "";
}

std::string to_string(Platform p) {
  switch (p) {
    case Platform::gnu_linux: return "linux";
    case Platform::macos: return "macos";
    case Platform::windows: return "windows";
  }
  return "?";
}

std::string to_string(Family f) { return f == Family::chromium ? "chromium" : "firefox"; }

}  // namespace recessive::installer
