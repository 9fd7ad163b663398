// The official CIFAR-10 binary format: records are label byte + R plane + G plane + B plane.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "recessive/engine/cifar10_binary.h"

namespace recessive {
namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("recessive_test_" + name + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void write_batch(const std::filesystem::path& file, const std::vector<uint8_t>& labels) {
  std::ofstream out(file, std::ios::binary);
  for (size_t i = 0; i < labels.size(); ++i) {
    out.put(static_cast<char>(labels[i]));
    for (int c = 0; c < 3; ++c)
      for (int p = 0; p < 1024; ++p) out.put(static_cast<char>((i * 7 + c * 50 + p) % 256));
  }
}

TEST(Cifar10Binary, DecodesPlanesAndLabels) {
  auto dir = temp_dir("bin");
  write_batch(dir / "test_batch.bin", {3, 9});
  auto set = load_cifar10_binary(dir, "test");
  ASSERT_EQ(set.size(), 2);
  EXPECT_EQ(set.images.sizes(), (std::vector<int64_t>{2, 3, 32, 32}));
  EXPECT_EQ(set.labels[0].item<int64_t>(), 3);
  EXPECT_EQ(set.labels[1].item<int64_t>(), 9);
  // Record 1, green plane (c=1), pixel p=33 -> row 1, col 1.
  EXPECT_EQ(set.images[1][1][1][1].item<uint8_t>(), (1 * 7 + 50 + 33) % 256);
  EXPECT_EQ(set.class_names[3], "cat");
  std::filesystem::remove_all(dir);
}

TEST(Cifar10Binary, TrainSplitConcatenatesFiveBatches) {
  auto dir = temp_dir("bin5");
  for (int i = 1; i <= 5; ++i) write_batch(dir / ("data_batch_" + std::to_string(i) + ".bin"), {uint8_t(i)});
  auto set = load_cifar10_binary(dir, "train");
  ASSERT_EQ(set.size(), 5);
  EXPECT_TRUE(torch::equal(set.labels, torch::tensor({1, 2, 3, 4, 5}, torch::kInt64)));
  std::filesystem::remove_all(dir);
}

TEST(Cifar10Binary, RejectsMalformedFiles) {
  auto dir = temp_dir("bad");
  EXPECT_THROW(load_cifar10_binary(dir, "test"), std::runtime_error);  // missing
  { std::ofstream(dir / "test_batch.bin", std::ios::binary) << "short"; }
  EXPECT_THROW(load_cifar10_binary(dir, "test"), std::runtime_error);  // wrong size
  write_batch(dir / "test_batch.bin", {12});
  EXPECT_THROW(load_cifar10_binary(dir, "test"), std::runtime_error);  // label out of range
  EXPECT_THROW(load_cifar10_binary(dir, "valid"), std::invalid_argument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace recessive
