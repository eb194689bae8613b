// RULES.md 13–14: each industrial parcel's facts — FAR, coverage, industry, 亩均 classes and tax, 五未, the
// admission standard — the inputs of the low-efficiency flags (stages.hpp).
#include <algorithm>

#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/io/finding_reporter.hpp"

#include "core/parallel.hpp"
#include "pipeline/stages.hpp"

namespace landrenew::stages {

namespace {

// What the facts of one parcel are read from: the earlier stages' results and the stage's config; the facts,
// 五未 and admission results are written to `out` at the parcel's index.
struct FactsContext {
  const PolygonLayer& parcels;
  const ZonesResult& zones;
  const BuildingsResult& buildings;
  const EnterprisesResult& enterprises;
  const ParcelFactsConfig& config;
  ParcelFactsResult& out;
};

// A non-negative number from a parcel field; a bad cell is a finding and gives nullopt.
std::optional<double> parcel_number(const PolygonLayer& parcels, std::size_t p, ParcelField logical,
                                    Findings& findings) {
  auto cell = parcels.attributes.get(logical, p);
  if (!cell || trim(*cell).empty()) return std::nullopt;
  auto v = parse_plain_number(*cell);
  if (!v || *v < 0) {
    FindingReporter(findings, parcels)
        .feature(p, FindingKind::bad_number,
                 tr_both("'{1}' is not a non-negative number; ignored", std::string(trim(*cell))),
                 source_field(parcels.info, logical), Action::ignored);
    return std::nullopt;
  }
  return v;
}

std::optional<Date> parcel_date(const PolygonLayer& parcels, std::size_t p, ParcelField logical,
                                Findings& findings) {
  auto cell = parcels.attributes.get(logical, p);
  if (!cell || trim(*cell).empty()) return std::nullopt;
  auto d = parse_date(*cell);
  if (!d)
    FindingReporter(findings, parcels)
        .feature(p, FindingKind::bad_date, tr_both("'{1}' is not a date; ignored", std::string(trim(*cell))),
                 source_field(parcels.info, logical), Action::ignored);
  return d;
}

// The parcel's industry code: its own, else its main enterprise's.
std::optional<std::string> industry_code_of(const FactsContext& a, std::size_t p) {
  const PolygonLayer& parcels = a.parcels;
  std::optional<std::string> code_out;
  if (auto code = parcels.attributes.get(ParcelField::industry_code, p); code && !trim(*code).empty()) {
    code_out = std::string(trim(*code));
  } else if (a.enterprises.enterprises) {
    // The parcel's main enterprise: the most land on it, ties to the smaller credit code (as RULES.md 5
    // breaks ties by the smaller id), so that the table's row order does not decide.
    double best = -1;
    std::string best_code;
    for (auto e : a.enterprises.enterprises->by_parcel[p]) {
      const double share = a.enterprises.enterprises->allocation(e, p);
      const rules::Enterprise& ent = a.enterprises.enterprises->items[e];
      if (ent.industry_code.empty()) continue;
      if (share > best || (share == best && ent.credit_code < best_code)) {
        best = share;
        best_code = ent.credit_code;
        code_out = ent.industry_code;
      }
    }
  }
  return code_out;
}

// A quantity of the parcel's enterprises per mu of the parcel (nullopt without enterprises or area).
std::optional<double> per_mu_of(const FactsContext& a, std::size_t p, double mu, rules::Quantity q) {
  if (!a.enterprises.enterprises || mu <= 0) return std::nullopt;
  auto v = a.enterprises.enterprises->parcel_quantity(p, q);
  return v ? std::optional<double>(*v / mu) : std::nullopt;
}

// RULES.md 13: 五未 from the parcel's dates and the built share.
void wuwei_of(const FactsContext& a, std::size_t p, rules::ParcelFacts& f, Findings& block_findings) {
  const PolygonLayer& parcels = a.parcels;
  rules::ParcelDates dates;
  dates.approval = parcel_date(parcels, p, ParcelField::approval_date, block_findings);
  dates.supply = parcel_date(parcels, p, ParcelField::supply_date, block_findings);
  dates.contract_start = parcel_date(parcels, p, ParcelField::contract_start_date, block_findings);
  dates.start = parcel_date(parcels, p, ParcelField::start_date, block_findings);
  dates.completion = parcel_date(parcels, p, ParcelField::completion_date, block_findings);
  dates.production = parcel_date(parcels, p, ParcelField::production_date, block_findings);
  rules::WuweiFacts wf;
  wf.tax_per_mu = f.tax_per_mu;
  wf.contract_tax = parcel_number(parcels, p, ParcelField::contract_tax, block_findings);
  if (auto rfar = parcel_number(parcels, p, ParcelField::registered_far, block_findings);
      rfar && *rfar > 0 && a.buildings.after)
    wf.built_share = a.buildings.after->parcel_gfa_m2[p] / (f.area_m2 * *rfar);
  const rules::WuweiResult& w = a.out.wuwei[p] =
      rules::classify_wuwei(dates, wf, a.config.as_of, a.config.wuwei);
  f.supply_date = dates.supply;
  f.wuwei = w.category;
  f.wuwei_evaluable = w.evaluable;
}

// The admission standard ("2456+节能减排") on the parcel's facts.
void admission_of(const FactsContext& a, std::size_t p, const rules::ParcelFacts& f,
                  Findings& block_findings) {
  const PolygonLayer& parcels = a.parcels;
  const double mu = mu_from_m2(f.area_m2);
  const auto per_mu = [&](rules::Quantity q) { return per_mu_of(a, p, mu, q); };
  const auto contract_investment =
      parcel_number(parcels, p, ParcelField::contract_investment, block_findings);
  a.out.parcel_admission[p] =
      rules::check_admission(a.config.admission, [&](Metric m) -> std::optional<double> {
        switch (m) {
          case Metric::far:
            return f.far;
          case Metric::tax_per_mu:
            return f.tax_per_mu;
          case Metric::output_per_mu:
            return per_mu(rules::Quantity::revenue);
          case Metric::value_added_per_mu:
            return per_mu(rules::Quantity::value_added);
          case Metric::investment_per_mu:
            // New projects are admitted on their contracted investment intensity; otherwise the enterprises'
            // own.
            return contract_investment ? contract_investment : per_mu(rules::Quantity::investment);
          case Metric::energy_per_value_added: {
            if (!a.enterprises.enterprises) return std::nullopt;
            auto energy = a.enterprises.enterprises->parcel_quantity(p, rules::Quantity::energy);
            auto va = a.enterprises.enterprises->parcel_quantity(p, rules::Quantity::value_added);
            if (!energy || !va || *va <= 0) return std::nullopt;
            return *energy / *va;
          }
          default:
            return std::nullopt;
        }
      });
}

void facts_of(const FactsContext& a, std::size_t p, Findings& block_findings) {
  const PolygonLayer& parcels = a.parcels;
  rules::ParcelFacts& f = a.out.facts[p];
  f.area_m2 = parcels.area_m2[p];
  if (a.buildings.after) {
    f.far = a.buildings.after->parcel_far[p];
    f.coverage = a.buildings.after->parcel_coverage[p];
  }
  if (auto code = industry_code_of(a, p)) f.industry_code = std::move(*code);
  if (a.enterprises.enterprises) {
    // RULES.md 20: the classes are known when the parcel has an enterprise and none lacks its class for
    // want of data (a class withheld by rule, under 3 mu or an excluded industry, is known to be none).
    f.enterprise_classes_known = !a.enterprises.enterprises->by_parcel[p].empty();
    for (auto e : a.enterprises.enterprises->by_parcel[p]) {
      const rules::MujunScore& score = a.enterprises.mujun->enterprises[e];
      if (score.cls) f.enterprise_classes += score.cls;
      if (score.lacks_data) f.enterprise_classes_known = false;
    }
    std::sort(f.enterprise_classes.begin(), f.enterprise_classes.end());  // "AB" whatever the row order
    f.tax_per_mu = per_mu_of(a, p, mu_from_m2(f.area_m2), rules::Quantity::tax);
  }
  f.district = a.zones.parcel_district[p];
  wuwei_of(a, p, f, block_findings);
  admission_of(a, p, f, block_findings);
  f.admission = a.out.parcel_admission[p].overall;
}

}  // namespace

ParcelFactsResult parcel_facts(const PolygonLayer& parcels, const std::vector<std::size_t>& industrial,
                               const ZonesResult& zones, const BuildingsResult& buildings,
                               const EnterprisesResult& enterprises, const ParcelFactsConfig& config,
                               Findings& findings, unsigned threads) {
  ParcelFactsResult r;
  const std::size_t n = parcels.size();
  r.facts.assign(n, {});
  r.wuwei.assign(n, {});
  r.parcel_admission.assign(n, {});
  const FactsContext context{parcels, zones, buildings, enterprises, config, r};
  // Each parcel's facts on the threads; the findings of each block of parcels kept apart and appended in
  // parcel order, as one thread finds them. A block is a 16th of the industrial parcels, at least 64 and at
  // most 4,096, so that a small project (the tests) goes through the merge of many blocks as a province does.
  const std::size_t facts_block = std::clamp<std::size_t>(industrial.size() / 16, 64, 4096);
  std::vector<Findings> facts_findings(industrial.size() / facts_block + 1);
  parallel_for(industrial.size(), threads, facts_block,
               [&](std::size_t k) { facts_of(context, industrial[k], facts_findings[k / facts_block]); });
  for (const Findings& block : facts_findings)
    findings.append(block);
  return r;
}

}  // namespace landrenew::stages
