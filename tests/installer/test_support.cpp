#include "test_support.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace recessive::installer::testing {

void InstallerTest::SetUp() {
  std::random_device rd;
  tmp = fs::temp_directory_path() / ("recessive-installer-test-" + std::to_string(rd()));
  home = tmp / "home";
  root = tmp / "root";
  src = tmp / "src";
  fs::create_directories(home);
  fs::create_directories(root);
  fs::create_directories(src / "models");
  fs::copy_file(FAKE_HOST_PATH, src / "recessive-host");
  for (const char* m : {"dsh-12.pt", "dsh-24.pt", "dsh-32.pt", "dsh-48.pt"})
    touch(src / "models" / m, std::string("fake model ") + m);
  env = Environment{};
  env.platform = Platform::gnu_linux;
  env.home = home;
  env.root = root;
}

void InstallerTest::TearDown() {
  std::error_code ec;
  fs::remove_all(tmp, ec);
}

InstallOptions InstallerTest::options(std::vector<std::string> browsers) const {
  InstallOptions o;
  o.host_source = src / "recessive-host";
  o.models_source = src / "models";
  o.targets.browsers = std::move(browsers);
  return o;
}

InstallSummary InstallerTest::run_install(const InstallOptions& o) {
  std::ostringstream out;
  auto s = install(env, o, out);
  log = out.str();
  return s;
}

std::string InstallerTest::slurp(const fs::path& p) const {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void InstallerTest::touch(const fs::path& p, const std::string& content) const {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::vector<std::string> InstallerTest::tree(const fs::path& dir) const {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.push_back(fs::relative(e.path(), dir).string() + (e.is_directory() ? "/" : ""));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace recessive::installer::testing
