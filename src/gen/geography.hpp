#pragma once
// Synthetic district boundaries: a power diagram (weighted Voronoi) of the real seats, clipped to a
// hand-made outline, with weights iterated until every cell has its official area. The boundaries are
// densified and bent by a smooth noise field so they do not look like straight bisectors.

#include <cstdint>
#include <string>
#include <vector>

#include "gdal_util.hpp"
#include "geometry.hpp"
#include "geos_util.hpp"
#include "preset.hpp"

namespace landrenew::gen {

struct District {
  std::string code;
  std::string name;
  MultiPolygon shape;  // EPSG:4549
  double area_m2 = 0;
  double target_m2 = 0;
  Pt seat;
};

struct Geography {
  std::vector<District> districts;
  int iterations = 0;
  double max_relative_error = 0;  // |area - official| / official, worst district
};

// A smooth displacement field: a few plane waves per axis whose summed gradient stays below 1/2, so
// the map is one-to-one and cannot fold a boundary over itself. A function of the coordinate alone, so a
// boundary shared by two districts moves identically in both.
class BoundaryNoise {
 public:
  BoundaryNoise(std::uint64_t seed, double wavelength_m);
  Pt displace(Pt p) const;
  double step() const { return m_step; }  // densification step that resolves the shortest wave

 private:
  struct Wave {
    double kx, ky, phase, amplitude;
  };
  std::vector<Wave> m_x;
  std::vector<Wave> m_y;
  double m_step = 0;
};

Geography build_geography(const Preset& preset, std::uint64_t seed, const GeosContext& geos,
                          const Projector& projector);

}  // namespace landrenew::gen
