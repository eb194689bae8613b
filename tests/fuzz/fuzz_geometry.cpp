// libFuzzer target: geometry ingestion and repair. The input is WKB (ISO or extended); like the reader
// (src/io/reader.cpp) it linearises curves, keeps polygonal types, drops Z/M and refuses non-finite
// coordinates, then converts to GEOS (geom::from_ogr) and validates and repairs (geom::validate_and_repair).
// The CRS box and transformation are left out: under a CRS without a known zone any finite coordinate
// (1e300) reaches GEOS.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <ogr_geometry.h>

#include "landrenew/geom/geos.hpp"
#include "landrenew/geom/repair.hpp"

namespace {
struct OgrDeleter {
  void operator()(OGRGeometry* g) const noexcept { OGRGeometryFactory::destroyGeometry(g); }
};
using OgrPtr = std::unique_ptr<OGRGeometry, OgrDeleter>;

bool finite(const OGRGeometry& g) {
  OGREnvelope e;
  g.getEnvelope(&e);
  if (!(std::isfinite(e.MinX) && std::isfinite(e.MaxX) && std::isfinite(e.MinY) && std::isfinite(e.MaxY)))
    return false;
  // An envelope skips NaN (comparisons with NaN are false): check every vertex too.
  if (wkbFlatten(g.getGeometryType()) == wkbPolygon) {
    for (const auto* ring : *g.toPolygon())
      for (const auto& p : *ring)
        if (!std::isfinite(p.getX()) || !std::isfinite(p.getY())) return false;
    return true;
  }
  if (OGR_GT_IsSubClassOf(wkbFlatten(g.getGeometryType()), wkbGeometryCollection)) {
    for (const auto* part : *g.toGeometryCollection())
      if (!finite(*part)) return false;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(data, nullptr, &raw, size, wkbVariantIso) != OGRERR_NONE) {
    if (raw) OGRGeometryFactory::destroyGeometry(raw);
    return 0;
  }
  OgrPtr g(raw);
  if (OGR_GT_IsNonLinear(g->getGeometryType())) g.reset(g->getLinearGeometry());
  if (!g) return 0;
  const auto flat = wkbFlatten(g->getGeometryType());
  if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbGeometryCollection) return 0;
  g->flattenTo2D();
  if (!finite(*g)) return 0;

  landrenew::geom::Geometry gg = landrenew::geom::from_ogr(*g);
  if (!gg) return 0;
  landrenew::geom::RepairOutcome r = landrenew::geom::validate_and_repair(std::move(gg));
  if (r.status == landrenew::geom::RepairOutcome::Status::rejected) {
    if (r.geometry || r.kind.empty()) __builtin_trap();
    return 0;
  }
  if (!r.geometry) __builtin_trap();
  const int t = landrenew::geom::type_id(r.geometry.get());
  if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) __builtin_trap();  // only polygonal parts are kept
  (void)landrenew::geom::area(r.geometry.get());
  (void)landrenew::geom::point_on_surface(r.geometry.get());
  (void)landrenew::geom::normalised_wkb(r.geometry.get());
  return 0;
}
