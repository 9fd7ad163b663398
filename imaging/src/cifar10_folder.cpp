#include "recessive/imaging/cifar10_folder.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <vector>

namespace recessive::imaging {
namespace {

constexpr int kSide = 32;

namespace fs = std::filesystem;

bool is_hidden(const fs::path& p) { return !p.filename().empty() && p.filename().string()[0] == '.'; }

bool is_image_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

std::vector<fs::path> sorted_entries(const fs::path& dir, bool want_dirs) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (is_hidden(p)) continue;
    std::error_code type_ec;
    if (want_dirs ? it->is_directory(type_ec) : (it->is_regular_file(type_ec) && is_image_file(p))) out.push_back(p);
  }
  if (ec) throw std::runtime_error("cannot list '" + dir.string() + "': " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
  return out;
}

}  // namespace

LabelledImages load_cifar10_folder(const std::filesystem::path& root, const std::string& split) {
  const fs::path dir = root / split;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw std::runtime_error("CIFAR-10 folder '" + dir.string() + "' does not exist or is not a folder (expected " +
                             "<root>/" + split + "/<class>/*.png|*.jpg)");
  }
  const std::vector<fs::path> class_dirs = sorted_entries(dir, /*want_dirs=*/true);
  if (class_dirs.empty()) throw std::runtime_error("CIFAR-10 folder '" + dir.string() + "' has no class folders");

  std::vector<std::string> class_names;
  std::vector<fs::path> files;
  std::vector<int64_t> labels;
  for (size_t label = 0; label < class_dirs.size(); ++label) {
    const std::vector<fs::path> class_files = sorted_entries(class_dirs[label], /*want_dirs=*/false);
    if (class_files.empty()) {
      throw std::runtime_error("class folder '" + class_dirs[label].string() + "' has no .png/.jpg images");
    }
    class_names.push_back(class_dirs[label].filename().string());
    files.insert(files.end(), class_files.begin(), class_files.end());
    labels.insert(labels.end(), class_files.size(), int64_t(label));
  }

  const int64_t n = int64_t(files.size());
  at::Tensor images = torch::empty({n, 3, kSide, kSide}, torch::kUInt8);
  uint8_t* out = images.data_ptr<uint8_t>();
  constexpr size_t kPlane = size_t{kSide} * kSide;
  cv::Mat planes[3];
  for (int64_t i = 0; i < n; ++i) {
    const cv::Mat bgr = cv::imread(files[size_t(i)].string(), cv::IMREAD_COLOR);
    if (bgr.empty()) throw std::runtime_error("cannot read or decode image '" + files[size_t(i)].string() + "'");
    if (bgr.cols != kSide || bgr.rows != kSide) {
      throw std::runtime_error("image '" + files[size_t(i)].string() + "' is " + std::to_string(bgr.cols) + "x" +
                               std::to_string(bgr.rows) + ", expected 32x32");
    }
    // Planar RGB straight into the output row: plane c of image i.
    uint8_t* row = out + size_t(i) * 3 * kPlane;
    for (int c = 0; c < 3; ++c) planes[c] = cv::Mat(kSide, kSide, CV_8UC1, row + size_t(2 - c) * kPlane);
    cv::split(bgr, planes);  // B -> plane 2, G -> plane 1, R -> plane 0
  }
  return LabelledImages{images, torch::tensor(labels, torch::kLong), class_names};
}

}  // namespace recessive::imaging
