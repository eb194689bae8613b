#pragma once
// RULES.md 15: clusters (连片) of low-efficiency parcels. Parcels whose boundaries lie within the profile's
// gap of each other (distance ≤ gap) are in one cluster, transitively; a cluster's area is the area of the
// union of its parcels; clusters of at least the profile's minimum mu are 连片整治 candidates.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "landrenew/core/units.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew::rules {

/// How a cluster's union was computed.
enum class UnionMethod {
  single,    ///< one parcel: its own geometry
  coverage,  ///< GEOS coverage union (members form a clean coverage: edges shared exactly or disjoint)
  unary,     ///< GEOS unary union (fallback: members overlap or are not noded alike)
};
const char* to_string(UnionMethod m) noexcept;

struct ClusterUnion {
  geom::Geometry geometry;
  double area_m2 = 0;
  UnionMethod method = UnionMethod::single;
};

/// The union of `parts` (`areas[i]` = area(parts[i])). With `try_coverage`, GEOS coverage union is tried
/// first and kept when its result is valid and its area equals Σ areas within 1e-6 relative (what a clean
/// coverage guarantees); otherwise, and without `try_coverage`, GEOS unary union. Throws Error(internal) when
/// GEOS fails on both.
ClusterUnion union_parcels(std::span<const GEOSGeometry* const> parts, std::span<const double> areas,
                           bool try_coverage = true);

struct Cluster {
  std::string id;                    ///< "LP0001", numbered in order of the smallest member parcel index
  std::vector<std::size_t> parcels;  ///< parcel indices, ascending
  double area_m2 = 0;                ///< area of the union of its parcels
  bool candidate = false;            ///< mu ≥ the minimum (profile.cluster_min_mu)
  geom::Geometry geometry;           ///< the union
  UnionMethod method = UnionMethod::single;
  double mu() const noexcept { return mu_from_m2(area_m2); }
};

/// Clusters of the parcels listed in `low_efficiency` (indices into `parcels`, any order, duplicates
/// ignored). `gap_m` is profile.cluster_gap_m, `min_mu` profile.cluster_min_mu. Every low-efficiency parcel
/// is in exactly one cluster; an isolated one is a cluster of its own. Clusters are ordered by id. The
/// unions use up to `threads` threads; the clusters are the same whatever the number.
std::vector<Cluster> find_clusters(const PolygonLayer& parcels, std::span<const std::size_t> low_efficiency,
                                   double gap_m, double min_mu, unsigned threads = 1);

}  // namespace landrenew::rules
