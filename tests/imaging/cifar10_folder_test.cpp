#include "recessive/imaging/cifar10_folder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "test_support.h"

namespace recessive::imaging {
namespace {

namespace fs = std::filesystem;

// Pixel (y, x) of image `index` of class `label`: distinct in every channel, position and image.
cv::Vec3b expected_rgb(int label, int index, int y, int x) {
  return cv::Vec3b(uchar(label * 100 + index * 20 + y), uchar(x * 7), uchar(200 - y - x));
}

void write_png(const fs::path& file, int label, int index, int side = 32) {
  cv::Mat bgr(side, side, CV_8UC3);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const cv::Vec3b rgb = expected_rgb(label, index, y, x);
      bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(rgb[2], rgb[1], rgb[0]);
    }
  }
  ASSERT_TRUE(cv::imwrite(file.string(), bgr));
}

// root/<split>/{cat,bird}/{2,0,1}.png written out of order; plus files that must be ignored.
void write_tree(const fs::path& root, const std::string& split) {
  const std::vector<std::string> classes = {"cat", "bird"};  // label order is alphabetical: bird = 0, cat = 1
  for (const std::string& name : classes) {
    const int label = name == "bird" ? 0 : 1;
    fs::create_directories(root / split / name);
    for (int index : {2, 0, 1}) write_png(root / split / name / (std::to_string(index) + ".png"), label, index);
    std::ofstream(root / split / name / "notes.txt") << "not an image";
    write_png(root / split / name / ".hidden.png", label, 9);
  }
  fs::create_directories(root / split / ".cache");
}

TEST(Cifar10Folder, LoadsShapesLabelsAndPixels) {
  testing::TempDir dir;
  write_tree(dir.path(), "train");
  const LabelledImages set = load_cifar10_folder(dir.path(), "train");
  ASSERT_EQ(set.size(), 6);
  EXPECT_EQ(set.images.scalar_type(), torch::kUInt8);
  EXPECT_EQ(set.images.sizes(), (std::vector<int64_t>{6, 3, 32, 32}));
  EXPECT_EQ(set.labels.scalar_type(), torch::kLong);
  EXPECT_TRUE(torch::equal(set.labels, torch::tensor({0, 0, 0, 1, 1, 1}, torch::kLong)));
  EXPECT_EQ(set.class_names, (std::vector<std::string>{"bird", "cat"}));
  for (int i = 0; i < 6; ++i) {
    const int label = i / 3, index = i % 3;  // files sorted by name within a class
    for (int y : {0, 5, 31}) {
      for (int x : {0, 17, 31}) {
        const cv::Vec3b rgb = expected_rgb(label, index, y, x);
        for (int c = 0; c < 3; ++c) {
          EXPECT_EQ(set.images[i][c][y][x].item<int>(), rgb[c]) << "image " << i << " channel " << c;
        }
      }
    }
  }
}

TEST(Cifar10Folder, AcceptsJpegFiles) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "test" / "ship");
  cv::Mat flat(32, 32, CV_8UC3, cv::Scalar(10, 120, 230));  // BGR
  ASSERT_TRUE(cv::imwrite((dir.path() / "test" / "ship" / "a.JPG").string(), flat));
  const LabelledImages set = load_cifar10_folder(dir.path(), "test");
  ASSERT_EQ(set.size(), 1);
  EXPECT_NEAR(set.images[0][0][16][16].item<int>(), 230, 3);
  EXPECT_NEAR(set.images[0][1][16][16].item<int>(), 120, 3);
  EXPECT_NEAR(set.images[0][2][16][16].item<int>(), 10, 3);
}

std::string error_of(const fs::path& root, const std::string& split) {
  try {
    load_cifar10_folder(root, split);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Cifar10Folder, ClearErrors) {
  testing::TempDir dir;
  EXPECT_NE(error_of(dir.path(), "train").find("does not exist"), std::string::npos);
  fs::create_directories(dir.path() / "train");
  EXPECT_NE(error_of(dir.path(), "train").find("no class folders"), std::string::npos);
  fs::create_directories(dir.path() / "train" / "cat");
  EXPECT_NE(error_of(dir.path(), "train").find("no .png/.jpg images"), std::string::npos);

  write_png(dir.path() / "train" / "cat" / "0.png", 0, 0, /*side=*/31);
  const std::string wrong_size = error_of(dir.path(), "train");
  EXPECT_NE(wrong_size.find("31x31"), std::string::npos) << wrong_size;
  EXPECT_NE(wrong_size.find("0.png"), std::string::npos) << wrong_size;

  fs::remove(dir.path() / "train" / "cat" / "0.png");
  std::ofstream(dir.path() / "train" / "cat" / "1.png") << "definitely not a png";
  const std::string corrupt = error_of(dir.path(), "train");
  EXPECT_NE(corrupt.find("1.png"), std::string::npos) << corrupt;
}

TEST(Cifar10Folder, RealTestSplitWhenAvailable) {
  const char* root = std::getenv("RECESSIVE_CIFAR10_DIR");
  if (root == nullptr || !fs::is_directory(fs::path(root) / "test")) {
    GTEST_SKIP() << "set RECESSIVE_CIFAR10_DIR to an extracted CIFAR-10 image folder (with test/<class>/*) to run";
  }
  const auto start = std::chrono::steady_clock::now();
  const LabelledImages set = load_cifar10_folder(root, "test");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(set.size(), 10000);
  EXPECT_EQ(set.images.sizes(), (std::vector<int64_t>{10000, 3, 32, 32}));
  EXPECT_EQ(set.class_names, cifar10_class_names());
  EXPECT_TRUE(torch::equal(torch::bincount(set.labels), torch::full({10}, 1000, torch::kLong)));
  EXPECT_GT(set.images.to(torch::kFloat32).std().item<float>(), 10.0f);  // real pictures, not blank
  EXPECT_LT(seconds, 20.0);
}

}  // namespace
}  // namespace recessive::imaging
