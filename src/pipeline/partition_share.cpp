// RULES.md 26: a partition's run keeps the share it owns of what analyse() computed over the features it
// read (its own and their margin), and recomputes its figures over that share.
#include <algorithm>

#include "landrenew/geom/overlaps.hpp"
#include "landrenew/pipeline/analysis.hpp"
#include "landrenew/pipeline/partition.hpp"
#include "landrenew/rules/low_efficiency.hpp"

#include "pipeline/stages.hpp"

namespace landrenew {

namespace {

/// The counts of a partitioned polygon layer over the features it owns: read (listed), used, repaired, and
/// rejected = read − used. A layer read whole (districts, parks) is counted by the primary only.
void own_counts(PolygonLayer& layer, const LayerSource* src, const PartitionShare& share) {
  LayerCounts c;
  if (src && src->fids) {
    for (const auto& [fid, owner] : *src->fids)
      c.read += owner == share.rank() ? 1 : 0;
    for (std::size_t i = 0; i < layer.size(); ++i)
      if (share.owns(layer.info.logical, layer.fid[i])) {
        ++c.used;
        c.repaired += layer.repaired[i] ? 1 : 0;
      }
    c.rejected = c.read - c.used;
  } else if (share.primary()) {
    c = layer.counts;
  }
  layer.counts = c;
}

/// Area of the owned industrial ground that industrial parcels of earlier partitions also cover: over each
/// group of overlapping parcels holding both, area(∪ own) + area(∪ earlier) − area(∪ both).
double cross_overlap(const PolygonLayer& parcels, const std::vector<std::size_t>& own,
                     const std::vector<std::size_t>& earlier, unsigned threads) {
  if (earlier.empty() || own.empty()) return 0;
  std::vector<std::size_t> both;
  std::merge(own.begin(), own.end(), earlier.begin(), earlier.end(), std::back_inserter(both));
  std::vector<const GEOSGeometry*> geoms;
  std::vector<double> areas;
  for (std::size_t p : both) {
    geoms.push_back(parcels.geometry[p].get());
    areas.push_back(parcels.area_m2[p]);
  }
  const geom::OverlapAnalysis whole = geom::analyse_overlaps(geoms, areas, {.threads = threads});
  const geom::SubsetUnion unions(whole, geoms, areas);
  double cross = 0;
  for (const auto& component : whole.components) {
    std::vector<std::size_t> mine, theirs;
    for (std::size_t k : component)
      (std::binary_search(own.begin(), own.end(), both[k]) ? mine : theirs).push_back(k);
    if (mine.empty() || theirs.empty()) continue;
    cross += unions.union_m2(mine) + unions.union_m2(theirs) - unions.union_m2(component);
  }
  return cross;
}

/// The parcel assessment over the owned industrial parcels (RULES.md 4: its area is their union's).
rules::ParcelAssessment owned_assessment(const rules::ParcelAssessment& all, const PolygonLayer& parcels,
                                         const std::vector<std::size_t>& own, unsigned threads) {
  rules::ParcelAssessment pa;
  pa.landuse = all.landuse;
  pa.industrial = own;
  for (std::size_t p : own)
    if (p < all.landuse.size()) ++pa.by_scheme[all.landuse[p].scheme];
  std::vector<const GEOSGeometry*> geoms;
  std::vector<double> areas;
  for (std::size_t p : own) {
    geoms.push_back(parcels.geometry[p].get());
    areas.push_back(parcels.area_m2[p]);
  }
  pa.overlaps = geom::analyse_overlaps(geoms, areas, {.threads = threads});
  pa.industrial_m2 = pa.overlaps.union_m2;
  return pa;
}

/// Findings about features or rows this partition owns, and the primary's about layers and the project.
Findings owned_findings(const Findings& all, const PartitionShare& share) {
  Findings kept;
  for (const Finding& f : all.items())
    if (f.fid >= 0 ? share.owns(f.layer, f.fid) : share.primary()) kept.add(f);
  return kept;
}

void own_enterprises(Analysis& a, const PartitionShare& share, PartitionPieces& pieces) {
  Inputs& in = a.check.inputs;
  if (!a.enterprises) return;
  const auto& items = a.enterprises->items;
  pieces.enterprise_owned.assign(items.size(), false);
  std::size_t used = 0;
  for (std::size_t e = 0; e < items.size(); ++e)
    if (share.owns("enterprises", items[e].row)) {
      pieces.enterprise_owned[e] = true;
      ++used;
    }
  if (in.enterprises) {
    LayerCounts& c = in.enterprises->counts;
    const std::size_t rejected = share.primary() ? c.rejected : 0;
    c = LayerCounts{.read = used + rejected, .used = used, .repaired = share.primary() ? c.repaired : 0,
                    .rejected = rejected};
  }
}

void own_freed(Analysis& a, const PartitionShare& share, PartitionPieces& pieces, unsigned threads) {
  if (!a.freed) return;
  const Inputs& in = a.check.inputs;
  rules::FreedLedger& ledger = *a.freed;
  std::vector<bool> keep(ledger.records.size(), false);
  for (std::size_t r = 0; r < keep.size(); ++r)
    keep[r] = r < in.renewal->size() && share.owns("renewal", in.renewal->fid[r]);
  std::optional<Date> audit;
  if (a.check.inputs.project.audit_date) audit = a.as_of;
  rules::retotal_freed(ledger, keep, a.districts ? &*a.districts : nullptr, a.parks ? &*a.parks : nullptr,
                       in.profile.freed, audit, threads);
  std::map<std::int64_t, int> first;
  for (std::size_t r = 0; r < keep.size(); ++r) {
    const rules::RecordStatus& s = ledger.records[r];
    if (!keep[r] || !s.counted || !s.date) continue;
    for (std::size_t p : s.touched) {
      auto [it, added] = first.emplace(in.parcels.fid[p], s.date->year);
      if (!added) it->second = std::min(it->second, s.date->year);
    }
  }
  pieces.touched.assign(first.begin(), first.end());
}

/// RULES.md 25 over its own features: analyse() measured every feature it read (margin included) against the
/// reference it read; the features it owns have all their reference there (§26's margin), so Σ over them of
/// area inside and of area is what one run would add up for them.
void own_agreement(const Analysis& a, const PartitionShare& share, PartitionPieces& pieces) {
  const Inputs& in = a.check.inputs;
  for (const rules::AgreementCheck& c : a.agreement) {
    PartitionPieces::AgreementShare own;
    const PolygonLayer* layer = nullptr;
    for (const PolygonLayer* l : in.polygon_layers())
      if (l->info.logical == c.layer) layer = l;
    for (std::size_t k = 0; layer && k < c.feature_index.size() && k < c.feature_inside_m2.size(); ++k) {
      const std::size_t i = c.feature_index[k];
      if (!share.owns(c.layer, layer->fid[i])) continue;
      ++own.features;
      own.area_m2 += layer->area_m2[i];
      own.inside_m2 += c.feature_inside_m2[k];
    }
    pieces.agreement.push_back(own);
  }
  // One run measures buildings_in_parcels whenever there are parcels, register_on_industrial whenever there
  // are industrial parcels; a partition that read none has no such check, but owns features one run counts.
  // It reads the parcels under its buildings and its records (§26's margin), so none of them lies on the
  // reference: the merge adds them, with nothing inside, to the check the other partitions measured.
  const auto measured = [&](std::string_view key) {
    return std::any_of(a.agreement.begin(), a.agreement.end(), [&](const auto& c) { return c.key == key; });
  };
  const auto unmeasured = [&](const char* key, const PolygonLayer& layer, auto counts) {
    PartitionPieces::UnmeasuredShare u{key, layer.info.logical};
    for (std::size_t i = 0; i < layer.size(); ++i)
      if (counts(i) && share.owns(layer.info.logical, layer.fid[i])) {
        ++u.features;
        u.area_m2 += layer.area_m2[i];
      }
    if (u.features > 0) pieces.agreement_unmeasured.push_back(std::move(u));
  };
  const auto& buildings = in.buildings_after ? in.buildings_after : in.buildings_before;  // as stages::agreement
  if (buildings && !measured("buildings_in_parcels"))
    unmeasured("buildings_in_parcels", *buildings, [](std::size_t) { return true; });
  if (in.renewal && a.freed && !measured("register_on_industrial"))
    unmeasured("register_on_industrial", *in.renewal, [&](std::size_t r) {
      return r < a.freed->records.size() && a.freed->records[r].counted;
    });
}

}  // namespace

void keep_partition_share(Analysis& a, unsigned threads) {
  Inputs& in = a.check.inputs;
  const PartitionShare share(in.project);
  if (!share.partitioned()) return;
  PartitionPieces pieces;
  pieces.spec = *in.project.partition;
  pieces.parcel_owned.resize(in.parcels.size());
  for (std::size_t p = 0; p < in.parcels.size(); ++p)
    pieces.parcel_owned[p] = share.owns("parcels", in.parcels.fid[p]);
  for (const auto* layer : {&in.buildings_before, &in.buildings_after, &in.renewal})
    if (*layer) {
      std::vector<bool>& owned = pieces.feature_owned[(*layer)->info.logical];
      owned.resize((*layer)->size());
      for (std::size_t i = 0; i < owned.size(); ++i)
        owned[i] = share.owns((*layer)->info.logical, (*layer)->fid[i]);
    }

  // Parcels: the owned industrial ones, and the ground earlier partitions' parcels cover too.
  std::vector<std::size_t> own, earlier;
  for (std::size_t p : a.check.parcels.industrial) {
    const int owner = share.owner("parcels", in.parcels.fid[p]);
    if (owner == share.rank()) own.push_back(p);
    else if (owner > 0 && owner < share.rank()) earlier.push_back(p);
  }
  pieces.cross_overlap_m2 = cross_overlap(in.parcels, own, earlier, threads);
  a.check.parcels = owned_assessment(a.check.parcels, in.parcels, own, threads);

  // The figures over the owned parcels, by the stages that made them (RULES.md 5, 9, 14, 15, 20).
  const Profile& profile = in.profile;
  static_cast<ZonesResult&>(a) =
      stages::zones(in, a.check.parcels, {.park_majority = profile.park_majority}, threads);
  static_cast<LowEfficiencyResult&>(a) = stages::low_efficiency(in.parcels, a.check.parcels, a.facts,
                                                                rules::low_efficiency_config(profile), threads);
  a.clusters = rules::find_clusters(in.parcels, a.low_parcels, profile.cluster_gap_m, profile.cluster_min_mu,
                                    threads);
  static_cast<ZoneFarResult&>(a) = stages::zone_far(
      in, a.check.parcels, a, a, {.park_majority = profile.park_majority, .uplift_target = profile.far_uplift_target},
      threads);
  own_freed(a, share, pieces, threads);
  own_enterprises(a, share, pieces);
  own_agreement(a, share, pieces);
  if (a.plan)  // DOMAIN.md §1 over its own enterprises: their sums are what the merge adds up
    a.plan = rules::plan_metrics(*a.enterprises, a.enterprise_district, a.enterprise_park,
                                 a.districts ? &*a.districts : nullptr, a.parks ? &*a.parks : nullptr, profile.plan,
                                 profile.mujun.groups, &pieces.enterprise_owned);

  for (PolygonLayer* layer : {&in.parcels})
    own_counts(*layer, in.project.layer(layer->info.logical), share);
  for (auto* layer : {&in.buildings_before, &in.buildings_after, &in.districts, &in.parks, &in.renewal})
    if (*layer) own_counts(**layer, in.project.layer((*layer)->info.logical), share);
  in.findings = owned_findings(in.findings, share);
  a.partition = std::move(pieces);
}

PartitionShare::PartitionShare(const Project& project) {
  if (!project.partition) return;
  m_rank = project.partition->rank;
  for (const auto& [logical, src] : project.layers)
    if (src.fids) {
      auto& owners = m_owner[logical];
      for (const auto& [fid, owner] : *src.fids)
        owners.emplace_hint(owners.end(), fid, owner);
    }
}

int PartitionShare::owner(const std::string& logical, std::int64_t fid) const {
  const auto layer = m_owner.find(logical);
  if (layer == m_owner.end()) return 0;
  const auto it = layer->second.find(fid);
  return it == layer->second.end() ? 0 : it->second;
}

bool PartitionShare::owns(const std::string& logical, std::int64_t fid) const {
  if (!partitioned()) return true;
  const int o = owner(logical, fid);
  return o == 0 ? primary() : o == m_rank;
}

}  // namespace landrenew
