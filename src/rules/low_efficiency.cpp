#include "landrenew/rules/low_efficiency.hpp"

#include <map>

#include "landrenew/core/units.hpp"

namespace landrenew::rules {

const char* criterion_label_zh(std::string_view c) noexcept {
  if (c == "far_below_minimum") return "容积率低于行业控制值";
  if (c == "coverage_below_minimum") return "建筑系数低于30%";
  if (c == "enterprise_class") return "亩均评价D类企业";
  if (c == "wuwei") return "五未土地";
  if (c == "tax_per_mu_below") return "亩均税收低于标准";
  if (c == "admission_standard") return "未达准入标准";
  return "";
}

bool criterion_enabled(const LowEfficiencyRules& rules, std::string_view c) noexcept {
  if (c == "far_below_minimum") return rules.far_below_minimum;
  if (c == "coverage_below_minimum") return rules.coverage_below_minimum;
  if (c == "enterprise_class") return rules.enterprise_class;
  if (c == "wuwei") return rules.wuwei;
  if (c == "tax_per_mu_below") return rules.tax_per_mu_below;
  if (c == "admission_standard") return rules.admission_standard;
  return false;
}

std::vector<LowEfficiency> flag_low_efficiency(std::span<const std::size_t> industrial,
                                               const std::vector<ParcelFacts>& facts,
                                               const Profile& profile) {
  const LowEfficiencyRules& rules = profile.low_efficiency;
  std::vector<LowEfficiency> out(facts.size());

  // District means of 亩均税收 (area-weighted over industrial parcels with a known value), for that mode.
  std::map<std::size_t, std::pair<double, double>> district_tax;  // district → (Σ tax, Σ mu)
  if (rules.tax_per_mu_district_mode)
    for (auto p : industrial)
      if (facts[p].district && facts[p].tax_per_mu) {
        const double mu = mu_from_m2(facts[p].area_m2);
        auto& [tax, area] = district_tax[*facts[p].district];
        tax += *facts[p].tax_per_mu * mu;
        area += mu;
      }

  for (auto p : industrial) {
    const ParcelFacts& f = facts[p];
    LowEfficiency& r = out[p];
    if (rules.far_below_minimum) {
      r.far_minimum = f.industry_code.empty() ? std::nullopt : profile.far_minimum_for(f.industry_code);
      if (!r.far_minimum || !f.far)
        r.not_evaluable.emplace_back("far_below_minimum");
      else if (*f.far < *r.far_minimum)
        r.criteria.emplace_back("far_below_minimum");
    }
    if (rules.coverage_below_minimum) {
      if (!f.coverage)
        r.not_evaluable.emplace_back("coverage_below_minimum");
      else if (*f.coverage < profile.buildings.coverage_minimum)
        r.criteria.emplace_back("coverage_below_minimum");
    }
    if (rules.enterprise_class) {
      bool fired = false;
      for (char c : f.enterprise_classes)
        for (const auto& bad : rules.enterprise_classes)
          fired = fired || (bad.size() == 1 && bad[0] == c);
      // RULES.md 20: one class in the set decides; otherwise every linked enterprise's class must be known.
      if (fired)
        r.criteria.emplace_back("enterprise_class");
      else if (!f.enterprise_classes_known)
        r.not_evaluable.emplace_back("enterprise_class");
    }
    if (rules.wuwei) {
      if (f.wuwei != Wuwei::none)
        r.criteria.emplace_back("wuwei");
      else if (!f.wuwei_evaluable)
        r.not_evaluable.emplace_back("wuwei");
    }
    if (rules.tax_per_mu_below) {
      if (rules.tax_per_mu_district_mode) {
        if (f.district)
          if (auto it = district_tax.find(*f.district); it != district_tax.end() && it->second.second > 0)
            r.tax_threshold = rules.tax_per_mu_district_fraction * it->second.first / it->second.second;
      } else {
        r.tax_threshold = rules.tax_per_mu_threshold;
      }
      if (!f.tax_per_mu || !r.tax_threshold)
        r.not_evaluable.emplace_back("tax_per_mu_below");
      else if (*f.tax_per_mu < *r.tax_threshold)
        r.criteria.emplace_back("tax_per_mu_below");
    }
    if (rules.admission_standard) {
      // The standard admits new projects: with a cut-off date, older land is not tested against it at all.
      // Within its scope, a standard with an unknown indicator and none failing is not evaluable (RULES.md
      // 13, 20); older land is evaluated: the standard does not apply to it.
      const auto from = parse_date(rules.admission_supplied_from);
      const bool in_scope = !from || (f.supply_date && *f.supply_date >= *from);
      if (from && !f.supply_date)
        r.not_evaluable.emplace_back("admission_standard");
      else if (in_scope && f.admission == Outcome::fail)
        r.criteria.emplace_back("admission_standard");
      else if (in_scope && f.admission == Outcome::unknown)
        r.not_evaluable.emplace_back("admission_standard");
    }
  }
  return out;
}

}  // namespace landrenew::rules
