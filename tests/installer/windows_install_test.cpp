// The Windows logic (manifests under the prefix, HKCU/HKLM keys pointing at them) against MemoryRegistry.
#include <sstream>

#include "recessive/installer/check.h"
#include "recessive/installer/install.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace recessive::installer {
namespace {

class WindowsInstallTest : public testing::InstallerTest {
 protected:
  void SetUp() override {
    InstallerTest::SetUp();
    env.platform = Platform::windows;
    env.local_app_data = home / "AppData/Local";
    env.program_files = root / "Program Files";
    env.registry = &registry;
    fs::copy_file(src / "recessive-host", src / "recessive-host.exe");
  }
  InstallOptions win_options(std::vector<std::string> browsers = {}) {
    auto o = options(std::move(browsers));
    o.host_source = src / "recessive-host.exe";
    return o;
  }
  MemoryRegistry registry;
};

TEST_F(WindowsInstallTest, SetsOneKeyPerBrowserPointingAtItsFamilysManifest) {
  auto s = run_install(win_options());
  const fs::path prefix = home / "AppData/Local/Recessive";
  EXPECT_EQ(s.layout.host_path, prefix / "recessive-host.exe");
  const fs::path chromium = prefix / "manifests/chromium/org.recessive.host.json";
  const fs::path firefox = prefix / "manifests/firefox/org.recessive.host.json";
  for (const char* key : {"Software\\Google\\Chrome", "Software\\Chromium", "Software\\Microsoft\\Edge",
                          "Software\\BraveSoftware\\Brave-Browser", "Software\\Vivaldi"}) {
    EXPECT_EQ(registry.default_value(Hive::current_user, std::string(key) + "\\NativeMessagingHosts\\org.recessive.host"),
              chromium.string())
        << key;
  }
  EXPECT_EQ(registry.default_value(Hive::current_user, "SOFTWARE\\Mozilla\\NativeMessagingHosts\\org.recessive.host"),
            firefox.string());
  EXPECT_EQ(registry.size(), 6u);  // Firefox and LibreWolf share Mozilla's key
  EXPECT_EQ(nlohmann::json::parse(slurp(chromium))["path"], s.layout.host_path.string());
  EXPECT_TRUE(nlohmann::json::parse(slurp(firefox)).contains("allowed_extensions"));

  auto again = run_install(win_options());
  EXPECT_EQ(again.changes, 0) << log;
}

TEST_F(WindowsInstallTest, SystemScopeUsesHklmAndProgramFiles) {
  auto o = win_options({"edge"});
  o.scope = Scope::system;
  run_install(o);
  auto v = registry.default_value(Hive::local_machine, "Software\\Microsoft\\Edge\\NativeMessagingHosts\\org.recessive.host");
  ASSERT_TRUE(v);
  EXPECT_EQ(fs::path(*v), root / "Program Files/Recessive/manifests/chromium/org.recessive.host.json");
  EXPECT_FALSE(registry.default_value(Hive::current_user, "Software\\Microsoft\\Edge\\NativeMessagingHosts\\org.recessive.host"));
}

TEST_F(WindowsInstallTest, UninstallRemovesItsKeysOnly) {
  registry.set_default_value(Hive::current_user, "Software\\Google\\Chrome\\NativeMessagingHosts\\other.host", "C:\\x.json");
  run_install(win_options({"chrome", "firefox"}));
  // Someone re-pointed Firefox's key at their own manifest: it is not ours any more.
  registry.set_default_value(Hive::current_user, "Software\\Mozilla\\NativeMessagingHosts\\org.recessive.host", "C:\\y.json");
  std::ostringstream out;
  auto s = uninstall(env, make_layout(env, Scope::user, std::nullopt), false, out);
  EXPECT_FALSE(registry.default_value(Hive::current_user, "Software\\Google\\Chrome\\NativeMessagingHosts\\org.recessive.host"));
  EXPECT_EQ(registry.default_value(Hive::current_user, "Software\\Mozilla\\NativeMessagingHosts\\org.recessive.host"),
            std::string("C:\\y.json"));
  EXPECT_EQ(registry.default_value(Hive::current_user, "Software\\Google\\Chrome\\NativeMessagingHosts\\other.host"),
            std::string("C:\\x.json"));
  EXPECT_EQ(s.kept, 1) << out.str();
  EXPECT_FALSE(fs::exists(home / "AppData/Local/Recessive"));
}

TEST_F(WindowsInstallTest, CheckFollowsTheKeyAndCatchesAMissingOne) {
  run_install(win_options({"chrome", "firefox"}));
  CheckOptions c;
  c.targets.browsers = {"chrome", "firefox"};
  c.launch = false;
  std::ostringstream out;
  EXPECT_TRUE(check(env, c, out).ok) << out.str();
  registry.remove_key(Hive::current_user, "Software\\Google\\Chrome\\NativeMessagingHosts\\org.recessive.host");
  std::ostringstream out2;
  auto r = check(env, c, out2);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(out2.str().find("registry key HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\org.recessive.host missing"),
            std::string::npos)
      << out2.str();
}

TEST_F(WindowsInstallTest, UserDataDirIsRefused) {
  auto o = win_options();
  o.targets.user_data_dirs = {tmp / "p"};
  EXPECT_THROW(run_install(o), std::invalid_argument);
}

}  // namespace
}  // namespace recessive::installer
