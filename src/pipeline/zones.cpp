// RULES.md 5: zone memberships and the industrial ground by zone (stages.hpp).
#include "core/parallel.hpp"
#include "landrenew/core/units.hpp"
#include "pipeline/stages.hpp"

namespace landrenew::stages {

namespace {

// The industrial ground as disjoint-ish pieces: parcels that overlap nothing, and each overlapping group's
// union.
using ZoneOverlaps = std::vector<std::vector<std::pair<std::size_t, double>>>;  // per parcel

void split_ground(const PolygonLayer& parcels, const rules::ParcelAssessment& pa,
                  const rules::ZoneIndex& zones, const ZoneOverlaps& parcel_overlaps,
                  std::vector<ZoneArea>& out, double* outside_m2, unsigned threads) {
  out.assign(zones.size(), {});
  for (std::size_t z = 0; z < zones.size(); ++z) {
    out[z].id = zones.id(z);
    out[z].name = zones.name(z);
  }
  std::vector<bool> grouped(pa.industrial.size(), false);
  for (const auto& comp : pa.overlaps.components)
    for (auto k : comp)
      grouped[k] = true;
  double inside = 0;
  const auto add = [&](const std::vector<std::pair<std::size_t, double>>& found) {
    for (const auto& [z, m2] : found) {
      out[z].industrial_m2 += m2;
      inside += m2;
    }
  };
  for (std::size_t k = 0; k < pa.industrial.size(); ++k)
    if (!grouped[k]) add(parcel_overlaps[pa.industrial[k]]);  // each parcel's own overlaps, found once
  // Each overlapping group's union split by zone on the threads, added in group order.
  const auto& components = pa.overlaps.components;
  ZoneOverlaps by_component(components.size());
  parallel_for(components.size(), threads, 16, [&](std::size_t c) {
    std::vector<const GEOSGeometry*> parts;
    for (auto k : components[c])
      parts.push_back(parcels.geometry[pa.industrial[k]].get());
    by_component[c] = zones.overlaps(geom::union_of(parts).get());
  });
  for (const auto& found : by_component)
    add(found);
  if (outside_m2) *outside_m2 = std::max(0.0, pa.industrial_m2 - inside);
}

}  // namespace

ZonesResult zones(const Inputs& in, const rules::ParcelAssessment& pa, const ZonesConfig& config,
                  unsigned threads) {
  const PolygonLayer& parcels = in.parcels;
  const std::size_t n = parcels.size();
  ZonesResult r;
  r.parcel_district.assign(n, std::nullopt);
  r.parcel_park.assign(n, std::nullopt);
  r.parcel_park_share.assign(n, 0.0);
  // Each parcel's overlaps with each zone layer are computed once: they decide its membership and split
  // the industrial ground by zone.
  ZoneOverlaps found(n);
  if (in.districts) {
    r.districts.emplace(*in.districts, field_name(DistrictField::code), field_name(DistrictField::name));
    parallel_for(n, threads, 1024, [&](std::size_t p) {
      found[p] = r.districts->overlaps(parcels.geometry[p].get());
      r.parcel_district[p] = r.districts->membership_of(found[p], parcels.area_m2[p], 0.0).zone;
    });
    split_ground(parcels, pa, *r.districts, found, r.district_area, &r.industrial_outside_districts_m2, threads);
  }
  if (in.parks) {
    r.parks.emplace(*in.parks, field_name(ParkField::id), field_name(ParkField::name));
    parallel_for(n, threads, 1024, [&](std::size_t p) {
      found[p] = r.parks->overlaps(parcels.geometry[p].get());
      auto m = r.parks->membership_of(found[p], parcels.area_m2[p], config.park_majority);
      r.parcel_park[p] = m.zone;
      r.parcel_park_share[p] = m.share;
    });
    split_ground(parcels, pa, *r.parks, found, r.park_area, nullptr, threads);
  }
  return r;
}

}  // namespace landrenew::stages
