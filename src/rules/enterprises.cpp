#include "landrenew/rules/enterprises.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "landrenew/text.hpp"
#include "landrenew/units.hpp"

#include "parallel.hpp"

namespace landrenew {

namespace {

struct QuantityColumn {
  Quantity q;
  const char* logical;
};
constexpr QuantityColumn kColumns[] = {
    {Quantity::tax, "tax"},
    {Quantity::value_added, "value_added"},
    {Quantity::revenue, "revenue"},
    {Quantity::energy, "energy"},
    {Quantity::emissions, "emissions"},
    {Quantity::employees, "employees"},
    {Quantity::rd, "rd"},
    {Quantity::electricity, "electricity"},
    {Quantity::investment, "investment"},
};

// Factor turning the table's unit into the profile's (万元; electricity 万千瓦时).
double unit_factor(const LayerSource& source, const std::string& logical) {
  auto it = source.units.find(logical);
  if (it == source.units.end()) return 1.0;
  if (it->second == "元") return 1e-4;
  if (it->second == "亿元") return 1e4;
  if (it->second == "千瓦时") return 1e-4;
  return 1.0;  // 万元, 万千瓦时
}

std::string source_column(const TableLayer& t, const std::string& logical) {
  for (const auto& b : t.info.fields)
    if (b.logical == logical) return b.source;
  return logical;
}

std::optional<double> ratio(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b <= 0) return std::nullopt;
  return *a / *b;
}

}  // namespace

std::optional<double> Enterprise::land_mu() const {
  if (!land_m2) return std::nullopt;
  return mu_from_m2(*land_m2);
}

std::optional<double> Enterprise::metric(Metric m) const {
  using Q = Quantity;
  switch (m) {
    case Metric::tax_per_mu:
      return ratio(get(Q::tax), land_mu());
    case Metric::value_added_per_mu:
      return ratio(get(Q::value_added), land_mu());
    case Metric::output_per_mu:
      return ratio(get(Q::revenue), land_mu());
    case Metric::value_added_per_energy:
      return ratio(get(Q::value_added), get(Q::energy));
    case Metric::value_added_per_emission:
      return ratio(get(Q::value_added), get(Q::emissions));
    case Metric::labour_productivity:
      return ratio(get(Q::value_added), get(Q::employees));
    case Metric::rd_intensity:
      return ratio(get(Q::rd), get(Q::revenue));
    case Metric::tax_per_electricity:
      return ratio(get(Q::tax), get(Q::electricity));
    case Metric::energy_per_value_added:
      return ratio(get(Q::energy), get(Q::value_added));
    case Metric::investment_per_mu:
      return ratio(get(Q::investment), land_mu());
    case Metric::far:
      return std::nullopt;
  }
  return std::nullopt;
}

double EnterpriseSet::allocation(std::size_t e, std::size_t p) const {
  const Enterprise& ent = items[e];
  const double total = std::accumulate(ent.parcel_land_m2.begin(), ent.parcel_land_m2.end(), 0.0);
  if (total <= 0) return 0;
  for (std::size_t k = 0; k < ent.parcels.size(); ++k)
    if (ent.parcels[k] == p) return ent.parcel_land_m2[k] / total;
  return 0;
}

std::optional<double> EnterpriseSet::parcel_quantity(std::size_t p, Quantity q) const {
  if (p >= by_parcel.size() || by_parcel[p].empty()) return std::nullopt;
  double sum = 0;
  for (auto e : by_parcel[p]) {
    auto v = items[e].get(q);
    if (!v) return std::nullopt;
    sum += *v * allocation(e, p);
  }
  return sum;
}

bool credit_code_checksum_ok(std::string_view code) {
  // GB 32100-2015: 17 characters from this alphabet with weights 3^i mod 31, then a check character.
  static constexpr std::string_view alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const auto pos = alphabet.find(code[i]);
    if (pos == std::string_view::npos) return false;
    sum += static_cast<int>(pos) * weights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return code[17] == alphabet[static_cast<std::size_t>(check)];
}

