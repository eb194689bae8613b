#pragma once
// RULES.md 14 / DOMAIN.md §7: an industrial parcel is low-efficiency when any enabled criterion of the
// profile holds; the result lists every criterion that fired, and those that could not be tested.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/rules/admission.hpp"
#include "landrenew/rules/wuwei.hpp"

namespace landrenew::rules {

/// Criterion names, as in summary.json (CONTRACT.md), in this order.
inline constexpr const char* kCriteria[] = {"far_below_minimum", "coverage_below_minimum",
                                            "enterprise_class",  "wuwei",
                                            "tax_per_mu_below",  "admission_standard"};
const char* criterion_label_zh(std::string_view criterion) noexcept;
/// The profile's switch for a criterion of kCriteria (false for any other name).
bool criterion_enabled(const LowEfficiencyRules& rules, std::string_view criterion) noexcept;

/// What is known about one parcel, gathered from the other rules.
struct ParcelFacts {
  double area_m2 = 0;
  std::optional<double> far;       ///< after snapshot (RULES.md 8); nullopt without buildings
  std::optional<double> coverage;  ///< after snapshot
  std::string industry_code;       ///< the parcel's own, or its main enterprise's; "" when unknown
  std::string enterprise_classes;  ///< classes of linked enterprises, sorted, e.g. "BD"
  /// RULES.md 20: every enterprise linked to the parcel (at least one) has a class, or has none by rule
  /// (under the minimum land, an excluded industry); false when a link or a class is missing for lack of data.
  bool enterprise_classes_known = false;
  Wuwei wuwei = Wuwei::none;
  bool wuwei_evaluable = false;  ///< the 五未 category could be decided (WuweiResult::evaluable)
  std::optional<double> tax_per_mu;  ///< allocated from linked enterprises (万元/亩)
  Outcome admission = Outcome::unknown;
  std::optional<Date> supply_date;  ///< decides whether the admission standard applies (new projects)
  std::optional<std::size_t> district;
};

struct LowEfficiency {
  std::vector<std::string> criteria;  ///< fired, in kCriteria order
  /// Enabled criteria that lack the data they need on this parcel (RULES.md 20), in kCriteria order: neither
  /// fired nor passed.
  std::vector<std::string> not_evaluable;
  std::optional<double> far_minimum;  ///< the industry's minimum FAR, when known
  std::optional<double> tax_threshold;  ///< the 亩均税收 threshold applied (absolute or district-based)
  bool flagged() const noexcept { return !criteria.empty(); }
};

/// One result per parcel of `facts`; only the indices in `industrial` are judged (others stay empty).
std::vector<LowEfficiency> flag_low_efficiency(std::span<const std::size_t> industrial,
                                               const std::vector<ParcelFacts>& facts, const Profile& profile);

}  // namespace landrenew::rules
