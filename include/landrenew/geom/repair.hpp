#pragma once
// RULES.md 3: a geometry (already in the analysis CRS) that is invalid is repaired with GEOS MakeValid (its
// default method), keeping only the polygonal parts; null, empty, non-polygonal or empty-after-repair
// geometries are rejected. The outcome says why, with GEOS's reason and location.
#include <string>

#include "landrenew/core/i18n.hpp"
#include "landrenew/geom/geos.hpp"

namespace landrenew::geom {

struct RepairOutcome {
  enum class Status { valid, repaired, rejected };
  Status status = Status::valid;
  Geometry geometry;   ///< the geometry to use (valid or repaired); null when rejected
  std::string kind;    ///< finding kind: "geometry_repaired", "geometry_empty_after_repair", ...
  Text reason;         ///< GEOS's validity reason, e.g. "Self-intersection" (as GEOS words it, in both languages)
  Point location;      ///< where GEOS found the problem (or a point on the geometry)
  bool has_location = false;
};

/// A quick proof that `g` is valid, for the common case of one small ring without holes (a building
/// footprint, most parcels): closed, at least three distinct vertices, no two edges meeting except
/// neighbours at their shared vertex, no spike, positive area — each decided with a floating-point filter.
/// true: GEOS would call it valid too. false: not proven (larger, holed, multi-part, degenerate or too close
/// to call) — GEOS decides.
bool surely_valid_simple_polygon(const GEOSGeometry* g);

/// Checks `g` (ownership taken) and repairs or rejects it. Never throws for bad geometry.
RepairOutcome validate_and_repair(Geometry g);

}  // namespace landrenew::geom
