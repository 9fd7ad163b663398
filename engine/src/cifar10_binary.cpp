#include "recessive/engine/cifar10_binary.h"

#include <torch/torch.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace recessive {
namespace {
constexpr int64_t kRecordPixels = 3 * 32 * 32;
constexpr int64_t kRecordBytes = 1 + kRecordPixels;
}  // namespace

LabelledImages load_cifar10_binary_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open CIFAR-10 batch " + file.string());
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty() || bytes.size() % kRecordBytes != 0)
    throw std::runtime_error(file.string() + ": size " + std::to_string(bytes.size()) + " is not a multiple of " +
                             std::to_string(kRecordBytes) + " bytes (not a CIFAR-10 binary batch)");
  const int64_t n = static_cast<int64_t>(bytes.size()) / kRecordBytes;
  auto images = torch::empty({n, 3, 32, 32}, torch::kUInt8);
  auto labels = torch::empty({n}, torch::kInt64);
  auto* pixels = images.data_ptr<uint8_t>();
  auto* label_out = labels.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    const char* record = bytes.data() + i * kRecordBytes;
    const auto label = static_cast<uint8_t>(record[0]);
    if (label > 9) throw std::runtime_error(file.string() + ": record " + std::to_string(i) + " has label " +
                                            std::to_string(label) + " (expected 0-9)");
    label_out[i] = label;
    std::memcpy(pixels + i * kRecordPixels, record + 1, kRecordPixels);
  }
  return {images, labels, cifar10_class_names()};
}

LabelledImages load_cifar10_binary(const std::filesystem::path& folder, const std::string& split) {
  std::vector<std::string> files;
  if (split == "train") {
    for (int i = 1; i <= 5; ++i) files.push_back("data_batch_" + std::to_string(i) + ".bin");
  } else if (split == "test") {
    files.push_back("test_batch.bin");
  } else {
    throw std::invalid_argument("unknown CIFAR-10 split '" + split + "' (expected train or test)");
  }
  LabelledImages all;
  for (const auto& name : files) {
    auto part = load_cifar10_binary_file(folder / name);
    all = all.size() == 0 ? part : LabelledImages::concat(all, part);
  }
  return all;
}

}  // namespace recessive
