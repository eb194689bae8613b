#pragma once
// Coordinate reference systems (DOMAIN.md §2, RULES.md 1): choosing the analysis CRS, recognising Chinese
// Gauss-Krüger CRSs, and refusing data whose coordinates do not fit the CRS they declare.
#include <optional>
#include <string>

#include "landrenew/config/project.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/io/gdal.hpp"

namespace landrenew::io {

enum class GkDatum { cgcs2000, xian1980, beijing1954 };
const char* to_string(GkDatum d) noexcept;

/// A Gauss-Krüger (Transverse Mercator, scale 1, false northing 0) CRS on one of China's datums.
struct GaussKruger {
  GkDatum datum = GkDatum::cgcs2000;
  bool three_degree = true;     ///< 3-degree zones (cadastral) or 6-degree zones
  double central_meridian = 0;  ///< degrees east
  double false_easting = 0;     ///< 500000, or zone × 1e6 + 500000 when the zone is prefixed
  bool zone_prefixed() const noexcept { return false_easting >= 1e6; }
  int zone() const noexcept;  ///< zone number implied by the central meridian
};

/// Recognises a GK CRS on CGCS2000, Xian 1980 or Beijing 1954 (by datum name, or failing that ellipsoid).
std::optional<GaussKruger> identify_gauss_kruger(const OGRSpatialReference& srs);

/// The EPSG code of a GK CRS, e.g. (cgcs2000, 3°, CM 120, no prefix) → 4549; prefixed zone 40 → 4528.
std::optional<int> gauss_kruger_epsg(GkDatum datum, bool three_degree, bool zone_prefixed,
                                     double central_meridian);

/// RULES.md 1: the CGCS2000 3-degree GK CRS without zone prefix (EPSG:4534–4554) whose central meridian is
/// nearest `longitude` (Huzhou, ~120°E → EPSG:4549).
int analysis_epsg_for_longitude(double longitude);

/// Reads "EPSG:4549", a WKT string or a PROJ string into an SRS with GIS axis order; throws Error(project).
SrsPtr srs_from_user_string(const std::string& text);

/// "EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)"; for a CRS without an EPSG code, its name and
/// the closest EPSG match when PROJ finds one.
std::string describe_srs(const OGRSpatialReference& srs);

/// The name of the legacy datum (Xian 1980, Beijing 1954) when `srs` uses one; landrenew applies no
/// datum shift between them and CGCS2000 (PROJ has none; only the ellipsoid changes).
std::optional<std::string> legacy_datum(const OGRSpatialReference& srs);

/// Refuses (Error input_data) coordinates that cannot be in the declared CRS: zone-prefixed eastings under a
/// CRS without prefix and the reverse (the message names the EPSG code that fits), eastings far from the
/// false easting, swapped axes, metres under a geographic CRS, degrees under a projected one.
void check_coordinates_fit(const OGRSpatialReference& srs, const OGREnvelope& extent,
                           const ErrorContext& where);

/// Longitude of the centre of `extent` (given in `srs`), on the CRS's own geographic datum.
double centre_longitude(const OGRSpatialReference& srs, const OGREnvelope& extent);

/// The PROJ pipeline that takes coordinates in `source` (on a legacy datum) to `target` (on CGCS2000) through
/// the bureau's Helmert transformation, via geocentric cartesian coordinates: source → lon/lat → cartesian on
/// the source ellipsoid → helmert → cartesian on GRS 1980 (the CGCS2000 ellipsoid) → lon/lat → target. Axis
/// order east/north at both ends. Throws Error(project) when either CRS has no PROJ string.
std::string helmert_pipeline(const OGRSpatialReference& source, const OGRSpatialReference& target,
                             const Helmert& h);

}  // namespace landrenew::io
