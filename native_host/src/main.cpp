// recessive-host: the native-messaging host the browser extension starts (docs/protocol.md). Browsers pass the
// caller's origin (Chromium) or manifest path and add-on id (Firefox) as arguments; they are logged, not needed.
// stdout carries frames only; logs go to stderr and, with --log-file or RECESSIVE_LOG_FILE, to a file.
#include <CLI/CLI.hpp>
#include <torch/torch.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine_protector.h"
#include "recessive/engine/device.h"
#include "recessive/engine/process_memory.h"
#include "recessive/host/error_code.h"
#include "recessive/host/host_log.h"
#include "recessive/host/session.h"

namespace {

namespace fs = std::filesystem;
using namespace recessive::host;

constexpr const char* kDefaultModel = "models/dsh-48.pt";

// Answers hello with what went wrong and refuses every job, so the extension and `recessive-install --check`
// can show the reason instead of a dead port.
class FailedProtector : public Protector {
 public:
  explicit FailedProtector(std::string reason) : reason_(std::move(reason)) {}
  nlohmann::json describe() const override {
    return {{"device", {{"kind", "none"}, {"name", "engine not loaded"}}}, {"models", nlohmann::json::array()},
            {"error", reason_}};
  }
  ProtectedFile protect(const ProtectJob&, const ProgressFn&) override {
    throw HostError(ErrorCode::engine_failure, "the engine could not start: " + reason_);
  }

 private:
  std::string reason_;
};

fs::path executable_dir(const char* argv0) {
  std::error_code ec;
  const auto self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return self.parent_path();
  return fs::absolute(argv0, ec).parent_path();
}

// --model, else RECESSIVE_DATA_DIR/models, else next to the installed binary, else the source tree it was built from.
fs::path find_model(const std::string& given, const char* argv0) {
  if (!given.empty()) return given;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("RECESSIVE_DATA_DIR"); env && *env) candidates.push_back(fs::path(env) / kDefaultModel);
  candidates.push_back(executable_dir(argv0) / kDefaultModel);
  candidates.push_back(fs::path(RECESSIVE_DATA_DIR) / kDefaultModel);
  for (const auto& c : candidates)
    if (fs::exists(c)) return c;
  return candidates.front();  // load_model names it in its error
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything else: may re-execute this program once (docs/host.md, "Huge pages").
  const auto huge_pages = recessive::restart_with_huge_pages(argv);
  use_binary_stdio();
#ifdef SIGPIPE
  std::signal(SIGPIPE, SIG_IGN);  // a closed port shows up as a failed write, handled by OutputChannel
#endif
  std::ios::sync_with_stdio(false);

  CLI::App app{"recessive-host: native-messaging host of the Recessive browser extension"};
  app.allow_extras();  // browser-supplied arguments (origin, manifest path, add-on id, --parent-window)
  std::string model, device_name = "auto", log_file, log_level = "info";
  SessionOptions options;
  options.version = RECESSIVE_VERSION;
  double max_frame_mib = 64, max_file_mib = 64;
  int64_t max_pixels = 50'000'000;
  app.add_option("--model", model, std::string("Hashing model file (default: ") + kDefaultModel + ")");
  app.add_option("--device", device_name, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  app.add_option("--max-frame-mib", max_frame_mib, "Largest inbound frame")->check(CLI::Range(0.001, 4095.0));
  app.add_option("--max-file-mib", max_file_mib, "Largest image file")->check(CLI::Range(0.001, 4095.0));
  app.add_option("--max-pixels", max_pixels, "Largest image (width x height)")->check(CLI::PositiveNumber);
  app.add_option("--max-jobs", options.max_jobs, "Jobs in flight before `busy`")->check(CLI::Range(1, 64));
  app.add_option("--chunk-timeout", options.chunk_timeout_seconds, "Seconds to wait for the next chunk")
      ->check(CLI::PositiveNumber);
  app.add_option("--log-file", log_file, "Also log to this file ('default': ~/.cache/recessive/host.log)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off");
  CLI11_PARSE(app, argc, argv);
  options.max_frame_bytes = static_cast<size_t>(max_frame_mib * 1024 * 1024);
  options.max_file_bytes = static_cast<int64_t>(max_file_mib * 1024 * 1024);

  start_log(log_file, log_level);
  for (const auto& extra : app.remaining()) log_info("started with '" + extra + "'");
  log_info(std::string("malloc huge pages ") + (huge_pages.on ? "on: " : "off: ") + huge_pages.detail);

  std::unique_ptr<Protector> protector;
  try {
    const auto device = recessive::select_device(device_name);
    recessive::use_all_cpu_cores();
    const auto model_path = find_model(model, argv[0]);
    protector = std::make_unique<EngineProtector>(model_path, device, max_pixels);
    log_info("model " + model_path.string() + " on " + recessive::describe_device(device));
  } catch (const std::exception& e) {
    log_error(std::string("engine failed to start: ") + e.what());
    protector = std::make_unique<FailedProtector>(e.what());
  }

  Session session(std::cin, std::cout, *protector, options);
  const bool stopped = session.run();
  log_info(stopped ? "bye" : "bye (a job was still running)");
  stop_log();
  if (!stopped) std::_Exit(0);  // the worker is inside the engine; nothing is left to send
  return 0;
}
