#include "geography.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "error.hpp"
#include "rng.hpp"

namespace landrenew::gen {

BoundaryNoise::BoundaryNoise(std::uint64_t seed, double wavelength_m) {
  Rng rng(seed, "boundary-noise");
  // Four octaves from 2.2x to 0.2x the nominal wavelength. Amplitudes are chosen so that the sum of
  // |gradient| over all waves of one axis is 0.45: the Jacobian of p -> p + d(p) stays invertible.
  const double scales[] = {2.2, 1.0, 0.45, 0.2};
  const double max_gradient = 0.45;
  for (auto* waves : {&m_x, &m_y}) {
    for (double s : scales) {
      const double lambda = wavelength_m * s * rng.uniform(0.85, 1.15);
      const double dir = rng.uniform(0, 2 * M_PI);
      const double k = 2 * M_PI / lambda;
      const double amplitude = max_gradient / (4 * k);
      waves->push_back({k * std::cos(dir), k * std::sin(dir), rng.uniform(0, 2 * M_PI), amplitude});
    }
  }
  m_step = wavelength_m * 0.2 * 0.85 / 8;
}

Pt BoundaryNoise::displace(Pt p) const {
  double dx = 0, dy = 0;
  for (const auto& w : m_x)
    dx += w.amplitude * std::sin(w.kx * p.x + w.ky * p.y + w.phase);
  for (const auto& w : m_y)
    dy += w.amplitude * std::sin(w.kx * p.x + w.ky * p.y + w.phase);
  return {p.x + dx, p.y + dy};
}

namespace {

// Sutherland-Hodgman clip of a convex ring to the half-plane a*x + b*y <= c.
Ring clip_halfplane(const Ring& poly, double a, double b, double c) {
  Ring out;
  if (poly.size() < 4) return out;
  for (std::size_t i = 0; i + 1 < poly.size(); ++i) {
    const Pt& p = poly[i];
    const Pt& q = poly[i + 1];
    const double fp = a * p.x + b * p.y - c;
    const double fq = a * q.x + b * q.y - c;
    if (fp <= 0) out.push_back(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const double t = fp / (fp - fq);
      out.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
    }
  }
  if (out.size() < 3) return {};
  out.push_back(out.front());
  return out;
}

// Densify segment a-b into equal parts and return the points from a (included) up to b (excluded).
// The points are computed from the lexicographically smaller end, so the segment b-a of the neighbouring
// face yields exactly the same coordinates.
void densify_segment(Pt a, Pt b, double step, Ring& out) {
  const bool flip = (b.x < a.x) || (b.x == a.x && b.y < a.y);
  const Pt p = flip ? b : a;
  const Pt q = flip ? a : b;
  const double len = std::hypot(q.x - p.x, q.y - p.y);
  const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
  std::vector<Pt> pts(static_cast<std::size_t>(n) + 1);
  for (int k = 0; k <= n; ++k) {
    const double t = static_cast<double>(k) / n;
    pts[static_cast<std::size_t>(k)] = {p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t};
  }
  pts.front() = p;
  pts.back() = q;
  if (flip) std::reverse(pts.begin(), pts.end());
  out.insert(out.end(), pts.begin(), pts.end() - 1);
}

Ring warp_ring(const Ring& r, const BoundaryNoise& noise) {
  Ring dense;
  for (std::size_t i = 0; i + 1 < r.size(); ++i)
    densify_segment(r[i], r[i + 1], noise.step(), dense);
  Ring out;
  out.reserve(dense.size() + 1);
  for (const auto& p : dense)
    out.push_back(round_cm(noise.displace(p)));
  out.push_back(out.front());
  return out;
}

struct Site {
  Pt p;
  double w = 0;
};

double power(const Site& s, Pt x) {
  return (x.x - s.p.x) * (x.x - s.p.x) + (x.y - s.p.y) * (x.y - s.p.y) - s.w;
}

// Power cell of site i inside `box`: intersection of the half-planes where site i has the lowest power.
Ring power_cell(const std::vector<Site>& sites, std::size_t i, const Ring& box) {
  Ring cell = box;
  const Pt pi = sites[i].p;
  for (std::size_t j = 0; j < sites.size() && !cell.empty(); ++j) {
    if (j == i) continue;
    const Pt pj = sites[j].p;
    const double a = 2 * (pj.x - pi.x);
    const double b = 2 * (pj.y - pi.y);
    const double c = (pj.x * pj.x + pj.y * pj.y) - (pi.x * pi.x + pi.y * pi.y) - sites[j].w + sites[i].w;
    cell = clip_halfplane(cell, a, b, c);
  }
  return cell;
}

Ring shift(const Ring& r, Pt d) {
  Ring out(r);
  for (auto& p : out)
    p = {p.x + d.x, p.y + d.y};
  return out;
}

// One partition for the current weights. Cell boundaries and the outline are noded together (snap-rounded
// to 1 cm, so the two copies of a shared bisector coincide), polygonized into faces, and each face inside
// the outline goes to the site of lowest power at an interior point. Faces are warped before the per-site
// union, so shared boundaries stay identical.
std::vector<MultiPolygon> partition(const GeosContext& geos, const std::vector<Site>& sites, const Ring& hull,
                                    const GeosGeom& hull_geom, const BoundaryNoise& noise, Pt origin) {
  Box b = bbox(hull);
  const double pad = std::max(b.maxx - b.minx, b.maxy - b.miny);
  const Ring box = {{b.minx - pad - origin.x, b.miny - pad - origin.y},
                    {b.maxx + pad - origin.x, b.miny - pad - origin.y},
                    {b.maxx + pad - origin.x, b.maxy + pad - origin.y},
                    {b.minx - pad - origin.x, b.maxy + pad - origin.y},
                    {b.minx - pad - origin.x, b.miny - pad - origin.y}};
  std::vector<GeosGeom> lines;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    Ring cell = power_cell(sites, i, box);
    if (!cell.empty()) lines.push_back(make_linestring(geos, shift(cell, origin)));
  }
  lines.push_back(make_linestring(geos, hull));
  GeosGeom all = make_collection(geos, GEOS_MULTILINESTRING, std::move(lines));
  GeosGeom noded(geos, GEOSUnaryUnionPrec_r(geos.get(), all.get(), 0.01));
  const GEOSGeometry* inputs[] = {noded.get()};
  GeosGeom faces(geos, GEOSPolygonize_r(geos.get(), inputs, 1));

