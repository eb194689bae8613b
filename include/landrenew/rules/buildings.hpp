#pragma once
// RULES.md 6–8 for one snapshot of buildings: each building's gross floor area (GFA, with the 8 m
// double-count rule), its split over the industrial parcels it stands on, and each industrial parcel's FAR
// and coverage.
#include <cstddef>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew::rules {

/// Where a building's GFA came from (RULES.md 6).
enum class GfaSource { floor_area_field, floors_times_footprint, unknown };
const char* to_string(GfaSource s) noexcept;

struct BuildingResult {
  double footprint_m2 = 0;  ///< area(B)
  double gfa_m2 = 0;        ///< RULES.md 6, after doubling; 0 when unknown
  GfaSource source = GfaSource::unknown;
  /// Storey height strictly above BuildingRules::double_storey_height_m, so the GFA counted double (false
  /// when the GFA is unknown).
  bool doubled = false;
  std::optional<double> storey_height_m;  ///< storey_height field, or height ÷ floors; nullopt when unknown
  double industrial_share = 0;            ///< area(B ∩ ∪P) ÷ area(B), P = industrial parcels
  double gfa_off_industrial = 0;          ///< GFA × (1 − industrial_share): reported, never dropped
  /// (parcel index, GFA assigned), ascending parcel index; only parcels overlapped with positive area.
  std::vector<std::pair<std::size_t, double>> parcel_gfa;
  /// (parcel index, footprint assigned), the same parcels in the same order as parcel_gfa.
  std::vector<std::pair<std::size_t, double>> parcel_footprint;
};

struct SnapshotResult {
  std::vector<BuildingResult> buildings;          ///< one per used building, in layer order
  std::vector<double> parcel_gfa_m2;              ///< per parcel of the parcel layer (0 for non-industrial)
  std::vector<double> parcel_footprint_m2;        ///< likewise
  std::vector<std::optional<double>> parcel_far;  ///< RULES.md 8; industrial parcels only, else nullopt
  std::vector<std::optional<double>> parcel_coverage;  ///< RULES.md 8 (建筑系数); industrial parcels only
  double gfa_total_m2 = 0;                             ///< Σ building GFA
  double gfa_off_industrial_m2 = 0;                    ///< Σ building gfa_off_industrial
};

/// Computes RULES.md 6–8 for the buildings of one snapshot over the parcels of that snapshot.
/// `industrial` holds the indices of the industrial parcels (any order; duplicates are ignored). Cells that
/// are not plain numbers, are negative, or give zero floors are findings of kind "bad_number" (the value is
/// then missing); a building with neither a usable floor area nor floors is a "building_gfa_unknown" finding
/// and gets GFA 0. Findings name `buildings.info.logical` and the source column.
SnapshotResult analyse_snapshot(const PolygonLayer& buildings, const PolygonLayer& parcels,
                                std::span<const std::size_t> industrial, const BuildingRules& config,
                                Findings& findings);

}  // namespace landrenew::rules
