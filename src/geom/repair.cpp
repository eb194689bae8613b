#include "landrenew/geom/repair.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "landrenew/core/finding_kinds.hpp"

namespace landrenew::geom {

namespace {
// The largest |x| or |y| of every vertex: of every ring of a polygon (GEOS's envelope of an invalid polygon
// is its shell's only, and a hole may lie anywhere), of every part of a collection. NaN propagates.
double max_abs_coordinate(const GEOSGeometry* g) {
  GEOSContextHandle_t h = context();
  const auto of_envelope = [&](const GEOSGeometry* part) {
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    if (GEOSisEmpty_r(h, part) == 1) return 0.0;
    if (!GEOSGeom_getXMin_r(h, part, &x0) || !GEOSGeom_getXMax_r(h, part, &x1) ||
        !GEOSGeom_getYMin_r(h, part, &y0) || !GEOSGeom_getYMax_r(h, part, &y1))
      return std::numeric_limits<double>::infinity();
    const double m = std::max({std::abs(x0), std::abs(x1), std::abs(y0), std::abs(y1)});
    return std::isnan(x0 + x1 + y0 + y1) ? std::numeric_limits<double>::quiet_NaN() : m;
  };
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(h, g) == 1) return 0.0;
    double m = of_envelope(GEOSGetExteriorRing_r(h, g));
    const int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < holes && !(m > 1e300); ++i) {
      const double r = of_envelope(GEOSGetInteriorRingN_r(h, g, i));
      m = std::isnan(r) ? r : std::max(m, r);
    }
    return m;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    double m = 0;
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) {
      const double r = max_abs_coordinate(GEOSGetGeometryN_r(h, g, i));
      m = std::isnan(r) ? r : std::max(m, r);
    }
    return m;
  }
  return of_envelope(g);  // points and lines: their envelope holds every vertex
}
struct XY {
  double x, y;
};

// The sign of the turn a → b → c: +1 left, −1 right, 0 when too close to call. The determinant's rounding
// error is below 4.5e-16 of the sum of its two products' magnitudes (Shewchuk's ccwerrboundA is 3.3e-16);
// a bound a million times wider leaves every close case to GEOS.
int turn(const XY& a, const XY& b, const XY& c) {
  const double l = (b.x - a.x) * (c.y - a.y), r = (b.y - a.y) * (c.x - a.x);
  const double det = l - r, bound = 1e-9 * (std::abs(l) + std::abs(r));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  return 0;
}

// Edges p–q and r–s are apart: their boxes are, or one lies strictly on one side of the other's line.
bool surely_apart(const XY& p, const XY& q, const XY& r, const XY& s) {
  if (std::max(p.x, q.x) < std::min(r.x, s.x) || std::max(r.x, s.x) < std::min(p.x, q.x) ||
      std::max(p.y, q.y) < std::min(r.y, s.y) || std::max(r.y, s.y) < std::min(p.y, q.y))
    return true;
  const int a = turn(p, q, r), b = turn(p, q, s);
  if (a != 0 && a == b) return true;
  const int c = turn(r, s, p), d = turn(r, s, q);
  return c != 0 && c == d;
}
}  // namespace

bool surely_valid_simple_polygon(const GEOSGeometry* g) {
  constexpr unsigned kMaxPoints = 64;  // O(n²) edge pairs: beyond this GEOS's indexed check is the faster
  GEOSContextHandle_t h = context();
  if (!g || GEOSGeomTypeId_r(h, g) != GEOS_POLYGON || GEOSisEmpty_r(h, g) == 1 ||
      GEOSGetNumInteriorRings_r(h, g) != 0)
    return false;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g));
  unsigned n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 4 || n > kMaxPoints) return false;
  XY p[kMaxPoints];
  for (unsigned i = 0; i < n; ++i)
    if (!GEOSCoordSeq_getXY_r(h, seq, i, &p[i].x, &p[i].y) || !std::isfinite(p[i].x) ||
        !std::isfinite(p[i].y))
      return false;
  if (p[0].x != p[n - 1].x || p[0].y != p[n - 1].y) return false;  // not closed
  const unsigned m = n - 1;                                        // distinct vertices p[0..m-1], p[m] = p[0]
  double twice_area = 0;
  for (unsigned k = 0; k < m; ++k) {
    const XY& prev = p[(k + m - 1) % m];
    const XY& next = p[k + 1];
    if (p[k].x == next.x && p[k].y == next.y) return false;  // a repeated vertex: GEOS decides
    if (turn(prev, p[k], next) == 0) return false;           // collinear neighbours, maybe a spike
    twice_area += p[k].x * next.y - next.x * p[k].y;
  }
  if (!(std::abs(twice_area) > 0)) return false;
  for (unsigned i = 0; i < m; ++i)
    for (unsigned j = i + 2; j < m; ++j) {
      if (i == 0 && j == m - 1) continue;  // neighbours through p[0]
      if (!surely_apart(p[i], p[i + 1], p[j], p[j + 1])) return false;
    }
  return true;
}

