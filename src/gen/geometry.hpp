#pragma once
// Plain coordinate geometry. Parcels and buildings are built with this, not with GEOS, so a province
// of a million parcels streams through without holding geometry objects.

#include <algorithm>
#include <cmath>
#include <vector>

namespace landrenew::gen {

struct Pt {
  double x = 0;
  double y = 0;
};
inline bool operator==(const Pt& a, const Pt& b) {
  return a.x == b.x && a.y == b.y;
}

using Ring = std::vector<Pt>;  // closed: front() == back()
struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};
using MultiPolygon = std::vector<Polygon>;

// Coordinates are stored to the centimetre, like a cadastral survey file.
inline double round_cm(double v) {
  return std::round(v * 100.0) / 100.0;
}
inline Pt round_cm(Pt p) {
  return {round_cm(p.x), round_cm(p.y)};
}

// Signed shoelace area (positive when counter-clockwise), relative to the first vertex for precision.
inline double ring_signed_area(const Ring& r) {
  if (r.size() < 4) return 0;
  double s = 0;
  const Pt o = r.front();
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    s += (r[i].x - o.x) * (r[i + 1].y - o.y) - (r[i + 1].x - o.x) * (r[i].y - o.y);
  }
  return s / 2;
}
inline double ring_area(const Ring& r) {
  return std::fabs(ring_signed_area(r));
}
inline double polygon_area(const Polygon& p) {
  double a = ring_area(p.outer);
  for (const auto& h : p.holes)
    a -= ring_area(h);
  return a;
}
inline double multipolygon_area(const MultiPolygon& m) {
  double a = 0;
  for (const auto& p : m)
    a += polygon_area(p);
  return a;
}

struct Box {
  double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
  void add(Pt p) {
    minx = std::min(minx, p.x);
    miny = std::min(miny, p.y);
    maxx = std::max(maxx, p.x);
    maxy = std::max(maxy, p.y);
  }
  bool intersects(const Box& o) const {
    return minx <= o.maxx && o.minx <= maxx && miny <= o.maxy && o.miny <= maxy;
  }
  Box grown(double d) const { return {minx - d, miny - d, maxx + d, maxy + d}; }
};
inline Box bbox(const Ring& r) {
  Box b;
  for (const auto& p : r)
    b.add(p);
  return b;
}

// A rotated local frame: u along the street grid, v across it. Every world coordinate of a site goes
// through to_world, so the same (u, v) always gives the same rounded point and neighbouring parcels share
// their corners bit for bit.
struct Frame {
  Pt origin;
  double cos_a = 1;
  double sin_a = 0;
  static Frame make(Pt origin, double angle_rad) {
    return {origin, std::cos(angle_rad), std::sin(angle_rad)};
  }
  Pt to_world(double u, double v) const {
    return round_cm(Pt{origin.x + u * cos_a - v * sin_a, origin.y + u * sin_a + v * cos_a});
  }
};

// Axis-aligned rectangle in a frame, counter-clockwise.
inline Ring frame_rect(const Frame& f, double u0, double v0, double u1, double v1) {
  return {f.to_world(u0, v0), f.to_world(u1, v0), f.to_world(u1, v1), f.to_world(u0, v1), f.to_world(u0, v0)};
}

}  // namespace landrenew::gen
