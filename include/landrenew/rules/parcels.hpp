#pragma once
// The parcel layer's own checks and the industrial land it holds (DOMAIN.md §3, RULES.md 2–4).
#include <map>
#include <string>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/geom/overlaps.hpp"
#include "landrenew/io/layer.hpp"
#include "landrenew/rules/landuse.hpp"

namespace landrenew::rules {

struct ParcelAssessment {
  std::vector<LanduseMatch> landuse;             ///< per used parcel
  std::vector<std::size_t> industrial;           ///< indices of parcels that count as industrial, ascending
  std::map<std::string, std::size_t> by_scheme;  ///< industrial parcels per deciding scheme
  geom::OverlapAnalysis overlaps;                  ///< among industrial parcels
  double industrial_m2 = 0;                      ///< area of the union of industrial parcels (RULES.md 4)
  double industrial_mu() const;
};

/// Classifies land use, and reports: missing/unknown/ambiguous codes, duplicate parcel ids, exact duplicate
/// geometries (all parcels), overlaps between industrial parcels above the profile's minimum, and
/// registered areas that differ from the geometric area by more than the profile's tolerance. The geometry
/// searches use up to `threads` threads; the result and the findings are the same whatever the number.
/// `layer_codes`, when given, are the land-use values an ambiguous code is decided from (RULES.md 24) instead
/// of the layer's own: a partition's project pins the whole layer's (RULES.md 26).
ParcelAssessment assess_parcels(const PolygonLayer& parcels, const Profile& profile,
                                const std::string& landuse_scheme, Findings& findings, unsigned threads = 1,
                                const std::vector<std::string>* layer_codes = nullptr);

/// Findings for ids used by more than one feature of `layer` (kind "duplicate_id").
void report_duplicate_ids(const PolygonLayer& layer, std::string_view id_field, Findings& findings);

}  // namespace landrenew::rules