  std::vector<std::vector<GeosGeom>> per_site(sites.size());
  const int nfaces = GEOSGetNumGeometries_r(geos.get(), faces.get());
  for (int f = 0; f < nfaces; ++f) {
    const GEOSGeometry* face = GEOSGetGeometryN_r(geos.get(), faces.get(), f);
    GeosGeom face_copy(geos, GEOSGeom_clone_r(geos.get(), face));
    const Pt inside = point_on_surface(geos, face_copy);
    if (!geos_contains_point(geos, hull_geom, inside)) continue;
    std::size_t best = 0;
    const Pt local{inside.x - origin.x, inside.y - origin.y};
    for (std::size_t i = 1; i < sites.size(); ++i) {
      if (power(sites[i], local) < power(sites[best], local)) best = i;
    }
    for (auto& poly : to_multipolygon(geos, face)) {
      Polygon warped{warp_ring(poly.outer, noise), {}};
      for (const auto& h : poly.holes)
        warped.holes.push_back(warp_ring(h, noise));
      per_site[best].push_back(make_geos(geos, warped));
    }
  }
  std::vector<MultiPolygon> out(sites.size());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (per_site[i].empty()) continue;
    GeosGeom coll = make_collection(geos, GEOS_GEOMETRYCOLLECTION, std::move(per_site[i]));
    GeosGeom u(geos, GEOSUnaryUnion_r(geos.get(), coll.get()));
    out[i] = to_multipolygon(geos, u.get());
  }
  return out;
}

}  // namespace

