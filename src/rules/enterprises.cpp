#include "landrenew/rules/enterprises.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/io/finding_reporter.hpp"

#include "core/parallel.hpp"

namespace landrenew::rules {

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

std::optional<double> ratio(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b <= 0) return std::nullopt;
  return *a / *b;
}

using Index = std::map<std::string, std::vector<std::size_t>, std::less<>>;

// Characters 9–17 (1-based) of an 18-character credit code: the 组织机构代码 it embeds (GB 32100-2015).
std::string embedded_organisation_code(std::string_view credit) {
  return credit.size() == 18 ? std::string(credit.substr(8, 9)) : std::string();
}

const std::vector<std::size_t>* lookup(const Index& index, std::string_view key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &it->second;
}

std::vector<std::size_t> merged(const std::vector<std::size_t>* a, const std::vector<std::size_t>* b) {
  std::vector<std::size_t> out;
  static const std::vector<std::size_t> none;
  const auto& x = a ? *a : none;
  const auto& y = b ? *b : none;
  std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
  return out;
}

// The parcels' keys for each link method (RULES.md 10, issue 18), built once. Indices are ascending.
struct ParcelKeys {
  Index by_code;            // (1) each code of the credit-code cell
  Index by_organisation;    // (2) the 9-character codes among them
  Index by_embedded;        // (2) the 18-character ones, by characters 9–17
  Index by_id;              // (3) the parcel id
  Index by_name;            // (4) holder names of parcels carrying no code
  std::vector<std::size_t> codes;  // codes on each parcel (its holders as far as codes tell)

  explicit ParcelKeys(const PolygonLayer& parcels) : codes(parcels.size(), 0) {
    const TextColumn* code_column = parcels.attributes.find(ParcelField::credit_code);
    const TextColumn* ids = parcels.attributes.find(ParcelField::id);
    const TextColumn* holders = parcels.attributes.find(ParcelField::holder);
    for (std::size_t p = 0; p < parcels.size(); ++p) {
      std::vector<std::string> list;
      if (auto cell = code_column ? code_column->get(p) : std::nullopt) {
        list = split_list(*cell);  // a shared parcel lists several codes in one cell
        // RULES.md 21: identifiers compare after NFKC, without whitespace, upper-cased (full-width codes
        // typed through a Chinese input method, NBSP and U+3000 inside).
        for (auto& c : list)
          c = normalise_identifier(c);
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        list.erase(std::remove(list.begin(), list.end(), std::string()), list.end());
      }
      for (const auto& c : list) {
        by_code[c].push_back(p);
        if (auto o = organisation_code(c))
          by_organisation[*o].push_back(p);
        else if (auto e = embedded_organisation_code(c); !e.empty())
          by_embedded[e].push_back(p);
      }
      codes[p] = list.size();
      if (auto id = ids ? ids->get(p) : std::nullopt)
        if (auto key = normalise_identifier(*id); !key.empty()) by_id[key].push_back(p);
      // A name links only where no code can: a parcel whose holder carries a code is linked by that code.
      if (auto cell = holders ? holders->get(p) : std::nullopt; cell && list.empty())
        for (const auto& name : split_list(*cell))
          if (auto key = name_key(name); !key.empty()) by_name[key].push_back(p);
    }
    for (Index* index : {&by_code, &by_organisation, &by_embedded, &by_id, &by_name})
      for (auto& [key, list] : *index)
        list.erase(std::unique(list.begin(), list.end()), list.end());
  }
};

struct LinkNote {
  FindingKind kind;
  std::string field;
  Text message;
};

struct RowLink {
  std::vector<std::size_t> parcels;
  LinkMethod method = LinkMethod::none;
  std::vector<LinkNote> notes;  // findings of the methods tried
};

/// The parcels' ids (or "fid N"), the first five of a longer list followed by "… (N in all)".
Text parcel_list(const PolygonLayer& parcels, const std::vector<std::size_t>& list) {
  std::vector<std::string> labels;
  for (auto p : list) {
    auto id = parcels.attributes.get(ParcelField::id, p);
    labels.push_back(id && !trim(*id).empty() ? std::string(trim(*id)) : "fid " + std::to_string(parcels.fid[p]));
    if (labels.size() == 5 && list.size() > 5) return tr_both("{1}, … ({2} in all)", join(labels), list.size());
  }
  return untranslated(join(labels));
}

// The table's side of the links: the columns and which credit codes embed each 组织机构代码.
struct TableKeys {
  std::string code_column, parcel_column, name_column;
  std::map<std::string, std::set<std::string>, std::less<>> credit_codes_of;  // by characters 9–17
};

