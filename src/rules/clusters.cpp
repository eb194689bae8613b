#include "landrenew/rules/clusters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

#include "core/parallel.hpp"
#include "geom/index.hpp"

namespace landrenew::rules {
using namespace geom::index;  // R-tree boxes and disjoint sets (src/geom/index.hpp)

const char* to_string(UnionMethod m) noexcept {
  switch (m) {
    case UnionMethod::single:
      return "single";
    case UnionMethod::coverage:
      return "coverage";
    case UnionMethod::unary:
      return "unary";
  }
  return "unary";
}

namespace {
/// A GEOMETRYCOLLECTION of clones of `parts` (the collection owns them).
geom::Geometry collection_of(std::span<const GEOSGeometry* const> parts) {
  const auto ctx = geom::context();
  std::vector<GEOSGeometry*> clones;
  clones.reserve(parts.size());
  for (const auto* p : parts)
    clones.push_back(GEOSGeom_clone_r(ctx, p));
  geom::Geometry c(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                               static_cast<unsigned>(clones.size())));
  if (!c) throw Error(ErrorKind::internal, trf("GEOS could not build a collection: {1}", geom::last_error()));
  return c;
}

/// distance(a, b) ≤ gap (RULES.md 15: "within", inclusive).
bool within_gap(const GEOSGeometry* a, const GEOSGeometry* b, double gap) {
  const auto ctx = geom::context();
  const char r = GEOSDistanceWithin_r(ctx, a, b, gap);
  if (r == 0 || r == 1) return r == 1;
  double d = 0;  // GEOS failed on the fast test: measure the distance instead
  if (!GEOSDistance_r(ctx, a, b, &d))
    throw Error(ErrorKind::internal, trf("GEOS distance failed: {1}", geom::last_error()));
  return d <= gap;
}

}  // namespace

ClusterUnion union_parcels(std::span<const GEOSGeometry* const> parts, std::span<const double> areas,
                           bool try_coverage) {
  ClusterUnion out;
  if (parts.size() == 1) {
    out.geometry = geom::clone(parts.front());
    out.area_m2 = areas.front();
    out.method = UnionMethod::single;
    return out;
  }
  const auto ctx = geom::context();
  if (try_coverage) {
    // Coverage union only dissolves shared edges, which is fast and exact for a clean coverage but gives
    // an invalid or too-large result when members overlap: checked against Σ areas, which a clean coverage
    // (no overlaps) must equal.
    const double sum = std::accumulate(areas.begin(), areas.end(), 0.0);
    geom::Geometry c = collection_of(parts);
    geom::Geometry u(GEOSCoverageUnion_r(ctx, c.get()));
    if (u && GEOSisValid_r(ctx, u.get()) == 1) {
      const double a = geom::area(u.get());
      if (std::abs(a - sum) <= 1e-6 * sum) {
        out.geometry = std::move(u);
        out.area_m2 = a;
        out.method = UnionMethod::coverage;
        return out;
      }
    }
  }
  out.geometry = geom::union_of(parts);
  out.area_m2 = geom::area(out.geometry.get());
  out.method = UnionMethod::unary;
  return out;
}

std::vector<Cluster> find_clusters(const PolygonLayer& parcels, std::span<const std::size_t> low_efficiency,
                                   double gap_m, double min_mu, unsigned threads) {
  std::vector<std::size_t> index(low_efficiency.begin(), low_efficiency.end());
  std::sort(index.begin(), index.end());
  index.erase(std::unique(index.begin(), index.end()), index.end());
  for (const auto p : index)
    if (p >= parcels.size())
      throw Error(ErrorKind::internal, trf("find_clusters: parcel index {1} is outside the parcel layer", p));
  const std::size_t n = index.size();

  // Envelopes grown by the gap: two parcels within the gap have intersecting grown and plain envelopes.
  std::vector<Entry> entries;
  entries.reserve(n);
  std::vector<geom::Envelope> env(n);
  for (std::size_t k = 0; k < n; ++k) {
    env[k] = geom::envelope(parcels.geometry[index[k]].get());
    entries.emplace_back(
        BBox({env[k].minx - gap_m, env[k].miny - gap_m}, {env[k].maxx + gap_m, env[k].maxy + gap_m}), k);
  }
  const Tree tree(entries.begin(), entries.end());  // bulk-loaded (packing)

  DisjointSets sets(n);
  std::vector<Entry> hits;
  for (std::size_t k = 0; k < n; ++k) {
    hits.clear();
    const auto& e = env[k];
    tree.query(bgi::intersects(BBox({e.minx, e.miny}, {e.maxx, e.maxy})), std::back_inserter(hits));
    std::sort(hits.begin(), hits.end(), [](const Entry& x, const Entry& y) { return x.second < y.second; });
    for (const auto& [box, j] : hits) {
      if (j <= k || sets.find(j) == sets.find(k)) continue;  // each pair once; already joined needs no test
      if (within_gap(parcels.geometry[index[k]].get(), parcels.geometry[index[j]].get(), gap_m))
        sets.unite(k, j);
    }
  }

  // Components keyed by their root, which is their smallest position, i.e. their smallest parcel index: the
  // map's order is the numbering order.
  std::map<std::size_t, std::vector<std::size_t>> components;
  for (std::size_t k = 0; k < n; ++k)
    components[sets.find(k)].push_back(index[k]);

  std::vector<Cluster> out(components.size());
  std::size_t number = 0;
  for (auto& [root, members] : components) {
    Cluster& c = out[number++];
    char id[32];
    std::snprintf(id, sizeof id, "LP%04zu", number);
    c.id = id;
    c.parcels = std::move(members);
  }
  // Each cluster's union on the threads (every parcel is in exactly one cluster, so read by one thread).
  parallel_for(out.size(), threads, 8, [&](std::size_t k) {
    Cluster& c = out[k];
    std::vector<const GEOSGeometry*> geoms;
    std::vector<double> areas;
    for (const auto p : c.parcels) {
      geoms.push_back(parcels.geometry[p].get());
      areas.push_back(parcels.area_m2[p]);
    }
    ClusterUnion u = union_parcels(geoms, areas);
    c.geometry = std::move(u.geometry);
    c.area_m2 = u.area_m2;
    c.method = u.method;
    c.candidate = mu_from_m2(c.area_m2) >= min_mu;  // RULES.md 15: at least the minimum
  });
  return out;
}

}  // namespace landrenew::rules
