#include "landrenew/rules/wuwei.hpp"

#include <cstdio>

namespace landrenew::rules {

const char* to_string(Wuwei w) noexcept {
  switch (w) {
    case Wuwei::none:
      return "";
    case Wuwei::approved_not_supplied:
      return "approved_not_supplied";
    case Wuwei::supplied_not_started:
      return "supplied_not_started";
    case Wuwei::started_not_completed:
      return "started_not_completed";
    case Wuwei::completed_not_producing:
      return "completed_not_producing";
    case Wuwei::producing_below_standard:
      return "producing_below_standard";
  }
  return "";
}

const char* label_zh(Wuwei w) noexcept {
  switch (w) {
    case Wuwei::none:
      return "";
    case Wuwei::approved_not_supplied:
      return "批而未供";
    case Wuwei::supplied_not_started:
      return "供而未用";
    case Wuwei::started_not_completed:
      return "用而未尽";
    case Wuwei::completed_not_producing:
      return "建而未投";
    case Wuwei::producing_below_standard:
      return "投而未达标";
  }
  return "";
}

namespace {
// "<what> <date> + N years < <as_of>": the limit has passed.
bool past(const Date& from, int years, const Date& as_of) {
  return from.plus_years(years) < as_of;
}
std::string since(const char* what, const Date& from, int years, const Date& as_of) {
  return std::string(what) + " " + from.iso() + " + " + std::to_string(years) +
         (years == 1 ? " year" : " years") + " < " + as_of.iso();
}
}  // namespace

WuweiResult classify_wuwei(const ParcelDates& d, const WuweiFacts& facts, Date as_of,
                           const WuweiLimits& limits) {
  WuweiResult r;
  r.evaluable = d.approval || d.supply || d.start || d.completion || d.production;
  if (d.production) {
    const int n = limits.producing_below_standard_years;
    // In production past the limit with a contracted 亩均税收, 投而未达标 needs the actual one: without it the
    // category cannot be decided (RULES.md 20). Without a contracted figure there is no standard to miss.
    if (past(*d.production, n, as_of) && facts.contract_tax && !facts.tax_per_mu) r.evaluable = false;
    if (past(*d.production, n, as_of) && facts.tax_per_mu && facts.contract_tax &&
        *facts.tax_per_mu < *facts.contract_tax) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "; 亩均税收 %.2f < contracted %.2f", *facts.tax_per_mu,
                    *facts.contract_tax);
      r.category = Wuwei::producing_below_standard;
      r.detail = since("in production since", *d.production, n, as_of) + buf;
    }
    return r;
  }
  if (d.completion) {
    const int n = limits.completed_not_producing_years;
    if (past(*d.completion, n, as_of)) {
      r.category = Wuwei::completed_not_producing;
      r.detail = since("completed", *d.completion, n, as_of) + ", not in production";
    }
    return r;
  }
  if (d.start) {
    const int n = limits.started_not_completed_years;
    const bool little_built =
        !facts.built_share || *facts.built_share < limits.started_not_completed_built_share;
    if (past(*d.start, n, as_of) && little_built) {
      r.category = Wuwei::started_not_completed;
      r.detail = since("started", *d.start, n, as_of) + ", not completed";
      if (facts.built_share) {
        char buf[64];
        std::snprintf(buf, sizeof buf, ", %.0f%% of the contracted floor area built",
                      100.0 * *facts.built_share);
        r.detail += buf;
      }
    }
    return r;
  }
  if (d.supply) {
    // The idle-land rule counts from the contracted start date; without one, from the supply date.
    const Date from = d.contract_start ? *d.contract_start : *d.supply;
    const int n = limits.supplied_not_started_years;
    if (past(from, n, as_of)) {
      r.category = Wuwei::supplied_not_started;
      r.detail = since(d.contract_start ? "contracted start" : "supplied", from, n, as_of) + ", not started";
    }
    return r;
  }
  if (d.approval) {
    const int n = limits.approved_not_supplied_years;
    if (past(*d.approval, n, as_of)) {
      r.category = Wuwei::approved_not_supplied;
      r.detail = since("approved", *d.approval, n, as_of) + ", not supplied";
    }
  }
  return r;
}

}  // namespace landrenew::rules