// Numbers (RULES.md 11): blank = missing; not a number or negative = input error, missing. A number may be
// written as offices type it (RULES.md 21: "1,234.50", full-width digits).
void read_quantities(Enterprise& e, const TableLayer& table, const LayerSource& source, std::size_t i,
                     FindingReporter& report) {
  for (const auto& col : kColumns) {
    auto cell = table.attributes.get(col.logical, i);
    if (!cell || trim(*cell).empty()) continue;
    auto v = parse_table_number(*cell);
    const std::string column = source_field(table.info, col.logical);
    if (!v) {
      report.row(i, FindingKind::bad_number,
                 tr_both("'{1}' is not a number: the value is treated as missing", std::string(trim(*cell))),
                 column, Action::ignored);
      continue;
    }
    if (*v < 0) {
      report.row(i, FindingKind::bad_number,
                 tr_both("'{1}' is negative: the value is treated as missing", std::string(trim(*cell))), column,
                 Action::ignored);
      continue;
    }
    e.quantity[static_cast<std::size_t>(col.q)] = *v * unit_factor(source, col.logical);
  }
}

// Issue 18: the four methods, in order; the first that finds a parcel links the row.
RowLink find_link(const ParcelKeys& k, const TableKeys& t, const PolygonLayer& parcels, const std::string& code,
                  std::string_view parcel_cell, const std::string& name) {
  RowLink link;
  // (1) RULES.md 10: the credit code is on the parcel.
  if (const auto* found = code.empty() ? nullptr : lookup(k.by_code, code)) {
    link.parcels = *found;
    link.method = LinkMethod::credit_code;
    return link;
  }
  // (2) The old 9-character 组织机构代码 on one side, characters 9–17 of the credit code on the other.
  std::string key;
  std::vector<std::size_t> found;
  if (auto o = organisation_code(code)) {
    key = *o;
    found = merged(lookup(k.by_organisation, key), lookup(k.by_embedded, key));
  } else if (key = embedded_organisation_code(code); !key.empty()) {
    found = merged(lookup(k.by_organisation, key), nullptr);
  }
  if (!found.empty()) {
    auto full = t.credit_codes_of.find(key);
    if (full != t.credit_codes_of.end() && full->second.size() > 1) {
      std::vector<std::string> codes(full->second.begin(), full->second.end());
      link.notes.push_back({FindingKind::organisation_code_ambiguous, t.code_column,
                            tr_both("organisation code '{1}' (characters 9–17 of a credit code) is in {2} "
                                    "different credit codes ({3}): not linked by it to parcels {4}",
                                    key, codes.size(), join(codes), parcel_list(parcels, found))});
      found.clear();
    } else {
      link.parcels = std::move(found);
      link.method = LinkMethod::organisation_code;
      return link;
    }
  }
  // (3) The table's parcel-code cell (RULES.md 23 separators).
  std::vector<std::string> unknown;
  for (const auto& id : split_parcel_codes(parcel_cell)) {
    if (const auto* hit = lookup(k.by_id, id))
      found = merged(&found, hit);
    else
      unknown.push_back(id);
  }
  if (!unknown.empty())
    link.notes.push_back({FindingKind::enterprise_parcel_code_unknown, t.parcel_column,
                          tr_both("parcel codes on no parcel: {1}", join(unknown))});
  if (!found.empty()) {
    link.parcels = std::move(found);
    link.method = LinkMethod::parcel_code;
    return link;
  }
  // (4) Last resort: the holder name of parcels without a code. Each such row is a finding to check.
  if (const auto* hit = name.empty() ? nullptr : lookup(k.by_name, name_key(name))) {
    link.parcels = *hit;
    link.method = LinkMethod::holder_name;
    link.notes.push_back({FindingKind::enterprise_linked_by_name, t.name_column,
                          tr_both("'{1}' linked only by the holder name of parcels without a credit code: {2} — "
                                  "check the link",
                                  name, parcel_list(parcels, link.parcels))});
  }
  return link;
}

}  // namespace

std::string_view link_method_key(LinkMethod m) {
  for (const auto& info : kLinkMethods)
    if (info.method == m) return info.key;
  return "";
}

std::string_view link_method_label(std::string_view key) {
  for (const auto& info : kLinkMethods)
    if (info.key == key) return info.label;
  return key;
}

std::optional<std::string> organisation_code(std::string_view id) {
  std::string s(id);
  if (s.size() == 10 && s[8] == '-') s.erase(8, 1);
  if (s.size() != 9) return std::nullopt;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
  return s;
}

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

