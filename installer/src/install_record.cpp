#include "recessive/installer/install_record.h"

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "recessive/installer/file_store.h"

namespace recessive::installer {

void InstallRecord::add_file(RecordedFile f) {
  auto it = std::find_if(files.begin(), files.end(), [&](const RecordedFile& e) { return e.path == f.path; });
  if (it != files.end()) *it = std::move(f);
  else files.push_back(std::move(f));
  std::sort(files.begin(), files.end(), [](const RecordedFile& a, const RecordedFile& b) { return a.path < b.path; });
}

void InstallRecord::add_dir(const std::string& dir) {
  if (std::find(created_dirs.begin(), created_dirs.end(), dir) == created_dirs.end()) created_dirs.push_back(dir);
  std::sort(created_dirs.begin(), created_dirs.end());
}

void InstallRecord::add_key(RecordedKey k) {
  auto it = std::find_if(registry_keys.begin(), registry_keys.end(),
                         [&](const RecordedKey& e) { return e.hive == k.hive && e.key == k.key; });
  if (it != registry_keys.end()) *it = std::move(k);
  else registry_keys.push_back(std::move(k));
  std::sort(registry_keys.begin(), registry_keys.end(), [](const RecordedKey& a, const RecordedKey& b) {
    return std::make_pair(a.hive, a.key) < std::make_pair(b.hive, b.key);
  });
}

nlohmann::json InstallRecord::to_json() const {
  nlohmann::json j;
  j["format"] = "recessive-install-record";
  j["version"] = 1;
  j["files"] = nlohmann::json::array();
  for (const auto& f : files) j["files"].push_back({{"path", f.path}, {"digest", f.digest}, {"role", f.role}});
  j["created_dirs"] = created_dirs;
  j["registry_keys"] = nlohmann::json::array();
  for (const auto& k : registry_keys)
    j["registry_keys"].push_back({{"hive", to_string(k.hive)}, {"key", k.key}, {"value", k.value}});
  return j;
}

InstallRecord InstallRecord::from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("format", std::string()) != "recessive-install-record")
    throw std::runtime_error("not a recessive install record");
  InstallRecord r;
  for (const auto& f : j.at("files"))
    r.add_file({f.at("path").get<std::string>(), f.value("digest", std::string()), f.value("role", std::string())});
  for (const auto& d : j.at("created_dirs")) r.add_dir(d.get<std::string>());
  for (const auto& k : j.at("registry_keys")) {
    const std::string hive = k.at("hive").get<std::string>();
    if (hive != "HKCU" && hive != "HKLM") throw std::runtime_error("bad hive " + hive);
    r.add_key({hive == "HKCU" ? Hive::current_user : Hive::local_machine, k.at("key").get<std::string>(),
               k.at("value").get<std::string>()});
  }
  return r;
}

std::string InstallRecord::text() const { return to_json().dump(2) + "\n"; }

InstallRecord InstallRecord::load(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) return {};
  auto bytes = read_file(p);
  if (!bytes) throw std::runtime_error("cannot read install record " + p.string());
  try {
    return from_json(nlohmann::json::parse(*bytes));
  } catch (const std::exception& e) {
    throw std::runtime_error("install record " + p.string() + " is malformed: " + e.what());
  }
}

}  // namespace recessive::installer
