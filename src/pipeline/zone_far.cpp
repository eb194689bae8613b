// RULES.md 9: FAR before and after of parks, districts and renewal records (stages.hpp).
#include <span>

#include "pipeline/stages.hpp"

namespace landrenew::stages {

void zone_far(Analysis& a, unsigned threads) {
  const Inputs& in = a.check.inputs;
  const Profile& profile = in.profile;
  const PolygonLayer& parcels = in.parcels;
  const std::vector<std::size_t>& industrial = a.check.parcels.industrial;
  const std::size_t n = parcels.size();
  if (!a.before && !a.after) return;
  SnapshotResult empty_before, empty_after;
  const auto sized = [&](SnapshotResult& s, const PolygonLayer& layer) {
    s.parcel_gfa_m2.assign(layer.size(), 0.0);
    s.parcel_footprint_m2.assign(layer.size(), 0.0);
    s.parcel_far.assign(layer.size(), std::nullopt);
    s.parcel_coverage.assign(layer.size(), std::nullopt);
  };
  sized(empty_before, parcels);
  const PolygonLayer& after_parcels = in.parcels_after ? *in.parcels_after : parcels;
  sized(empty_after, after_parcels);
  SnapshotInput before{&parcels, industrial, a.before ? &*a.before : &empty_before};
  before.overlaps = &a.check.parcels.overlaps;
  SnapshotInput after{
      &after_parcels, in.parcels_after ? std::span<const std::size_t>(a.industrial_after) : industrial,
      a.after_own ? &*a.after_own : (a.after ? &*a.after : &empty_after)};
  if (!in.parcels_after) after.overlaps = before.overlaps;
  // The memberships of the zones stage, for the industrial parcels only (RULES.md 9 counts those).
  const auto industrial_only = [&](const std::vector<std::optional<std::size_t>>& all) {
    std::vector<std::optional<std::size_t>> out(n);
    for (auto p : industrial)
      out[p] = all[p];
    return out;
  };
  if (a.parks) {
    const auto members = industrial_only(a.parcel_park);
    before.membership = &members;
    after.membership = in.parcels_after ? nullptr : &members;
    a.park_far =
        zone_far(*a.parks, profile.park_majority, before, after, profile.far_uplift_target, threads);
  }
  if (a.districts) {
    const auto members = industrial_only(a.parcel_district);
    before.membership = &members;
    after.membership = in.parcels_after ? nullptr : &members;
    a.district_far = zone_far(*a.districts, 0.0, before, after, profile.far_uplift_target, threads);
  }
  before.membership = after.membership = nullptr;
  if (in.renewal) {
    ZoneIndex records(*in.renewal, "id", "name");
    a.renewal_far =
        zone_far(records, profile.park_majority, before, after, profile.far_uplift_target, threads);
  }
}

}  // namespace landrenew::stages
