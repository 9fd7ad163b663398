// A minimal SVG line-chart writer for the evaluation report (no dependencies, no engine): axes with ticks, one
// polyline with point markers per series, and a legend. Pure function of its input; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace recessive::cli {

struct ChartSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in the given order
  bool dashed = false;
};

struct LineChart {
  std::string title, x_label, y_label;
  std::vector<ChartSeries> series;
  double y_min = 0.0, y_max = 1.0;  // y range; when y_min == y_max it is taken from the data
  int width = 640, height = 400;
};

// The chart as a standalone SVG document. Text is XML-escaped. Non-finite points are skipped.
std::string render_svg(const LineChart& chart);

}  // namespace recessive::cli
