#pragma once
// RULES.md 12 / DOMAIN.md §5: the 亩均效益 score and the A/B/C/D class of each enterprise, per group
// (规上/规下).
#include <optional>
#include <string>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/rules/enterprises.hpp"

namespace landrenew::rules {

struct MujunTerm {
  std::string metric;
  std::optional<double>
      value;  ///< the enterprise's indicator; nullopt = missing (the group's mean term is used)
  double base = 0;
  double term = 0;  ///< weight × min(value / base, cap), or the group's mean term when the value is missing
  bool imputed = false;
};

struct MujunScore {
  std::optional<std::size_t> group;  ///< index into MujunRules::groups
  bool evaluated = false;            ///< in a group, land ≥ the minimum, not an excluded industry
  std::optional<double> score;
  char cls = 0;        ///< 'A'..'D', or 0 for no class
  std::string reason;  ///< why no class (empty when classified)
  /// No class for lack of data — no or unknown size class, no land area, no indicator value — rather than by
  /// rule (under the minimum land, an excluded industry): RULES.md 20 counts it as not evaluable.
  bool lacks_data = false;
  std::vector<MujunTerm> terms;
};

struct MujunGroupStats {
  std::string name;
  std::size_t evaluated = 0;
  std::vector<double> bases;  ///< per indicator of the group (0 when no enterprise has the value)
  std::vector<double> mean_terms;
};

struct MujunResult {
  std::vector<MujunScore> enterprises;  ///< parallel to EnterpriseSet::items
  std::vector<MujunGroupStats> groups;  ///< parallel to MujunRules::groups
  std::size_t count(char cls) const;
  std::size_t evaluated() const;
  std::size_t lacking_data() const;  ///< enterprises without a class for lack of data (RULES.md 20)
};

/// Class of a score under a percentile cut: by the share of the group scoring strictly higher, so tied scores
/// get the same (better) class. `better` = how many score strictly higher, `n` = enterprises evaluated.
char percentile_class(std::size_t better, std::size_t n, const std::array<double, 3>& percentiles);
/// Class of a score under a threshold cut (A ≥ t[0], B ≥ t[1], C ≥ t[2], else D).
char threshold_class(double score, const std::array<double, 3>& thresholds);

MujunResult evaluate_mujun(const EnterpriseSet& enterprises, const MujunRules& mujun, Findings& findings);

}  // namespace landrenew::rules
