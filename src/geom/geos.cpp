#include "landrenew/geom/geos.hpp"

#include <cstdarg>
#include <cstdio>

#include <ogr_geometry.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

namespace landrenew::geom {
namespace {

struct ThreadContext {
  GEOSContextHandle_t handle = nullptr;
  std::string last_error;
  ThreadContext() {
    handle = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(
        handle,
        [](const char* message, void* user) { static_cast<ThreadContext*>(user)->last_error = message; },
        this);
    GEOSContext_setNoticeMessageHandler_r(
        handle, [](const char*, void*) {}, nullptr);
  }
  ~ThreadContext() { GEOS_finish_r(handle); }
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;
};

ThreadContext& thread_context() {
  thread_local ThreadContext ctx;
  return ctx;
}

}  // namespace

GEOSContextHandle_t context() {
  return thread_context().handle;
}
std::string last_error() {
  return thread_context().last_error;
}

void GeometryDeleter::operator()(GEOSGeometry* g) const noexcept {
  if (g) GEOSGeom_destroy_r(context(), g);
}
void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const noexcept {
  if (g) GEOSPreparedGeom_destroy_r(context(), g);
}

Geometry from_ogr(const OGRGeometry& g) {
  thread_context().last_error.clear();
  return Geometry(g.exportToGEOS(context()));
}

Geometry clone(const GEOSGeometry* g) {
  return Geometry(GEOSGeom_clone_r(context(), g));
}

double area(const GEOSGeometry* g) {
  double a = 0;
  if (!GEOSArea_r(context(), g, &a)) throw Error(ErrorKind::internal, trf("GEOS area failed: {1}", last_error()));
  return a;
}

Envelope envelope(const GEOSGeometry* g) {
  Envelope e;
  if (!GEOSGeom_getExtent_r(context(), g, &e.minx, &e.miny, &e.maxx, &e.maxy)) return Envelope{};
  return e;
}

void cache_envelopes(const GEOSGeometry* g) {
  const GEOSContextHandle_t h = context();
  if (GEOSisEmpty_r(h, g) == 1) {
    // GEOS caches an empty envelope too; GEOSEnvelope_r is the C API call that asks for it.
    if (GEOSGeometry* e = GEOSEnvelope_r(h, g)) GEOSGeom_destroy_r(h, e);
  } else {
    double x = 0;
    GEOSGeom_getXMin_r(h, g, &x);
  }
  // Coordinate sequences also find their dimension on first use and store it: asked here, for every ring.
  GEOSGeom_getCoordinateDimension_r(h, g);
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (const GEOSGeometry* shell = GEOSGetExteriorRing_r(h, g)) cache_envelopes(shell);
    const int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < holes; ++i)
      cache_envelopes(GEOSGetInteriorRingN_r(h, g, i));
  } else if (type == GEOS_MULTIPOINT || type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON ||
             type == GEOS_GEOMETRYCOLLECTION) {
    const int parts = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < parts; ++i)
      cache_envelopes(GEOSGetGeometryN_r(h, g, i));
  }
}

bool is_empty(const GEOSGeometry* g) {
  return GEOSisEmpty_r(context(), g) == 1;
}

int type_id(const GEOSGeometry* g) {
  return GEOSGeomTypeId_r(context(), g);
}

Prepared prepare(const GEOSGeometry* g) {
  return Prepared(GEOSPrepare_r(context(), g));
}

std::optional<Point> point_on_surface(const GEOSGeometry* g) {
  if (!g || is_empty(g)) return std::nullopt;
  Geometry p(GEOSPointOnSurface_r(context(), g));
  if (!p || is_empty(p.get())) return std::nullopt;
  Point out;
  GEOSGeomGetX_r(context(), p.get(), &out.x);
  GEOSGeomGetY_r(context(), p.get(), &out.y);
  return out;
}