EnterpriseSet link_enterprises(const TableLayer& table, const LayerSource& source,
                               const PolygonLayer& parcels, Findings& findings, unsigned threads) {
  EnterpriseSet out;
  out.by_parcel.resize(parcels.size());
  const std::string layer = table.info.logical;
  const auto finding = [&](std::size_t i, Severity s, const char* kind, const std::string& field,
                           std::string message, Action action = Action::none) {
    Finding f;
    f.severity = s;
    f.kind = kind;
    f.layer = layer;
    f.fid = table.row[i];
    f.field = field;
    f.message = std::move(message);
    f.action = action;
    f.sheet = table.sheet_of(i);
    if (!f.sheet.empty()) f.message = "sheet '" + f.sheet + "': " + f.message;
    if (auto c = table.attributes.get("credit_code", i)) f.feature_id = std::string(trim(*c));
    findings.add(std::move(f));
  };

  // Parcels by credit code (a shared parcel lists several codes in one cell).
  std::map<std::string, std::vector<std::size_t>, std::less<>> parcels_of;
  std::vector<std::size_t> holders(parcels.size(), 0);
  if (const TextColumn* codes = parcels.attributes.find("credit_code")) {
    for (std::size_t p = 0; p < parcels.size(); ++p) {
      auto cell = codes->get(p);
      if (!cell) continue;
      std::vector<std::string> list = split_list(*cell);
      // RULES.md 21: identifiers compare after NFKC, without whitespace, upper-cased (full-width codes typed
      // through a Chinese input method, NBSP and U+3000 inside).
      for (auto& c : list)
        c = normalise_identifier(c);
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      list.erase(std::remove(list.begin(), list.end(), std::string()), list.end());
      for (auto& c : list)
        parcels_of[c].push_back(p);
      holders[p] = list.size();
    }
  }

  // An enterprise's land from the parcels it holds (computed after the rows are read).
  struct LandJob {
    std::size_t item = 0;
    std::vector<const GEOSGeometry*> sole;
    double shared_m2 = 0;
  };
  std::vector<LandJob> jobs;

  std::map<std::string, std::size_t, std::less<>> first_row;
  for (std::size_t i = 0; i < table.size(); ++i) {
    Enterprise e;
    e.row_index = i;
    e.row = table.row[i];
    const auto text = [&](const char* logical) {
      auto v = table.attributes.get(logical, i);
      return v ? std::string(trim(*v)) : std::string();
    };
    e.credit_code = normalise_identifier(text("credit_code"));  // RULES.md 21
    e.name = text("name");
    e.industry_code = text("industry_code");
    e.size_class = text("size_class");
    const std::string code_column = source_column(table, "credit_code");
    if (e.credit_code.empty()) {
      finding(i, Severity::warning, "credit_code_missing", code_column,
              "no credit code: the row links to no parcel");
    } else {
      if (!credit_code_checksum_ok(e.credit_code))
        finding(
            i, Severity::info, "credit_code_invalid", code_column,
            "'" + e.credit_code + "' is not a valid 18-character unified social credit code (GB 32100-2015)");
      auto [it, inserted] = first_row.emplace(e.credit_code, i);
      if (!inserted)
        finding(i, Severity::warning, "credit_code_duplicate", code_column,
                "credit code also on " + table.where(it->second) + "; both rows are evaluated");
    }

    // Numbers (RULES.md 11): blank = missing; not a number or negative = input error, missing. A number may
    // be written as offices type it (RULES.md 21: "1,234.50", full-width digits).
    for (const auto& col : kColumns) {
      auto cell = table.attributes.get(col.logical, i);
      if (!cell || trim(*cell).empty()) continue;
      auto v = parse_table_number(*cell);
      const std::string column = source_column(table, col.logical);
      if (!v) {
        finding(i, Severity::warning, "bad_number", column,
                "'" + std::string(trim(*cell)) + "' is not a number: the value is treated as missing",
                Action::ignored);
        continue;
      }
      if (*v < 0) {
        finding(i, Severity::warning, "bad_number", column,
                "'" + std::string(trim(*cell)) + "' is negative: the value is treated as missing",
                Action::ignored);
        continue;
      }
      e.quantity[static_cast<std::size_t>(col.q)] = *v * unit_factor(source, col.logical);
    }

    // Link (RULES.md 10) and land: the table's land area when given, else the parcels'.
    std::optional<double> share;
    if (auto cell = table.attributes.get("land_share", i); cell && !trim(*cell).empty()) {
      auto v = parse_table_number(*cell, true);  // "50%" too
      if (v && *v > 0 && *v <= 1)
        share = *v;
      else
        finding(i, Severity::warning, "bad_number", source_column(table, "land_share"),
                "land share '" + std::string(trim(*cell)) +
                    "' is not a fraction above 0 and at most 1; 1/k is used",
                Action::ignored);
    }
    if (auto it = parcels_of.find(e.credit_code); !e.credit_code.empty() && it != parcels_of.end()) {
      e.parcels = it->second;
      for (auto p : e.parcels) {
        const double k = static_cast<double>(std::max<std::size_t>(holders[p], 1));
        e.parcel_land_m2.push_back(parcels.area_m2[p] * (share ? *share : 1.0 / k));
      }
    }
    if (auto cell = table.attributes.get("land_area", i); cell && !trim(*cell).empty()) {
      auto v = parse_table_number(*cell);
      if (v && *v > 0) {
        e.land_m2 = m2_from_mu(*v);
        e.land_source = "table";
      } else {
        finding(i, Severity::warning, "bad_number", source_column(table, "land_area"),
                "land area '" + std::string(trim(*cell)) + "' is not a positive number of mu; ignored",
                Action::ignored);
      }
    }
    if (!e.land_m2 && !e.parcels.empty()) {
      // The union of the parcels it holds alone (so a duplicated parcel counts once), plus its 1/k (or
      // stated) share of each parcel it shares; the unions are taken after the loop, on the threads.
      LandJob job{out.items.size(), {}, 0.0};
      for (std::size_t k = 0; k < e.parcels.size(); ++k) {
        const std::size_t p = e.parcels[k];
        if (holders[p] <= 1 && !share)
          job.sole.push_back(parcels.geometry[p].get());
        else
          job.shared_m2 += e.parcel_land_m2[k];
      }
      jobs.push_back(std::move(job));
      e.land_source = "parcels";
    }
    if (e.parcels.empty() && !e.credit_code.empty())
      finding(i, Severity::warning, "enterprise_unlinked", code_column,
              "credit code '" + e.credit_code + "' is on no parcel: the enterprise has no location");
    // Location: the largest linked parcel, ties to the smaller FID.
    for (auto p : e.parcels)
      if (!e.location || parcels.area_m2[p] > parcels.area_m2[*e.location] ||
          (parcels.area_m2[p] == parcels.area_m2[*e.location] && parcels.fid[p] < parcels.fid[*e.location]))
        e.location = p;
    for (auto p : e.parcels)
      out.by_parcel[p].push_back(out.items.size());
    out.items.push_back(std::move(e));
  }
  parallel_for(jobs.size(), threads, 64, [&](std::size_t j) {
    const LandJob& job = jobs[j];
    double sole_m2 = 0;
    if (job.sole.size() == 1)
      sole_m2 = geom::area(job.sole.front());
    else if (!job.sole.empty())
      sole_m2 = geom::area(geom::union_of(job.sole).get());
    out.items[job.item].land_m2 = sole_m2 + job.shared_m2;
  });
  return out;
}

