#pragma once
// Where parcels go: parks (rotated street grids of a few km²) and village clusters outside parks.

#include <cstdint>
#include <string>
#include <vector>

#include "gdal_util.hpp"
#include "geography.hpp"
#include "geometry.hpp"
#include "geos_util.hpp"
#include "preset.hpp"

namespace landrenew::gen {

struct Site {
  std::size_t index = 0;
  bool is_park = false;
  std::size_t park = 0;  // index into SitePlan::parks when is_park
  std::size_t district = 0;
  Frame frame;  // local frame: the site is [0, width] x [0, height]
  double width = 0;
  double height = 0;
  bool notched = false;  // L-shaped park: the corner u > notch_u, v > notch_v is left out
  double notch_u = 0;
  double notch_v = 0;
  ParkAge age = ParkAge::middle;
  double far_base = 0.7;
  double efficiency = 0;
  double renewal = 0.1;
  double parcel_median_mu = 14;
  double parcel_sigma = 0.75;
  int target_parcels = 0;
  LandScheme scheme = LandScheme::gb21010;
  std::string town;
  int cadastral_zone = 0;  // the 6 digits after the district code in ZDDM
};

struct Park {
  ParkSpec spec;
  std::size_t district = 0;
  std::size_t site = 0;
  Polygon outline;
};

struct SitePlan {
  std::vector<Park> parks;
  std::vector<Site> sites;  // parks first, then village clusters
};

Polygon site_outline(const Site& s);
SitePlan plan_sites(const Preset& preset, const Geography& geo, std::uint64_t seed, const GeosContext& geos,
                    const Projector& projector);

}  // namespace landrenew::gen
