#pragma once
// RULES.md 3: a geometry (already in the analysis CRS) that is invalid is repaired with GEOS MakeValid (its
// default method), keeping only the polygonal parts; null, empty, non-polygonal or empty-after-repair
// geometries are rejected. The outcome says why, with GEOS's reason and location.
#include <string>

#include "landrenew/geom/geos.hpp"

namespace landrenew::geom {

struct RepairOutcome {
  enum class Status { valid, repaired, rejected };
  Status status = Status::valid;
  Geometry geometry;   ///< the geometry to use (valid or repaired); null when rejected
  std::string kind;    ///< finding kind: "geometry_repaired", "geometry_empty_after_repair", ...
  std::string reason;  ///< GEOS's validity reason, e.g. "Self-intersection"
  Point location;      ///< where GEOS found the problem (or a point on the geometry)
  bool has_location = false;
};

/// Checks `g` (ownership taken) and repairs or rejects it. Never throws for bad geometry.
RepairOutcome validate_and_repair(Geometry g);

}  // namespace landrenew::geom