namespace {

// The table's link columns, and which credit codes embed each 组织机构代码, on the parcels and in the table
// (two: ambiguous).
TableKeys table_keys(const TableLayer& table, const ParcelKeys& keys) {
  TableKeys t{source_field(table.info, EnterpriseField::credit_code),
              source_field(table.info, EnterpriseField::parcel_ids),
              source_field(table.info, EnterpriseField::name),
              {}};
  for (const auto& [code, list] : keys.by_code)
    if (auto e = embedded_organisation_code(code); !e.empty()) t.credit_codes_of[e].insert(code);
  for (std::size_t i = 0; i < table.size(); ++i)
    if (auto cell = table.attributes.get(EnterpriseField::credit_code, i)) {
      const std::string code = normalise_identifier(*cell);
      if (auto e = embedded_organisation_code(code); !e.empty()) t.credit_codes_of[e].insert(code);
    }
  return t;
}

// TableLayer::where(i) in both languages: "row 12", or "sheet '2024' row 12" when several sheets are read.
Text row_where(const TableLayer& table, std::size_t i) {
  const std::int64_t row = table.row[i];
  return i < table.sheet.size() ? tr_both("sheet '{1}' row {2}", table.sheet[i], row) : tr_both("row {1}", row);
}

// A row's credit code: missing (when no other method linked it), not a valid code, or already on a row.
void check_credit_code(const Enterprise& e, const RowLink& link, const TableLayer& table, std::size_t i,
                       const std::string& code_column,
                       std::map<std::string, std::size_t, std::less<>>& first_row, FindingReporter& report) {
  if (e.credit_code.empty()) {
    // A row without a code that another method linked has lost nothing.
    if (link.method == LinkMethod::none)
      report.row(i, FindingKind::credit_code_missing, tr_both("no credit code: the row links to no parcel"),
                 code_column);
    return;
  }
  if (!credit_code_checksum_ok(e.credit_code))
    report.row(i, FindingKind::credit_code_invalid,
               tr_both("'{1}' is not a valid 18-character unified social credit code (GB 32100-2015)",
                       e.credit_code),
               code_column);
  auto [it, inserted] = first_row.emplace(e.credit_code, i);
  if (!inserted)
    report.row(i, FindingKind::credit_code_duplicate,
               tr_both("credit code also on {1}; both rows are evaluated", row_where(table, it->second)),
               code_column);
}

// The row's stated land share ("50%" too); a value that is no fraction in (0, 1] is ignored (1/k is used).
std::optional<double> stated_share(const TableLayer& table, std::size_t i, FindingReporter& report) {
  auto cell = table.attributes.get(EnterpriseField::land_share, i);
  if (!cell || trim(*cell).empty()) return std::nullopt;
  auto v = parse_table_number(*cell, true);
  if (v && *v > 0 && *v <= 1) return v;
  report.row(
      i, FindingKind::bad_number,
      tr_both("land share '{1}' is not a fraction above 0 and at most 1; 1/k is used", std::string(trim(*cell))),
      source_field(table.info, EnterpriseField::land_share), Action::ignored);
  return std::nullopt;
}

// The table's land area in mu, when it states a positive one.
void table_land(Enterprise& e, const TableLayer& table, std::size_t i, FindingReporter& report) {
  auto cell = table.attributes.get(EnterpriseField::land_area, i);
  if (!cell || trim(*cell).empty()) return;
  auto v = parse_table_number(*cell);
  if (v && *v > 0) {
    e.land_m2 = m2_from_mu(*v);
    e.land_source = "table";
  } else {
    report.row(i, FindingKind::bad_number,
               tr_both("land area '{1}' is not a positive number of mu; ignored", std::string(trim(*cell))),
               source_field(table.info, EnterpriseField::land_area), Action::ignored);
  }
}

// Location: the largest linked parcel, ties to the smaller FID.
std::optional<std::size_t> location_of(const std::vector<std::size_t>& linked, const PolygonLayer& parcels) {
  std::optional<std::size_t> at;
  for (auto p : linked)
    if (!at || parcels.area_m2[p] > parcels.area_m2[*at] ||
        (parcels.area_m2[p] == parcels.area_m2[*at] && parcels.fid[p] < parcels.fid[*at]))
      at = p;
  return at;
}

// An enterprise's land from the parcels it holds (RULES.md 10): the union of the parcels it holds alone (so a
// duplicated parcel counts once), plus its 1/k (or stated) share of each parcel it shares — k being a
// parcel's holders: its codes, plus the rows that found it by parcel code or name. Unions on the threads.
void land_from_parcels(EnterpriseSet& out, const std::vector<std::optional<double>>& shares,
                       const ParcelKeys& keys, const PolygonLayer& parcels, unsigned threads) {
  struct LandJob {
    std::size_t item = 0;
    std::vector<const GEOSGeometry*> sole;
    double shared_m2 = 0;
  };
  std::vector<std::size_t> holders = keys.codes;
  for (const Enterprise& e : out.items)
    if (e.link == LinkMethod::parcel_code || e.link == LinkMethod::holder_name)
      for (auto p : e.parcels)
        ++holders[p];
  std::vector<LandJob> jobs;
  for (std::size_t item = 0; item < out.items.size(); ++item) {
    Enterprise& e = out.items[item];
    const std::optional<double>& share = shares[item];
    for (auto p : e.parcels) {
      const double k = static_cast<double>(std::max<std::size_t>(holders[p], 1));
      e.parcel_land_m2.push_back(parcels.area_m2[p] * (share ? *share : 1.0 / k));
    }
    if (e.land_source != "parcels") continue;
    LandJob job{item, {}, 0.0};
    for (std::size_t k = 0; k < e.parcels.size(); ++k) {
      const std::size_t p = e.parcels[k];
      if (holders[p] <= 1 && !share)
        job.sole.push_back(parcels.geometry[p].get());
      else
        job.shared_m2 += e.parcel_land_m2[k];
    }
    jobs.push_back(std::move(job));
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
}

}  // namespace

EnterpriseSet link_enterprises(const TableLayer& table, const LayerSource& source,
                               const PolygonLayer& parcels, Findings& findings, unsigned threads) {
  EnterpriseSet out;
  out.by_parcel.resize(parcels.size());
  // A row is named by its credit code as written (trimmed), the code it links by being the normalised one.
  FindingReporter report(findings, table, field_name(EnterpriseField::credit_code), FeatureIdForm::trimmed);
  const ParcelKeys keys(parcels);
  const TableKeys tkeys = table_keys(table, keys);
  std::map<std::string, std::size_t, std::less<>> first_row;
  std::vector<std::optional<double>> shares;  // per item: the stated land share
  for (std::size_t i = 0; i < table.size(); ++i) {
    Enterprise e;
    e.row_index = i;
    e.row = table.row[i];
    const auto text = [&](EnterpriseField logical) {
      auto v = table.attributes.get(logical, i);
      return v ? std::string(trim(*v)) : std::string();
    };
    e.credit_code = normalise_identifier(text(EnterpriseField::credit_code));  // RULES.md 21
    e.name = text(EnterpriseField::name);
    e.industry_code = text(EnterpriseField::industry_code);
    e.size_class = text(EnterpriseField::size_class);
    RowLink link = find_link(keys, tkeys, parcels, e.credit_code, text(EnterpriseField::parcel_ids), e.name);
    check_credit_code(e, link, table, i, tkeys.code_column, first_row, report);
    read_quantities(e, table, source, i, report);
    // Link (RULES.md 10) and land: the table's land area when given, else the parcels'.
    shares.push_back(stated_share(table, i, report));
    for (auto& note : link.notes)
      report.row(i, note.kind, std::move(note.message), note.field);
    e.parcels = std::move(link.parcels);
    e.link = link.method;
    table_land(e, table, i, report);
    if (!e.land_m2 && !e.parcels.empty()) e.land_source = "parcels";
    if (e.parcels.empty() && !e.credit_code.empty())
      report.row(i, FindingKind::enterprise_unlinked,
                 tr_both("credit code '{1}' is on no parcel: the enterprise has no location", e.credit_code),
                 tkeys.code_column);
    e.location = location_of(e.parcels, parcels);
    for (auto p : e.parcels)
      out.by_parcel[p].push_back(out.items.size());
    out.items.push_back(std::move(e));
  }
  land_from_parcels(out, shares, keys, parcels, threads);
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
  // A row is named by the normalised code it links by (Enterprise::credit_code), at the row the set keeps.
  FindingReporter report(findings, table.info.logical);
  for (Enterprise& e : set.items) {
    for (const auto& c : checks) {
      auto v = e.metric(c.metric);
      if (!v || *v <= c.limit) continue;
      const char* logical = kColumns[static_cast<std::size_t>(c.numerator)].logical;
      char value[64], limit[64];
      // A wild value (1e300) in short scientific form: "%.1f" would print 300 digits and cut the message.
      std::snprintf(value, sizeof value, *v < 1e12 ? "%.1f" : "%.3g", *v);
      std::snprintf(limit, sizeof limit, "%.0f", c.limit);
      report.source_row(e.row, table.sheet_of(e.row_index), e.credit_code, FindingKind::implausible_value,
                        tr_both("{1} {2} {3} is above the plausible {4}: the {5} value is treated as missing",
                                std::string(metric_info(c.metric).name), value, c.unit, limit, logical),
                        source_field(table.info, logical), Action::ignored);
      e.quantity[static_cast<std::size_t>(c.numerator)].reset();
    }
  }
}

}  // namespace landrenew::rules
