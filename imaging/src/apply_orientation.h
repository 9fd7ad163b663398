// Private: applies an EXIF orientation to an OpenCV image (any depth/channel count), producing the upright image.
// Kept out of the public headers so OpenCV types never leak. Operates on the caller's Mat only; thread-safe.
#pragma once

#include <opencv2/core.hpp>

namespace recessive::imaging::detail {

// orientation 1..8 as read by read_exif_orientation; other values are treated as 1 (no change).
void apply_exif_orientation(cv::Mat& image, int orientation);

}  // namespace recessive::imaging::detail
