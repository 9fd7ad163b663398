#include "recessive/host/host_log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

namespace recessive::host {
namespace {

namespace fs = std::filesystem;

fs::path default_log_file() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const fs::path base = cache && *cache ? fs::path(cache) : fs::path(home ? home : ".") / ".cache";
  return base / "recessive" / "host.log";
}

}  // namespace

void start_log(std::string log_file, const std::string& level) {
  if (log_file.empty())
    if (const char* env = std::getenv("RECESSIVE_LOG_FILE"); env && *env) log_file = env;
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
  std::string file_error;
  if (!log_file.empty()) {
    const fs::path path = log_file == "default" || log_file == "1" ? default_log_file() : fs::path(log_file);
    try {
      fs::create_directories(path.parent_path());
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path.string()));
    } catch (const std::exception& e) {
      file_error = e.what();
    }
  }
  auto logger = std::make_shared<spdlog::logger>("recessive-host", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);  // never the stdout default: stdout carries frames only
  if (!file_error.empty()) spdlog::warn("cannot open the log file: {}", file_error);
}

void log_info(const std::string& message) { spdlog::info("{}", message); }
void log_error(const std::string& message) { spdlog::error("{}", message); }
void stop_log() { spdlog::shutdown(); }

}  // namespace recessive::host
