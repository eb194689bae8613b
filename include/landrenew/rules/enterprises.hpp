#pragma once
// RULES.md 10–11: enterprises (rows of the 亩均 table) linked to parcels by credit code, their land, and the
// per-mu indicators of DOMAIN.md §4 with money converted to the profile's 万元.
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "landrenew/findings.hpp"
#include "landrenew/layer.hpp"
#include "landrenew/metrics.hpp"
#include "landrenew/profile.hpp"
#include "landrenew/project.hpp"

namespace landrenew {

/// The table's quantities after unit conversion (万元, 万千瓦时, 吨标准煤, 吨, 人); nullopt = missing.
enum class Quantity { tax, value_added, revenue, energy, emissions, employees, rd, electricity, investment };
inline constexpr std::size_t kQuantityCount = 9;

struct Enterprise {
  std::size_t row_index = 0;  ///< index into the table layer
  std::int64_t row = 0;       ///< row number as the user sees it (spreadsheet row; header = 1)
  std::string credit_code;    ///< trimmed, ASCII upper-cased
  std::string name;
  std::string industry_code;
  std::string size_class;
  std::vector<std::size_t> parcels;     ///< linked parcels (indices into the parcel layer), ascending
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

/// Links the table to the parcels and converts units. Findings: bad cells (row and column), rows linked to no
/// parcel, duplicate and malformed credit codes, land-share problems. The enterprises' land (unions of the
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

}  // namespace landrenew
