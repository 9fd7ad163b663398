#include "recessive/installer/manifest.h"

#include <algorithm>
#include <cctype>

namespace recessive::installer {

std::string chromium_origin(const std::string& extension_id) { return "chrome-extension://" + extension_id + "/"; }

nlohmann::json make_manifest(Family family, const std::string& host_path, const Allowed& allowed) {
  nlohmann::json m;
  m["name"] = kHostName;
  m["description"] = "Recessive: protects photos against reverse image search before upload";
  m["path"] = host_path;
  m["type"] = "stdio";
  if (family == Family::chromium) {
    nlohmann::json origins = nlohmann::json::array();
    for (const auto& id : allowed.chromium_ids) origins.push_back(chromium_origin(id));
    m["allowed_origins"] = origins;
  } else {
    m["allowed_extensions"] = allowed.firefox_ids;
  }
  return m;
}

std::string manifest_text(const nlohmann::json& manifest) { return manifest.dump(2) + "\n"; }

bool valid_chromium_id(const std::string& id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) { return c >= 'a' && c <= 'p'; });
}

namespace {

bool is_absolute_path(const std::string& p) {
  if (!p.empty() && p[0] == '/') return true;
  return p.size() > 2 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':' && (p[2] == '\\' || p[2] == '/');
}

std::vector<std::string> string_list(const nlohmann::json& m, const char* key, std::vector<std::string>& problems) {
  std::vector<std::string> out;
  if (!m.contains(key) || !m[key].is_array()) {
    problems.push_back(std::string("\"") + key + "\" missing or not an array");
    return out;
  }
  for (const auto& v : m[key]) {
    if (v.is_string()) out.push_back(v.get<std::string>());
    else problems.push_back(std::string("\"") + key + "\" holds a non-string");
  }
  return out;
}

}  // namespace

std::vector<std::string> manifest_problems(const nlohmann::json& m, Family family, const Allowed& expected) {
  std::vector<std::string> problems;
  if (!m.is_object()) return {"not a JSON object"};
  if (m.value("name", std::string()) != kHostName)
    problems.push_back(std::string("\"name\" is not \"") + kHostName + "\"");
  if (m.value("type", std::string()) != "stdio") problems.push_back("\"type\" is not \"stdio\"");
  if (!m.contains("path") || !m["path"].is_string()) problems.push_back("\"path\" missing");
  else if (!is_absolute_path(m["path"].get<std::string>())) problems.push_back("\"path\" is not absolute");
  if (family == Family::chromium) {
    auto origins = string_list(m, "allowed_origins", problems);
    for (const auto& id : expected.chromium_ids) {
      if (std::find(origins.begin(), origins.end(), chromium_origin(id)) == origins.end())
        problems.push_back("\"allowed_origins\" lacks " + chromium_origin(id));
    }
  } else {
    auto ids = string_list(m, "allowed_extensions", problems);
    for (const auto& id : expected.firefox_ids) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) problems.push_back("\"allowed_extensions\" lacks " + id);
    }
  }
  return problems;
}

}  // namespace recessive::installer
