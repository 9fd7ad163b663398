// One table of the evaluation report: written as CSV (every number, one file per table) and as Markdown.
// Plain value type; no engine dependency.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace recessive::cli {

struct ReportTable {
  std::string file;  // CSV file name stem, e.g. "white_box"
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  void add(std::vector<std::string> row) { rows.push_back(std::move(row)); }
  // RFC 4180 CSV (cells with a comma, quote or newline quoted) written to dir/<file>.csv.
  void write_csv(const std::filesystem::path& dir) const;
  std::string markdown() const;
};

// Fixed-point text of a number ("nan" and "inf" spelled out), e.g. fixed(0.12345, 3) == "0.123".
std::string fixed(double value, int digits = 3);

}  // namespace recessive::cli
