#pragma once
// DOMAIN.md §6: "五未" land — 批而未供, 供而未用, 用而未尽, 建而未投, 投而未达标 — judged at the audit date
// from the register's dates. A category holds when the date it counts from plus its limit lies strictly
// before the audit date; the latest stage a parcel has reached decides which category it can be in.
#include <optional>
#include <string>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/date.hpp"

namespace landrenew::rules {

enum class Wuwei {
  none,
  approved_not_supplied,     ///< 批而未供
  supplied_not_started,      ///< 供而未用
  started_not_completed,     ///< 用而未尽
  completed_not_producing,   ///< 建而未投
  producing_below_standard,  ///< 投而未达标
};
const char* to_string(Wuwei w) noexcept;
const char* label_zh(Wuwei w) noexcept;

struct ParcelDates {
  std::optional<Date> approval, supply, contract_start, start, completion, production;
};

struct WuweiFacts {
  std::optional<double> built_share;   ///< GFA built ÷ contracted GFA (area × contracted FAR), when known
  std::optional<double> tax_per_mu;    ///< actual 亩均税收 (万元/亩)
  std::optional<double> contract_tax;  ///< contracted 亩均税收 (万元/亩)
};

struct WuweiResult {
  Wuwei category = Wuwei::none;
  /// The category could be decided (RULES.md 20): some date is known, and for land in production past its
  /// limit with a contracted 亩均税收, the actual 亩均税收 is known too.
  bool evaluable = false;
  std::string detail;      ///< "supplied 2021-03-01, contracted start 2021-09-01 + 1 year < 2026-12-31"
};

WuweiResult classify_wuwei(const ParcelDates& dates, const WuweiFacts& facts, Date as_of,
                           const WuweiLimits& limits);

}  // namespace landrenew::rules
