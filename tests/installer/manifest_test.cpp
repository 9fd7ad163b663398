#include "recessive/installer/manifest.h"

#include <gtest/gtest.h>

namespace recessive::installer {
namespace {

const Allowed kAllowed{{kDefaultChromiumExtensionId}, {kDefaultFirefoxAddonId}};

TEST(Manifest, ChromiumHasOriginsAndNoExtensions) {
  auto m = make_manifest(Family::chromium, "/opt/x/recessive-host", kAllowed);
  EXPECT_EQ(m["name"], "org.recessive.host");
  EXPECT_EQ(m["type"], "stdio");
  EXPECT_EQ(m["path"], "/opt/x/recessive-host");
  ASSERT_EQ(m["allowed_origins"].size(), 1u);
  EXPECT_EQ(m["allowed_origins"][0], "chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/");
  EXPECT_FALSE(m.contains("allowed_extensions"));
  EXPECT_TRUE(manifest_problems(m, Family::chromium, kAllowed).empty());
}

TEST(Manifest, FirefoxHasAddonIds) {
  auto m = make_manifest(Family::firefox, "/opt/x/recessive-host", kAllowed);
  EXPECT_EQ(m["allowed_extensions"], nlohmann::json::array({"recessive@recessive.org"}));
  EXPECT_FALSE(m.contains("allowed_origins"));
  EXPECT_TRUE(manifest_problems(m, Family::firefox, kAllowed).empty());
}

TEST(Manifest, ProblemsNameWhatIsWrong) {
  auto m = make_manifest(Family::chromium, "relative/host", {{"abcdefghijklmnopabcdefghijklmnop"}, {}});
  auto p = manifest_problems(m, Family::chromium, kAllowed);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NE(p[0].find("not absolute"), std::string::npos);
  EXPECT_NE(p[1].find("lacks chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/"), std::string::npos);
  m["type"] = "pipe";
  m["name"] = "other";
  EXPECT_EQ(manifest_problems(m, Family::chromium, kAllowed).size(), 4u);
  EXPECT_FALSE(manifest_problems(nlohmann::json::array(), Family::firefox, kAllowed).empty());
  // A Chromium manifest read as Firefox's lacks allowed_extensions.
  auto c = make_manifest(Family::chromium, "/h", kAllowed);
  EXPECT_FALSE(manifest_problems(c, Family::firefox, kAllowed).empty());
}

TEST(Manifest, TextIsStable) {
  auto a = manifest_text(make_manifest(Family::firefox, "/h", kAllowed));
  auto b = manifest_text(make_manifest(Family::firefox, "/h", kAllowed));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.back(), '\n');
  EXPECT_EQ(nlohmann::json::parse(a)["path"], "/h");
}

TEST(Manifest, ChromiumIdShape) {
  EXPECT_TRUE(valid_chromium_id(kDefaultChromiumExtensionId));
  EXPECT_FALSE(valid_chromium_id("legdnbeebchgmjiblfjmajifpkhlofc"));
  EXPECT_FALSE(valid_chromium_id("legdnbeebchgmjiblfjmajifpkhlofcz"));
}

}  // namespace
}  // namespace recessive::installer
