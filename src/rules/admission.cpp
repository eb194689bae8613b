#include "landrenew/rules/admission.hpp"

#include <algorithm>
#include <cstdio>

namespace landrenew::rules {

const char* to_string(Outcome o) noexcept {
  switch (o) {
    case Outcome::pass:
      return "pass";
    case Outcome::fail:
      return "fail";
    case Outcome::unknown:
      return "unknown";
  }
  return "unknown";
}

std::size_t AdmissionResult::failed() const {
  return static_cast<std::size_t>(std::count_if(
      checks.begin(), checks.end(), [](const AdmissionCheck& c) { return c.outcome == Outcome::fail; }));
}

std::string AdmissionResult::summary() const {
  std::string out;
  for (const auto& c : checks) {
    if (c.outcome == Outcome::pass) continue;
    char buf[160];
    if (c.outcome == Outcome::unknown)
      std::snprintf(buf, sizeof buf, "%s unknown", c.metric.c_str());
    else
      std::snprintf(buf, sizeof buf, "%s %.4g fails %s %.4g (short %.4g)", c.metric.c_str(), *c.value,
                    to_string(c.compare), c.threshold, c.shortfall);
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out;
}

AdmissionResult check_admission(const std::vector<AdmissionIndicator>& standard,
                                const std::function<std::optional<double>(Metric)>& value_of) {
  AdmissionResult r;
  bool any_unknown = false, any_fail = false;
  for (const auto& ind : standard) {
    AdmissionCheck c;
    c.metric = ind.metric;
    c.compare = ind.compare;
    c.threshold = ind.threshold;
    if (auto m = metric_from_name(ind.metric)) c.value = value_of(*m);
    if (!c.value) {
      c.outcome = Outcome::unknown;
      any_unknown = true;
    } else if (passes(*c.value, c.compare, c.threshold)) {
      c.outcome = Outcome::pass;
    } else {
      c.outcome = Outcome::fail;
      any_fail = true;
      const bool at_least = c.compare == Compare::ge || c.compare == Compare::gt;
      c.shortfall = std::max(0.0, at_least ? c.threshold - *c.value : *c.value - c.threshold);
    }
    r.checks.push_back(c);
  }
  r.overall = any_fail ? Outcome::fail : (any_unknown ? Outcome::unknown : Outcome::pass);
  return r;
}

}  // namespace landrenew::rules
