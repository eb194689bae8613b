#pragma once
// `landrenew run`: every rule of RULES.md applied to the inputs of a project, in one pass, with the results
// the writers turn into layers, tables and summary.json.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "landrenew/core/date.hpp"
#include "landrenew/pipeline/check.hpp"
#include "landrenew/rules/admission.hpp"
#include "landrenew/rules/agreement.hpp"
#include "landrenew/rules/buildings.hpp"
#include "landrenew/rules/clusters.hpp"
#include "landrenew/rules/enterprises.hpp"
#include "landrenew/rules/far.hpp"
#include "landrenew/rules/freed.hpp"
#include "landrenew/rules/low_efficiency.hpp"
#include "landrenew/rules/mujun.hpp"
#include "landrenew/rules/plan.hpp"
#include "landrenew/rules/wuwei.hpp"
#include "landrenew/rules/zones.hpp"

namespace landrenew {

/// Area of the industrial ground inside one zone polygon (RULES.md 5: split by area).
struct ZoneArea {
  std::string id, name;
  double industrial_m2 = 0;
};

/// One low-efficiency criterion over the industrial parcels (RULES.md 14, 20): where it fired, where it was
/// evaluated (fired or passed) and where it lacked data; areas are of unions.
struct CriterionTally {
  bool enabled = true;  ///< the profile's [low_efficiency] switch; a disabled criterion has zeros
  std::size_t parcels = 0;
  double m2 = 0;
  std::size_t evaluated_parcels = 0;
  double evaluated_m2 = 0;
  std::size_t not_evaluable_parcels = 0;
  double not_evaluable_m2 = 0;
};

// The result of each stage of analyse() (src/pipeline/stages.hpp), in the order they run. Analysis is made of
// them, so a writer reads `a.parcel_district` whatever stage filled it.

/// RULES.md 5 (stages::zones): each parcel's district and park, and the industrial ground by zone.
struct ZonesResult {
  std::optional<rules::ZoneIndex> districts, parks;
  std::vector<std::optional<std::size_t>> parcel_district;  ///< per parcel: member district (largest part)
  std::vector<std::optional<std::size_t>> parcel_park;      ///< per parcel: member park (≥ majority)
  std::vector<double> parcel_park_share;                    ///< largest park overlap ÷ parcel area
  std::vector<ZoneArea> district_area, park_area;           ///< industrial ground per zone polygon
  double industrial_outside_districts_m2 = 0;
};

/// RULES.md 6–8 (stages::buildings): the building snapshots on the parcels.
struct BuildingsResult {
  std::optional<rules::SnapshotResult> before;  ///< buildings_before on the parcels
  std::optional<rules::SnapshotResult>
      after;  ///< buildings_after on the parcels (per-parcel FAR for RULES.md 14)
  std::optional<rules::SnapshotResult>
      after_own;  ///< buildings_after on parcels_after, when given (zone FAR after)
  std::vector<std::size_t> industrial_after;  ///< industrial parcels of parcels_after
};

/// RULES.md 10–13 (stages::enterprises): the enterprise table evaluated.
struct EnterprisesResult {
  std::optional<rules::EnterpriseSet> enterprises;
  std::optional<rules::MujunResult> mujun;
  std::vector<rules::AdmissionResult> enterprise_admission;                      ///< per enterprise
  std::vector<std::optional<std::size_t>> enterprise_park, enterprise_district;  ///< via the location parcel
  std::vector<bool> green_channel;  ///< energy ÷ value added below the plan's 0.52
  std::optional<rules::PlanMetrics> plan;  ///< DOMAIN.md §1 measures (with an enterprise table)
};

/// RULES.md 13–14 (stages::parcel_facts): what is known of each parcel.
struct ParcelFactsResult {
  std::vector<rules::AdmissionResult> parcel_admission;  ///< per parcel (industrial ones judged)
  std::vector<rules::WuweiResult> wuwei;                 ///< per parcel
  std::vector<rules::ParcelFacts> facts;                 ///< per parcel
};

/// RULES.md 14, 20 (stages::low_efficiency): the flags, their union and each criterion's tally.
struct LowEfficiencyResult {
  std::vector<rules::LowEfficiency> low;               ///< per parcel
  std::vector<std::size_t> low_parcels;                ///< flagged industrial parcels, ascending
  double low_m2 = 0;                                   ///< area of their union
  std::map<std::string, CriterionTally> by_criterion;  ///< per criterion of kCriteria
};

/// RULES.md 9 (stages::zone_far): FAR before and after of each park, district and renewal record.
struct ZoneFarResult {
  std::vector<rules::ZoneFar> park_far, district_far, renewal_far;
};

/// RULES.md 26: what a partition's run adds for `landrenew merge` (pipeline/partition.hpp).
struct PartitionPieces {
  PartitionSpec spec;
  /// Its industrial ground that industrial parcels of earlier partitions also cover (read as its margin): the
  /// merge subtracts it from the sum of the partitions' industrial areas, and reports it as the most that
  /// the other areas (low-efficiency land, criteria, zones) can count twice.
  double cross_overlap_m2 = 0;
  std::vector<bool> enterprise_owned;  ///< per enterprise of the linked table
  std::vector<bool> parcel_owned;      ///< per used parcel
  /// Per feature of the other partitioned polygon layers (buildings_before, buildings_after, renewal), by
  /// logical layer name: whether this partition owns it (its GeoPackage writes only those).
  std::map<std::string, std::vector<bool>> feature_owned;
  /// RULES.md 25 over its own features: per check (Analysis::agreement, same order) what the merge adds up.
  struct AgreementShare {
    std::size_t features = 0;
    double inside_m2 = 0, area_m2 = 0;  ///< Σ area on the reference, Σ area (unmoved)
  };
  std::vector<AgreementShare> agreement;
  /// Its own features of a check's layer where analyse() measured no such check, for lack of a reference in
  /// what it read (no parcel, no industrial parcel): none of them lies on the reference (RULES.md 25, 26).
  struct UnmeasuredShare {
    std::string key, layer;
    std::size_t features = 0;
    double area_m2 = 0;
  };
  std::vector<UnmeasuredShare> agreement_unmeasured;
  /// Parcels its own counted records touch: (parcel FID, first year), for the share of industrial parcels
  /// touched (the merge takes the earliest year of each parcel over all partitions).
  std::vector<std::pair<std::int64_t, int>> touched;
};

struct Analysis : ZonesResult,
                  BuildingsResult,
                  EnterprisesResult,
                  ParcelFactsResult,
                  LowEfficiencyResult,
                  ZoneFarResult {
  CheckResult check;  ///< inputs, findings, industrial parcels (RULES.md 1–4)
  Date as_of;         ///< the project's audit date, or the run date
  std::string as_of_source;

  std::vector<rules::Cluster> clusters;     ///< RULES.md 15
  std::optional<rules::FreedLedger> freed;  ///< RULES.md 16–19

  std::vector<rules::AgreementCheck> agreement;  ///< RULES.md 25: layers that describe the same ground

  std::vector<HeadlineWarning> warnings;  ///< RULES.md 20 (coverage.hpp), largest mu first

  std::optional<PartitionPieces> partition;  ///< set when the project is a partition (RULES.md 26)
  /// Whether enterprise `e` of the linked table is this run's (always outside a partition).
  bool owns_enterprise(std::size_t e) const {
    return !partition || (e < partition->enterprise_owned.size() && partition->enterprise_owned[e]);
  }
  /// Whether used parcel `p` is this run's (always outside a partition).
  bool owns_parcel(std::size_t p) const {
    return !partition || (p < partition->parcel_owned.size() && partition->parcel_owned[p]);
  }
  /// Whether feature `i` of buildings_before, buildings_after or renewal (`layer`, its logical name) is this
  /// run's (always outside a partition).
  bool owns_feature(const std::string& layer, std::size_t i) const {
    if (!partition) return true;
    const auto it = partition->feature_owned.find(layer);
    return it != partition->feature_owned.end() && i < it->second.size() && it->second[i];
  }
};

/// Runs everything. Throws Error when an input cannot be used; data problems are findings.
Analysis analyse(const Project& project, const LoadOptions& options = {});

}  // namespace landrenew
