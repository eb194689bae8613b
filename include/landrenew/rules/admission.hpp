#pragma once
// RULES.md 13: the profile's named admission standard ("2456+节能减排") — each indicator's value, threshold,
// pass/fail/unknown and shortfall. A missing value is unknown, never a pass.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "landrenew/config/metrics.hpp"
#include "landrenew/config/profile.hpp"

namespace landrenew::rules {

enum class Outcome { pass, fail, unknown };
const char* to_string(Outcome o) noexcept;

struct AdmissionCheck {
  std::string metric;
  std::optional<double> value;
  Compare compare = Compare::ge;
  double threshold = 0;
  Outcome outcome = Outcome::unknown;
  double shortfall =
      0;  ///< how far the value is on the wrong side of the threshold (0 when it passes or is unknown)
};

struct AdmissionResult {
  std::vector<AdmissionCheck> checks;
  Outcome overall = Outcome::unknown;  ///< fail if any fails; else unknown if any is unknown; else pass
  std::size_t failed() const;
  /// "far 0.82 < 1.6 (short 0.78); tax_per_mu unknown" — the failing and unknown checks.
  std::string summary() const;
};

/// Checks the indicators with values from `value_of` (nullopt = missing).
AdmissionResult check_admission(const std::vector<AdmissionIndicator>& standard,
                                const std::function<std::optional<double>(Metric)>& value_of);

}  // namespace landrenew::rules
