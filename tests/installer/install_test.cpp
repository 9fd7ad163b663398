#include "recessive/installer/install.h"

#include <map>
#include <sstream>

#include "recessive/installer/install_record.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace recessive::installer {
namespace {

using testing::InstallerTest;

const std::vector<std::string> kAll = {"chrome", "chromium", "edge", "brave", "vivaldi", "firefox", "librewolf"};

TEST_F(InstallerTest, WritesEveryBrowsersManifestWhereItReads) {
  auto s = run_install(options(kAll));
  const fs::path host = home / ".local/lib/recessive/recessive-host";
  EXPECT_TRUE(is_executable_file(host));
  EXPECT_EQ(slurp(host), slurp(src / "recessive-host"));
  for (const char* m : {"dsh-12.pt", "dsh-24.pt", "dsh-32.pt", "dsh-48.pt"})
    EXPECT_EQ(slurp(home / ".local/lib/recessive/models" / m), std::string("fake model ") + m);
  const std::map<std::string, std::string> where = {
      {".config/google-chrome/NativeMessagingHosts", "chromium"},
      {".config/chromium/NativeMessagingHosts", "chromium"},
      {".config/microsoft-edge/NativeMessagingHosts", "chromium"},
      {".config/BraveSoftware/Brave-Browser/NativeMessagingHosts", "chromium"},
      {".config/vivaldi/NativeMessagingHosts", "chromium"},
      {".mozilla/native-messaging-hosts", "firefox"},
      {".librewolf/native-messaging-hosts", "firefox"}};
  ASSERT_EQ(s.targets.size(), where.size());
  for (const auto& [dir, family] : where) {
    SCOPED_TRACE(dir);
    const auto m = nlohmann::json::parse(slurp(home / dir / "org.recessive.host.json"));
    EXPECT_EQ(m["name"], "org.recessive.host");
    EXPECT_EQ(m["type"], "stdio");
    EXPECT_EQ(m["path"], host.string());
    if (family == "chromium") {
      EXPECT_EQ(m["allowed_origins"], nlohmann::json::array({"chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/"}));
    } else {
      EXPECT_EQ(m["allowed_extensions"], nlohmann::json::array({"recessive@recessive.org"}));
    }
  }
  const auto record = InstallRecord::load(home / ".local/lib/recessive/install-record.json");
  EXPECT_EQ(record.files.size(), 1u + 4u + where.size());
}

TEST_F(InstallerTest, DefaultIsEveryBrowserFound) {
  fs::create_directories(home / ".config/google-chrome");
  fs::create_directories(home / ".mozilla/firefox");
  auto s = run_install(options());
  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_TRUE(fs::exists(home / ".config/google-chrome/NativeMessagingHosts/org.recessive.host.json"));
  EXPECT_TRUE(fs::exists(home / ".mozilla/native-messaging-hosts/org.recessive.host.json"));
  EXPECT_FALSE(fs::exists(home / ".config/chromium"));
}

TEST_F(InstallerTest, CustomIdsAndUserDataDir) {
  auto o = options();
  o.targets.user_data_dirs = {tmp / "chromium-profile"};
  o.allowed.chromium_ids = {"abcdefghijklmnopabcdefghijklmnop", "legdnbeebchgmjiblfjmajifpkhlofck"};
  run_install(o);
  const auto m = nlohmann::json::parse(slurp(tmp / "chromium-profile/NativeMessagingHosts/org.recessive.host.json"));
  EXPECT_EQ(m["allowed_origins"].size(), 2u);
  EXPECT_EQ(m["allowed_origins"][0], "chrome-extension://abcdefghijklmnopabcdefghijklmnop/");
  o.allowed.chromium_ids = {"not-an-id"};
  EXPECT_THROW(run_install(o), std::invalid_argument);
}

TEST_F(InstallerTest, SecondRunChangesNothing) {
  run_install(options(kAll));
  std::map<std::string, std::pair<fs::file_time_type, std::string>> before;
  for (const auto& e : fs::recursive_directory_iterator(tmp))
    if (e.is_regular_file()) before[e.path().string()] = {e.last_write_time(), slurp(e.path())};
  auto s = run_install(options(kAll));
  EXPECT_EQ(s.changes, 0) << log;
  EXPECT_NE(log.find("Already installed; nothing changed."), std::string::npos) << log;
  EXPECT_EQ(log.find("wrote"), std::string::npos) << log;
  std::map<std::string, std::pair<fs::file_time_type, std::string>> after;
  for (const auto& e : fs::recursive_directory_iterator(tmp))
    if (e.is_regular_file()) after[e.path().string()] = {e.last_write_time(), slurp(e.path())};
  EXPECT_EQ(before, after);
}

TEST_F(InstallerTest, ReinstallRepairsAChangedManifest) {
  run_install(options({"firefox"}));
  const fs::path m = home / ".mozilla/native-messaging-hosts/org.recessive.host.json";
  touch(m, "{}");
  auto s = run_install(options({"firefox"}));
  EXPECT_GE(s.changes, 1);
  EXPECT_EQ(nlohmann::json::parse(slurp(m))["name"], "org.recessive.host");
}

TEST_F(InstallerTest, UninstallLeavesNothingBehindButTheUsersFiles) {
  fs::create_directories(home / ".config/chromium");                   // the browser's own folder
  touch(home / ".mozilla/native-messaging-hosts/other.host.json", "{}");  // another host the user has
  touch(home / ".local/bin/tool", "x");                                 // ~/.local existed
  const auto before = tree(tmp);
  run_install(options(kAll));
  ASSERT_NE(tree(tmp), before);
  std::ostringstream out;
  auto s = uninstall(env, make_layout(env, Scope::user, std::nullopt), false, out);
  EXPECT_EQ(s.kept, 0) << out.str();
  EXPECT_EQ(tree(tmp), before) << out.str();
  EXPECT_EQ(slurp(home / ".mozilla/native-messaging-hosts/other.host.json"), "{}");
  // A second uninstall finds no record and does nothing.
  std::ostringstream again;
  uninstall(env, make_layout(env, Scope::user, std::nullopt), false, again);
  EXPECT_NE(again.str().find("nothing to remove"), std::string::npos);
  EXPECT_EQ(tree(tmp), before);
}

TEST_F(InstallerTest, UninstallKeepsAFileChangedSinceInstall) {
  run_install(options({"chromium"}));
  const fs::path m = home / ".config/chromium/NativeMessagingHosts/org.recessive.host.json";
  touch(m, "{\"edited\": true}");
  std::ostringstream out;
  auto s = uninstall(env, make_layout(env, Scope::user, std::nullopt), false, out);
  EXPECT_EQ(s.kept, 4) << out.str();  // the file and the three folders created for it
  EXPECT_EQ(slurp(m), "{\"edited\": true}");
  EXPECT_FALSE(fs::exists(home / ".local/lib/recessive/recessive-host"));
}

TEST_F(InstallerTest, DryRunChangesNothing) {
  const auto before = tree(tmp);
  std::ostringstream out;
  auto o = options(kAll);
  o.dry_run = true;
  auto s = install(env, o, out);
  EXPECT_GT(s.changes, 0);
  EXPECT_EQ(tree(tmp), before);
  EXPECT_NE(out.str().find("would write " + (home / ".mozilla/native-messaging-hosts/org.recessive.host.json").string()),
            std::string::npos)
      << out.str();
  run_install(options(kAll));
  std::ostringstream out2;
  uninstall(env, make_layout(env, Scope::user, std::nullopt), true, out2);
  EXPECT_TRUE(fs::exists(home / ".local/lib/recessive/recessive-host"));
  EXPECT_NE(out2.str().find("would remove"), std::string::npos);
}

TEST_F(InstallerTest, SystemScopeWritesSystemFolders) {
  auto o = options({"chrome", "firefox"});
  o.scope = Scope::system;
  run_install(o);
  const fs::path host = root / "usr/local/lib/recessive/recessive-host";
  EXPECT_TRUE(is_executable_file(host));
  auto m = nlohmann::json::parse(slurp(root / "etc/opt/chrome/native-messaging-hosts/org.recessive.host.json"));
  EXPECT_EQ(m["path"], host.string());
  EXPECT_TRUE(fs::exists(root / "usr/lib/mozilla/native-messaging-hosts/org.recessive.host.json"));
  EXPECT_TRUE(tree(home).empty());
}

TEST_F(InstallerTest, RefusesMissingSources) {
  auto o = options({"chrome"});
  o.host_source = src / "nope";
  EXPECT_THROW(run_install(o), std::invalid_argument);
  o = options({"chrome"});
  fs::remove(src / "models/dsh-48.pt");
  EXPECT_THROW(run_install(o), std::invalid_argument);
  EXPECT_TRUE(tree(home).empty());
}

}  // namespace
}  // namespace recessive::installer
