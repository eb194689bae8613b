#include "landrenew/rules/plan.hpp"

#include <algorithm>

#include "landrenew/core/text.hpp"

namespace landrenew::rules {

namespace {

bool in_group(const Enterprise& e, const std::vector<MujunGroup>& groups, const char* group) {
  for (const auto& g : groups)
    if (g.name == group)
      for (const auto& v : g.size_values)
        if (trim(v) == e.size_class) return true;
  return false;
}

bool starts_with_any(const std::string& code, const std::vector<std::string>& prefixes) {
  for (const auto& p : prefixes)
    if (!p.empty() && code.rfind(p, 0) == 0) return true;
  return false;
}

struct Sums {
  std::size_t n = 0;
  double land = 0, tax_land = 0, tax = 0, va_land = 0, va = 0, va_emp = 0, employees = 0;
  void add(const Enterprise& e) {
    auto mu = e.land_mu();
    if (!mu) return;
    ++n;
    land += *mu;
    if (auto t = e.get(Quantity::tax)) {
      tax += *t;
      tax_land += *mu;
    }
    if (auto v = e.get(Quantity::value_added)) {
      va += *v;
      va_land += *mu;
      if (auto emp = e.get(Quantity::employees); emp && *emp > 0) {
        va_emp += *v;
        employees += *emp;
      }
    }
  }
  ZoneEfficiency result(std::string id, std::string name, const PlanTargets& t) const {
    ZoneEfficiency z{std::move(id), std::move(name), n, land, {}, {}, {}, {}, {}, {}};
    if (tax_land > 0) z.tax_per_mu = tax / tax_land;
    if (va_land > 0) z.value_added_per_mu = va / va_land;
    if (employees > 0) z.labour_productivity = va_emp / employees;
    if (z.tax_per_mu && t.provincial_tax_per_mu > 0)
      z.tax_above_provincial = *z.tax_per_mu > t.provincial_tax_per_mu;
    if (z.value_added_per_mu && t.provincial_value_added_per_mu > 0)
      z.value_added_above_provincial = *z.value_added_per_mu > t.provincial_value_added_per_mu;
    if (z.labour_productivity) z.labour_meets_target = *z.labour_productivity >= t.labour_productivity_target;
    return z;
  }
};

}  // namespace

PlanMetrics plan_metrics(const EnterpriseSet& set,
                         const std::vector<std::optional<std::size_t>>& enterprise_district,
                         const std::vector<std::optional<std::size_t>>& enterprise_park,
                         const ZoneIndex* districts, const ZoneIndex* parks, const PlanTargets& plan,
                         const std::vector<MujunGroup>& groups) {
  PlanMetrics out;
  Sums city;
  std::vector<Sums> by_district(districts ? districts->size() : 0), by_park(parks ? parks->size() : 0);
  double lead_revenue = 0, lead_revenue_platform = 0, lead_land = 0, lead_land_platform = 0;
  std::vector<bool> platform(parks ? parks->size() : 0, false);
  for (std::size_t z = 0; parks && z < parks->size(); ++z)
    if (auto kind = parks->layer().attributes.get(ParkField::kind, z))
      platform[z] = std::find(plan.platform_kinds.begin(), plan.platform_kinds.end(),
                              std::string(trim(*kind))) != plan.platform_kinds.end();

  for (std::size_t e = 0; e < set.items.size(); ++e) {
    const Enterprise& ent = set.items[e];
    if (!ent.location) continue;  // unlinked enterprises have no place in any zone
    const auto park = enterprise_park[e];
    if (parks && !park) {
      ++out.outside_parks;
      if (in_group(ent, groups, "规上")) ++out.outside_parks_large;
      if (in_group(ent, groups, "规下")) ++out.outside_parks_small;
      if (auto mu = ent.land_mu()) out.outside_parks_mu += *mu;
    }
    if (starts_with_any(ent.industry_code, plan.leading_industry_codes)) {
      const bool in_platform = park && platform[*park];
      if (auto r = ent.get(Quantity::revenue)) {
        lead_revenue += *r;
        if (in_platform) lead_revenue_platform += *r;
      }
      if (auto mu = ent.land_mu()) {
        lead_land += *mu;
        if (in_platform) lead_land_platform += *mu;
      }
    }
    if (!in_group(ent, groups, "规上")) continue;  // the plan's 亩均 targets are for 规上 industry
    city.add(ent);
    if (auto d = enterprise_district[e]; d && districts) by_district[*d].add(ent);
    if (park) by_park[*park].add(ent);
  }
  out.city = city.result("city", "全市", plan);
  for (std::size_t z = 0; z < by_district.size(); ++z)
    out.districts.push_back(by_district[z].result(districts->id(z), districts->name(z), plan));
  for (std::size_t z = 0; z < by_park.size(); ++z)
    out.parks.push_back(by_park[z].result(parks->id(z), parks->name(z), plan));
  if (parks && lead_revenue > 0) out.platform_output_share = lead_revenue_platform / lead_revenue;
  if (parks && lead_land > 0) out.platform_land_share = lead_land_platform / lead_land;
  if (out.platform_output_share)
    out.platform_meets_target = *out.platform_output_share >= plan.platform_concentration_target;
  return out;
}

}  // namespace landrenew::rules
