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

}  // namespace

void EfficiencySums::add(const Enterprise& e) {
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

EfficiencySums& EfficiencySums::operator+=(const EfficiencySums& o) {
  n += o.n;
  land += o.land;
  tax_land += o.tax_land;
  tax += o.tax;
  va_land += o.va_land;
  va += o.va;
  va_emp += o.va_emp;
  employees += o.employees;
  return *this;
}

PlanSums& PlanSums::operator+=(const PlanSums& o) {
  city += o.city;
  for (std::size_t z = 0; z < districts.size() && z < o.districts.size(); ++z)
    districts[z] += o.districts[z];
  for (std::size_t z = 0; z < parks.size() && z < o.parks.size(); ++z)
    parks[z] += o.parks[z];
  outside_parks += o.outside_parks;
  outside_parks_large += o.outside_parks_large;
  outside_parks_small += o.outside_parks_small;
  outside_parks_mu += o.outside_parks_mu;
  with_parks = with_parks || o.with_parks;
  lead_revenue += o.lead_revenue;
  lead_revenue_platform += o.lead_revenue_platform;
  lead_land += o.lead_land;
  lead_land_platform += o.lead_land_platform;
  return *this;
}

ZoneEfficiency zone_efficiency(const EfficiencySums& s, std::string id, std::string name, const PlanTargets& t) {
  ZoneEfficiency z{std::move(id), std::move(name), s.n, s.land, {}, {}, {}, {}, {}, {}};
  if (s.tax_land > 0) z.tax_per_mu = s.tax / s.tax_land;
  if (s.va_land > 0) z.value_added_per_mu = s.va / s.va_land;
  if (s.employees > 0) z.labour_productivity = s.va_emp / s.employees;
  if (z.tax_per_mu && t.provincial_tax_per_mu > 0) z.tax_above_provincial = *z.tax_per_mu > t.provincial_tax_per_mu;
  if (z.value_added_per_mu && t.provincial_value_added_per_mu > 0)
    z.value_added_above_provincial = *z.value_added_per_mu > t.provincial_value_added_per_mu;
  if (z.labour_productivity) z.labour_meets_target = *z.labour_productivity >= t.labour_productivity_target;
  return z;
}

PlanMetrics settle_plan(const PlanSums& sums, const std::vector<std::pair<std::string, std::string>>& district_ids,
                        const std::vector<std::pair<std::string, std::string>>& park_ids, const PlanTargets& plan) {
  PlanMetrics out;
  out.sums = sums;
  out.city = zone_efficiency(sums.city, "city", "全市", plan);
  for (std::size_t z = 0; z < sums.districts.size() && z < district_ids.size(); ++z)
    out.districts.push_back(zone_efficiency(sums.districts[z], district_ids[z].first, district_ids[z].second, plan));
  for (std::size_t z = 0; z < sums.parks.size() && z < park_ids.size(); ++z)
    out.parks.push_back(zone_efficiency(sums.parks[z], park_ids[z].first, park_ids[z].second, plan));
  out.outside_parks = sums.outside_parks;
  out.outside_parks_large = sums.outside_parks_large;
  out.outside_parks_small = sums.outside_parks_small;
  out.outside_parks_mu = sums.outside_parks_mu;
  if (sums.with_parks && sums.lead_revenue > 0) out.platform_output_share = sums.lead_revenue_platform / sums.lead_revenue;
  if (sums.with_parks && sums.lead_land > 0) out.platform_land_share = sums.lead_land_platform / sums.lead_land;
  if (out.platform_output_share)
    out.platform_meets_target = *out.platform_output_share >= plan.platform_concentration_target;
  return out;
}

PlanMetrics plan_metrics(const EnterpriseSet& set,
                         const std::vector<std::optional<std::size_t>>& enterprise_district,
                         const std::vector<std::optional<std::size_t>>& enterprise_park,
                         const ZoneIndex* districts, const ZoneIndex* parks, const PlanTargets& plan,
                         const std::vector<MujunGroup>& groups, const std::vector<bool>* counted) {
  PlanSums s;
  s.districts.resize(districts ? districts->size() : 0);
  s.parks.resize(parks ? parks->size() : 0);
  s.with_parks = parks != nullptr;
  std::vector<bool> platform(parks ? parks->size() : 0, false);
  for (std::size_t z = 0; parks && z < parks->size(); ++z)
    if (auto kind = parks->layer().attributes.get(ParkField::kind, z))
      platform[z] = std::find(plan.platform_kinds.begin(), plan.platform_kinds.end(),
                              std::string(trim(*kind))) != plan.platform_kinds.end();

  for (std::size_t e = 0; e < set.items.size(); ++e) {
    const Enterprise& ent = set.items[e];
    if (!ent.location) continue;  // unlinked enterprises have no place in any zone
    if (counted && (e >= counted->size() || !(*counted)[e])) continue;
    const auto park = enterprise_park[e];
    if (parks && !park) {
      ++s.outside_parks;
      if (in_group(ent, groups, "规上")) ++s.outside_parks_large;
      if (in_group(ent, groups, "规下")) ++s.outside_parks_small;
      if (auto mu = ent.land_mu()) s.outside_parks_mu += *mu;
    }
    if (starts_with_any(ent.industry_code, plan.leading_industry_codes)) {
      const bool in_platform = park && platform[*park];
      if (auto r = ent.get(Quantity::revenue)) {
        s.lead_revenue += *r;
        if (in_platform) s.lead_revenue_platform += *r;
      }
      if (auto mu = ent.land_mu()) {
        s.lead_land += *mu;
        if (in_platform) s.lead_land_platform += *mu;
      }
    }
    if (!in_group(ent, groups, "规上")) continue;  // the plan's 亩均 targets are for 规上 industry
    s.city.add(ent);
    if (auto d = enterprise_district[e]; d && districts) s.districts[*d].add(ent);
    if (park) s.parks[*park].add(ent);
  }
  std::vector<std::pair<std::string, std::string>> district_ids, park_ids;
  for (std::size_t z = 0; districts && z < districts->size(); ++z)
    district_ids.emplace_back(districts->id(z), districts->name(z));
  for (std::size_t z = 0; parks && z < parks->size(); ++z)
    park_ids.emplace_back(parks->id(z), parks->name(z));
  return settle_plan(s, district_ids, park_ids, plan);
}

}  // namespace landrenew::rules