Geography build_geography(const Preset& preset, std::uint64_t seed, const GeosContext& geos,
                          const Projector& projector) {
  const BoundaryNoise noise(seed, preset.noise_wavelength_m);
  double total_target = 0;
  for (const auto& r : preset.regions)
    total_target += r.area_km2 * 1e6;

  Ring hull0;
  for (const auto& [lon, lat] : preset.hull)
    hull0.push_back(projector.to_projected(lon, lat));
  hull0.push_back(hull0.front());
  if (ring_signed_area(hull0) < 0) std::reverse(hull0.begin(), hull0.end());
  Pt c{0, 0};
  for (std::size_t i = 0; i + 1 < hull0.size(); ++i)
    c = {c.x + hull0[i].x, c.y + hull0[i].y};
  c = {c.x / static_cast<double>(hull0.size() - 1), c.y / static_cast<double>(hull0.size() - 1)};

  // Scale the outline about its vertex centroid until the warped outline has the official total area.
  double scale = 1;
  Ring hull;
  for (int it = 0; it < 6; ++it) {
    hull.clear();
    for (const auto& p : hull0)
      hull.push_back(round_cm(Pt{c.x + scale * (p.x - c.x), c.y + scale * (p.y - c.y)}));
    scale *= std::sqrt(total_target / ring_area(warp_ring(hull, noise)));
  }
  GeosGeom hull_geom = make_geos(geos, hull);

  std::vector<Site> sites;
  for (const auto& r : preset.regions) {
    const Pt p = projector.to_projected(r.lon, r.lat);
    sites.push_back({{p.x - c.x, p.y - c.y}, 0});
  }
  std::vector<double> nearest(sites.size(), std::numeric_limits<double>::max());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    for (std::size_t j = 0; j < sites.size(); ++j) {
      if (i != j)
        nearest[i] =
            std::min(nearest[i], std::hypot(sites[i].p.x - sites[j].p.x, sites[i].p.y - sites[j].p.y));
    }
  }

  Geography geo;
  std::vector<MultiPolygon> cells;
  std::vector<double> areas(sites.size());
  const int max_iterations = 400;
  const double tolerance = 0.003;  // aim well inside the 1% promise; the 4490 round trip adds a little
  for (int it = 0; it < max_iterations; ++it) {
    cells = partition(geos, sites, hull, hull_geom, noise, c);
    double worst = 0;
    std::vector<double> perimeters(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) {
      areas[i] = multipolygon_area(cells[i]);
      double perim = 0;
      for (const auto& poly : cells[i]) {
        for (std::size_t k = 0; k + 1 < poly.outer.size(); ++k) {
          perim += std::hypot(poly.outer[k + 1].x - poly.outer[k].x, poly.outer[k + 1].y - poly.outer[k].y);
        }
      }
      perimeters[i] = std::max(perim, 1000.0);
      const double target = preset.regions[i].area_km2 * 1e6;
      worst = std::max(worst, std::fabs(areas[i] - target) / target);
    }
    geo.iterations = it + 1;
    geo.max_relative_error = worst;
    if (worst < tolerance) break;
    // Raising w_i by dw moves each of its bisectors out by dw / (2 d_ij): the area grows by about
    // perimeter * dw / (2 d). Damped, because the neighbours shrink at the same time.
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const double target = preset.regions[i].area_km2 * 1e6;
      sites[i].w += 0.5 * 2 * nearest[i] * (target - areas[i]) / perimeters[i];
    }
  }
  if (geo.max_relative_error > 0.01) {
    throw GenError("district areas did not converge (worst error " +
                   std::to_string(geo.max_relative_error * 100) + "%)");
  }
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const auto& r = preset.regions[i];
    geo.districts.push_back(
        {r.code, r.name, cells[i], areas[i], r.area_km2 * 1e6, projector.to_projected(r.lon, r.lat)});
  }
  return geo;
}

}  // namespace landrenew::gen
