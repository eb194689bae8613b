// RULES.md 26: the sums a partition's summary.json carries for `landrenew merge` (partition_summary.hpp).
#include "landrenew/out/partition_summary.hpp"

#include <algorithm>
#include <iterator>

#include "landrenew/core/i18n.hpp"

namespace landrenew::out {

using json = nlohmann::ordered_json;

namespace {

json efficiency_sums_json(const rules::EfficiencySums& s) {
  return {{"enterprises", s.n}, {"land_mu", s.land},   {"tax_land_mu", s.tax_land},     {"tax", s.tax},
          {"va_land_mu", s.va_land}, {"value_added", s.va}, {"va_with_employees", s.va_emp}, {"employees", s.employees}};
}

rules::EfficiencySums efficiency_sums_from_json(const json& j) {
  rules::EfficiencySums s;
  s.n = j.at("enterprises").get<std::size_t>();
  s.land = j.at("land_mu").get<double>();
  s.tax_land = j.at("tax_land_mu").get<double>();
  s.tax = j.at("tax").get<double>();
  s.va_land = j.at("va_land_mu").get<double>();
  s.va = j.at("value_added").get<double>();
  s.va_emp = j.at("va_with_employees").get<double>();
  s.employees = j.at("employees").get<double>();
  return s;
}

json zone_sums_json(const std::vector<rules::ZoneEfficiency>& zones, const std::vector<rules::EfficiencySums>& sums) {
  json out = json::array();
  for (std::size_t z = 0; z < zones.size() && z < sums.size(); ++z)
    out.push_back({{"id", zones[z].id}, {"name", zones[z].name}, {"sums", efficiency_sums_json(sums[z])}});
  return out;
}

void zone_sums_from_json(const json& j, std::vector<rules::EfficiencySums>& sums,
                         std::vector<std::pair<std::string, std::string>>& ids) {
  for (const json& z : j) {
    ids.emplace_back(z.at("id").get<std::string>(), z.at("name").get<std::string>());
    sums.push_back(efficiency_sums_from_json(z.at("sums")));
  }
}

}  // namespace

json plan_sums_json(const rules::PlanMetrics& pm) {
  const rules::PlanSums& s = pm.sums;
  return {{"city", efficiency_sums_json(s.city)},
          {"districts", zone_sums_json(pm.districts, s.districts)},
          {"parks", zone_sums_json(pm.parks, s.parks)},
          {"with_parks", s.with_parks},
          {"outside_parks",
           {{"enterprises", s.outside_parks},
            {"large", s.outside_parks_large},
            {"small", s.outside_parks_small},
            {"mu", s.outside_parks_mu}}},
          {"leading",
           {{"revenue", s.lead_revenue},
            {"revenue_platform", s.lead_revenue_platform},
            {"land_mu", s.lead_land},
            {"land_mu_platform", s.lead_land_platform}}}};
}

PlanSumsRead plan_sums_from_json(const json& j) {
  PlanSumsRead r;
  rules::PlanSums& s = r.sums;
  s.city = efficiency_sums_from_json(j.at("city"));
  zone_sums_from_json(j.at("districts"), s.districts, r.districts);
  zone_sums_from_json(j.at("parks"), s.parks, r.parks);
  s.with_parks = j.at("with_parks").get<bool>();
  const json& o = j.at("outside_parks");
  s.outside_parks = o.at("enterprises").get<std::size_t>();
  s.outside_parks_large = o.at("large").get<std::size_t>();
  s.outside_parks_small = o.at("small").get<std::size_t>();
  s.outside_parks_mu = o.at("mu").get<double>();
  const json& l = j.at("leading");
  s.lead_revenue = l.at("revenue").get<double>();
  s.lead_revenue_platform = l.at("revenue_platform").get<double>();
  s.lead_land = l.at("land_mu").get<double>();
  s.lead_land_platform = l.at("land_mu_platform").get<double>();
  return r;
}

json agreement_shares_json(const std::vector<rules::AgreementCheck>& checks,
                           const std::vector<PartitionPieces::AgreementShare>& own,
                           const std::vector<PartitionPieces::UnmeasuredShare>& unmeasured) {
  json out = json::array();
  for (std::size_t k = 0; k < checks.size() && k < own.size(); ++k) {
    const rules::AgreementCheck& c = checks[k];
    out.push_back({{"key", c.key},
                   {"layer", c.layer},
                   {"reference", c.reference},
                   {"threshold", c.threshold},
                   {"lonlat", c.lonlat},
                   {"features", own[k].features},
                   {"inside_m2", own[k].inside_m2},
                   {"area_m2", own[k].area_m2}});
  }
  for (const PartitionPieces::UnmeasuredShare& u : unmeasured)
    out.push_back({{"key", u.key}, {"layer", u.layer}, {"measured", false}, {"features", u.features},
                   {"area_m2", u.area_m2}});
  return out;
}

std::vector<rules::AgreementCheck> agreement_from_shares(const std::vector<const json*>& parts) {
  // Checks in the order one run measures them: each partition lists its checks in that order but may lack
  // some (none of its features); a check first seen is put before the first check this partition lists after
  // it that is already there.
  std::vector<rules::AgreementCheck> checks;
  std::vector<double> inside, area;
  const auto index_of = [&](const std::string& key) {
    std::size_t k = 0;
    while (k < checks.size() && checks[k].key != key)
      ++k;
    return k;
  };
  for (const json* part : parts)
    for (auto it = part->begin(); it != part->end(); ++it) {
      const json& s = *it;
      if (!s.value("measured", true)) continue;  // added below, to a check another partition measured
      const std::string key = s.at("key").get<std::string>();
      std::size_t k = index_of(key);
      if (k == checks.size()) {
        for (auto later = std::next(it); later != part->end() && k == checks.size(); ++later)
          k = std::min(k, index_of(later->at("key").get<std::string>()));
        rules::AgreementCheck c;
        c.key = key;
        c.layer = s.at("layer").get<std::string>();
        c.reference = s.at("reference").get<std::string>();
        c.threshold = s.at("threshold").get<double>();
        checks.insert(checks.begin() + static_cast<std::ptrdiff_t>(k), std::move(c));
        inside.insert(inside.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
        area.insert(area.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
      }
      checks[k].features += s.at("features").get<std::size_t>();
      checks[k].lonlat = checks[k].lonlat || s.at("lonlat").get<bool>();
      inside[k] += s.at("inside_m2").get<double>();
      area[k] += s.at("area_m2").get<double>();
    }
  // A partition's own features of a check it could not measure (no reference read) lie on nothing: they add
  // features and area, nothing inside. Where no partition measured the check, one run has none either.
  for (const json* part : parts)
    for (const json& s : *part)
      if (!s.value("measured", true))
        if (const std::size_t k = index_of(s.at("key").get<std::string>()); k < checks.size()) {
          checks[k].features += s.at("features").get<std::size_t>();
          area[k] += s.at("area_m2").get<double>();
        }
  for (std::size_t k = 0; k < checks.size(); ++k) {
    rules::AgreementCheck& c = checks[k];
    c.share = area[k] > 0 ? inside[k] / area[k] : 1.0;  // as share_inside: Σ inside ÷ Σ area
    if (c.below())  // RULES.md 25, 26: the shift search moves a sample of the whole layer
      c.likely_cause = tr_both(
          "not known: a partitioned run does not look for the constant shift that would explain it (RULES.md "
          "26); run the whole project to look for it");
  }
  return checks;
}

json coverage_tally_json(const CoverageTally& t) {
  json criteria = json::object();
  for (const auto& [key, c] : t.criteria)
    criteria[key] = {{"enabled", c.enabled},
                     {"evaluated_parcels", c.evaluated_parcels},
                     {"not_evaluable_parcels", c.not_evaluable_parcels},
                     {"not_evaluable_m2", c.not_evaluable_m2}};
  json rejected = json::array();
  for (const auto& [layer, n] : t.rejected)
    rejected.push_back({layer, n});
  json kinds = json::object();
  for (const auto& [kind, k] : t.kinds)
    kinds[kind] = {{"count", k.count}, {"layers", k.layers}, {"m2", k.m2}};
  json landuse = json::array();
  for (const auto& [key, v] : t.landuse)
    landuse.push_back({{"by_layer", key.first},
                       {"value", key.second},
                       {"scheme", v.scheme},
                       {"resembles", v.resembles},
                       {"counts_as_industrial", v.counts_as_industrial},
                       {"parcels", v.parcels},
                       {"m2", v.m2}});
  const CoverageTally::Register& u = t.unusable;
  return {{"industrial_m2", t.industrial_m2},
          {"criteria", criteria},
          {"rejected", rejected},
          {"enterprises", t.enterprises},
          {"not_classified", t.not_classified},
          {"records", t.records},
          {"unusable",
           {{"records", u.records},
            {"no_date", u.no_date},
            {"bad_date", u.bad_date},
            {"no_mode", u.no_mode},
            {"other_mode", u.other_mode},
            {"no_parcel", u.no_parcel}}},
          {"kinds", kinds},
          {"landuse", landuse}};
}

CoverageTally coverage_tally_from_json(const json& j) {
  CoverageTally t;
  t.industrial_m2 = j.at("industrial_m2").get<double>();
  for (const auto& [key, c] : j.at("criteria").items())
    t.criteria[key] = {c.at("enabled").get<bool>(), c.at("evaluated_parcels").get<std::size_t>(),
                       c.at("not_evaluable_parcels").get<std::size_t>(), c.at("not_evaluable_m2").get<double>()};
  for (const json& r : j.at("rejected"))
    t.rejected.emplace_back(r.at(0).get<std::string>(), r.at(1).get<std::size_t>());
  t.enterprises = j.at("enterprises").get<bool>();
  for (const auto& [reason, n] : j.at("not_classified").items())
    t.not_classified[reason] = n.get<std::size_t>();
  t.records = j.at("records").get<bool>();
  const json& u = j.at("unusable");
  t.unusable = {u.at("records").get<std::size_t>(),  u.at("no_date").get<std::size_t>(),
                u.at("bad_date").get<std::size_t>(), u.at("no_mode").get<std::size_t>(),
                u.at("other_mode").get<std::size_t>(), u.at("no_parcel").get<std::size_t>()};
  for (const auto& [kind, k] : j.at("kinds").items()) {
    CoverageTally::Kind& mine = t.kinds[kind];
    mine.count = k.at("count").get<std::size_t>();
    for (const auto& [layer, n] : k.at("layers").items())
      mine.layers[layer] = n.get<std::size_t>();
    mine.m2 = k.at("m2").get<double>();
  }
  for (const json& v : j.at("landuse"))
    t.landuse[{v.at("by_layer").get<bool>(), v.at("value").get<std::string>()}] = {
        v.at("scheme").get<std::string>(), v.at("resembles").get<std::string>(),
        v.at("counts_as_industrial").get<bool>(), v.at("parcels").get<std::size_t>(), v.at("m2").get<double>()};
  return t;
}

}  // namespace landrenew::out