Geometry translated(const GEOSGeometry* g, double dx, double dy) {
  Point d{dx, dy};
  return Geometry(GEOSGeom_transformXY_r(
      context(), g,
      [](double* x, double* y, void* user) {
        const auto* o = static_cast<const Point*>(user);
        *x += o->x;
        *y += o->y;
        return 1;
      },
      &d));
}

Geometry intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  return Geometry(GEOSIntersection_r(context(), a, b));
}

Geometry union_of(std::span<const GEOSGeometry* const> parts) {
  std::vector<GEOSGeometry*> clones;
  clones.reserve(parts.size());
  for (const auto* p : parts)
    clones.push_back(GEOSGeom_clone_r(context(), p));
  // The collection takes ownership of the clones.
  Geometry collection(GEOSGeom_createCollection_r(context(), GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                  static_cast<unsigned>(clones.size())));
  if (!collection) throw Error(ErrorKind::internal, trf("GEOS could not build a collection: {1}", last_error()));
  Geometry u(GEOSUnaryUnion_r(context(), collection.get()));
  if (!u) throw Error(ErrorKind::internal, trf("GEOS union failed: {1}", last_error()));
  return u;
}

Geometry polygonal_parts(const GEOSGeometry* g) {
  const int t = type_id(g);
  if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) return is_empty(g) ? nullptr : clone(g);
  if (t != GEOS_GEOMETRYCOLLECTION) return nullptr;
  std::vector<GEOSGeometry*> polys;
  const int n = GEOSGetNumGeometries_r(context(), g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(context(), g, i);
    const int pt = type_id(part);
    if (pt == GEOS_POLYGON && !is_empty(part)) {
      polys.push_back(GEOSGeom_clone_r(context(), part));
    } else if (pt == GEOS_MULTIPOLYGON || pt == GEOS_GEOMETRYCOLLECTION) {
      Geometry sub = polygonal_parts(part);
      if (!sub) continue;
      const int m = GEOSGetNumGeometries_r(context(), sub.get());
      for (int j = 0; j < m; ++j)
        polys.push_back(GEOSGeom_clone_r(context(), GEOSGetGeometryN_r(context(), sub.get(), j)));
    }
  }
  if (polys.empty()) return nullptr;
  if (polys.size() == 1) return Geometry(polys.front());
  return Geometry(GEOSGeom_createCollection_r(context(), GEOS_MULTIPOLYGON, polys.data(),
                                              static_cast<unsigned>(polys.size())));
}

std::string normalised_wkb(const GEOSGeometry* g) {
  Geometry n = clone(g);
  GEOSNormalize_r(context(), n.get());
  GEOSWKBWriter* w = GEOSWKBWriter_create_r(context());
  std::size_t size = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(context(), w, n.get(), &size);
  std::string out(reinterpret_cast<const char*>(bytes), size);
  GEOSFree_r(context(), bytes);
  GEOSWKBWriter_destroy_r(context(), w);
  return out;
}

std::string to_wkt(const GEOSGeometry* g, int decimals) {
  GEOSWKTWriter* w = GEOSWKTWriter_create_r(context());
  GEOSWKTWriter_setRoundingPrecision_r(context(), w, decimals);
  GEOSWKTWriter_setTrim_r(context(), w, 1);
  char* text = GEOSWKTWriter_write_r(context(), w, g);
  std::string out = text ? text : "";
  GEOSFree_r(context(), text);
  GEOSWKTWriter_destroy_r(context(), w);
  return out;
}

Geometry empty_polygon() {
  return Geometry(GEOSGeom_createEmptyPolygon_r(context()));
}

Geometry from_wkt(const std::string& wkt) {
  GEOSWKTReader* r = GEOSWKTReader_create_r(context());
  Geometry g(GEOSWKTReader_read_r(context(), r, wkt.c_str()));
  GEOSWKTReader_destroy_r(context(), r);
  if (!g) throw Error(ErrorKind::internal, "bad WKT '" + wkt + "': " + last_error());
  return g;
}

}  // namespace landrenew::geom
