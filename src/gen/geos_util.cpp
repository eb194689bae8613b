#include "geos_util.hpp"

#include <utility>

#include "error.hpp"

namespace landrenew::gen {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
  if (!m_handle) throw GenError("cannot initialise GEOS");
  GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() {
  GEOS_finish_r(m_handle);
}

void GeosContext::on_error(const char* message, void* self) {
  static_cast<GeosContext*>(self)->m_error = message;
}

GeosGeom::GeosGeom(const GeosContext& ctx, GEOSGeometry* g) : m_ctx(ctx.get()), m_geom(g) {
  if (!g) throw GenError("GEOS operation failed: " + ctx.last_error());
}

GeosGeom::~GeosGeom() {
  if (m_geom) GEOSGeom_destroy_r(m_ctx, m_geom);
}

GeosGeom::GeosGeom(GeosGeom&& o) noexcept : m_ctx(o.m_ctx), m_geom(std::exchange(o.m_geom, nullptr)) {}

GeosGeom& GeosGeom::operator=(GeosGeom&& o) noexcept {
  if (this != &o) {
    if (m_geom) GEOSGeom_destroy_r(m_ctx, m_geom);
    m_ctx = o.m_ctx;
    m_geom = std::exchange(o.m_geom, nullptr);
  }
  return *this;
}

GEOSGeometry* GeosGeom::release() {
  return std::exchange(m_geom, nullptr);
}

GeosPrepared::GeosPrepared(const GeosContext& ctx, const GeosGeom& g)
    : m_ctx(ctx.get()), m_prep(GEOSPrepare_r(ctx.get(), g.get())) {
  if (!m_prep) throw GenError("GEOS prepare failed: " + ctx.last_error());
}

GeosPrepared::~GeosPrepared() {
  GEOSPreparedGeom_destroy_r(m_ctx, m_prep);
}

bool GeosPrepared::contains(const GeosGeom& g) const {
  return GEOSPreparedContains_r(m_ctx, m_prep, g.get()) == 1;
}
bool GeosPrepared::intersects(const GeosGeom& g) const {
  return GEOSPreparedIntersects_r(m_ctx, m_prep, g.get()) == 1;
}

namespace {
GEOSCoordSequence* make_seq(const GeosContext& ctx, const Ring& r) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.get(), static_cast<unsigned>(r.size()), 2);
  if (!seq) throw GenError("GEOS: cannot allocate coordinates");
  for (std::size_t i = 0; i < r.size(); ++i)
    GEOSCoordSeq_setXY_r(ctx.get(), seq, static_cast<unsigned>(i), r[i].x, r[i].y);
  return seq;
}

GEOSGeometry* make_linear_ring(const GeosContext& ctx, const Ring& r) {
  GEOSGeometry* g = GEOSGeom_createLinearRing_r(ctx.get(), make_seq(ctx, r));
  if (!g) throw GenError("GEOS: cannot build a ring: " + ctx.last_error());
  return g;
}

Ring ring_from(const GeosContext& ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx.get(), seq, &n);
  Ring r(n);
  for (unsigned i = 0; i < n; ++i)
    GEOSCoordSeq_getXY_r(ctx.get(), seq, i, &r[i].x, &r[i].y);
  return r;
}

void collect_polygons(const GeosContext& ctx, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(ctx.get(), g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx.get(), g) == 1) return;
    Polygon p;
    p.outer = ring_from(ctx, GEOSGetExteriorRing_r(ctx.get(), g));
    const int nholes = GEOSGetNumInteriorRings_r(ctx.get(), g);
    for (int i = 0; i < nholes; ++i)
      p.holes.push_back(ring_from(ctx, GEOSGetInteriorRingN_r(ctx.get(), g, i)));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx.get(), g);
    for (int i = 0; i < n; ++i)
      collect_polygons(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), out);
  }
}
}  // namespace

GeosGeom make_geos(const GeosContext& ctx, const Ring& r) {
  return GeosGeom(ctx, GEOSGeom_createPolygon_r(ctx.get(), make_linear_ring(ctx, r), nullptr, 0));
}

GeosGeom make_geos(const GeosContext& ctx, const Polygon& p) {
  std::vector<GEOSGeometry*> holes;
  for (const auto& h : p.holes)
    holes.push_back(make_linear_ring(ctx, h));
  return GeosGeom(ctx, GEOSGeom_createPolygon_r(ctx.get(), make_linear_ring(ctx, p.outer), holes.data(),
                                                static_cast<unsigned>(holes.size())));
}

GeosGeom make_geos(const GeosContext& ctx, const MultiPolygon& m) {
  std::vector<GeosGeom> parts;
  for (const auto& p : m)
    parts.push_back(make_geos(ctx, p));
  return make_collection(ctx, GEOS_MULTIPOLYGON, std::move(parts));
}

GeosGeom make_linestring(const GeosContext& ctx, const Ring& r) {
  return GeosGeom(ctx, GEOSGeom_createLineString_r(ctx.get(), make_seq(ctx, r)));
}

GeosGeom make_collection(const GeosContext& ctx, int type, std::vector<GeosGeom> members) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(members.size());
  for (auto& m : members)
    raw.push_back(m.release());
  return GeosGeom(
      ctx, GEOSGeom_createCollection_r(ctx.get(), type, raw.data(), static_cast<unsigned>(raw.size())));
}

MultiPolygon to_multipolygon(const GeosContext& ctx, const GEOSGeometry* g) {
  MultiPolygon out;
  collect_polygons(ctx, g, out);
  return out;
}

double geos_area(const GeosContext& ctx, const GeosGeom& g) {
  double a = 0;
  if (!GEOSArea_r(ctx.get(), g.get(), &a)) throw GenError("GEOS area failed");
  return a;
}

double geos_length(const GeosContext& ctx, const GeosGeom& g) {
  double l = 0;
  if (!GEOSLength_r(ctx.get(), g.get(), &l)) throw GenError("GEOS length failed");
  return l;
}

Pt point_on_surface(const GeosContext& ctx, const GeosGeom& g) {
  GeosGeom p(ctx, GEOSPointOnSurface_r(ctx.get(), g.get()));
  Pt out;
  GEOSGeomGetX_r(ctx.get(), p.get(), &out.x);
  GEOSGeomGetY_r(ctx.get(), p.get(), &out.y);
  return out;
}

bool geos_contains_point(const GeosContext& ctx, const GeosGeom& g, Pt p) {
  GeosGeom pt(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y));
  return GEOSContains_r(ctx.get(), g.get(), pt.get()) == 1;
}

}  // namespace landrenew::gen
