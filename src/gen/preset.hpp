#pragma once
// The three presets: which region, how big, and the public facts the synthetic geography is built from.

#include <string>
#include <utility>
#include <vector>

namespace landrenew::gen {

// A county-level unit (demo, city) or a prefecture-level city (province): GB/T 2260 code, name, the
// approximate CGCS2000 position of its seat and its official land area.
struct RegionSpec {
  std::string code;
  std::string name;
  double lon = 0;
  double lat = 0;
  double area_km2 = 0;
  std::vector<std::string> towns;  // real town names where known; otherwise synthetic ones are made up
};

// Which land-use code scheme a park's register mostly uses (DOMAIN.md §3).
enum class LandScheme { gb21010 = 0, gb2023 = 1, gb50137 = 2 };

// Age drives parcel size, dates and density: old parks are dense, small-plot and low-efficiency.
enum class ParkAge { young = 0, middle = 1, old = 2 };

struct ParkSpec {
  std::string id;
  std::string name;
  std::string kind;        // 平台 or 园区
  std::string level;       // 国家级 / 省级 / 市级
  std::string industries;  // leading industries, ';'-joined
  std::size_t region = 0;  // index into Preset::regions where the park should lie
  double lon = 0;          // nominal centre; moved if it does not fit its district
  double lat = 0;
  double weight = 1;  // relative number of parcels
  ParkAge age = ParkAge::middle;
  double far_base = 0.7;  // typical baseline (2022) FAR of its working parcels
  double efficiency = 0;  // shifts the enterprises' per-mu figures, in log units (about -0.6 .. +0.6)
  double renewal = 0.1;   // share of its industrial area put into the renewal register
  LandScheme scheme = LandScheme::gb21010;
};

enum class PresetKind { demo, city, province };

struct Preset {
  PresetKind kind = PresetKind::demo;
  std::string name;
  std::string city_name;  // prefix of addresses for demo/city (湖州市)
  std::vector<RegionSpec> regions;
  std::vector<std::pair<double, double>> hull;  // hand-made outline, lon/lat
  std::vector<ParkSpec> parks;                  // demo/city: fixed list; province: generated
  long target_parcels = 3000;
  double outside_share = 0.12;        // industrial parcels in village clusters outside parks
  double buildings_per_parcel = 2.5;  // mean over built parcels, per snapshot
  double noise_wavelength_m = 9000;   // of the boundary wiggle
  int parks_per_region_min = 10;      // province only
  int parks_per_region_max = 15;
  // Planted defects, per parcel (rates) or absolute.
  double rate_invalid_ring = 0.005;
  double rate_duplicate_geometry = 0.004;
  double rate_overlap = 0.008;  // about half the draws find a suitable neighbour
  double rate_duplicate_id = 0.005;
  double rate_area_mismatch = 0.01;
  int null_geometries = 3;
  long gpkg_batch = 100000;
  bool print_far = false;
};

Preset make_preset(const std::string& name);  // throws GenError for an unknown name

}  // namespace landrenew::gen
