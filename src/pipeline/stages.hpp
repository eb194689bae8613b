#pragma once
// The stages of analyse() (analysis.cpp), in the order it runs them. Each takes the inputs, the results of
// the stages before it that it needs and its part of the profile, and returns its own result (analysis.hpp);
// none reads the project file. Internal to the library.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "landrenew/pipeline/analysis.hpp"

namespace landrenew::stages {

/// Logs a stage's name and moves the run's progress to the share of the work done before it.
using Step = std::function<void(const std::string& name, double done)>;

/// The audit date (RULES.md 16, 19): the project's, else the run date.
void as_of(Analysis& a, const Project& project);

/// What the zones stage takes from the profile.
struct ZonesConfig {
  double park_majority = 0.5;  ///< share of a parcel inside a park that makes it the park's (RULES.md 5)
};
/// RULES.md 5: each parcel's district and park, and the industrial ground split by zone.
ZonesResult zones(const Inputs& in, const rules::ParcelAssessment& parcels, const ZonesConfig& config,
                  unsigned threads);

/// RULES.md 6–8: the building snapshots on the parcels (and on parcels_after, judged with the landuse scheme
/// the project names for it), side by side with 2 threads. Findings go to in.findings; the snapshots read
/// the profile's [buildings], the assessment of parcels_after its [landuse] and [geometry].
BuildingsResult buildings(Inputs& in, const rules::ParcelAssessment& parcels,
                          std::string_view parcels_after_scheme, unsigned threads, const Step& step);

/// What the enterprises stage takes from the profile.
struct EnterprisesConfig {
  MujunRules mujun;                           ///< [mujun]
  std::vector<AdmissionIndicator> admission;  ///< [admission]
  PlanTargets plan;                           ///< [plan]
};
/// RULES.md 10–13: the linked enterprise table's 亩均 classes, each enterprise's admission check, zone and
/// green channel; the plan measures. Nothing without a linked table. Findings go to `findings`.
EnterprisesResult enterprises(std::optional<rules::EnterpriseSet> linked, const PolygonLayer& parcels,
                              const ZonesResult& zones, const BuildingsResult& buildings,
                              const EnterprisesConfig& config, Findings& findings);

/// What the parcel facts stage takes from the profile and the run.
struct ParcelFactsConfig {
  WuweiLimits wuwei;                          ///< [wuwei]
  std::vector<AdmissionIndicator> admission;  ///< [admission]
  Date as_of;                                 ///< the audit date (as_of)
};
/// RULES.md 13–14: each industrial parcel's facts, 五未 and admission result, from the zones, the buildings
/// after and the linked enterprises. Findings on the parcels' cells go to `findings`, in parcel order.
ParcelFactsResult parcel_facts(const PolygonLayer& parcels, const std::vector<std::size_t>& industrial,
                               const ZonesResult& zones, const BuildingsResult& buildings,
                               const EnterprisesResult& enterprises, const ParcelFactsConfig& config,
                               Findings& findings, unsigned threads);

/// RULES.md 14, 20: the low-efficiency flags, their union and the tally of each criterion (the profile's
/// [low_efficiency], FAR and coverage minimums).
LowEfficiencyResult low_efficiency(const PolygonLayer& parcels, const rules::ParcelAssessment& assessment,
                                   const std::vector<rules::ParcelFacts>& facts, const Profile& profile,
                                   unsigned threads);

/// What the zone FAR stage takes from the profile.
struct ZoneFarConfig {
  double park_majority = 0.5;  ///< as for the zones stage; records are zones with the same majority
  double uplift_target = 0.5;  ///< [far_target] uplift
};
/// RULES.md 9: FAR before and after of each park, district and renewal record.
ZoneFarResult zone_far(const Inputs& in, const rules::ParcelAssessment& parcels, const ZonesResult& zones,
                       const BuildingsResult& buildings, const ZoneFarConfig& config, unsigned threads);

/// RULES.md 25: do the layers describe the same ground — the current buildings (buildings_after, else
/// buildings_before) on all used parcels, the industrial parcels in the district layer, and the counted
/// register records with geometry on the industrial parcels; each pair whose layers are given. Below its
/// threshold a pair gets an offset search on a sample and a likely cause. The shares of whole layers are
/// measured on `threads` threads (share_inside).
std::vector<rules::AgreementCheck> agreement(const Inputs& in, const std::vector<std::size_t>& industrial,
                                             const std::optional<rules::FreedLedger>& freed,
                                             unsigned threads);

}  // namespace landrenew::stages
