#include "recessive/host/messages.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace recessive::host {
namespace {

using nlohmann::json;

[[noreturn]] void bad_field(const std::string& message) { throw HostError(ErrorCode::bad_field, message); }

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

const json& field(const json& message, const char* name) {
  const auto it = message.find(name);
  if (it == message.end()) bad_field(std::string("missing field '") + name + "'");
  return *it;
}

std::string string_field(const json& message, const char* name) {
  const auto& value = field(message, name);
  if (!value.is_string()) bad_field(std::string("field '") + name + "' must be a string");
  return value.get<std::string>();
}

int64_t integer_field(const json& message, const char* name, int64_t min, int64_t max) {
  const auto& value = field(message, name);
  if (!value.is_number_integer()) bad_field(std::string("field '") + name + "' must be an integer");
  if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    bad_field(std::string("field '") + name + "' is out of range");
  const auto v = value.get<int64_t>();
  if (v < min || v > max)
    bad_field(std::string("field '") + name + "' must be in " + std::to_string(min) + ".." + std::to_string(max));
  return v;
}

std::string id_field(const json& message) {
  auto id = string_field(message, "id");
  if (!valid_id(id)) bad_field("field 'id' must be 1-64 characters of A-Za-z0-9_-");
  return id;
}

ProtectRequest parse_protect(const json& m, const ParseLimits& limits) {
  ProtectRequest r;
  r.id = id_field(m);
  r.name = string_field(m, "name");
  if (r.name.size() > 1024) bad_field("field 'name' is longer than 1024 bytes");
  r.mime = string_field(m, "mime");
  static constexpr std::array<const char*, 3> kMimes = {"image/jpeg", "image/png", "image/webp"};
  if (std::find(kMimes.begin(), kMimes.end(), r.mime) == kMimes.end())
    throw HostError(ErrorCode::unsupported_format, "unsupported type '" + r.mime.substr(0, 64) +
                                                       "' (JPEG, PNG and WebP are protected)");
  const auto& size = field(m, "size");
  if (!size.is_number_integer()) bad_field("field 'size' must be an integer");
  if ((size.is_number_unsigned() && size.get<uint64_t>() > static_cast<uint64_t>(limits.max_file_bytes)) ||
      (!size.is_number_unsigned() && size.get<int64_t>() > limits.max_file_bytes))
    throw HostError(ErrorCode::too_large, "file is over the limit of " + std::to_string(limits.max_file_bytes) + " bytes");
  r.size = integer_field(m, "size", 1, limits.max_file_bytes);
  r.sha256 = string_field(m, "sha256");
  std::transform(r.sha256.begin(), r.sha256.end(), r.sha256.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (r.sha256.size() != 64 || !std::all_of(r.sha256.begin(), r.sha256.end(), [](unsigned char c) { return std::isxdigit(c); }))
    bad_field("field 'sha256' must be 64 hex digits");
  r.chunks = integer_field(m, "chunks", 1, kMaxChunks);
  if (const auto it = m.find("options"); it != m.end()) {
    if (!it->is_object()) bad_field("field 'options' must be an object");
    if (const auto s = it->find("strength"); s != it->end()) {
      if (!s->is_string()) bad_field("field 'options.strength' must be a string");
      r.strength = s->get<std::string>();
      if (r.strength != "light" && r.strength != "standard" && r.strength != "strong")
        bad_field("field 'options.strength' must be light, standard or strong");
    }
  }
  return r;
}

ProtectChunk parse_chunk(const json& m) {
  ProtectChunk c;
  c.id = id_field(m);
  c.total = integer_field(m, "total", 1, kMaxChunks);
  c.index = integer_field(m, "index", 0, kMaxChunks - 1);
  c.data = string_field(m, "data");
  return c;
}

}  // namespace

std::optional<std::string> message_id(const std::string& payload) {
  const auto m = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!m.is_object()) return std::nullopt;
  const auto it = m.find("id");
  if (it == m.end() || !it->is_string() || !valid_id(it->get<std::string>())) return std::nullopt;
  return it->get<std::string>();
}

Request parse_message(const std::string& payload, const ParseLimits& limits) {
  json m;
  try {
    m = json::parse(payload);
  } catch (const json::parse_error& e) {
    throw HostError(ErrorCode::bad_json, std::string("not valid UTF-8 JSON: ") + e.what());
  }
  if (!m.is_object()) throw HostError(ErrorCode::bad_json, "a message must be a JSON object");
  const auto type = m.find("type");
  if (type == m.end() || !type->is_string()) throw HostError(ErrorCode::unknown_type, "message has no string 'type'");
  const auto& t = type->get_ref<const std::string&>();
  if (t == "hello") return HelloRequest{};
  if (t == "protect") return parse_protect(m, limits);
  if (t == "protect-chunk") return parse_chunk(m);
  if (t == "cancel") return CancelRequest{id_field(m)};
  throw HostError(ErrorCode::unknown_type, "unknown message type '" + t.substr(0, 64) + "'");
}

json error_message(const std::optional<std::string>& id, ErrorCode code, const std::string& message) {
  json m = {{"type", "error"}, {"code", std::string(to_string(code))}, {"message", message}};
  if (id) m["id"] = *id;
  return m;
}

json progress_message(const std::string& id, const std::string& stage, double fraction) {
  return {{"type", "progress"}, {"id", id}, {"stage", stage}, {"fraction", std::clamp(fraction, 0.0, 1.0)}};
}

json result_chunk_message(const std::string& id, int64_t index, int64_t total, std::string base64) {
  return {{"type", "result-chunk"}, {"id", id}, {"index", index}, {"total", total}, {"data", std::move(base64)}};
}

std::string to_payload(const json& message) {
  return message.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

}  // namespace recessive::host
