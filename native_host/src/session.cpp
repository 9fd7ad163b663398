#include "recessive/host/session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <istream>
#include <map>
#include <mutex>
#include <thread>

#include "recessive/host/base64.h"
#include "recessive/host/messages.h"
#include "recessive/host/output_channel.h"
#include "recessive/host/sha256.h"
#include "recessive/host/upload.h"

namespace recessive::host {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Job {
  explicit Job(const ProtectRequest& r) : request(r), upload(r), started(Clock::now()), last_activity(started) {}
  enum class Stage { receiving, queued, running };
  ProtectRequest request;
  Upload upload;
  Stage stage = Stage::receiving;
  std::atomic<bool> cancelled{false};
  Clock::time_point started, last_activity;
  double receive_seconds = 0;
};

}  // namespace

struct Session::State {
  State(std::istream& in_stream, std::ostream& out_stream, Protector& p, SessionOptions o)
      : in(in_stream), out(out_stream), protector(p), options(std::move(o)) {}

  std::istream& in;
  OutputChannel out;
  Protector& protector;
  SessionOptions options;

  std::mutex mutex;  // guards jobs, ready, stopping
  std::condition_variable wake;
  std::map<std::string, std::shared_ptr<Job>> jobs;
  std::deque<std::shared_ptr<Job>> ready;
  bool stopping = false;

  void send_error(const std::optional<std::string>& id, ErrorCode code, const std::string& message) {
    if (id) spdlog::info("job {}: {} ({})", *id, to_string(code), message);
    else spdlog::info("{} ({})", to_string(code), message);
    out.send(error_message(id, code, message));
  }

  // ---- reader thread ----
  void serve() {
    FrameReader reader(in, options.max_frame_bytes);
    for (;;) {
      auto frame = reader.next();
      switch (frame.status) {
        case ReadFrame::Status::end:
          return;
        case ReadFrame::Status::truncated:
          send_error(std::nullopt, ErrorCode::bad_frame, "the input ended inside a frame");
          return;
        case ReadFrame::Status::too_large:
          send_error(std::nullopt, ErrorCode::too_large,
                     "frame of " + std::to_string(frame.announced) + " bytes is over the limit of " +
                         std::to_string(options.max_frame_bytes));
          continue;
        case ReadFrame::Status::frame:
          break;
      }
      try {
        dispatch(parse_message(frame.payload, ParseLimits{options.max_file_bytes}));
      } catch (const HostError& e) {
        send_error(message_id(frame.payload), e.code, e.what());
      } catch (const std::exception& e) {  // a bug, not bad input: say so and keep serving
        spdlog::error("unexpected failure handling a message: {}", e.what());
        send_error(message_id(frame.payload), ErrorCode::engine_failure, e.what());
      }
    }
  }

  void dispatch(const Request& request) {
    if (std::holds_alternative<HelloRequest>(request)) return hello();
    if (const auto* p = std::get_if<ProtectRequest>(&request)) return start(*p);
    if (const auto* c = std::get_if<ProtectChunk>(&request)) return chunk(*c);
    cancel(std::get<CancelRequest>(request).id);
  }

  void hello() {
    const auto engine = protector.describe();
    out.send({{"type", "hello"},
              {"version", options.version},
              {"protocol", kProtocolVersion},
              {"device", engine.value("device", json::object())},
              {"models", engine.value("models", json::array())},
              {"strengths", {"light", "standard", "strong"}},
              {"limits",
               {{"max_frame_bytes", options.max_frame_bytes},
                {"max_output_frame_bytes", kMaxOutboundFrame},
                {"max_file_bytes", options.max_file_bytes},
                {"max_pixels", engine.value("max_pixels", 0)},
                {"result_chunk_bytes", options.result_chunk_bytes},
                {"max_jobs", options.max_jobs},
                {"chunk_timeout_seconds", options.chunk_timeout_seconds}}}});
  }

