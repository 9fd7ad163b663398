// host_bench: end-to-end latency and memory of the real recessive-host, driven over pipes as a browser does.
//   host_bench --host build/native_host/recessive-host --photo PHOTO.jpg [--sizes 2048,4000x3000] [--repeat 2]
//              [--batch 30] [--batch-size 4000x3000] [--device cpu] [--json out.json]
// For each entry of --sizes (a long side, aspect kept, or WxH), PHOTO is resized
// and saved as JPEG q95, then protected --repeat times; the report splits the time into what the client spends
// (base64 + framing + pipe, both directions) and the host's receive, decode, engine and encode. --batch sends
// that many photos at the first size the way the extension does (at most max_jobs in flight, retry on busy) and
// reads the host's peak RSS (VmHWM) from /proc before closing it.
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <boost/process.hpp>
#include <chrono>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "recessive/host/base64.h"
#include "recessive/host/framing.h"
#include "recessive/host/sha256.h"
#include "recessive/imaging/image_codec.h"

namespace {

namespace bp = boost::process;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace recessive;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  std::map<std::string, std::string> args = {{"sizes", "2048,4000x3000"}, {"repeat", "2"}, {"batch", "30"}, {"device", "cpu"}};
  if (!args.count("batch-size")) args["batch-size"] = "";
  for (int i = 1; i + 1 < argc; i += 2) args[std::string(argv[i]).substr(2)] = argv[i + 1];
  for (const char* required : {"host", "photo"})
    if (!args.count(required)) throw std::invalid_argument(std::string("--") + required + " is required");
  return args;
}

// `size` is a long side ("2048": aspect kept) or exact "WxH" ("4000x3000").
std::vector<uint8_t> resized_jpeg(const std::vector<uint8_t>& source, const std::string& size) {
  auto image = imaging::decode_image(source);
  const auto h = image.rgb.size(1), w = image.rgb.size(2);
  int64_t nw, nh;
  if (const auto x = size.find('x'); x != std::string::npos) {
    nw = std::stoll(size.substr(0, x));
    nh = std::stoll(size.substr(x + 1));
  } else {
    const double scale = double(std::stoll(size)) / double(std::max(h, w));
    nh = int64_t(std::llround(h * scale));
    nw = int64_t(std::llround(w * scale));
  }
  image.rgb = torch::nn::functional::interpolate(
                  image.rgb.unsqueeze(0), torch::nn::functional::InterpolateFuncOptions()
                                              .size(std::vector<int64_t>{nh, nw})
                                              .mode(torch::kBilinear)
                                              .align_corners(false))[0]
                  .clamp(0, 1);
  image.alpha = at::Tensor();
  image.format = imaging::ImageFormat::jpeg;
  return imaging::encode_image(image);
}

class Host {
 public:
  Host(const std::string& path, const std::string& device)
      : child_(path, "--device", device, bp::std_in < in_, bp::std_out > out_, bp::std_err > bp::null) {}
  ~Host() {
    in_.pipe().close();
    child_.wait();
  }
  void send(const json& m) {
    const auto payload = m.dump();
    const auto n = static_cast<uint32_t>(payload.size());
    in_.write(reinterpret_cast<const char*>(&n), 4);
    in_.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    in_.flush();
  }
  json receive() {
    auto f = host::FrameReader(out_, 2u << 20).next();
    if (f.status != host::ReadFrame::Status::frame) throw std::runtime_error("the host closed its output");
    return json::parse(f.payload);
  }
  // Sends one file as protect + chunks of 4 MiB (as the extension does); returns client seconds spent.
  double upload(const std::string& id, const std::vector<uint8_t>& bytes) {
    const auto t = Clock::now();
    constexpr size_t kChunk = 4u << 20;
    const size_t total = (bytes.size() + kChunk - 1) / kChunk;
    send({{"type", "protect"}, {"id", id}, {"name", id + ".jpg"}, {"mime", "image/jpeg"}, {"size", bytes.size()},
          {"sha256", host::sha256_hex(bytes.data(), bytes.size())}, {"chunks", total}});
    for (size_t i = 0; i < total; ++i) {
      const size_t begin = i * kChunk, size = std::min(kChunk, bytes.size() - begin);
      send({{"type", "protect-chunk"}, {"id", id}, {"index", i}, {"total", total},
            {"data", host::base64_encode(bytes.data() + begin, size)}});
    }
    return since(t);
  }
  int64_t peak_rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(child_.id()) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
    return -1;
  }

 private:
  bp::opstream in_;
  bp::ipstream out_;
  bp::child child_;
};

struct Received {
  json summary;
  std::vector<uint8_t> bytes;
  double decode_seconds = 0;  // client: base64 decoding of the result chunks
};

