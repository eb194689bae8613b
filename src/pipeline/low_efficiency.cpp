// RULES.md 14, 20: the low-efficiency flags and each criterion's tally (stages.hpp).
#include <algorithm>

#include "core/parallel.hpp"
#include "landrenew/geom/overlaps.hpp"
#include "pipeline/stages.hpp"

namespace landrenew::stages {

LowEfficiencyResult low_efficiency(const PolygonLayer& parcels, const rules::ParcelAssessment& pa,
                                   const std::vector<rules::ParcelFacts>& facts, const Profile& profile,
                                   unsigned threads) {
  const std::vector<std::size_t>& industrial = pa.industrial;
  const std::size_t n = parcels.size();
  LowEfficiencyResult a;
  a.low = rules::flag_low_efficiency(industrial, facts, profile);
  for (auto p : industrial)
    if (a.low[p].flagged()) a.low_parcels.push_back(p);
  {
    // Low-efficiency parcels are industrial: their union comes from the industrial parcels' overlap
    // analysis (the same figure as analysing them alone).
    std::vector<std::size_t> position(n, 0);
    std::vector<const GEOSGeometry*> ind_geoms;
    std::vector<double> ind_areas;
    for (std::size_t k = 0; k < industrial.size(); ++k) {
      position[industrial[k]] = k;
      ind_geoms.push_back(parcels.geometry[industrial[k]].get());
      ind_areas.push_back(parcels.area_m2[industrial[k]]);
    }
    const bool ascending = std::is_sorted(industrial.begin(), industrial.end());
    geom::SubsetUnion unions(pa.overlaps, ind_geoms, ind_areas);
    const auto union_area = [&](const std::vector<std::size_t>& idx) {
      if (ascending && std::is_sorted(idx.begin(), idx.end())) {
        std::vector<std::size_t> subset;
        for (auto p : idx)
          subset.push_back(position[p]);
        return unions.union_m2(subset);
      }
      std::vector<const GEOSGeometry*> g;
      std::vector<double> areas;
      for (auto p : idx) {
        g.push_back(parcels.geometry[p].get());
        areas.push_back(parcels.area_m2[p]);
      }
      return geom::analyse_overlaps(g, areas).union_m2;
    };
    a.low_m2 = union_area(a.low_parcels);
    const auto has = [](const std::vector<std::string>& list, const char* c) {
      return std::find(list.begin(), list.end(), c) != list.end();
    };
    // Per criterion the parcels where it fired, where it was evaluated (fired or passed) and where it was not
    // evaluable (RULES.md 14, 20); the areas of their unions are taken on the threads, each into its own slot.
    struct Subset {
      std::vector<std::size_t> parcels;
      double* m2 = nullptr;
    };
    std::vector<Subset> subsets;
    for (const char* c : rules::kCriteria) {
      CriterionTally& t = a.by_criterion[c];
      t.enabled = rules::criterion_enabled(profile.low_efficiency, c);
      if (!t.enabled) continue;
      Subset fired{{}, &t.m2}, evaluated{{}, &t.evaluated_m2}, not_evaluable{{}, &t.not_evaluable_m2};
      for (auto p : industrial) {
        if (has(a.low[p].criteria, c)) fired.parcels.push_back(p);
        (has(a.low[p].not_evaluable, c) ? not_evaluable : evaluated).parcels.push_back(p);
      }
      t.parcels = fired.parcels.size();
      t.evaluated_parcels = evaluated.parcels.size();
      t.not_evaluable_parcels = not_evaluable.parcels.size();
      for (Subset* s : {&fired, &evaluated, &not_evaluable})
        subsets.push_back(std::move(*s));
    }
    parallel_for(subsets.size(), threads, 1, [&](std::size_t k) { *subsets[k].m2 = union_area(subsets[k].parcels); });
  }
  return a;
}

}  // namespace landrenew::stages
