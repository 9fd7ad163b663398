// Integration tests: start the real recessive-host binary with Boost.Process and talk to it over pipes, as a
// browser does. Needs the shipped model (RECESSIVE_DATA_DIR) and a real photo from ../shared/datasets/photos.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <boost/process.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "../imaging/test_support.h"
#include "frames.h"
#include "recessive/engine/image_quality.h"
#include "recessive/host/framing.h"
#include "recessive/imaging/image_codec.h"

namespace recessive::host {
namespace {

namespace bp = boost::process;
using nlohmann::json;
using namespace testing;

class HostProcess {
 public:
  HostProcess()
      : child_(RECESSIVE_HOST_BINARY, "chrome-extension://legdnbeebchgmjiblfjmajifpkhlofck/", "--device", "cpu",
               "--max-frame-mib", "16", bp::std_in < to_host_, bp::std_out > from_host_, bp::std_err > stderr) {}
  ~HostProcess() {
    if (child_.running()) child_.terminate();
  }
  void send(const std::string& frames) {
    to_host_.write(frames.data(), static_cast<std::streamsize>(frames.size()));
    to_host_.flush();
  }
  json receive() {
    auto frame = FrameReader(from_host_, 2u << 20).next();
    if (frame.status != ReadFrame::Status::frame) throw std::runtime_error("host closed its output");
    EXPECT_LE(frame.payload.size(), kMaxOutboundFrame);
    return json::parse(frame.payload);
  }
  // Messages up to and including the first one for which `last` is true.
  std::vector<json> receive_until(const std::function<bool(const json&)>& last) {
    std::vector<json> got;
    do got.push_back(receive());
    while (!last(got.back()));
    return got;
  }
  void close_input() { to_host_.pipe().close(); }
  bp::child& child() { return child_; }

