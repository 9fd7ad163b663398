#include "recessive/host/framing.h"

#include <gtest/gtest.h>

#include <sstream>

#include "frames.h"

namespace recessive::host {
namespace {

using testing::frame;

TEST(Framing, ReadsConsecutiveFramesThenEnd) {
  std::istringstream in(frame(std::string("{\"a\":1}")) + frame(std::string("[]")));
  FrameReader reader(in, 1024);
  auto a = reader.next();
  ASSERT_EQ(a.status, ReadFrame::Status::frame);
  EXPECT_EQ(a.payload, "{\"a\":1}");
  EXPECT_EQ(reader.next().payload, "[]");
  EXPECT_EQ(reader.next().status, ReadFrame::Status::end);
}

TEST(Framing, TruncatedLengthAndPayload) {
  std::istringstream short_length(std::string("\x05\x00", 2));
  EXPECT_EQ(FrameReader(short_length, 1024).next().status, ReadFrame::Status::truncated);
  std::istringstream short_payload(frame(std::string("hello")).substr(0, 7));
  EXPECT_EQ(FrameReader(short_payload, 1024).next().status, ReadFrame::Status::truncated);
}

TEST(Framing, OversizedFrameIsDroppedAndTheNextOneRead) {
  std::istringstream in(frame(std::string(5000, 'x')) + frame(std::string("{}")));
  FrameReader reader(in, 4096);
  auto big = reader.next();
  EXPECT_EQ(big.status, ReadFrame::Status::too_large);
  EXPECT_EQ(big.announced, 5000u);
  EXPECT_TRUE(big.payload.empty());
  auto next = reader.next();
  ASSERT_EQ(next.status, ReadFrame::Status::frame);
  EXPECT_EQ(next.payload, "{}");
}

TEST(Framing, HugeAnnouncedLengthDoesNotAllocate) {
  std::istringstream in(std::string("\xff\xff\xff\xff", 4) + "abc");  // 4 GiB announced, 3 bytes follow
  auto r = FrameReader(in, 64u << 20).next();
  EXPECT_EQ(r.status, ReadFrame::Status::truncated);
}

TEST(Framing, WriteRoundTripsAndRefusesOverOneMebibyte) {
  std::ostringstream out;
  write_frame(out, "{\"x\":2}");
  std::istringstream in(out.str());
  EXPECT_EQ(FrameReader(in, 100).next().payload, "{\"x\":2}");
  std::ostringstream big;
  EXPECT_THROW(write_frame(big, std::string(kMaxOutboundFrame + 1, 'a')), std::length_error);
  EXPECT_TRUE(big.str().empty());
  EXPECT_NO_THROW(write_frame(big, std::string(kMaxOutboundFrame, 'a')));
}

}  // namespace
}  // namespace recessive::host
