#pragma once
// DOMAIN.md §1: the plan's other measures — enterprises outside parks, leading-industry concentration in the
// "2+8" platforms, 亩均税收 / 亩均增加值 per district and park against the provincial averages, labour
// productivity. Each enterprise is placed by its location parcel (RULES.md 5, 10).
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/rules/enterprises.hpp"
#include "landrenew/rules/zones.hpp"

namespace landrenew::rules {

/// Per-mu efficiency of the 规上 enterprises located in a zone (or the whole city).
struct ZoneEfficiency {
  std::string id, name;
  std::size_t enterprises = 0;  ///< 规上 enterprises located there with land
  double land_mu = 0;
  std::optional<double> tax_per_mu;           ///< Σ tax ÷ Σ land (enterprises with both)
  std::optional<double> value_added_per_mu;   ///< Σ value added ÷ Σ land
  std::optional<double> labour_productivity;  ///< Σ value added ÷ Σ employees (万元/人)
  std::optional<bool> tax_above_provincial;   ///< against the profile's provincial average (when set > 0)
  std::optional<bool> value_added_above_provincial;
  std::optional<bool> labour_meets_target;
};

/// What a zone's efficiency is taken from (RULES.md 26: a partitioned run's partitions export these and
/// `landrenew merge` adds them up and settles the ratios with zone_efficiency, never averaging ratios).
struct EfficiencySums {
  std::size_t n = 0;  ///< enterprises with land
  double land = 0, tax_land = 0, tax = 0, va_land = 0, va = 0, va_emp = 0, employees = 0;
  void add(const Enterprise& e);
  EfficiencySums& operator+=(const EfficiencySums& o);
};

/// The ratios and flags of a zone from its sums, against the plan's targets.
ZoneEfficiency zone_efficiency(const EfficiencySums& s, std::string id, std::string name, const PlanTargets& t);

/// Everything plan_metrics adds up, in the order of its zones (districts, parks).
struct PlanSums {
  EfficiencySums city;
  std::vector<EfficiencySums> districts, parks;
  std::size_t outside_parks = 0, outside_parks_large = 0, outside_parks_small = 0;
  double outside_parks_mu = 0;
  bool with_parks = false;  ///< a park layer was given
  double lead_revenue = 0, lead_revenue_platform = 0, lead_land = 0, lead_land_platform = 0;
  /// Adds another share's sums (RULES.md 26: partitions own disjoint enterprises), zone by zone in the order
  /// both read the same district and park layers.
  PlanSums& operator+=(const PlanSums& o);
};

struct PlanMetrics {
  PlanSums sums;  ///< what the figures below are taken from (settle_plan)
  ZoneEfficiency city;
  std::vector<ZoneEfficiency> districts;  ///< zone-index order
  std::vector<ZoneEfficiency> parks;
  /// Enterprises located outside every park, by size class (规上 / 规下 / other), with their land.
  std::size_t outside_parks = 0;
  std::size_t outside_parks_large = 0;  ///< 规上
  std::size_t outside_parks_small = 0;  ///< 规下
  double outside_parks_mu = 0;
  /// Leading-industry concentration in platforms: share of the leading industries' revenue and land located
  /// in a park whose kind is a platform kind; nullopt without leading-industry enterprises or without parks.
  std::optional<double> platform_output_share, platform_land_share;
  std::optional<bool> platform_meets_target;
};

/// `enterprise_district` / `enterprise_park`: each enterprise's zone through its location parcel; `groups`:
/// the profile's [mujun] groups (the plan's 亩均 targets are for the 规上 group). `counted`, when given: the
/// enterprises to count (a partition's own, RULES.md 26); all otherwise.
PlanMetrics plan_metrics(const EnterpriseSet& enterprises,
                         const std::vector<std::optional<std::size_t>>& enterprise_district,
                         const std::vector<std::optional<std::size_t>>& enterprise_park,
                         const ZoneIndex* districts, const ZoneIndex* parks, const PlanTargets& plan,
                         const std::vector<MujunGroup>& groups, const std::vector<bool>* counted = nullptr);

/// The measures from their sums: zone ratios (zone_efficiency) and platform concentration. `district_ids`,
/// `park_ids`: (id, name) of each zone of `sums`, in order. plan_metrics ends with it; `landrenew merge`
/// calls it on the partitions' sums added up (RULES.md 26).
PlanMetrics settle_plan(const PlanSums& sums, const std::vector<std::pair<std::string, std::string>>& district_ids,
                        const std::vector<std::pair<std::string, std::string>>& park_ids, const PlanTargets& plan);

}  // namespace landrenew::rules
