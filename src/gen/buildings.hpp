#pragma once
// Building footprints of a parcel in the 2022 baseline and the 2025 snapshot. The baseline follows the
// parcel's dates; the 2025 snapshot adds what was built since and what renewal changed (rebuilt denser,
// demolished after 收储). Unchanged buildings keep their id in both snapshots.

#include <optional>
#include <string>
#include <vector>

#include "parcels.hpp"
#include "preset.hpp"
#include "rng.hpp"
#include "sites.hpp"

namespace landrenew::gen {

struct Building {
  std::string id;
  Ring ring;
  int floors = 1;
  std::optional<double> height;
  std::optional<double> floor_area;
  int year = 0;
  double footprint = 0;
  bool straddles = false;  // planted: pushed across the parcel boundary
};

struct ParcelBuildings {
  std::vector<Building> before;  // buildings_2022
  std::vector<Building> after;   // buildings_2025
};

// Gross floor area by RULES.md rule 6: the floor-area field if set, else footprint x floors; doubled when
// the storey height (height / floors) is known and above 8 m.
double gross_floor_area(const Building& b);

class BuildingIds {
 public:
  std::string next(const std::string& district_code);

 private:
  long long m_next = 0;
};

ParcelBuildings make_buildings(const Site& site, const ParcelRec& parcel, const Preset& preset,
                               BuildingIds& ids, Rng& rng);

}  // namespace landrenew::gen
