#include "recessive/installer/file_store.h"

#include <boost/uuid/detail/sha1.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace recessive::installer {

bool path_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::string text_digest(const std::string& bytes) {
  boost::uuids::detail::sha1 h;
  h.process_bytes(bytes.data(), bytes.size());
  boost::uuids::detail::sha1::digest_type d;
  h.get_digest(d);
  std::string hex;
  char buf[9];
  for (unsigned word : d) {
    std::snprintf(buf, sizeof buf, "%08x", word);
    hex += buf;
  }
  return hex;
}

std::string file_digest(const fs::path& p) {
  auto bytes = read_file(p);
  return bytes ? text_digest(*bytes) : std::string();
}

namespace {

bool ensure_executable(const fs::path& p) {
#ifdef _WIN32
  (void)p;
  return false;
#else
  const auto x = fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
  auto perms = fs::status(p).permissions();
  if ((perms & x) == x) return false;
  fs::permissions(p, x, fs::perm_options::add);
  return true;
#endif
}

}  // namespace

bool write_if_changed(const fs::path& p, const std::string& content, bool executable) {
  bool changed = false;
  auto existing = read_file(p);
  if (!existing || *existing != content) {
    // Write beside the target and rename, so a reader never sees half a file.
    fs::path tmp = p;
    tmp += ".recessive-tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + tmp.string());
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      if (!out) throw std::runtime_error("cannot write " + tmp.string());
    }
    std::error_code ec;
    fs::rename(tmp, p, ec);
    if (ec) {
      fs::remove(tmp);
      throw std::runtime_error("cannot replace " + p.string() + ": " + ec.message());
    }
    changed = true;
  }
  if (executable && ensure_executable(p)) changed = true;
  return changed;
}

bool copy_if_changed(const fs::path& source, const fs::path& target, bool executable) {
  auto bytes = read_file(source);
  if (!bytes) throw std::runtime_error("cannot read " + source.string());
  return write_if_changed(target, *bytes, executable);
}

}  // namespace recessive::installer