 private:
  bp::opstream to_host_;
  bp::ipstream from_host_;
  bp::child child_;
};

std::vector<uint8_t> photo_bytes(const char* relative) {
  return imaging::read_file_bytes(std::filesystem::path(RECESSIVE_SHARED_DIR) / "datasets/photos" / relative);
}

bool is_error(const json& m) { return m["type"] == "error"; }

TEST(HostProcess, HelloThenProtectsARealPhoto) {
  HostProcess host;
  host.send(frame(json{{"type", "hello"}}));
  const auto hello = host.receive();
  ASSERT_EQ(hello["type"], "hello") << hello.dump();
  EXPECT_EQ(hello["protocol"], 1);
  EXPECT_EQ(hello["device"]["kind"], "cpu");
  EXPECT_EQ(hello["models"][0]["name"], "dsh-48");

  const auto original = photo_bytes("knn_examples/test/obama_and_biden.jpg");
  host.send(upload_frames("p1", original, 256 * 1024, "image/jpeg"));
  const auto replies = host.receive_until([](const json& m) {
    return is_error(m) || (m["type"] == "result-chunk" && m["index"].get<int>() + 1 == m["total"].get<int>());
  });
  ASSERT_FALSE(is_error(replies.back())) << replies.back().dump();
  json result;
  for (const auto& m : replies)
    if (m["type"] == "result") result = m;
  ASSERT_FALSE(result.is_null());
  EXPECT_EQ(result["mime"], "image/jpeg");
  const auto protected_bytes = reassemble(replies, "p1");
  EXPECT_EQ(result["size"], protected_bytes.size());
  EXPECT_EQ(result["sha256"], sha256_hex(protected_bytes.data(), protected_bytes.size()));

  const auto before = imaging::decode_image(original), after = imaging::decode_image(protected_bytes);
  ASSERT_EQ(before.rgb.sizes(), after.rgb.sizes());
  EXPECT_EQ(result["width"], before.rgb.size(2));
  EXPECT_GT((before.rgb - after.rgb).abs().max().item<float>(), 2.0f / 255);  // pixels changed
  EXPECT_GE(psnr_db(before.rgb.unsqueeze(0), after.rgb.unsqueeze(0)).item<double>(), 35.0);
  EXPECT_GE(result["report"]["steps"].get<int>(), 1);
  for (const char* stage : {"receive", "decode", "engine", "encode", "total"}) EXPECT_TRUE(result["timings"].contains(stage));
}

// The host re-executes itself once at start with glibc's huge-page tunable (docs/host.md, "Huge pages"); the
// environment it was executed with is in /proc/PID/environ.
TEST(HostProcess, RestartsItselfWithMallocHugePages) {
  if (const char* own = std::getenv("GLIBC_TUNABLES"); own && std::strstr(own, "glibc.malloc.hugetlb="))
    GTEST_SKIP() << "this test's own GLIBC_TUNABLES sets glibc.malloc.hugetlb; the host keeps it";
  HostProcess host;
  host.send(frame(json{{"type", "hello"}}));
  ASSERT_EQ(host.receive()["type"], "hello");  // restarted and serving
  std::ifstream file("/proc/" + std::to_string(host.child().id()) + "/environ", std::ios::binary);
  ASSERT_TRUE(file) << "no /proc";
  const std::string block((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // Searched as bytes: glibc's start-up code may cut GLIBC_TUNABLES into pieces in place.
  EXPECT_NE(block.find("glibc.malloc.hugetlb=1"), std::string::npos) << "the host was not restarted with the tunable";
}

TEST(HostProcess, BadInputsGetTypedErrorsAndTheHostKeepsServing) {
  HostProcess host;
  // Replies are matched by job id where the request has one: the host answers jobs asynchronously, and a reply
  // to an earlier job can arrive after the next request was sent (seen about once in ten runs under load).
  const auto expect_error = [&](const std::string& frames, const std::string& code, const std::string& id = "") {
    host.send(frames);
    const auto replies = host.receive_until([&](const json& m) {
      return m["type"] != "progress" && (id.empty() || (m.contains("id") && m["id"] == id));
    });
    EXPECT_EQ(replies.back()["type"], "error") << replies.back().dump();
    EXPECT_EQ(replies.back()["code"], code) << replies.back().dump();
  };
  expect_error(frame(std::string(17u << 20, ' ')), "too_large");  // over the 16 MiB cap given on the command line
  expect_error(frame(std::string("{\"type\": nope}")), "bad_json");
  expect_error(frame(std::string("{\"type\":\"hello\",\"x\":\"\xed\xa0\x80\"}")), "bad_json");  // UTF-16 surrogate
  expect_error(frame(json{{"type", "format-disk"}}), "unknown_type");
  expect_error(frame(json{{"type", "protect"}, {"id", "x"}, {"size", "big"}}), "bad_field");

  const auto text = imaging::testing::bytes_of("this is not an image at all, just text.....");
  expect_error(upload_frames("t", text, 1000, "image/jpeg"), "unsupported_format", "t");
  auto jpeg = photo_bytes("obama.jpg");
  jpeg.resize(jpeg.size() / 3);  // truncated JPEG
  expect_error(upload_frames("j", jpeg, 1 << 20, "image/jpeg"), "bad_image", "j");
  // A decompression bomb: a valid PNG header declaring 100000 x 100000 pixels.
  imaging::testing::Bytes bomb(imaging::testing::kPngSignature.begin(), imaging::testing::kPngSignature.end());
  imaging::testing::append(bomb, imaging::testing::png_ihdr(100000, 100000, 8, 2));
  imaging::testing::append(bomb, imaging::testing::png_chunk("IEND", {}));
  expect_error(upload_frames("bomb", bomb, 1000), "too_large", "bomb");
  auto chunks = split_frames(upload_frames("c", text, 10));
  chunks[0]["sha256"] = std::string(64, '0');
  std::string frames;
  for (const auto& c : chunks) frames += frame(c);
  expect_error(frames, "checksum_mismatch", "c");

  host.send(frame(json{{"type", "hello"}}));
  EXPECT_EQ(host.receive()["type"], "hello");
}

TEST(HostProcess, EndOfInputExitsWithinASecondEvenMidJob) {
  HostProcess host;
  host.send(frame(json{{"type", "hello"}}));
  ASSERT_EQ(host.receive()["type"], "hello");  // the model is loaded
  host.send(upload_frames("big", photo_bytes("obama-1080p.jpg"), 1 << 20, "image/jpeg"));
  host.receive_until([](const json& m) { return m["type"] == "progress" && m["stage"] == "protecting"; });
  const auto start = std::chrono::steady_clock::now();
  host.close_input();
  ASSERT_TRUE(host.child().wait_for(std::chrono::seconds(5)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
  EXPECT_EQ(host.child().exit_code(), 0);
}

}  // namespace
}  // namespace recessive::host
