#pragma once
// RULES.md 10–11: enterprises (rows of the 亩均 table) linked to parcels — by credit code, else by the old
// 组织机构代码, a parcel-code column or the holder's name (issue 18) — their land, and the per-mu indicators of
// DOMAIN.md §4 with money converted to the profile's 万元.
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "landrenew/config/metrics.hpp"
#include "landrenew/config/profile.hpp"
#include "landrenew/config/project.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew::rules {

/// The table's quantities after unit conversion (万元, 万千瓦时, 吨标准煤, 吨, 人); nullopt = missing.
enum class Quantity { tax, value_added, revenue, energy, emissions, employees, rd, electricity, investment };
inline constexpr std::size_t kQuantityCount = 9;

/// How a row found its parcels: the methods in the order they are tried (a row links by the first that finds
/// any parcel; none = linked to no parcel).
enum class LinkMethod { none, credit_code, organisation_code, parcel_code, holder_name };

struct LinkMethodInfo {
  LinkMethod method;
  std::string_view key;    ///< summary.json enterprises.links_by_method, the enterprises layer's link_method
  std::string_view label;  ///< Chinese, for the workbook
};
/// The methods, in the order they are tried (one declaration: summary, layer and workbook read it).
inline constexpr std::array<LinkMethodInfo, 4> kLinkMethods = {{
    {LinkMethod::credit_code, "credit_code", "统一社会信用代码"},
    {LinkMethod::organisation_code, "organisation_code", "组织机构代码(信用代码第9–17位)"},
    {LinkMethod::parcel_code, "parcel_code", "企业表宗地代码"},
    {LinkMethod::holder_name, "holder_name", "权利人名称(待核实)"},
}};
/// The key of kLinkMethods ("" for none).
std::string_view link_method_key(LinkMethod m);
/// The Chinese label for a key of kLinkMethods (the key itself when unknown; "" stays "").
std::string_view link_method_label(std::string_view key);

/// A GB 11714 组织机构代码 as written after normalise_identifier: 9 letters/digits, or 8 + '-' + the check
/// character ("12345678-9"); its 9 characters, else nullopt.
std::optional<std::string> organisation_code(std::string_view normalised);

struct Enterprise {
  std::size_t row_index = 0;  ///< index into the table layer
  std::int64_t row = 0;       ///< row number as the user sees it (spreadsheet row; header = 1)
  std::string credit_code;    ///< trimmed, ASCII upper-cased
  std::string name;
  std::string industry_code;
  std::string size_class;
  std::vector<std::size_t> parcels;     ///< linked parcels (indices into the parcel layer), ascending
  LinkMethod link = LinkMethod::none;   ///< how they were found
  std::vector<double> parcel_land_m2;   ///< land this enterprise holds on each linked parcel (area × share)
  std::optional<double> land_m2;        ///< RULES.md 10
  std::string land_source;              ///< "table" or "parcels"; "" when unknown
  std::optional<std::size_t> location;  ///< largest linked parcel (ties: smaller FID)
  std::array<std::optional<double>, kQuantityCount> quantity{};

  std::optional<double> get(Quantity q) const { return quantity[static_cast<std::size_t>(q)]; }
  std::optional<double> land_mu() const;
  /// A per-mu or per-unit indicator (DOMAIN.md §4); nullopt when an input is missing or a divisor is zero.
  /// Metric::far is not an enterprise metric and gives nullopt here.
  std::optional<double> metric(Metric m) const;
};

struct EnterpriseSet {
  std::vector<Enterprise> items;
  /// Per parcel index: the enterprises linked to it, ascending.
  std::vector<std::vector<std::size_t>> by_parcel;

  /// Share of enterprise `e`'s activity attributed to parcel `p` (its land on p ÷ its linked land), 0 if
  /// none.
  double allocation(std::size_t e, std::size_t p) const;
  /// Σ over the parcel's enterprises of quantity × allocation; nullopt when the parcel has no enterprise or
  /// any of them lacks the quantity.
  std::optional<double> parcel_quantity(std::size_t p, Quantity q) const;
};

/// Links the table to the parcels and converts units. A row links by the first of these that finds a parcel
/// (RULES.md 10, issue 18): (1) its credit code is on the parcel; (2) one side holds a 9-character
/// 组织机构代码 equal to characters 9–17 of the other side's credit code (not when the key belongs to two
/// different credit codes: organisation_code_ambiguous); (3) the table's parcel_ids cell lists the parcel's id
/// (RULES.md 23 separators; unknown ids: enterprise_parcel_code_unknown); (4) the enterprise's name equals
/// the holder name of a parcel that carries no credit or organisation code, after NFKC without whitespace and
/// punctuation (each such row: enterprise_linked_by_name). A parcel's holders k (RULES.md 10's 1/k) are its
/// codes, plus the rows linked to it by parcel code or holder name. Findings: bad cells (row and column), rows
/// linked to no parcel, duplicate and malformed credit codes, land-share problems. The enterprises' land (unions of the
/// parcels they hold) is computed on up to `threads` threads; the result is the same whatever the number.
EnterpriseSet link_enterprises(const TableLayer& table, const LayerSource& source,
                               const PolygonLayer& parcels, Findings& findings, unsigned threads = 1);

/// RULES.md 11 with the profile's plausibility limits: a per-mu (or per-person) figure above its limit comes
/// from an entry or unit error; the table value behind it becomes missing and a finding
/// ("implausible_value").
void screen_implausible(EnterpriseSet& set, const TableLayer& table, const Plausibility& limits,
                        Findings& findings);

/// The GB 32100-2015 check character of an 18-character unified social credit code is right.
bool credit_code_checksum_ok(std::string_view code);

}  // namespace landrenew::rules
