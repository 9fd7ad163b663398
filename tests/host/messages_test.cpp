#include "recessive/host/messages.h"

#include <gtest/gtest.h>

namespace recessive::host {
namespace {

using nlohmann::json;

json protect_json() {
  return {{"type", "protect"}, {"id", "a1"}, {"name", "x.jpg"}, {"mime", "image/jpeg"}, {"size", 10},
          {"sha256", std::string(64, 'A')}, {"chunks", 2}, {"options", {{"strength", "strong"}}}};
}

ErrorCode code_of(const std::string& payload) {
  try {
    parse_message(payload, ParseLimits{1000});
  } catch (const HostError& e) {
    return e.code;
  }
  ADD_FAILURE() << "no error for " << payload;
  return ErrorCode::engine_failure;
}

TEST(Messages, ParsesEveryRequestType) {
  EXPECT_TRUE(std::holds_alternative<HelloRequest>(parse_message(R"({"type":"hello"})")));
  const auto p = std::get<ProtectRequest>(parse_message(protect_json().dump()));
  EXPECT_EQ(p.id, "a1");
  EXPECT_EQ(p.size, 10);
  EXPECT_EQ(p.chunks, 2);
  EXPECT_EQ(p.strength, "strong");
  EXPECT_EQ(p.sha256, std::string(64, 'a'));  // normalised to lower case
  const auto c = std::get<ProtectChunk>(parse_message(R"({"type":"protect-chunk","id":"a1","index":1,"total":2,"data":"Zg=="})"));
  EXPECT_EQ(c.index, 1);
  EXPECT_EQ(c.data, "Zg==");
  EXPECT_EQ(std::get<CancelRequest>(parse_message(R"({"type":"cancel","id":"a1"})")).id, "a1");
}

TEST(Messages, DefaultStrengthIsStandard) {
  auto m = protect_json();
  m.erase("options");
  EXPECT_EQ(std::get<ProtectRequest>(parse_message(m.dump())).strength, "standard");
}

TEST(Messages, TypedErrorsForBadInput) {
  EXPECT_EQ(code_of("{not json"), ErrorCode::bad_json);
  EXPECT_EQ(code_of("[1,2]"), ErrorCode::bad_json);
  EXPECT_EQ(code_of(std::string("{\"type\":\"hello\",\"x\":\"\xff\xfe\"}")), ErrorCode::bad_json);  // invalid UTF-8
  EXPECT_EQ(code_of(R"({"id":"a"})"), ErrorCode::unknown_type);
  EXPECT_EQ(code_of(R"({"type":7})"), ErrorCode::unknown_type);
  EXPECT_EQ(code_of(R"({"type":"explode"})"), ErrorCode::unknown_type);
  EXPECT_EQ(code_of(R"({"type":"cancel"})"), ErrorCode::bad_field);
  EXPECT_EQ(code_of(R"({"type":"cancel","id":"../etc"})"), ErrorCode::bad_field);
  EXPECT_EQ(code_of(R"({"type":"cancel","id":""})"), ErrorCode::bad_field);
  EXPECT_EQ(code_of(R"({"type":"protect-chunk","id":"a","index":"0","total":1,"data":""})"), ErrorCode::bad_field);
  EXPECT_EQ(code_of(R"({"type":"protect-chunk","id":"a","index":-1,"total":1,"data":""})"), ErrorCode::bad_field);
  EXPECT_EQ(code_of(R"({"type":"protect-chunk","id":"a","index":0,"total":1,"data":5})"), ErrorCode::bad_field);

  const auto with = [](const char* key, json value) {
    auto m = protect_json();
    m[key] = std::move(value);
    return m.dump();
  };
  EXPECT_EQ(code_of(with("mime", "image/gif")), ErrorCode::unsupported_format);
  EXPECT_EQ(code_of(with("size", 1001)), ErrorCode::too_large);
  EXPECT_EQ(code_of(with("size", 18446744073709551615ull)), ErrorCode::too_large);
  EXPECT_EQ(code_of(with("size", 0)), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("size", 1.5)), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("sha256", "abc")), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("sha256", std::string(64, 'g'))), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("chunks", 0)), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("name", 3)), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("options", {{"strength", "max"}})), ErrorCode::bad_field);
  EXPECT_EQ(code_of(with("options", "strong")), ErrorCode::bad_field);
}

TEST(Messages, IdOfAMessageForErrorReplies) {
  EXPECT_EQ(message_id(R"({"type":"x","id":"j7"})"), std::optional<std::string>("j7"));
  EXPECT_EQ(message_id(R"({"id":"bad id"})"), std::nullopt);
  EXPECT_EQ(message_id("garbage"), std::nullopt);
}

TEST(Messages, OutboundPayloadReplacesInvalidUtf8) {
  const auto payload = to_payload(error_message(std::string("a"), ErrorCode::bad_image, std::string("name \xff")));
  const auto back = nlohmann::json::parse(payload);
  EXPECT_EQ(back["code"], "bad_image");
  EXPECT_EQ(back["id"], "a");
}

TEST(Messages, ErrorCodeNamesMatchTheEnum) {
  EXPECT_EQ(to_string(ErrorCode::bad_frame), "bad_frame");
  EXPECT_EQ(to_string(ErrorCode::checksum_mismatch), "checksum_mismatch");
  EXPECT_EQ(to_string(ErrorCode::timeout), "timeout");
  EXPECT_EQ(kErrorCodeNames.size(), static_cast<size_t>(ErrorCode::timeout) + 1);
}

}  // namespace
}  // namespace recessive::host
