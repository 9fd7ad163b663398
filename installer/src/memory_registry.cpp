#include <algorithm>
#include <cctype>

#include "recessive/installer/registry.h"

namespace recessive::installer {

namespace {
std::string fold(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
}  // namespace

std::string to_string(Hive h) { return h == Hive::current_user ? "HKCU" : "HKLM"; }

std::optional<std::string> MemoryRegistry::default_value(Hive hive, const std::string& key) const {
  auto it = values_.find({hive, fold(key)});
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void MemoryRegistry::set_default_value(Hive hive, const std::string& key, const std::string& value) {
  values_[{hive, fold(key)}] = value;
}

bool MemoryRegistry::remove_key(Hive hive, const std::string& key) { return values_.erase({hive, fold(key)}) > 0; }

}  // namespace recessive::installer
