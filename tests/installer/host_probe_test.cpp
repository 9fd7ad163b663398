#include "recessive/installer/host_probe.h"

#include <cstring>

#include "test_support.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace recessive::installer {
namespace {

class HostProbeTest : public testing::InstallerTest {
 protected:
  ProbeResult probe(const std::string& mode, std::chrono::milliseconds timeout = 10s) {
    touch(src / "fake-host-mode", mode);
    return probe_host(src / "recessive-host", {"chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/"}, timeout);
  }
};

TEST(Frame, LengthInNativeOrderThenBytes) {
  const std::string f = encode_frame("{}");
  ASSERT_EQ(f.size(), 6u);
  uint32_t n = 0;
  std::memcpy(&n, f.data(), 4);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(f.substr(4), "{}");
}

TEST_F(HostProbeTest, HelloReplyGivesVersionAndDevice) {
  auto r = probe("hello");
  ASSERT_TRUE(r.ok) << r.error << " / " << r.stderr_tail;
  EXPECT_EQ(r.version, "0.0.0-fake");
  EXPECT_EQ(r.protocol, 1);
  EXPECT_EQ(r.device_kind, "cpu");
  EXPECT_EQ(r.device_name, "cpu (1 threads)");
  // The host saw the origin as its argument (and ran in its own folder, where it found its mode file).
  EXPECT_NE(r.stderr_tail.find("fake host (hello) args: chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/"),
            std::string::npos)
      << r.stderr_tail;
}

TEST_F(HostProbeTest, FirefoxArguments) {
  touch(src / "fake-host-mode", "hello");
  auto r = probe_host(src / "recessive-host", {"/x/org.recessive.host.json", "recessive@recessive.org"}, 10s);
  EXPECT_TRUE(r.ok) << r.error;
}

TEST_F(HostProbeTest, TextOnStdoutIsBroken) {
  auto r = probe("garbage");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("not a native-messaging frame"), std::string::npos) << r.error;
}

TEST_F(HostProbeTest, NonJsonFrameIsBroken) {
  auto r = probe("text");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("not JSON"), std::string::npos) << r.error;
}

TEST_F(HostProbeTest, ErrorReplyIsReported) {
  auto r = probe("error");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("engine_failure: model missing"), std::string::npos) << r.error;
}

TEST_F(HostProbeTest, ExitWithoutAnswerIsBrokenWithItsStderr) {
  auto r = probe("exit");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("closed its output"), std::string::npos) << r.error;
  EXPECT_NE(r.stderr_tail.find("cannot load model"), std::string::npos) << r.stderr_tail;
}

TEST_F(HostProbeTest, SilentHostTimesOut) {
  const auto start = std::chrono::steady_clock::now();
  auto r = probe("silent", 1500ms);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("no answer within 1.5"), std::string::npos) << r.error;
  EXPECT_LT(elapsed, 8s);  // timeout + at most 2 s for the host to leave + kill
}

TEST_F(HostProbeTest, MissingOrNonExecutableBinaryCannotStart) {
  auto r = probe_host(src / "absent-host", {}, 5s);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("cannot start"), std::string::npos) << r.error;
  touch(src / "plain-file", "#!/bin/sh\n");
  fs::permissions(src / "plain-file", fs::perms::owner_read | fs::perms::owner_write);
  r = probe_host(src / "plain-file", {}, 5s);
  EXPECT_FALSE(r.ok);
}

}  // namespace
}  // namespace recessive::installer
