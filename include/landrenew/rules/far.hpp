#pragma once
// RULES.md 9: zone FAR before and after renewal. A zone's FAR in a snapshot is the GFA assigned to its member
// industrial parcels (RULES.md 5 membership, RULES.md 7 assignment) ÷ the area of the union of those parcels.
// Works for any ZoneIndex: parks, districts, platforms, or renewal project areas.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "landrenew/geom/overlaps.hpp"
#include "landrenew/io/layer.hpp"
#include "landrenew/rules/buildings.hpp"
#include "landrenew/rules/zones.hpp"

namespace landrenew::rules {

/// Uplifts within this of the target meet it: FAR differences carry floating-point noise (0.7 − 0.2 is
/// 0.49999999999999994), and an uplift printed as 0.500 must not fail a 0.5 target.
inline constexpr double kUpliftTolerance = 1e-9;

struct ZoneFar {
  std::string id, name;
  std::size_t parcels_before = 0, parcels_after = 0;  ///< member industrial parcels
  double area_before_m2 = 0, area_after_m2 = 0;       ///< area of the UNION of member parcels
  double gfa_before_m2 = 0, gfa_after_m2 = 0;         ///< Σ GFA assigned to member parcels
  double footprint_before_m2 = 0, footprint_after_m2 = 0;  ///< Σ building footprint on member parcels
  /// nullopt where the zone has no industrial land in that snapshot (null in JSON); 0 without buildings.
  std::optional<double> far_before, far_after;
  std::optional<double> uplift;  ///< far_after − far_before when both are known
  bool meets_target = false;     ///< uplift ≥ target (within kUpliftTolerance); false when uplift unknown
  std::string note;              ///< why a FAR is missing or zero, "; "-separated; "" when nothing to say
};

/// One snapshot for zone_far: its parcel layer, the industrial parcels, and analyse_snapshot's result over
/// exactly that parcel layer.
struct SnapshotInput {
  const PolygonLayer* parcels = nullptr;
  std::span<const std::size_t> industrial;
  const SnapshotResult* result = nullptr;
  /// Memberships from parcel_zones() for the same zones and min_share, to reuse them; nullptr = computed
  /// here.
  const std::vector<std::optional<std::size_t>>* membership = nullptr;
  /// analyse_overlaps() of the parcels of `industrial` (in that order, ascending), to reuse: a zone's
  /// union area is then taken from it (geom::SubsetUnion) instead of searching for overlaps again.
  const geom::OverlapAnalysis* overlaps = nullptr;
};

/// The member zone of each parcel of `parcels` (RULES.md 5: largest overlap, at least `min_share` of the
/// parcel's area — profile.park_majority for parks, 0 for districts); nullopt for non-members and for
/// parcels not in `industrial`. One entry per parcel of the layer. Up to `threads` threads; the same result
/// whatever the number.
std::vector<std::optional<std::size_t>> parcel_zones(const ZoneIndex& zones, const PolygonLayer& parcels,
                                                     std::span<const std::size_t> industrial,
                                                     double min_share, unsigned threads = 1);

/// RULES.md 9: a zone's FAR before and after, uplift, target and note from its sums (parcels, union areas,
/// GFA and footprints set): FAR = Σ GFA ÷ area of the union, never an average of ratios. zone_far() ends with
/// it; `landrenew merge` settles a zone from the partitions' sums with it (RULES.md 26).
void settle_zone_far(ZoneFar& z, double uplift_target);


/// FAR before and after per zone, in zone-index order (every zone, with or without industrial land).
/// `uplift_target` is profile.far_uplift_target. Up to `threads` threads; the same result whatever the
/// number.
std::vector<ZoneFar> zone_far(const ZoneIndex& zones, double min_share, const SnapshotInput& before,
                              const SnapshotInput& after, double uplift_target, unsigned threads = 1);

}  // namespace landrenew::rules
