#pragma once
// RAII over the GEOS C API (the only stable GEOS interface). Each thread gets its own context handle;
// geometries may be created in one thread and read in another, never mutated concurrently. GEOS 3.11
// computes a geometry's envelope on first use and stores it (unsynchronised): a geometry read by several
// threads at once must have it cached first (cache_envelopes; io::InputLayer does it for every input
// feature, once, so the functions that take a thread count rely on it rather than doing it again).
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <geos_c.h>

class OGRGeometry;

namespace landrenew::geom {

/// This thread's GEOS context (created on first use, destroyed at thread exit).
GEOSContextHandle_t context();

/// The last error GEOS reported on this thread (its exception text), or "".
std::string last_error();

struct GeometryDeleter {
  void operator()(GEOSGeometry* g) const noexcept;
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* g) const noexcept;
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct Envelope {
  double minx = 0, miny = 0, maxx = 0, maxy = 0;
  bool intersects(const Envelope& o) const noexcept {
    return minx <= o.maxx && o.minx <= maxx && miny <= o.maxy && o.miny <= maxy;
  }
  /// Intersects with positive area (not only along an edge or at a corner).
  bool overlaps_interior(const Envelope& o) const noexcept {
    return minx < o.maxx && o.minx < maxx && miny < o.maxy && o.miny < maxy;
  }
};

struct Point {
  double x = 0, y = 0;
};

/// Converts an OGR geometry (already in the analysis CRS) to GEOS; nullptr with last_error() set when
/// GEOS refuses it (e.g. a ring with fewer than four points).
Geometry from_ogr(const OGRGeometry& g);

Geometry clone(const GEOSGeometry* g);
double area(const GEOSGeometry* g);
Envelope envelope(const GEOSGeometry* g);
/// Computes and stores the envelope of `g` and of each of its parts and rings, and its coordinate
/// sequences' dimension, so that threads reading `g` at once never race to store one (GEOS 3.11 stores
/// them on first use, without a lock).
void cache_envelopes(const GEOSGeometry* g);
bool is_empty(const GEOSGeometry* g);
int type_id(const GEOSGeometry* g);  ///< GEOS_POLYGON, GEOS_MULTIPOLYGON, ...
Prepared prepare(const GEOSGeometry* g);

/// A point guaranteed inside (or on) the geometry, for locating findings; nullopt for empty geometries.
std::optional<Point> point_on_surface(const GEOSGeometry* g);

/// `g` moved by (dx, dy); nullptr with last_error() set when GEOS fails.
Geometry translated(const GEOSGeometry* g, double dx, double dy);

/// Intersection; nullptr with last_error() set when GEOS fails.
Geometry intersection(const GEOSGeometry* a, const GEOSGeometry* b);

/// Area of the union of `parts` (GEOS unary union). Throws Error(internal) if GEOS fails.
Geometry union_of(std::span<const GEOSGeometry* const> parts);

/// The polygonal parts of `g` (Polygon or MultiPolygon), dropping points and lines; nullptr when none.
Geometry polygonal_parts(const GEOSGeometry* g);

/// Normalised WKB (GEOSNormalize, then WKB): equal bytes ⇔ the same geometry up to ring start and direction.
std::string normalised_wkb(const GEOSGeometry* g);

/// WKT for messages and tests, with `decimals` places.
std::string to_wkt(const GEOSGeometry* g, int decimals = 3);
/// Parses WKT (tests and fixtures); throws Error(internal) on failure.
Geometry from_wkt(const std::string& wkt);
/// An empty polygon (area 0): the footprint of a feature that has none.
Geometry empty_polygon();

}  // namespace landrenew::geom
