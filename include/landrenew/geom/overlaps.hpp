#pragma once
// RULES.md 4: areas are areas of unions, never sums — overlapping or duplicated polygons count once.
// Finds exact duplicate geometries and interior overlaps, and the exact area of the union.
#include <cstddef>
#include <span>
#include <vector>

#include "landrenew/geom/geos.hpp"

namespace landrenew::geom {

struct OverlapPair {
  std::size_t a = 0, b = 0;  ///< indices into the input, a < b
  double area_m2 = 0;        ///< area of a ∩ b
  geom::Point where;         ///< a point on the intersection
};

struct OverlapAnalysis {
  /// Groups (size ≥ 2) of identical geometries (same after normalisation), indices ascending.
  std::vector<std::vector<std::size_t>> duplicate_groups;
  /// Pairs whose interiors overlap with positive area, duplicates excluded, ordered by (a, b).
  std::vector<OverlapPair> overlaps;
  /// Groups (size ≥ 2) of parts connected by overlaps or duplication, indices ascending; every other part
  /// overlaps nothing. The union is the singletons plus each group's union.
  std::vector<std::vector<std::size_t>> components;
  double sum_m2 = 0;    ///< Σ areas
  double union_m2 = 0;  ///< area of the union
};

struct OverlapOptions {
  /// Threads the search and the unions may use (the results are the same whatever the number); with
  /// more than one, the parts' envelopes must be cached (geom::cache_envelopes; read inputs are).
  unsigned threads = 1;
  /// The duplicate groups of these very parts when already known (find_duplicate_geometries() of `geoms`,
  /// or of a larger set restricted to them and renumbered): they are not searched for again.
  const std::vector<std::vector<std::size_t>>* duplicate_groups = nullptr;
};

/// `areas[i]` is area(geoms[i]). The union is computed exactly: parts that overlap nothing add their own
/// area; each connected group of overlapping parts adds the area of its GEOS union.
OverlapAnalysis analyse_overlaps(std::span<const GEOSGeometry* const> geoms, std::span<const double> areas,
                                 const OverlapOptions& options = {});

/// The area of the union of `subset` (ascending indices into the parts `whole` was computed from, with the
/// same `geoms` and `areas`): exactly the figure analyse_overlaps() of those parts alone gives, bit for bit,
/// without searching for overlaps again — the overlaps among a subset are the overlaps of the whole among it.
double subset_union_m2(const OverlapAnalysis& whole, std::span<const GEOSGeometry* const> geoms,
                       std::span<const double> areas, std::span<const std::size_t> subset);

/// Many subset unions of one analysed whole (one per zone, per criterion, per renewal record): the links
/// among the parts (duplicates and overlap pairs) are indexed once, so that each subset costs its own size
/// and its own links rather than the whole's. union_m2() gives exactly subset_union_m2()'s figure and may be
/// called from several threads at once; `whole`, `geoms` and `areas` must outlive it.
class SubsetUnion {
 public:
  SubsetUnion(const OverlapAnalysis& whole, std::span<const GEOSGeometry* const> geoms,
              std::span<const double> areas);
  double union_m2(std::span<const std::size_t> subset) const;

 private:
  std::span<const GEOSGeometry* const> m_geoms;
  std::span<const double> m_areas;
  std::vector<std::size_t> m_group;                ///< per part: its duplicate group, or none
  std::vector<std::size_t> m_first, m_neighbours;  ///< overlap pairs as adjacency lists (CSR)
};

/// Just the exact duplicate groups (cheap: hashing of normalised WKB), for layers where overlaps don't
/// matter.
std::vector<std::vector<std::size_t>> find_duplicate_geometries(std::span<const GEOSGeometry* const> geoms,
                                                                unsigned threads = 1);

}  // namespace landrenew::geom
