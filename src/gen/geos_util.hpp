#pragma once
// RAII over the reentrant GEOS C API. GEOS is used only where topology matters: building the district
// partition, keeping parks inside districts. Parcels never go through it.

#include <string>
#include <vector>

#include <geos_c.h>

#include "geometry.hpp"

namespace landrenew::gen {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  GEOSContextHandle_t get() const { return m_handle; }
  const std::string& last_error() const { return m_error; }

 private:
  static void on_error(const char* message, void* self);
  GEOSContextHandle_t m_handle;
  std::string m_error;
};

class GeosGeom {
 public:
  GeosGeom() = default;
  GeosGeom(const GeosContext& ctx, GEOSGeometry* g);  // takes ownership; throws on null
  ~GeosGeom();
  GeosGeom(GeosGeom&& o) noexcept;
  GeosGeom& operator=(GeosGeom&& o) noexcept;
  GeosGeom(const GeosGeom&) = delete;
  GeosGeom& operator=(const GeosGeom&) = delete;

  const GEOSGeometry* get() const { return m_geom; }
  GEOSGeometry* release();
  explicit operator bool() const { return m_geom != nullptr; }

 private:
  GEOSContextHandle_t m_ctx = nullptr;
  GEOSGeometry* m_geom = nullptr;
};

class GeosPrepared {
 public:
  GeosPrepared(const GeosContext& ctx, const GeosGeom& g);
  ~GeosPrepared();
  GeosPrepared(const GeosPrepared&) = delete;
  GeosPrepared& operator=(const GeosPrepared&) = delete;
  bool contains(const GeosGeom& g) const;
  bool intersects(const GeosGeom& g) const;

 private:
  GEOSContextHandle_t m_ctx;
  const GEOSPreparedGeometry* m_prep;
};

GeosGeom make_geos(const GeosContext& ctx, const Ring& r);
GeosGeom make_geos(const GeosContext& ctx, const Polygon& p);
GeosGeom make_geos(const GeosContext& ctx, const MultiPolygon& m);
GeosGeom make_linestring(const GeosContext& ctx, const Ring& r);
// Collections take ownership of the members.
GeosGeom make_collection(const GeosContext& ctx, int type, std::vector<GeosGeom> members);

// Polygonal parts of any geometry, as plain coordinates.
MultiPolygon to_multipolygon(const GeosContext& ctx, const GEOSGeometry* g);
double geos_area(const GeosContext& ctx, const GeosGeom& g);
double geos_length(const GeosContext& ctx, const GeosGeom& g);
Pt point_on_surface(const GeosContext& ctx, const GeosGeom& g);
bool geos_contains_point(const GeosContext& ctx, const GeosGeom& g, Pt p);

}  // namespace landrenew::gen
