// A stand-in for recessive-host in installer tests. Its behaviour comes from the file "fake-host-mode" in
// its working folder (browsers start hosts in the host's folder, so this also checks that): hello (default),
// garbage, silent, error, exit, text. It logs its arguments to stderr.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

static void write_frame(const std::string& json) {
  const auto n = static_cast<uint32_t>(json.size());
  std::cout.write(reinterpret_cast<const char*>(&n), sizeof n);
  std::cout << json;
  std::cout.flush();
}

int main(int argc, char** argv) {
  std::string mode = "hello";
  std::ifstream("fake-host-mode") >> mode;
  std::cerr << "fake host (" << mode << ") args:";
  for (int i = 1; i < argc; ++i) std::cerr << " " << argv[i];
  std::cerr << std::endl;
  if (mode == "silent") {
    std::this_thread::sleep_for(std::chrono::seconds(30));
    return 0;
  }
  if (mode == "exit") {
    std::cerr << "fake host: cannot load model" << std::endl;
    return 3;
  }
  uint32_t n = 0;
  if (!std::cin.read(reinterpret_cast<char*>(&n), sizeof n) || n > 4096) return 2;
  std::string payload(n, '\0');
  if (!std::cin.read(payload.data(), n)) return 2;
  if (mode == "garbage") {
    std::cout << "hello from a host that prints text\n" << std::flush;
    return 0;
  }
  if (mode == "text") {
    write_frame("this is not json");
    return 0;
  }
  if (mode == "error") {
    write_frame(R"({"type":"error","code":"engine_failure","message":"model missing"})");
    return 0;
  }
  auto msg = nlohmann::json::parse(payload, nullptr, false);
  if (msg.is_discarded() || msg.value("type", "") != "hello") {
    write_frame(R"({"type":"error","code":"bad_json","message":"expected hello"})");
    return 0;
  }
  const bool chromium = argc == 2 && std::string(argv[1]).rfind("chrome-extension://", 0) == 0;
  const bool firefox = argc == 3 && std::string(argv[2]).find('@') != std::string::npos;
  if (!chromium && !firefox) {
    write_frame(R"({"type":"error","code":"bad_field","message":"unexpected arguments"})");
    return 0;
  }
  write_frame(R"J({"type":"hello","version":"0.0.0-fake","protocol":1,"device":{"kind":"cpu","name":"cpu (1 threads)"}})J");
  // Like the real host: serve until stdin ends.
  char c;
  while (std::cin.get(c)) {
  }
  return 0;
}
