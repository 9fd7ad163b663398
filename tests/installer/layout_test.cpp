#include "recessive/installer/layout.h"

#include "test_support.h"

namespace fs = std::filesystem;

namespace recessive::installer {
namespace {

using testing::InstallerTest;

std::map<std::string, fs::path> by_browser(const std::vector<Target>& targets) {
  std::map<std::string, fs::path> m;
  for (const auto& t : targets) m[t.browser] = t.manifest_path;
  return m;
}

TEST_F(InstallerTest, LayoutPerUserAndSystem) {
  auto user = make_layout(env, Scope::user, std::nullopt);
  EXPECT_EQ(user.host_path, home / ".local/lib/recessive/recessive-host");
  EXPECT_EQ(user.models_dir, home / ".local/lib/recessive/models");
  EXPECT_EQ(user.record_path, home / ".local/lib/recessive/install-record.json");
  auto sys = make_layout(env, Scope::system, std::nullopt);
  EXPECT_EQ(sys.host_path, root / "usr/local/lib/recessive/recessive-host");
  auto custom = make_layout(env, Scope::user, tmp / "opt");
  EXPECT_EQ(custom.host_path, tmp / "opt/lib/recessive/recessive-host");
}

TEST_F(InstallerTest, LinuxUserFolders) {
  TargetRequest all;
  all.browsers = {"chrome", "chromium", "edge", "brave", "vivaldi", "firefox", "librewolf"};
  auto m = by_browser(resolve_targets(env, Scope::user, make_layout(env, Scope::user, {}), all));
  const std::string f = "org.recessive.host.json";
  EXPECT_EQ(m["chrome"], home / ".config/google-chrome/NativeMessagingHosts" / f);
  EXPECT_EQ(m["chromium"], home / ".config/chromium/NativeMessagingHosts" / f);
  EXPECT_EQ(m["edge"], home / ".config/microsoft-edge/NativeMessagingHosts" / f);
  EXPECT_EQ(m["brave"], home / ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts" / f);
  EXPECT_EQ(m["vivaldi"], home / ".config/vivaldi/NativeMessagingHosts" / f);
  EXPECT_EQ(m["firefox"], home / ".mozilla/native-messaging-hosts" / f);
  EXPECT_EQ(m["librewolf"], home / ".librewolf/native-messaging-hosts" / f);
}

TEST_F(InstallerTest, LinuxSystemFoldersResolveUnderRoot) {
  TargetRequest r;
  r.browsers = {"chrome", "chromium", "edge", "firefox"};
  auto m = by_browser(resolve_targets(env, Scope::system, make_layout(env, Scope::system, {}), r));
  const std::string f = "org.recessive.host.json";
  EXPECT_EQ(m["chrome"], root / "etc/opt/chrome/native-messaging-hosts" / f);
  EXPECT_EQ(m["chromium"], root / "etc/chromium/native-messaging-hosts" / f);
  EXPECT_EQ(m["edge"], root / "etc/opt/edge/native-messaging-hosts" / f);
  EXPECT_EQ(m["firefox"], root / "usr/lib/mozilla/native-messaging-hosts" / f);
}

TEST_F(InstallerTest, MacFolders) {
  env.platform = Platform::macos;
  TargetRequest r;
  r.browsers = {"chrome", "firefox"};
  auto m = by_browser(resolve_targets(env, Scope::user, make_layout(env, Scope::user, {}), r));
  EXPECT_EQ(m["chrome"], home / "Library/Application Support/Google/Chrome/NativeMessagingHosts/org.recessive.host.json");
  EXPECT_EQ(m["firefox"], home / "Library/Application Support/Mozilla/NativeMessagingHosts/org.recessive.host.json");
}

TEST_F(InstallerTest, DetectsByConfigFolderOrPathButNotSnap) {
  EXPECT_TRUE(detect_browsers(env).empty());
  fs::create_directories(home / ".config/chromium");
  touch(tmp / "bin/firefox-esr", "#!/bin/sh\n");
  fs::permissions(tmp / "bin/firefox-esr", fs::perms::owner_all);
  touch(root / "snap/bin/brave", "#!/bin/sh\n");
  fs::permissions(root / "snap/bin/brave", fs::perms::owner_all);
  touch(tmp / "bin/vivaldi", "not executable");
  env.path_dirs = {tmp / "bin", root / "snap/bin"};
  std::vector<std::string> ids;
  for (auto* b : detect_browsers(env)) ids.push_back(b->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"chromium", "firefox"}));
}

TEST_F(InstallerTest, UserDataDirAndTorProfile) {
  TargetRequest r;
  r.user_data_dirs = {tmp / "profile"};
  fs::create_directories(tmp / "tor-browser/Browser/TorBrowser/Data/Browser/profile.default");
  r.tor_profile = tmp / "tor-browser";
  fs::create_directories(home / ".config/chromium");  // detected, but not wanted: the folders are the request
  auto targets = resolve_targets(env, Scope::user, make_layout(env, Scope::user, {}), r);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].manifest_path, tmp / "profile/NativeMessagingHosts/org.recessive.host.json");
  EXPECT_EQ(targets[0].family, Family::chromium);
  EXPECT_EQ(targets[1].manifest_path,
            tmp / "tor-browser/Browser/TorBrowser/Data/Browser/.mozilla/native-messaging-hosts/org.recessive.host.json");
  EXPECT_EQ(targets[1].family, Family::firefox);
}

TEST_F(InstallerTest, RejectsUnknownBrowserAndTorWithoutProfile) {
  TargetRequest r;
  r.browsers = {"netscape"};
  EXPECT_THROW(resolve_targets(env, Scope::user, make_layout(env, Scope::user, {}), r), std::invalid_argument);
  r.browsers = {"tor"};
  EXPECT_THROW(resolve_targets(env, Scope::user, make_layout(env, Scope::user, {}), r), std::invalid_argument);
}

}  // namespace
}  // namespace recessive::installer
