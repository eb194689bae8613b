// RULES.md 9: FAR before and after of parks, districts and renewal records (stages.hpp).
#include <span>

#include "pipeline/stages.hpp"

namespace landrenew::stages {

ZoneFarResult zone_far(const Inputs& in, const rules::ParcelAssessment& pa, const ZonesResult& zones,
                       const BuildingsResult& b, const ZoneFarConfig& config, unsigned threads) {
  const PolygonLayer& parcels = in.parcels;
  const std::vector<std::size_t>& industrial = pa.industrial;
  const std::size_t n = parcels.size();
  ZoneFarResult r;
  if (!b.before && !b.after) return r;
  rules::SnapshotResult empty_before, empty_after;
  const auto sized = [&](rules::SnapshotResult& s, const PolygonLayer& layer) {
    s.parcel_gfa_m2.assign(layer.size(), 0.0);
    s.parcel_footprint_m2.assign(layer.size(), 0.0);
    s.parcel_far.assign(layer.size(), std::nullopt);
    s.parcel_coverage.assign(layer.size(), std::nullopt);
  };
  sized(empty_before, parcels);
  const PolygonLayer& after_parcels = in.parcels_after ? *in.parcels_after : parcels;
  sized(empty_after, after_parcels);
  rules::SnapshotInput before{&parcels, industrial, b.before ? &*b.before : &empty_before};
  before.overlaps = &pa.overlaps;
  rules::SnapshotInput after{&after_parcels,
                             in.parcels_after ? std::span<const std::size_t>(b.industrial_after) : industrial,
                             b.after_own ? &*b.after_own : (b.after ? &*b.after : &empty_after)};
  if (!in.parcels_after) after.overlaps = before.overlaps;
  // The memberships of the zones stage, for the industrial parcels only (RULES.md 9 counts those).
  const auto industrial_only = [&](const std::vector<std::optional<std::size_t>>& all) {
    std::vector<std::optional<std::size_t>> out(n);
    for (auto p : industrial)
      out[p] = all[p];
    return out;
  };
  if (zones.parks) {
    const auto members = industrial_only(zones.parcel_park);
    before.membership = &members;
    after.membership = in.parcels_after ? nullptr : &members;
    r.park_far =
        rules::zone_far(*zones.parks, config.park_majority, before, after, config.uplift_target, threads);
  }
  if (zones.districts) {
    const auto members = industrial_only(zones.parcel_district);
    before.membership = &members;
    after.membership = in.parcels_after ? nullptr : &members;
    r.district_far = rules::zone_far(*zones.districts, 0.0, before, after, config.uplift_target, threads);
  }
  before.membership = after.membership = nullptr;
  if (in.renewal) {
    rules::ZoneIndex records(*in.renewal, field_name(RegisterField::id), field_name(RegisterField::name));
    r.renewal_far =
        rules::zone_far(records, config.park_majority, before, after, config.uplift_target, threads);
  }
  return r;
}

}  // namespace landrenew::stages
