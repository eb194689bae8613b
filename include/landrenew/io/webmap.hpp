#pragma once
// Web-map coordinates in China (DOMAIN.md §12): GCJ-02, WGS 84 shifted by a published, deliberately
// irregular function, and BD-09, a further transform of GCJ-02. PROJ supports neither (by policy), so a
// layer whose project sets `crs = "GCJ-02"` or `"BD-09"` is taken back to WGS 84 lon/lat here — by iterating
// the published forward functions, which have no closed-form inverse — and then projected by PROJ as WGS 84
// (RULES.md 1 takes WGS 84 as CGCS2000). Outside mainland China's box the published functions shift nothing.
#include <optional>
#include <string_view>

#include "landrenew/io/gdal.hpp"

namespace landrenew::io {

enum class WebMapDatum { gcj02, bd09 };

/// "GCJ-02" (also GCJ02, gcj-02) or "BD-09" (BD09, BD09LL), as a project's `crs`; nullopt for anything else.
std::optional<WebMapDatum> web_map_datum(std::string_view crs);
const char* to_string(WebMapDatum d) noexcept;

struct LonLat {
  double lon = 0, lat = 0;
};

/// The published forward functions (Krasovsky 1940: a = 6378245 m, e² = 0.00669342162296594323).
LonLat wgs84_to_gcj02(LonLat wgs) noexcept;
LonLat gcj02_to_bd09(LonLat gcj) noexcept;
/// Their inverses by fixed-point iteration on the forward function, to 1e-10 degrees (about 0.01 mm).
LonLat gcj02_to_wgs84(LonLat gcj) noexcept;
LonLat bd09_to_gcj02(LonLat bd) noexcept;
LonLat to_wgs84(WebMapDatum datum, LonLat p) noexcept;

/// A transformation that first takes lon/lat of `datum` back to WGS 84, then applies `then` (from WGS 84
/// lon/lat to the analysis CRS). Takes ownership of `then`.
TransformPtr web_map_transformation(WebMapDatum datum, TransformPtr then);

}  // namespace landrenew::io
