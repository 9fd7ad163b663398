#include <gtest/gtest.h>

#include <string>

#include "recessive/host/base64.h"
#include "recessive/host/sha256.h"

namespace recessive::host {
namespace {

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string, std::string> cases[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},  {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    const auto b = bytes_of(plain);
    EXPECT_EQ(base64_encode(b.data(), b.size()), encoded);
    std::vector<uint8_t> decoded;
    ASSERT_TRUE(base64_decode_append(encoded, decoded)) << encoded;
    EXPECT_EQ(decoded, b);
  }
}

TEST(Base64, RefusesMalformedInputAndLeavesOutputUntouched) {
  for (const char* bad : {"Zg=", "Zm9v\n", "Zm 9v", "Zm9-", "Zm9_", "=Zm9", "Zg==Zg==", "Z===", "Zh==", "Zm9=Zm9v", "Zm=v"}) {
    std::vector<uint8_t> out = {1, 2};
    EXPECT_FALSE(base64_decode_append(bad, out)) << bad;
    EXPECT_EQ(out, (std::vector<uint8_t>{1, 2})) << bad;
  }
}

TEST(Base64, AllByteValuesRoundTrip) {
  std::vector<uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<uint8_t>(i);
  std::vector<uint8_t> back;
  ASSERT_TRUE(base64_decode_append(base64_encode(all.data(), all.size()), back));
  EXPECT_EQ(back, all);
}

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(nullptr, 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const auto abc = bytes_of("abc");
  EXPECT_EQ(sha256_hex(abc.data(), abc.size()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace recessive::host
