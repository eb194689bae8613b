// RULES.md 13: the admission standard.
#include "landrenew/rules/admission.hpp"

#include <map>

#include <gtest/gtest.h>

using namespace landrenew;

namespace {
rules::AdmissionResult check(const std::vector<AdmissionIndicator>& s, std::map<Metric, double> values) {
  return rules::check_admission(s, [&](Metric m) -> std::optional<double> {
    auto it = values.find(m);
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}
AdmissionIndicator ind(const char* metric, Compare c, double t) {
  return {metric, "", c, t, ""};
}
}  // namespace

TEST(Admission, EachComparisonPassesAndFailsAtItsBoundary) {
  EXPECT_EQ(check({ind("far", Compare::ge, 1.6)}, {{Metric::far, 1.6}}).overall, rules::Outcome::pass);
  EXPECT_EQ(check({ind("far", Compare::gt, 1.6)}, {{Metric::far, 1.6}}).overall, rules::Outcome::fail);
  EXPECT_EQ(
      check({ind("energy_per_value_added", Compare::lt, 0.52)}, {{Metric::energy_per_value_added, 0.52}})
          .overall,
      rules::Outcome::fail);
  EXPECT_EQ(
      check({ind("energy_per_value_added", Compare::le, 0.52)}, {{Metric::energy_per_value_added, 0.52}})
          .overall,
      rules::Outcome::pass);
  EXPECT_EQ(
      check({ind("energy_per_value_added", Compare::lt, 0.52)}, {{Metric::energy_per_value_added, 0.51}})
          .overall,
      rules::Outcome::pass);
}

TEST(Admission, ShortfallIsTheDistanceOnTheWrongSide) {
  auto r =
      check({ind("investment_per_mu", Compare::ge, 350), ind("energy_per_value_added", Compare::lt, 0.52)},
            {{Metric::investment_per_mu, 300}, {Metric::energy_per_value_added, 0.60}});
  EXPECT_EQ(r.overall, rules::Outcome::fail);
  EXPECT_EQ(r.failed(), 2u);
  EXPECT_DOUBLE_EQ(r.checks[0].shortfall, 50.0);
  EXPECT_NEAR(r.checks[1].shortfall, 0.08, 1e-12);
  EXPECT_NE(r.summary().find("investment_per_mu 300 fails >= 350 (short 50)"), std::string::npos)
      << r.summary();
}

TEST(Admission, MissingValueIsUnknownNeverPass) {
  auto r = check({ind("far", Compare::ge, 1.6), ind("tax_per_mu", Compare::ge, 20)}, {{Metric::far, 2.0}});
  EXPECT_EQ(r.checks[1].outcome, rules::Outcome::unknown);
  EXPECT_EQ(r.overall, rules::Outcome::unknown);
  // A failure decides the overall result even with unknowns.
  auto f = check({ind("far", Compare::ge, 1.6), ind("tax_per_mu", Compare::ge, 20)}, {{Metric::far, 1.0}});
  EXPECT_EQ(f.overall, rules::Outcome::fail);
  EXPECT_EQ(check({}, {}).overall, rules::Outcome::pass);
}
