#pragma once
// One palette for the QGIS styles and the report, so that a criterion, a class or the FAR target has the
// same colour on screen, in QGIS and on paper. Colours are "#rrggbb" (ColorBrewer schemes, colour-blind safe
// where the scheme is).
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace landrenew::out::palette {

/// Low-efficiency criteria, in kCriteria order (ColorBrewer Dark2, strong enough on small parcels).
inline constexpr const char* kCriteriaColours[] = {"#d95f02", "#e6ab02", "#7570b3",
                                                   "#a6761d", "#e7298a", "#1b9e77"};
inline constexpr const char* kEfficient = "#dfeedd";      ///< industrial, not low-efficiency
inline constexpr const char* kNonIndustrial = "#e6e6e6";  ///< other land
inline constexpr const char* kCluster = "#54278f";        ///< 连片 outlines
inline constexpr const char* kUnclassed = "#bdbdbd";      ///< enterprises without a class

/// FAR uplift: three reds below the target (far to near), two greens at or above it (RdYlGn ends).
inline constexpr const char* kUplift[] = {"#b2182b", "#ef6548", "#fdae61", "#66bd63", "#1a9850"};
inline constexpr const char* kMeets = "#1a9850";
inline constexpr const char* kMisses = "#d73027";

/// Districts (ColorBrewer Pastel1).
inline constexpr const char* kPastel[] = {"#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4",
                                          "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec"};
/// Finding kinds (ColorBrewer Paired).
inline constexpr const char* kQualitative[] = {"#1f78b4", "#33a02c", "#e31a1c", "#ff7f00",
                                               "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a",
                                               "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99"};

inline const char* criterion_colour(std::string_view criterion) {
  static constexpr const char* names[] = {"far_below_minimum", "coverage_below_minimum",
                                          "enterprise_class",  "wuwei",
                                          "tax_per_mu_below",  "admission_standard"};
  for (std::size_t i = 0; i < std::size(names); ++i)
    if (criterion == names[i]) return kCriteriaColours[i];
  return "#636363";
}

/// A–D: green to red (RdYlGn).
inline const char* class_colour(char c) {
  switch (c) {
    case 'A':
      return "#1a9641";
    case 'B':
      return "#a6d96a";
    case 'C':
      return "#fdae61";
    case 'D':
      return "#d7191c";
    default:
      return kUnclassed;
  }
}

/// The i-th of n years, light to dark blue (the freed ground of later years is darker).
inline std::string year_colour(std::size_t i, std::size_t n) {
  constexpr int from[3] = {0xc6, 0xdb, 0xef}, to[3] = {0x08, 0x30, 0x6b};
  const double t = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 1.0;
  char buf[8];
  int c[3];
  for (int k = 0; k < 3; ++k)
    c[k] = static_cast<int>(from[k] + (to[k] - from[k]) * t + 0.5);
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c[0], c[1], c[2]);
  return buf;
}

}  // namespace landrenew::out::palette
