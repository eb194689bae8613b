#pragma once
// The SVG pieces of report.html: charts drawn from summary.json's figures and the map drawn from the
// GeoPackage. Each returns one <svg> element; every text inside is escaped.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landrenew::out::report {

/// The page's style sheet (report_css.cpp).
extern const char* const kCss;

/// The 30,000 mu chart: freed mu per year as bars (left axis), the cumulative total as a line against the
/// goal (right axis), and from the reference year on the pace needed to reach the goal and where the pace
/// achieved so far leads. `freed` is summary.json's "freed"; years run from `first_year` to `last_year`.
std::string progress_chart(const nlohmann::ordered_json& freed, int first_year, int last_year);

struct Bar {
  std::string label;
  double value = 0;
  std::string colour;      ///< "#rrggbb"
  std::string value_text;  ///< printed after the bar
};

struct BarChartOptions {
  int label_width = 180;            ///< px for the labels on the left
  std::optional<double> reference;  ///< a vertical line at this value (e.g. the +0.5 target)
  std::string reference_label;
};

/// Horizontal bars, one per entry, scaled to the largest value (negative values extend left of zero).
std::string bar_chart(const std::vector<Bar>& bars, const BarChartOptions& options = {});

/// A legend entry under the map.
struct LegendItem {
  std::string colour;  ///< fill, or the stroke when `outline`
  std::string label;
  bool outline = false;
};

/// One park drawn at its own scale.
struct Inset {
  std::string title;  ///< park name and id
  std::string note;   ///< uplift and the low-efficiency parcels inside
  bool meets = false;
  std::string svg;
};

struct Map {
  std::string svg;  ///< the whole city; "" when the GeoPackage has no parcels to draw
  std::vector<Inset> insets;
  std::vector<LegendItem> legend;
};

/// The map of the low-efficiency parcels (by first criterion), the other industrial parcels, 连片 clusters,
/// parks (by whether they meet the FAR target `target`) and districts, read from `gpkg`: the city, where a
/// park is a few pixels wide, and one inset per park. Coordinates are rounded to whole metres and district
/// and park outlines simplified (tolerances in report_map.cpp), which keeps the page small; parcels keep
/// their shape.
Map map_svg(const std::filesystem::path& gpkg, double target);

}  // namespace landrenew::out::report