// Reads until job `id` finishes; collects the result's bytes. Throws on an error for it.
bool receive_job_message(Host& host, std::map<std::string, Received>& jobs, std::string* finished, std::string* busy) {
  const auto m = host.receive();
  const std::string type = m["type"], id = m.value("id", "");
  if (type == "error") {
    if (m["code"] == "busy") {
      *busy = id;
      return false;
    }
    throw std::runtime_error("job " + id + ": " + m.dump());
  }
  if (type == "result") jobs[id].summary = m;
  if (type == "result-chunk") {
    const auto t = Clock::now();
    host::base64_decode_append(m["data"].get<std::string>(), jobs[id].bytes);
    jobs[id].decode_seconds += since(t);
    if (m["index"].get<int>() + 1 == m["total"].get<int>()) {
      *finished = id;
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) try {
  const auto args = parse_args(argc, argv);
  const auto source = imaging::read_file_bytes(args.at("photo"));
  json report = {{"photo", args.at("photo")}, {"device", args.at("device")}, {"latency", json::array()}};
  std::vector<std::string> sizes;
  std::stringstream list(args.at("sizes"));
  for (std::string s; std::getline(list, s, ',');) sizes.push_back(s);

  const auto start = Clock::now();
  Host host(args.at("host"), args.at("device"));
  host.send({{"type", "hello"}});
  const auto hello = host.receive();
  report["host_start_seconds"] = since(start);
  report["hello"] = hello;
  std::cout << "host ready in " << std::fixed << std::setprecision(2) << since(start) << " s on "
            << hello["device"]["name"].get<std::string>() << "\n";

  for (const auto& long_side : sizes) {
    const auto photo = resized_jpeg(source, long_side);
    for (int r = 0; r < std::stoi(args.at("repeat")); ++r) {
      std::map<std::string, Received> jobs;
      const std::string id = "s" + long_side + "r" + std::to_string(r);
      const auto t = Clock::now();
      const double upload_seconds = host.upload(id, photo);
      std::string finished, busy;
      while (!receive_job_message(host, jobs, &finished, &busy)) {}
      const double wall = since(t);
      const auto& s = jobs[id].summary;
      json row = {{"long_side", long_side},         {"width", s["width"]},         {"height", s["height"]},
                  {"input_bytes", photo.size()},    {"output_bytes", s["size"]},   {"wall_seconds", wall},
                  {"client_upload_seconds", upload_seconds}, {"client_result_decode_seconds", jobs[id].decode_seconds},
                  {"host", s["timings"]},           {"steps", s["report"]["steps"]}, {"psnr", s["report"]["psnr"]}};
      const double host_total = s["timings"]["total"];
      row["transfer_seconds"] = wall - host_total + s["timings"]["receive"].get<double>();  // pipes + base64, both ways
      std::cout << s["width"] << "x" << s["height"] << " (" << photo.size() / 1024 << " KiB): wall " << wall
                << " s = transfer+base64 " << row["transfer_seconds"].get<double>() << ", decode "
                << s["timings"]["decode"].get<double>() << ", engine " << s["timings"]["engine"].get<double>()
                << ", encode " << s["timings"]["encode"].get<double>() << " (steps " << s["report"]["steps"]
                << ", PSNR " << s["report"]["psnr"].get<double>() << " dB)\n";
      report["latency"].push_back(row);
    }
  }

  report["latency_host_peak_rss_mib"] = host.peak_rss_kib() / 1024.0;
  std::cout << "host peak RSS after the latency runs: " << host.peak_rss_kib() / 1024.0 << " MiB\n";

  const int batch = std::stoi(args.at("batch"));
  if (batch > 0) {
    Host fresh(args.at("host"), args.at("device"));  // its own peak, not the latency runs'
    fresh.send({{"type", "hello"}});
    fresh.receive();
    report["idle_host_peak_rss_mib"] = fresh.peak_rss_kib() / 1024.0;
    const std::string batch_size = args.at("batch-size").empty() ? sizes.front() : args.at("batch-size");
    const auto photo = resized_jpeg(source, batch_size);
    const int max_jobs = hello["limits"]["max_jobs"];
    std::deque<std::string> waiting;
    for (int i = 0; i < batch; ++i) waiting.push_back("b" + std::to_string(i));
    std::map<std::string, Received> jobs;
    int in_flight = 0, done = 0, busy_replies = 0;
    const auto t = Clock::now();
    while (done < batch) {
      while (in_flight < max_jobs && !waiting.empty()) {
        fresh.upload(waiting.front(), photo);
        waiting.pop_front();
        ++in_flight;
      }
      std::string finished, busy;
      if (receive_job_message(fresh, jobs, &finished, &busy)) {
        ++done;
        --in_flight;
        jobs.erase(finished);
      } else if (!busy.empty()) {
        ++busy_replies;
        --in_flight;
        waiting.push_back(busy);
      }
    }
    report["batch"] = {{"photos", batch}, {"size", batch_size}, {"seconds", since(t)},
                       {"busy_replies", busy_replies}, {"host_peak_rss_mib", fresh.peak_rss_kib() / 1024.0}};
    std::cout << batch << " photos of " << batch_size << ": " << since(t) << " s, host peak RSS "
              << fresh.peak_rss_kib() / 1024.0 << " MiB\n";
  }
  if (args.count("json")) std::ofstream(args.at("json")) << report.dump(2) << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "host_bench: " << e.what() << "\n";
  return 1;
}