  void start(const ProtectRequest& request) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (jobs.count(request.id)) throw HostError(ErrorCode::bad_field, "job '" + request.id + "' is already in flight");
      if (static_cast<int>(jobs.size()) >= options.max_jobs)
        throw HostError(ErrorCode::busy, std::to_string(jobs.size()) + " jobs in flight; send it again later");
      jobs.emplace(request.id, std::make_shared<Job>(request));
    }
    spdlog::info("job {}: {} ({}, {} bytes, {} chunks, {})", request.id, request.name, request.mime, request.size,
                 request.chunks, request.strength);
    out.send(progress_message(request.id, "receiving", 0.0));
  }

  void chunk(const ProtectChunk& c) {
    std::shared_ptr<Job> job;
    {
      std::lock_guard<std::mutex> lock(mutex);
      const auto it = jobs.find(c.id);
      if (it == jobs.end()) throw HostError(ErrorCode::bad_chunk, "no job '" + c.id + "' is receiving");
      job = it->second;
      if (job->stage != Job::Stage::receiving)
        throw HostError(ErrorCode::bad_chunk, "job '" + c.id + "' has all its chunks already");
    }
    bool complete = false;
    try {
      complete = job->upload.add(c);  // only this thread touches the upload while receiving
    } catch (const HostError&) {
      forget(c.id);
      throw;
    }
    std::lock_guard<std::mutex> lock(mutex);
    job->last_activity = Clock::now();
    if (!complete) {
      out.send(progress_message(c.id, "receiving",
                                double(job->upload.bytes_received()) / double(std::max<int64_t>(1, job->request.size))));
      return;
    }
    job->receive_seconds = seconds_since(job->started);
    job->stage = Job::Stage::queued;
    ready.push_back(job);
    out.send(progress_message(c.id, "queued", 0.0));
    wake.notify_all();
  }

  void cancel(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = jobs.find(id);
    if (it == jobs.end()) throw HostError(ErrorCode::bad_field, "no job '" + id + "' to cancel");
    auto job = it->second;
    job->cancelled = true;
    if (job->stage == Job::Stage::running) return;  // the worker answers at its next progress check
    jobs.erase(it);
    ready.erase(std::remove(ready.begin(), ready.end(), job), ready.end());
    send_error(id, ErrorCode::cancelled, "cancelled");
  }

  void forget(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex);
    jobs.erase(id);
  }

  // ---- worker thread ----
  void work() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return stopping || !ready.empty(); });
        if (stopping) return;
        job = ready.front();
        ready.pop_front();
        job->stage = Job::Stage::running;
      }
      run_job(*job);
    }
  }

  void run_job(Job& job) {
    const auto& id = job.request.id;
    auto last_progress = Clock::now() - std::chrono::seconds(1);
    std::string last_stage;
    const ProgressFn progress = [&](const std::string& stage, double fraction) {
      if (stage != last_stage || seconds_since(last_progress) >= 0.1) {
        out.send(progress_message(id, stage, fraction));
        last_stage = stage;
        last_progress = Clock::now();
      }
      return !job.cancelled && !stopping_now();
    };
    // The job leaves the books before its last message goes out, so a client that starts the next job on
    // seeing that message never gets `busy` from a race.
    try {
      ProtectJob work{job.request.name, job.request.mime, job.request.strength, job.upload.take()};
      const auto result = protector.protect(work, progress);
      if (job.cancelled) throw HostError(ErrorCode::cancelled, "cancelled");
      forget(id);
      send_result(job, result);
    } catch (const HostError& e) {
      forget(id);
      send_error(id, e.code, e.what());
    } catch (const std::exception& e) {
      forget(id);
      send_error(id, ErrorCode::engine_failure, e.what());
    }
  }

  void send_result(const Job& job, const ProtectedFile& result) {
    const auto& id = job.request.id;
    const size_t chunk_bytes = std::max<size_t>(1, options.result_chunk_bytes);
    const auto total = static_cast<int64_t>(std::max<size_t>(1, (result.bytes.size() + chunk_bytes - 1) / chunk_bytes));
    const double total_seconds = seconds_since(job.started);
    out.send({{"type", "result"},
              {"id", id},
              {"name", job.request.name},
              {"mime", result.mime},
              {"size", result.bytes.size()},
              {"sha256", sha256_hex(result.bytes.data(), result.bytes.size())},
              {"chunks", total},
              {"width", result.width},
              {"height", result.height},
              {"report", result.report},
              {"timings",
               {{"receive", job.receive_seconds},
                {"decode", result.decode_seconds},
                {"engine", result.engine_seconds},
                {"encode", result.encode_seconds},
                {"total", total_seconds}}}});
    for (int64_t i = 0; i < total; ++i) {
      const size_t begin = static_cast<size_t>(i) * chunk_bytes;
      const size_t size = std::min(chunk_bytes, result.bytes.size() - std::min(begin, result.bytes.size()));
      out.send(result_chunk_message(id, i, total, base64_encode(result.bytes.data() + begin, size)));
    }
    spdlog::info("job {}: done in {:.2f} s (receive {:.2f}, decode {:.2f}, engine {:.2f}, encode {:.2f})", id,
                 total_seconds, job.receive_seconds, result.decode_seconds, result.engine_seconds,
                 result.encode_seconds);
  }

  bool stopping_now() {
    std::lock_guard<std::mutex> lock(mutex);
    return stopping;
  }

  // ---- timeouts ----
  void watch_timeouts() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!stopping) {
      wake.wait_for(lock, std::chrono::milliseconds(250));
      for (auto it = jobs.begin(); it != jobs.end();) {
        const auto& job = it->second;
        if (job->stage == Job::Stage::receiving && seconds_since(job->last_activity) > options.chunk_timeout_seconds) {
          const auto id = it->first;
          it = jobs.erase(it);
          out.send(error_message(id, ErrorCode::timeout, "no chunk for " +
                                     std::to_string(static_cast<int>(options.chunk_timeout_seconds)) + " s"));
        } else {
          ++it;
        }
      }
    }
  }

  void stop() {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
    for (auto& [id, job] : jobs) job->cancelled = true;
    wake.notify_all();
  }
};

Session::Session(std::istream& in, std::ostream& out, Protector& protector, SessionOptions options)
    : state_(std::make_shared<State>(in, out, protector, std::move(options))) {}

Session::~Session() = default;

bool Session::run(std::chrono::milliseconds grace) {
  auto state = state_;
  std::promise<void> worker_done;
  auto worker_finished = worker_done.get_future();
  std::thread worker([state, done = std::move(worker_done)]() mutable {
    state->work();
    done.set_value();
  });
  std::thread janitor([state] { state->watch_timeouts(); });
  state->serve();
  spdlog::info("input ended; stopping");
  state->stop();
  janitor.join();
  if (worker_finished.wait_for(grace) == std::future_status::ready) {
    worker.join();
    return true;
  }
  worker.detach();  // still inside the engine; it holds `state` alive and stops at its next check
  return false;
}

}  // namespace recessive::host
