#include "landrenew/rules/far.hpp"

#include <algorithm>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/geom/overlaps.hpp"

#include "core/parallel.hpp"

namespace landrenew::rules {

namespace {

/// One snapshot's figures for one zone.
struct ZoneSnapshot {
  std::size_t parcels = 0;
  double area_m2 = 0;
  double gfa_m2 = 0;
  double footprint_m2 = 0;
  std::optional<double> far;
};

void check(const SnapshotInput& s, const char* which) {
  if (!s.parcels || !s.result)
    throw Error(ErrorKind::internal, trf("zone_far: the {1} snapshot is incomplete", which));
  const std::size_t n = s.parcels->size();
  if (s.result->parcel_gfa_m2.size() != n || s.result->parcel_footprint_m2.size() != n)
    throw Error(ErrorKind::internal,
                trf("zone_far: the {1} result was computed over another parcel layer", which));
  if (s.membership && s.membership->size() != n)
    throw Error(ErrorKind::internal,
                trf("zone_far: the {1} memberships belong to another parcel layer", which));
}

std::vector<ZoneSnapshot> per_zone(const ZoneIndex& zones, double min_share, const SnapshotInput& s,
                                   const std::vector<std::optional<std::size_t>>* membership,
                                   unsigned threads) {
  std::vector<std::optional<std::size_t>> computed;
  if (!membership) membership = s.membership;
  if (!membership) {
    computed = parcel_zones(zones, *s.parcels, s.industrial, min_share, threads);
    membership = &computed;
  }
  // The overlap analysis of the industrial parcels, when given, answers every zone's union area.
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> position;
  std::vector<const GEOSGeometry*> all_geoms;
  std::vector<double> all_areas;
  const bool reuse = s.overlaps && std::is_sorted(s.industrial.begin(), s.industrial.end());
  if (reuse) {
    position.assign(s.parcels->size(), none);
    for (std::size_t k = 0; k < s.industrial.size(); ++k) {
      position.at(s.industrial[k]) = k;
      all_geoms.push_back(s.parcels->geometry[s.industrial[k]].get());
      all_areas.push_back(s.parcels->area_m2[s.industrial[k]]);
    }
  }
  // Members per zone in ascending parcel order (the membership vector is indexed by parcel), so sums and
  // unions are taken in the same order on every run.
  std::vector<std::vector<std::size_t>> members(zones.size());
  for (std::size_t p = 0; p < membership->size(); ++p)
    if (const auto z = (*membership)[p]) members.at(*z).push_back(p);

  std::optional<geom::SubsetUnion> unions;
  if (reuse) unions.emplace(*s.overlaps, all_geoms, all_areas);
  std::vector<ZoneSnapshot> out(zones.size());
  // Zones on the threads: each zone's figures are its own.
  parallel_for(zones.size(), threads, 1, [&](std::size_t z) {
    ZoneSnapshot& o = out[z];
    const auto& m = members[z];
    o.parcels = m.size();
    if (m.empty()) return;
    std::vector<const GEOSGeometry*> geoms;
    std::vector<double> areas;
    for (const auto p : m) {
      geoms.push_back(s.parcels->geometry[p].get());
      areas.push_back(s.parcels->area_m2[p]);
      o.gfa_m2 += s.result->parcel_gfa_m2[p];
      o.footprint_m2 += s.result->parcel_footprint_m2[p];
    }
    // RULES.md 4 and 9: the area of the union, so overlapping or duplicated parcels count once (their GFA
    // already does, RULES.md 7).
    std::vector<std::size_t> subset;
    if (reuse)
      for (const auto p : m)
        if (position[p] != none) subset.push_back(position[p]);
    if (m.size() == 1)
      o.area_m2 = areas.front();
    else if (reuse && subset.size() == m.size())  // every member is one of the analysed parcels
      o.area_m2 = unions->union_m2(subset);
    else
      o.area_m2 = geom::analyse_overlaps(geoms, areas).union_m2;
    if (o.area_m2 > 0) o.far = o.gfa_m2 / o.area_m2;
  });
  return out;
}

void add_note(std::string& note, const std::string& text) {
  if (!note.empty()) note += "; ";
  note += text;
}

void explain(const ZoneSnapshot& s, const std::string& when, std::string& note) {
  if (!s.far)
    add_note(note, "no industrial land " + when);
  else if (s.footprint_m2 <= 0)
    add_note(note, "no buildings " + when + " (FAR 0)");
  else if (s.gfa_m2 <= 0)
    add_note(note, "only buildings of unknown floor area " + when + " (FAR 0)");
}

}  // namespace

std::vector<std::optional<std::size_t>> parcel_zones(const ZoneIndex& zones, const PolygonLayer& parcels,
                                                     std::span<const std::size_t> industrial,
                                                     double min_share, unsigned threads) {
  std::vector<std::optional<std::size_t>> out(parcels.size());
  for (const auto p : industrial)
    if (p >= parcels.size())
      throw Error(ErrorKind::internal,
                  trf("parcel_zones: industrial parcel index {1} is outside the parcel layer", p));
  // A parcel listed twice is decided twice, the same way: only distinct parcels go to the threads.
  std::vector<std::size_t> distinct(industrial.begin(), industrial.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  parallel_for(distinct.size(), threads, 1024, [&](std::size_t k) {
    const std::size_t p = distinct[k];
    out[p] = zones.member(parcels.geometry[p].get(), parcels.area_m2[p], min_share);
  });
  return out;
}

std::vector<ZoneFar> zone_far(const ZoneIndex& zones, double min_share, const SnapshotInput& before,
                              const SnapshotInput& after, double uplift_target, unsigned threads) {
  check(before, "before");
  check(after, "after");
  // The same parcels after renewal (no parcels_after layer): the same memberships, computed once.
  std::vector<std::optional<std::size_t>> shared;
  const bool same_parcels = after.parcels == before.parcels &&
                            after.industrial.data() == before.industrial.data() &&
                            after.industrial.size() == before.industrial.size();
  if (same_parcels && !before.membership && !after.membership)
    shared = parcel_zones(zones, *before.parcels, before.industrial, min_share, threads);
  const auto* common = shared.empty() ? nullptr : &shared;
  const auto b = per_zone(zones, min_share, before, common, threads);
  const auto a = per_zone(zones, min_share, after, common, threads);
  std::vector<ZoneFar> out(zones.size());
  for (std::size_t z = 0; z < zones.size(); ++z) {
    ZoneFar& o = out[z];
    o.id = zones.id(z);
    o.name = zones.name(z);
    o.parcels_before = b[z].parcels;
    o.parcels_after = a[z].parcels;
    o.area_before_m2 = b[z].area_m2;
    o.area_after_m2 = a[z].area_m2;
    o.gfa_before_m2 = b[z].gfa_m2;
    o.gfa_after_m2 = a[z].gfa_m2;
    o.footprint_before_m2 = b[z].footprint_m2;
    o.footprint_after_m2 = a[z].footprint_m2;
    settle_zone_far(o, uplift_target);
  }
  return out;
}

void settle_zone_far(ZoneFar& o, double uplift_target) {
  const auto far = [](double gfa, double area) { return area > 0 ? std::optional<double>(gfa / area) : std::nullopt; };
  o.far_before = far(o.gfa_before_m2, o.area_before_m2);
  o.far_after = far(o.gfa_after_m2, o.area_after_m2);
  o.uplift.reset();
  o.meets_target = false;
  // RULES.md 9: uplift = FAR after − FAR before; the target is met at ≥ (profile far_uplift_target).
  if (o.far_before && o.far_after) {
    o.uplift = *o.far_after - *o.far_before;
    o.meets_target = *o.uplift >= uplift_target - kUpliftTolerance;
  }
  o.note.clear();
  explain({.gfa_m2 = o.gfa_before_m2, .footprint_m2 = o.footprint_before_m2, .far = o.far_before},
          "before renewal", o.note);
  explain({.gfa_m2 = o.gfa_after_m2, .footprint_m2 = o.footprint_after_m2, .far = o.far_after}, "after renewal",
          o.note);
}

}  // namespace landrenew::rules
