// Shared fixture for installer tests: a temporary folder holding home/, root/ (the filesystem root system
// folders resolve under), and src/ (a fake host binary plus model files to install). Never the real HOME.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "recessive/installer/environment.h"
#include "recessive/installer/install.h"

namespace recessive::installer::testing {

class InstallerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // An install of the fake host for `browsers` (empty: detected ones), quiet unless it fails.
  InstallOptions options(std::vector<std::string> browsers = {}) const;
  InstallSummary run_install(const InstallOptions& o);
  std::string slurp(const std::filesystem::path& p) const;
  void touch(const std::filesystem::path& p, const std::string& content = "") const;
  // Every regular file and folder under `dir`, relative, sorted.
  std::vector<std::string> tree(const std::filesystem::path& dir) const;

  std::filesystem::path tmp, home, root, src;
  Environment env;
  std::string log;  // output of the last run_install
};

}  // namespace recessive::installer::testing
