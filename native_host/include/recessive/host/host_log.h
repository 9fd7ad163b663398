// The host's log: stderr (never stdout, which carries frames only) and, on request, a file.
// spdlog stays inside recessive::host_protocol, out of translation units that include LibTorch: PyTorch 2.x ships
// its own, newer fmt headers, which a distribution's spdlog (built on the distribution's fmt) cannot compile with.
#pragma once

#include <string>

namespace recessive::host {

// log_file: "" (then RECESSIVE_LOG_FILE, else stderr only), "default" or "1" (~/.cache/recessive/host.log, or
// under XDG_CACHE_HOME), or a path. level: trace, debug, info, warn, error or off. A log file that cannot be opened
// is reported on stderr; logging goes on there.
void start_log(std::string log_file, const std::string& level);
void log_info(const std::string& message);
void log_error(const std::string& message);
void stop_log();  // flushes and closes the sinks

}  // namespace recessive::host
