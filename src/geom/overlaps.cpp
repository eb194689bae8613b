#include "landrenew/geom/overlaps.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "core/parallel.hpp"
#include "geom/index.hpp"

namespace landrenew::geom {
using namespace geom::index;  // R-tree boxes and disjoint sets (src/geom/index.hpp)

namespace {
// Union area: singletons contribute their own area; each component the area of its union. Components are
// summed in the order of their smallest member (the root), so totals are identical run after run.
double union_by_components(DisjointSets& sets, std::span<const GEOSGeometry* const> geoms,
                           std::span<const double> areas, std::vector<std::vector<std::size_t>>* groups,
                           unsigned threads = 1) {
  const std::size_t n = geoms.size();
  std::unordered_map<std::size_t, std::vector<std::size_t>> components;
  for (std::size_t i = 0; i < n; ++i)
    components[sets.find(i)].push_back(i);
  std::vector<std::size_t> roots;
  for (const auto& [root, members] : components)
    roots.push_back(root);
  std::sort(roots.begin(), roots.end());
  // The unions of the groups on the threads, then the sum in root order on this one.
  std::vector<const std::vector<std::size_t>*> multi;
  for (auto root : roots)
    if (const auto& members = components[root]; members.size() > 1) multi.push_back(&members);
  std::vector<double> multi_area(multi.size(), 0.0);
  parallel_for(multi.size(), threads, 1, [&](std::size_t k) {
    std::vector<const GEOSGeometry*> parts;
    for (auto i : *multi[k])
      parts.push_back(geoms[i]);
    multi_area[k] = geom::area(geom::union_of(parts).get());
  });
  double total = 0;
  std::size_t k = 0;
  for (auto root : roots) {
    const auto& members = components[root];
    if (members.size() == 1) {
      total += areas[members.front()];
      continue;
    }
    total += multi_area[k++];
    if (groups) groups->push_back(members);
  }
  return total;
}

}  // namespace

std::vector<std::vector<std::size_t>> find_duplicate_geometries(std::span<const GEOSGeometry* const> geoms,
                                                                unsigned threads) {
  // Hash first (on the threads), then confirm byte equality within a hash bucket (collisions are possible,
  // just rare).
  std::vector<std::size_t> hashes(geoms.size());
  parallel_for(geoms.size(), threads, 4096,
               [&](std::size_t i) { hashes[i] = std::hash<std::string>{}(geom::normalised_wkb(geoms[i])); });
  std::unordered_map<std::size_t, std::vector<std::size_t>> buckets;
  for (std::size_t i = 0; i < geoms.size(); ++i)
    buckets[hashes[i]].push_back(i);
  std::vector<std::vector<std::size_t>> groups;
  for (auto& [hash, members] : buckets) {
    if (members.size() < 2) continue;
    std::vector<std::string> wkb;
    for (auto i : members)
      wkb.push_back(geom::normalised_wkb(geoms[i]));
    std::vector<bool> taken(members.size(), false);
    for (std::size_t a = 0; a < members.size(); ++a) {
      if (taken[a]) continue;
      std::vector<std::size_t> group{members[a]};
      for (std::size_t b = a + 1; b < members.size(); ++b)
        if (!taken[b] && wkb[a] == wkb[b]) {
          taken[b] = true;
          group.push_back(members[b]);
        }
      if (group.size() > 1) {
        std::sort(group.begin(), group.end());
        groups.push_back(std::move(group));
      }
    }
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

OverlapAnalysis analyse_overlaps(std::span<const GEOSGeometry* const> geoms, std::span<const double> areas,
                                 const OverlapOptions& options) {
  OverlapAnalysis out;
  const std::size_t n = geoms.size();
  const unsigned threads = options.threads;
  out.sum_m2 = std::accumulate(areas.begin(), areas.end(), 0.0);
  out.duplicate_groups =
      options.duplicate_groups ? *options.duplicate_groups : find_duplicate_geometries(geoms, threads);

  DisjointSets sets(n);
  std::vector<std::size_t> duplicate_of(n);
  std::iota(duplicate_of.begin(), duplicate_of.end(), 0);
  for (const auto& g : out.duplicate_groups)
    for (auto i : g) {
      if (i >= n)
        throw std::out_of_range("analyse_overlaps: a duplicate group names a part beyond the parts");
      duplicate_of[i] = g.front();
      sets.unite(g.front(), i);
    }

  std::vector<geom::Envelope> env(n);
  std::vector<Entry> entries;
  entries.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    env[i] = geom::envelope(geoms[i]);
    entries.emplace_back(BBox({env[i].minx, env[i].miny}, {env[i].maxx, env[i].maxy}), i);
  }
  const Tree tree(entries.begin(), entries.end());  // bulk-loaded (packing)

  // The pairs of each block of parts on the threads, kept per block and joined in block order: the same
  // list, in the same order, as one thread finds.
  constexpr std::size_t kBlock = 1024;
  std::vector<std::vector<OverlapPair>> found(n / kBlock + 1);
  parallel_blocks(n, threads, kBlock, [&](std::size_t begin, std::size_t end) {
    std::vector<OverlapPair>& pairs = found[begin / kBlock];
    std::vector<Entry> hits;
    for (std::size_t i = begin; i < end; ++i) {
      hits.clear();
      tree.query(bgi::intersects(entries[i].first), std::back_inserter(hits));
      std::sort(hits.begin(), hits.end(), [](const Entry& x, const Entry& y) { return x.second < y.second; });
      geom::Prepared prepared;
      for (const auto& [box, j] : hits) {
        if (j <= i || !env[i].overlaps_interior(env[j])) continue;
        if (duplicate_of[i] == duplicate_of[j]) continue;  // identical: reported as duplicates
        if (!prepared) prepared = geom::prepare(geoms[i]);
        if (!GEOSPreparedIntersects_r(geom::context(), prepared.get(), geoms[j])) continue;
        if (GEOSPreparedTouches_r(geom::context(), prepared.get(), geoms[j]) == 1)
          continue;  // boundaries only
        geom::Geometry inter = geom::intersection(geoms[i], geoms[j]);
        if (!inter) continue;
        const double a = geom::area(inter.get());
        if (a <= 0.0) continue;
        OverlapPair p{i, j, a, {}};
        if (auto pt = geom::point_on_surface(inter.get())) p.where = *pt;
        pairs.push_back(p);
      }
    }
  });
  for (auto& pairs : found) {
    for (const auto& p : pairs)
      sets.unite(p.a, p.b);
    out.overlaps.insert(out.overlaps.end(), pairs.begin(), pairs.end());
    std::vector<OverlapPair>().swap(pairs);
  }

  out.union_m2 = union_by_components(sets, geoms, areas, &out.components, threads);
  return out;
}

namespace {
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

void require_ascending(std::span<const std::size_t> subset, std::size_t parts) {
  if (!std::is_sorted(subset.begin(), subset.end()) ||
      std::adjacent_find(subset.begin(), subset.end()) != subset.end())
    throw std::invalid_argument("subset_union_m2: the subset must be ascending without repeats");
  if (!subset.empty() && subset.back() >= parts)
    throw std::out_of_range("subset_union_m2: a subset index is outside the parts");
}
}  // namespace

SubsetUnion::SubsetUnion(const OverlapAnalysis& whole, std::span<const GEOSGeometry* const> geoms,
                         std::span<const double> areas)
    : m_geoms(geoms), m_areas(areas), m_group(geoms.size(), kNone), m_first(geoms.size() + 1, 0) {
  for (std::size_t g = 0; g < whole.duplicate_groups.size(); ++g)
    for (auto i : whole.duplicate_groups[g])
      m_group.at(i) = g;
  for (const auto& p : whole.overlaps)
    ++m_first.at(p.a + 1);
  for (std::size_t i = 0; i < geoms.size(); ++i)
    m_first[i + 1] += m_first[i];
  m_neighbours.resize(whole.overlaps.size());
  std::vector<std::size_t> fill(m_first.begin(), m_first.end() - 1);
  for (const auto& p : whole.overlaps)
    m_neighbours[fill[p.a]++] = p.b;
}

double SubsetUnion::union_m2(std::span<const std::size_t> subset) const {
  require_ascending(subset, m_geoms.size());
  std::vector<const GEOSGeometry*> g;
  std::vector<double> a;
  g.reserve(subset.size());
  a.reserve(subset.size());
  // Positions within the subset, and each duplicate group's first member in it (local: calls may run on
  // several threads at once).
  std::unordered_map<std::size_t, std::size_t> local, group_first;
  local.reserve(subset.size());
  for (std::size_t k = 0; k < subset.size(); ++k) {
    local.emplace(subset[k], k);
    g.push_back(m_geoms[subset[k]]);
    a.push_back(m_areas[subset[k]]);
  }
  // The connections analyse_overlaps() would find among the subset: its duplicates and its overlap pairs.
  // The components they make do not depend on the order they are joined in.
  DisjointSets sets(subset.size());
  for (std::size_t k = 0; k < subset.size(); ++k) {
    const std::size_t i = subset[k];
    if (const std::size_t grp = m_group[i]; grp != kNone) {
      if (const auto [it, first] = group_first.emplace(grp, k); !first) sets.unite(it->second, k);
    }
    for (std::size_t e = m_first[i]; e < m_first[i + 1]; ++e)
      if (const auto it = local.find(m_neighbours[e]); it != local.end()) sets.unite(k, it->second);
  }
  return union_by_components(sets, g, a, nullptr);
}

double subset_union_m2(const OverlapAnalysis& whole, std::span<const GEOSGeometry* const> geoms,
                       std::span<const double> areas, std::span<const std::size_t> subset) {
  return SubsetUnion(whole, geoms, areas).union_m2(subset);
}

}  // namespace landrenew::geom
