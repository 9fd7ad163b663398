#include "recessive/host/session.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <sstream>

#include "frames.h"
#include "recessive/host/error_code.h"
#include "test_streams.h"

namespace recessive::host {
namespace {

using nlohmann::json;
using namespace testing;

// Reverses the bytes; "BAD" at the start -> bad_image; "SLOW" -> reports progress until told to stop.
class FakeProtector : public Protector {
 public:
  json describe() const override {
    return {{"device", {{"kind", "cpu"}, {"name", "fake"}}}, {"models", json::array({{{"name", "fake"}}})},
            {"max_pixels", 123}};
  }
  ProtectedFile protect(const ProtectJob& job, const ProgressFn& progress) override {
    const std::string head(job.bytes.begin(), job.bytes.begin() + std::min<size_t>(4, job.bytes.size()));
    if (head.rfind("BAD", 0) == 0) throw HostError(ErrorCode::bad_image, "not an image");
    if (head == "SLOW") {
      running = true;
      while (progress("protecting", 0.5)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      throw HostError(ErrorCode::cancelled, "cancelled");
    }
    progress("protecting", 1.0);
    ProtectedFile out;
    out.bytes.assign(job.bytes.rbegin(), job.bytes.rend());
    out.mime = job.mime;
    out.width = 2;
    out.height = 1;
    out.report = {{"steps", 3}};
    return out;
  }
  std::atomic<bool> running{false};
};

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

struct LiveSession {
  explicit LiveSession(SessionOptions options = {}) : in(&pipe), out(&sink), session(in, out, protector, options) {
    done = std::async(std::launch::async, [this] { return session.run(); });
  }
  // Ends the input first, so a test that fails early never waits on a session still reading.
  ~LiveSession() {
    pipe.close();
    if (done.valid()) done.wait();
  }
  std::vector<json> replies() { return split_whole_frames(sink.contents()); }
  bool has(const std::string& type, const std::string& code = "") {
    for (const auto& m : replies())
      if (m["type"] == type && (code.empty() || m.value("code", "") == code)) return true;
    return false;
  }
  PipeBuf pipe;
  SinkBuf sink;
  std::istream in;
  std::ostream out;
  FakeProtector protector;
  Session session;
  std::future<bool> done;
};

// Feeds `input` to a live session, waits until `done(replies)` (the worker answers asynchronously), then ends
// the input and returns every reply.
std::vector<json> run_until(const std::string& input, SessionOptions options,
                            const std::function<bool(const std::vector<json>&)>& done, size_t* largest = nullptr) {
  LiveSession live(options);
  live.pipe.feed(input);
  EXPECT_TRUE(eventually([&] { return done(live.replies()); }));
  live.pipe.close();
  EXPECT_TRUE(live.done.get());
  return split_frames(live.sink.contents(), largest);
}

bool has_result(const std::vector<json>& replies, const std::string& id) {
  for (const auto& m : replies)
    if (m["type"] == "result-chunk" && m["id"] == id && m["index"].get<int>() + 1 == m["total"].get<int>()) return true;
  return false;
}

std::vector<json> run_all(const std::string& input, SessionOptions options = {}, size_t* largest = nullptr) {
  std::istringstream in(input);
  std::ostringstream out;
  FakeProtector protector;
  Session session(in, out, protector, options);
  EXPECT_TRUE(session.run());
  return split_frames(out.str(), largest);
}

std::vector<json> of_type(const std::vector<json>& messages, const std::string& type) {
  std::vector<json> out;
  for (const auto& m : messages)
    if (m["type"] == type) out.push_back(m);
  return out;
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::off); }
};

TEST_F(SessionTest, HelloReportsVersionDeviceModelsAndLimits) {
  SessionOptions options;
  options.max_jobs = 3;
  const auto replies = run_all(frame(json{{"type", "hello"}}), options);
  ASSERT_EQ(replies.size(), 1u);
  const auto& hello = replies[0];
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["protocol"], 1);
  EXPECT_EQ(hello["device"]["name"], "fake");
  EXPECT_EQ(hello["models"][0]["name"], "fake");
  EXPECT_EQ(hello["limits"]["max_jobs"], 3);
  EXPECT_EQ(hello["limits"]["max_pixels"], 123);
  EXPECT_EQ(hello["limits"]["max_output_frame_bytes"], 1048576);
}

