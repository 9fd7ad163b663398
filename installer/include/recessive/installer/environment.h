// Everything the installer reads from the machine it runs on, injected so tests use a temporary HOME, a
// temporary filesystem root and a fake registry. Environment::from_process() builds the real one.
// A plain value; the Registry it points to is owned by the caller and must outlive it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "recessive/installer/browser.h"
#include "recessive/installer/registry.h"

namespace recessive::installer {

struct Environment {
  Platform platform = Platform::gnu_linux;
  std::filesystem::path home;                       // the user's home folder
  std::filesystem::path root = "/";                 // system folders (/etc, /usr, /snap) resolve under it
  std::vector<std::filesystem::path> path_dirs;     // PATH, in order
  std::filesystem::path local_app_data;             // Windows %LOCALAPPDATA%
  std::filesystem::path program_files;              // Windows %ProgramFiles%
  Registry* registry = nullptr;                     // Windows only; not owned

  // The running process's platform, HOME (USERPROFILE on Windows), PATH and Windows folders.
  static Environment from_process(Registry* registry);

  // An absolute system path ("/etc/opt/chrome/...") resolved under root.
  std::filesystem::path system_path(const std::string& absolute) const;
  // The first PATH entry holding an executable file called `name`, if any.
  std::optional<std::filesystem::path> find_executable(const std::string& name) const;
};

// Whether a file exists and is executable by someone (POSIX permission bits; on Windows: exists).
bool is_executable_file(const std::filesystem::path& p);

}  // namespace recessive::installer
