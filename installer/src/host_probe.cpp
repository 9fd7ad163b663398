#include "recessive/installer/host_probe.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/process.hpp>
#include <array>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <functional>
#include <thread>

namespace bp = boost::process;
namespace asio = boost::asio;

namespace recessive::installer {

namespace {
constexpr uint32_t kMaxReplyBytes = 1024 * 1024;  // host -> browser cap (Chrome and Firefox)
constexpr size_t kStderrTail = 2048;
}  // namespace

std::string encode_frame(const std::string& json) {
  const auto n = static_cast<uint32_t>(json.size());
  std::string frame(sizeof n, '\0');
  std::memcpy(frame.data(), &n, sizeof n);
  return frame + json;
}

ProbeResult probe_host(const std::filesystem::path& host, const std::vector<std::string>& args,
                       std::chrono::milliseconds timeout) {
  ProbeResult r;
  const auto start = std::chrono::steady_clock::now();
#ifndef _WIN32
  std::signal(SIGPIPE, SIG_IGN);  // a host that exits early must not kill us when we write its stdin
#endif
  asio::io_context io;
  bp::async_pipe in(io), out(io), err(io);
  bp::child child;
  try {
    child = bp::child(bp::exe = host.string(), bp::args = args, bp::start_dir = host.parent_path().string(),
                      bp::std_in < in, bp::std_out > out, bp::std_err > err);
  } catch (const std::exception& e) {
    r.error = std::string("cannot start the host: ") + e.what();
    return r;
  }

  const std::string frame = encode_frame(R"({"type":"hello"})");
  std::array<char, 4> header{};
  std::string payload;
  std::array<char, 512> err_buf{};
  bool done = false;
  bool settled = false;  // set after the wait: late completions (EOF after we stop the host) change nothing

  asio::async_write(in, asio::buffer(frame), [](const boost::system::error_code&, size_t) {});
  std::function<void(const boost::system::error_code&, size_t)> on_err = [&](const boost::system::error_code& ec,
                                                                              size_t n) {
    r.stderr_tail.append(err_buf.data(), n);
    if (r.stderr_tail.size() > kStderrTail) r.stderr_tail.erase(0, r.stderr_tail.size() - kStderrTail);
    if (!ec) err.async_read_some(asio::buffer(err_buf), on_err);
  };
  err.async_read_some(asio::buffer(err_buf), on_err);
  asio::async_read(out, asio::buffer(header), [&](const boost::system::error_code& ec, size_t) {
    if (settled) return;
    if (ec) {
      r.error = "the host closed its output without answering";
      io.stop();
      return;
    }
    uint32_t n = 0;
    std::memcpy(&n, header.data(), sizeof n);
    if (n == 0 || n > kMaxReplyBytes) {
      r.error = "the host wrote a frame length of " + std::to_string(n) +
                " bytes: not a native-messaging frame (stdout must carry frames only)";
      io.stop();
      return;
    }
    payload.resize(n);
    asio::async_read(out, asio::buffer(payload), [&](const boost::system::error_code& ec2, size_t) {
      if (settled) return;
      if (ec2) r.error = "the host's reply was cut short";
      else done = true;
      io.stop();
    });
  });
  io.run_for(timeout);
  settled = true;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!done && r.error.empty())
    r.error = "no answer within " + std::to_string(timeout.count() / 1000.0).substr(0, 4) + " s";

  // Let the host see the end of its input and exit on its own (it should within a second), else stop it.
  boost::system::error_code ignored;
  in.close(ignored);
  std::error_code child_ec;
  for (int i = 0; i < 40 && child.running(child_ec); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (child.running(child_ec)) child.terminate(child_ec);
  // Collect what it wrote to stderr on the way out (non-blocking: the pipe is closed or the host is gone).
  io.restart();
  io.run_for(std::chrono::milliseconds(200));
  while (!r.stderr_tail.empty() && (r.stderr_tail.back() == '\n' || r.stderr_tail.back() == '\r'))
    r.stderr_tail.pop_back();

  if (!done) return r;
  try {
    r.reply = nlohmann::json::parse(payload);
  } catch (const std::exception&) {
    r.error = "the host's reply is not JSON";
    return r;
  }
  if (!r.reply.is_object()) {
    r.error = "the host's reply is not a JSON object";
    return r;
  }
  const std::string type = r.reply.value("type", std::string());
  if (type == "error") {
    r.error = "the host answered error " + r.reply.value("code", std::string("?")) + ": " +
              r.reply.value("message", std::string());
    return r;
  }
  if (type != "hello") {
    r.error = "the host answered type \"" + type + "\" instead of hello";
    return r;
  }
  r.version = r.reply.value("version", std::string());
  r.protocol = r.reply.contains("protocol") && r.reply["protocol"].is_number_integer() ? r.reply["protocol"].get<int>() : 0;
  if (r.reply.contains("device") && r.reply["device"].is_object()) {
    r.device_kind = r.reply["device"].value("kind", std::string());
    r.device_name = r.reply["device"].value("name", std::string());
  }
  if (r.version.empty() || r.protocol != 1) {
    r.error = "the hello reply lacks a version or speaks protocol " + std::to_string(r.protocol) + " (expected 1)";
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace recessive::installer