TEST_F(SessionTest, ProtectsAChunkedFileAndSendsChunkedResultUnderOneMebibyte) {
  std::vector<uint8_t> file(1'500'000);
  for (size_t i = 0; i < file.size(); ++i) file[i] = static_cast<uint8_t>(i * 31 + i / 1000);
  size_t largest = 0;
  const auto replies = run_until(upload_frames("j1", file, 600'000), {}, [](const auto& r) { return has_result(r, "j1"); }, &largest);
  const auto results = of_type(replies, "result");
  ASSERT_EQ(results.size(), 1u) << json(replies).dump().substr(0, 500);
  const auto& r = results[0];
  EXPECT_EQ(r["size"], file.size());
  EXPECT_EQ(r["chunks"], 3);  // 700,000 raw bytes per chunk
  EXPECT_EQ(r["report"]["steps"], 3);
  const auto back = reassemble(replies, "j1");
  EXPECT_EQ(back, std::vector<uint8_t>(file.rbegin(), file.rend()));
  EXPECT_EQ(r["sha256"], sha256_hex(back.data(), back.size()));
  EXPECT_LE(largest, 1048576u);
  EXPECT_FALSE(of_type(replies, "progress").empty());
  EXPECT_TRUE(of_type(replies, "error").empty());
}

TEST_F(SessionTest, EveryBadInputGetsItsTypedErrorAndTheSessionKeepsServing) {
  SessionOptions options;
  options.max_frame_bytes = 4096;
  options.max_file_bytes = 1000;
  const auto good = bytes_of("abcdef");
  std::string input;
  input += frame(std::string(5000, 'x'));                       // too_large frame
  input += frame(std::string("{\"type\":"));                    // bad_json
  input += frame(std::string("{\"type\":\"x\",\"s\":\"\xc3\x28\"}"));  // invalid UTF-8 -> bad_json
  input += frame(json{{"type", "launch"}});                     // unknown_type
  input += frame(json{{"type", "protect"}, {"id", "m"}});       // bad_field
  input += frame(json{{"type", "protect-chunk"}, {"id", "nope"}, {"index", 0}, {"total", 1}, {"data", ""}});  // bad_chunk
  std::string gap = upload_frames("g", good, 2);  // protect + 3 chunks; drop chunk 1
  {
    const auto frames_in = split_frames(gap);
    input += frame(frames_in[0]) + frame(frames_in[2]);
  }
  std::string dup = upload_frames("d", good, 2);
  {
    const auto f = split_frames(dup);
    input += frame(f[0]) + frame(f[1]) + frame(f[1]);
  }
  {
    auto f = split_frames(upload_frames("b", good, 6));
    f[1]["data"] = "@@@@";
    input += frame(f[0]) + frame(f[1]);
  }
  {
    auto f = split_frames(upload_frames("c", good, 6));
    f[0]["sha256"] = std::string(64, 'e');
    input += frame(f[0]) + frame(f[1]);
  }
  input += frame(json{{"type", "protect"}, {"id", "big"}, {"name", "x"}, {"mime", "image/png"}, {"size", 5000},
                      {"sha256", std::string(64, 'a')}, {"chunks", 1}});  // too_large
  input += frame(json{{"type", "protect"}, {"id", "gif"}, {"name", "x"}, {"mime", "image/gif"}, {"size", 5},
                      {"sha256", std::string(64, 'a')}, {"chunks", 1}});  // unsupported_format
  input += upload_frames("bad", bytes_of("BADBYTES"), 100);  // bad_image from the protector
  input += frame(json{{"type", "cancel"}, {"id", "ghost"}});  // bad_field
  input += upload_frames("ok", good, 4);  // still served
  input += frame(json{{"type", "hello"}});
  const auto replies = run_until(input, options, [](const auto& r) {
    return has_result(r, "ok") && std::any_of(r.begin(), r.end(), [](const json& m) { return m["type"] == "hello"; });
  });

  std::vector<std::pair<std::string, std::string>> errors;
  for (const auto& e : of_type(replies, "error")) errors.emplace_back(e.value("id", ""), e["code"]);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"", "too_large"}, {"", "bad_json"}, {"", "bad_json"}, {"", "unknown_type"}, {"m", "bad_field"},
      {"nope", "bad_chunk"}, {"g", "bad_chunk"}, {"d", "bad_chunk"}, {"b", "bad_chunk"},
      {"c", "checksum_mismatch"}, {"big", "too_large"}, {"gif", "unsupported_format"}, {"bad", "bad_image"},
      {"ghost", "bad_field"}};
  // The worker answers bad_image asynchronously, so compare without order.
  std::sort(errors.begin(), errors.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(errors, expected);
  EXPECT_EQ(reassemble(replies, "ok"), std::vector<uint8_t>(good.rbegin(), good.rend()));
  EXPECT_EQ(of_type(replies, "hello").size(), 1u);  // served after all of the above
}

TEST_F(SessionTest, TruncatedFrameEndsTheSessionWithBadFrame) {
  const auto replies = run_all(frame(json{{"type", "hello"}}) + frame(std::string("{\"type\":\"hello\"}")).substr(0, 9));
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[1]["code"], "bad_frame");
}

