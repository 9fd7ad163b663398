#include "recessive/installer/environment.h"

#include <cstdlib>
#include <system_error>

namespace fs = std::filesystem;

namespace recessive::installer {

namespace {
std::string getenv_or(const char* name, const std::string& fallback = "") {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}
}  // namespace

Environment Environment::from_process(Registry* registry) {
  Environment env;
#if defined(_WIN32)
  env.platform = Platform::windows;
  env.home = getenv_or("USERPROFILE");
  env.root = getenv_or("SystemDrive", "C:") + "\\";
  env.local_app_data = getenv_or("LOCALAPPDATA", (env.home / "AppData" / "Local").string());
  env.program_files = getenv_or("ProgramFiles", "C:\\Program Files");
  const char sep = ';';
#else
#if defined(__APPLE__)
  env.platform = Platform::macos;
#else
  env.platform = Platform::gnu_linux;
#endif
  env.home = getenv_or("HOME");
  env.root = "/";
  const char sep = ':';
#endif
  const std::string path = getenv_or("PATH");
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(sep, start);
    if (end == std::string::npos) end = path.size();
    if (end > start) env.path_dirs.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  env.registry = registry;
  return env;
}

fs::path Environment::system_path(const std::string& absolute) const {
  std::string rel = absolute;
  while (!rel.empty() && (rel[0] == '/' || rel[0] == '\\')) rel.erase(0, 1);
  return root / rel;
}

bool is_executable_file(const fs::path& p) {
  std::error_code ec;
  auto st = fs::status(p, ec);
  if (ec || !fs::is_regular_file(st)) return false;
#ifdef _WIN32
  return true;
#else
  const auto x = fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
  return (st.permissions() & x) != fs::perms::none;
#endif
}

std::optional<fs::path> Environment::find_executable(const std::string& name) const {
  for (const auto& dir : path_dirs) {
    fs::path candidate = dir / name;
    if (platform == Platform::windows && candidate.extension().empty()) candidate += ".exe";
    if (is_executable_file(candidate)) return candidate;
  }
  return std::nullopt;
}

}  // namespace recessive::installer
