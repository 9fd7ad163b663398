// File writes that change nothing when the content is already there (so a second install is a no-op),
// and the content digest the install record keeps to recognise its own files at uninstall.
// Free functions over std::filesystem; thread-safe for distinct paths.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace recessive::installer {

// Whether `p` exists; false also when that cannot be checked (never throws).
bool path_exists(const std::filesystem::path& p);

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& p);
// Hex SHA-1 of a file's bytes ("" when unreadable) or of a string.
std::string file_digest(const std::filesystem::path& p);
std::string text_digest(const std::string& bytes);

// Writes `content` unless the file already holds exactly that; sets the executable bits when asked and
// missing. Returns true when something changed. Parent folders must exist. Throws on I/O failure.
bool write_if_changed(const std::filesystem::path& p, const std::string& content, bool executable);
// Same for a copy of `source` (throws when it cannot be read).
bool copy_if_changed(const std::filesystem::path& source, const std::filesystem::path& target, bool executable);

}  // namespace recessive::installer