TEST_F(SessionTest, BusyBeyondMaxJobsAndRepeatedIdRefused) {
  SessionOptions options;
  options.max_jobs = 1;
  const auto f = split_frames(upload_frames("a", bytes_of("abc"), 3));
  auto second = split_frames(upload_frames("b", bytes_of("xyz"), 3));
  const auto replies = run_until(frame(f[0]) + frame(f[0]) + frame(second[0]) + frame(f[1]), options,
                                 [](const auto& r) { return has_result(r, "a"); });
  const auto errors = of_type(replies, "error");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0]["code"], "bad_field");  // "a" again while in flight
  EXPECT_EQ(errors[1]["code"], "busy");
  EXPECT_EQ(errors[1]["id"], "b");
  EXPECT_EQ(of_type(replies, "result").size(), 1u);
}

TEST_F(SessionTest, CancelWhileReceivingAndWhileRunning) {
  LiveSession live;
  const auto receiving = split_frames(upload_frames("r", bytes_of("abcd"), 2));
  live.pipe.feed(frame(receiving[0]) + frame(receiving[1]));
  live.pipe.feed(frame(json{{"type", "cancel"}, {"id", "r"}}));
  ASSERT_TRUE(eventually([&] { return live.has("error", "cancelled"); }));

  live.pipe.feed(upload_frames("s", bytes_of("SLOW"), 4));
  ASSERT_TRUE(eventually([&] { return live.protector.running.load(); }));
  live.pipe.feed(frame(json{{"type", "cancel"}, {"id", "s"}}));
  ASSERT_TRUE(eventually([&] {
    for (const auto& m : live.replies())
      if (m["type"] == "error" && m["id"] == "s" && m["code"] == "cancelled") return true;
    return false;
  }));
  live.pipe.feed(upload_frames("t", bytes_of("next"), 4));  // the worker is free again
  ASSERT_TRUE(eventually([&] { return live.has("result"); }));
  live.pipe.close();
  EXPECT_TRUE(live.done.get());
}

TEST_F(SessionTest, IdleUploadTimesOut) {
  SessionOptions options;
  options.chunk_timeout_seconds = 0.2;
  LiveSession live(options);
  live.pipe.feed(frame(split_frames(upload_frames("slowpoke", bytes_of("abcd"), 2))[0]));  // no chunk follows
  ASSERT_TRUE(eventually([&] { return live.has("error", "timeout"); }));
  live.pipe.feed(frame(json{{"type", "hello"}}));
  ASSERT_TRUE(eventually([&] { return live.has("hello"); }));
  live.pipe.close();
  EXPECT_TRUE(live.done.get());
}

TEST_F(SessionTest, EndOfInputStopsARunningJobWithinASecond) {
  LiveSession live;
  live.pipe.feed(upload_frames("s", bytes_of("SLOW"), 4));
  ASSERT_TRUE(eventually([&] { return live.protector.running.load(); }));
  const auto start = std::chrono::steady_clock::now();
  live.pipe.close();
  EXPECT_TRUE(live.done.get());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

}  // namespace
}  // namespace recessive::host
