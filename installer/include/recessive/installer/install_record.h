// What an install wrote: files (with a digest of the bytes written), folders it created and registry keys
// it set. Kept as JSON at <lib dir>/install-record.json so --uninstall removes exactly these and nothing
// else. Entries are kept sorted and unique, so the same install produces byte-identical JSON. Not thread-safe.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "recessive/installer/registry.h"

namespace recessive::installer {

struct RecordedFile {
  std::string path;
  std::string digest;  // file_digest() of what was written
  std::string role;    // "host", "model", "installer", "manifest:<browser>"
};

struct RecordedKey {
  Hive hive = Hive::current_user;
  std::string key;
  std::string value;  // the default value set (a manifest path)
};

struct InstallRecord {
  std::vector<RecordedFile> files;
  std::vector<std::string> created_dirs;
  std::vector<RecordedKey> registry_keys;

  void add_file(RecordedFile f);        // replaces an entry with the same path
  void add_dir(const std::string& dir);
  void add_key(RecordedKey k);          // replaces an entry with the same hive+key
  bool empty() const { return files.empty() && created_dirs.empty() && registry_keys.empty(); }

  nlohmann::json to_json() const;
  static InstallRecord from_json(const nlohmann::json& j);  // throws on malformed input
  std::string text() const;                                  // to_json(), indented, trailing newline
  // Loads the record at `p`; an empty record when the file does not exist; throws when it is malformed.
  static InstallRecord load(const std::filesystem::path& p);
};

}  // namespace recessive::installer