namespace {

// GEOS's validity reasons (GEOS 3.11's TopologyValidationError), which a finding quotes: in Chinese they are
// translated (issue 21); a reason not in this list is kept as GEOS words it, in both languages.
constexpr const char* kGeosReasons[] = {N_("Topology Validation Error"),
                                        N_("Repeated Point"),
                                        N_("Hole lies outside shell"),
                                        N_("Holes are nested"),
                                        N_("Interior is disconnected"),
                                        N_("Self-intersection"),
                                        N_("Ring Self-intersection"),
                                        N_("Nested shells"),
                                        N_("Duplicate Rings"),
                                        N_("Too few points in geometry component"),
                                        N_("Invalid Coordinate"),
                                        N_("Ring is not closed")};

Text geos_reason(const char* reason) {
  for (const char* known : kGeosReasons)
    if (std::string_view(known) == reason) return tr_both(known);
  return untranslated(reason);
}

}  // namespace

RepairOutcome validate_and_repair(Geometry g) {
  using S = RepairOutcome::Status;
  RepairOutcome out;
  if (!g || is_empty(g.get())) {
    out.status = S::rejected;
    out.kind = kind_key(FindingKind::geometry_empty);
    out.reason = tr_both("empty geometry");
    return out;
  }
  // No place on Earth is 10^9 units from the origin of any CRS (metres, feet or degrees). GEOS's validity
  // check and repair can run for hours on coordinates like 1e248 (found by fuzz_geometry), so such a
  // geometry is refused before GEOS looks at it; the reader's CRS box refuses it earlier still.
  {
    const double limit = 1e9;
    if (!(max_abs_coordinate(g.get()) <= limit)) {
      out.status = S::rejected;
      out.kind = kind_key(FindingKind::geometry_out_of_range);
      out.reason = tr_both("coordinates beyond ±1e9: not a place in any CRS");
      return out;
    }
  }
  const int t = type_id(g.get());
  if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) {
    // A collection may still hold polygons (e.g. from a GeometryCollection source): keep those.
    Geometry poly = t == GEOS_GEOMETRYCOLLECTION ? polygonal_parts(g.get()) : nullptr;
    if (!poly) {
      out.status = S::rejected;
      out.kind = kind_key(FindingKind::geometry_not_polygonal);
      char* type = GEOSGeomType_r(context(), g.get());  // malloc'ed by GEOS: freed with GEOSFree_r
      out.reason = type ? tr_both("geometry is a {1}, not a polygon", type)
                        : tr_both("geometry is a geometry of unknown type, not a polygon");
      if (type) GEOSFree_r(context(), type);
      return out;
    }
    g = std::move(poly);
  }

  if (surely_valid_simple_polygon(g.get())) {  // most footprints and parcels: no GEOS noding needed
    out.geometry = std::move(g);
    return out;
  }
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(context(), g.get(), 0, &reason, &location);
  if (valid == 1) {
    out.geometry = std::move(g);
    return out;
  }
  out.reason = reason ? geos_reason(reason)
               : valid == 2 ? tr_both("GEOS could not test validity: {1}", last_error())
                            : tr_both("invalid");
  if (reason) GEOSFree_r(context(), reason);
  if (location) {
    GEOSGeomGetX_r(context(), location, &out.location.x);
    GEOSGeomGetY_r(context(), location, &out.location.y);
    out.has_location = true;
    GEOSGeom_destroy_r(context(), location);
  } else if (auto p = point_on_surface(g.get())) {
    out.location = *p;
    out.has_location = true;
  }

  Geometry fixed(GEOSMakeValid_r(context(), g.get()));
  Geometry poly = fixed ? polygonal_parts(fixed.get()) : nullptr;
  if (!poly || is_empty(poly.get()) || area(poly.get()) <= 0.0) {
    out.status = S::rejected;
    out.kind = kind_key(FindingKind::geometry_empty_after_repair);
    out.reason = fixed ? tr_both("{1}; nothing polygonal is left after MakeValid", out.reason)
                       : tr_both("{1}; MakeValid failed: {2}", out.reason, last_error());
    return out;
  }
  out.status = S::repaired;
  out.kind = kind_key(FindingKind::geometry_repaired);
  out.geometry = std::move(poly);
  return out;
}

}  // namespace landrenew::geom
