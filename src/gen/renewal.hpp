#pragma once
// The renewal register (有机更新台账): records over one or several neighbouring parcels, with the
// inconsistencies real registers have (date formats, blank and unknown modes, repeated and overlapping
// records). Completed records also decide what the 2025 building snapshot shows.

#include <map>
#include <string>
#include <vector>

#include "geography.hpp"
#include "layout.hpp"
#include "parcels.hpp"
#include "rng.hpp"
#include "sites.hpp"

namespace landrenew::gen {

struct RenewalRecord {
  std::string xmbh, xmmc, gxms, wcrq, zt, xzqdm;
  std::vector<std::string> zddm;
  MultiPolygon footprint;
  // What was planted, for planted.json.
  Date true_date;
  std::string bad_date;      // "", "blank" or "garbage"
  std::string mode_problem;  // "", "blank" or "unknown"
  std::string repeat_of;     // XMBH of the record this one repeats (same ground, other year/mode)
  std::string overlaps;      // ZDDM of the parcel it reaches into
  std::size_t site = 0;
  std::vector<std::size_t> parcels;  // indices into the site's parcels
};

class RecordIds {
 public:
  std::string next(int year);

 private:
  std::map<int, int> m_per_year;
};

std::vector<RenewalRecord> plan_renewal(const Site& site, const District& district, const SiteLayout& layout,
                                        std::vector<ParcelRec>& parcels, RecordIds& ids, Rng& rng);

}  // namespace landrenew::gen
