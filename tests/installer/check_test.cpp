#include "recessive/installer/check.h"

#include <sstream>

#include "test_support.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace recessive::installer {
namespace {

class CheckTest : public testing::InstallerTest {
 protected:
  CheckReport run_check(std::vector<std::string> browsers, bool launch = true) {
    CheckOptions c;
    c.targets.browsers = std::move(browsers);
    c.launch = launch;
    c.timeout = 5s;
    std::ostringstream out;
    auto r = check(env, c, out);
    report = out.str();
    return r;
  }
  fs::path chromium_manifest() const { return home / ".config/chromium/NativeMessagingHosts/org.recessive.host.json"; }
  fs::path installed_host() const { return home / ".local/lib/recessive/recessive-host"; }
  std::string report;
};

TEST_F(CheckTest, WorkingInstallPassesWithHello) {
  run_install(options({"chromium", "firefox"}));
  auto r = run_check({"chromium", "firefox"});
  EXPECT_TRUE(r.ok) << report;
  ASSERT_EQ(r.targets.size(), 2u);
  ASSERT_TRUE(r.targets[0].hello);
  EXPECT_EQ(*r.targets[0].hello, "recessive-host 0.0.0-fake, protocol 1, device cpu (cpu (1 threads))");
  EXPECT_TRUE(r.targets[1].hello) << report;  // launched with Firefox's arguments
  EXPECT_NE(report.find("All 2 registration(s) work."), std::string::npos) << report;
}

TEST_F(CheckTest, MissingManifest) {
  auto r = run_check({"chromium"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(report.find("FAIL no manifest at " + chromium_manifest().string()), std::string::npos) << report;
}

TEST_F(CheckTest, MissingBinary) {
  run_install(options({"chromium"}));
  fs::remove(installed_host());
  auto r = run_check({"chromium"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(report.find("FAIL host " + installed_host().string() + " does not exist"), std::string::npos) << report;
}

TEST_F(CheckTest, NotExecutable) {
  run_install(options({"chromium"}));
  fs::permissions(installed_host(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(run_check({"chromium"}).ok);
  EXPECT_NE(report.find("is not an executable file"), std::string::npos) << report;
}

TEST_F(CheckTest, WrongPath) {
  run_install(options({"chromium"}));
  auto m = nlohmann::json::parse(slurp(chromium_manifest()));
  m["path"] = (tmp / "elsewhere/recessive-host").string();
  touch(chromium_manifest(), m.dump());
  EXPECT_FALSE(run_check({"chromium"}).ok);
  EXPECT_NE(report.find("elsewhere/recessive-host does not exist"), std::string::npos) << report;
  m["path"] = "recessive-host";
  touch(chromium_manifest(), m.dump());
  EXPECT_FALSE(run_check({"chromium"}, false).ok);
  EXPECT_NE(report.find("\"path\" is not absolute"), std::string::npos) << report;
}

TEST_F(CheckTest, WrongOrigin) {
  auto o = options({"chromium", "firefox"});
  o.allowed = {{"abcdefghijklmnopabcdefghijklmnop"}, {"someone@else.org"}};
  run_install(o);
  auto r = run_check({"chromium", "firefox"}, false);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(report.find("\"allowed_origins\" lacks chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("\"allowed_extensions\" lacks recessive@recessive.org"), std::string::npos) << report;
}

TEST_F(CheckTest, InvalidJson) {
  run_install(options({"chromium"}));
  touch(chromium_manifest(), "{ not json");
  EXPECT_FALSE(run_check({"chromium"}).ok);
  EXPECT_NE(report.find("is not valid JSON"), std::string::npos) << report;
}

TEST_F(CheckTest, HostThatAnswersGarbageOrNothingIsBroken) {
  run_install(options({"chromium"}));
  touch(home / ".local/lib/recessive/fake-host-mode", "garbage");
  EXPECT_FALSE(run_check({"chromium"}).ok);
  EXPECT_NE(report.find("FAIL launch: the host wrote a frame length"), std::string::npos) << report;
  touch(home / ".local/lib/recessive/fake-host-mode", "silent");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(run_check({"chromium"}).ok);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 12s);
  EXPECT_NE(report.find("FAIL launch: no answer within 5"), std::string::npos) << report;
  touch(home / ".local/lib/recessive/fake-host-mode", "exit");
  EXPECT_FALSE(run_check({"chromium"}).ok);
  EXPECT_NE(report.find("         fake host: cannot load model"), std::string::npos) << report;
}

TEST_F(CheckTest, NoBrowserIsBroken) {
  EXPECT_FALSE(run_check({}).ok);
  EXPECT_NE(report.find("No browser found"), std::string::npos) << report;
}

TEST_F(CheckTest, NamesSnapAndFlatpakBrowsers) {
  run_install(options({"firefox"}));
  touch(root / "snap/bin/chromium", "");
  fs::create_directories(home / ".var/app/org.mozilla.firefox");
  auto r = run_check({"firefox"}, false);
  EXPECT_TRUE(r.ok) << report;  // warnings only
  EXPECT_EQ(r.sandboxed, 2u);
  EXPECT_NE(report.find("warn Snap chromium"), std::string::npos) << report;
  EXPECT_NE(report.find("warn Flatpak org.mozilla.firefox"), std::string::npos) << report;
  EXPECT_NE(report.find("flatpak-spawn --host " + installed_host().string()), std::string::npos) << report;
}

}  // namespace
}  // namespace recessive::installer