void screen_implausible(EnterpriseSet& set, const TableLayer& table, const Plausibility& limits,
                        Findings& findings) {
  struct Check {
    Metric metric;
    Quantity numerator;
    double limit;
    const char* unit;
  };
  const Check checks[] = {
      {Metric::tax_per_mu, Quantity::tax, limits.max_tax_per_mu, "万元/亩"},
      {Metric::value_added_per_mu, Quantity::value_added, limits.max_value_added_per_mu, "万元/亩"},
      {Metric::output_per_mu, Quantity::revenue, limits.max_output_per_mu, "万元/亩"},
      {Metric::labour_productivity, Quantity::value_added, limits.max_labour_productivity, "万元/人"}};
  for (Enterprise& e : set.items) {
    for (const auto& c : checks) {
      auto v = e.metric(c.metric);
      if (!v || *v <= c.limit) continue;
      const char* logical = kColumns[static_cast<std::size_t>(c.numerator)].logical;
      char buf[200];
      // A wild value (1e300) in short scientific form: "%.1f" would print 300 digits and cut the message.
      std::snprintf(buf, sizeof buf,
                    *v < 1e12 ? "%s %.1f %s is above the plausible %.0f: the %s value is treated as missing"
                              : "%s %.3g %s is above the plausible %.0f: the %s value is treated as missing",
                    std::string(metric_info(c.metric).name).c_str(), *v, c.unit, c.limit, logical);
      Finding f;
      f.severity = Severity::warning;
      f.kind = "implausible_value";
      f.layer = table.info.logical;
      f.fid = e.row;
      f.feature_id = e.credit_code;
      f.field = source_column(table, logical);
      f.sheet = table.sheet_of(e.row_index);
      f.message = (f.sheet.empty() ? "" : "sheet '" + f.sheet + "': ") + buf;
      f.action = Action::ignored;
      findings.add(std::move(f));
      e.quantity[static_cast<std::size_t>(c.numerator)].reset();
    }
  }
}

}  // namespace landrenew
