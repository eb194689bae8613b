// RULES.md 12: the 亩均 score and class.
#include "landrenew/rules/mujun.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/units.hpp"

using namespace landrenew;

namespace {

// An enterprise of `mu` mu in group `size` with tax and value added (万元); energy etc. missing.
rules::Enterprise ent(const std::string& size, double mu, std::optional<double> tax,
                      std::optional<double> va = std::nullopt, const std::string& industry = "3311") {
  rules::Enterprise e;
  e.size_class = size;
  e.industry_code = industry;
  e.land_m2 = m2_from_mu(mu);
  e.quantity[static_cast<std::size_t>(rules::Quantity::tax)] = tax;
  e.quantity[static_cast<std::size_t>(rules::Quantity::value_added)] = va;
  return e;
}

// A one-group profile scoring tax_per_mu (weight 60) and value_added_per_mu (weight 40).
Profile two_indicator_profile() {
  Profile p;
  p.mujun.min_land_mu = 3.0;
  p.mujun.excluded_industries = {"44"};
  p.mujun.groups = {{"规上",
                     {"规上"},
                     {{"tax_per_mu", 60, std::nullopt, std::nullopt},
                      {"value_added_per_mu", 40, std::nullopt, std::nullopt}}}};
  return p;
}

rules::EnterpriseSet set_of(std::vector<rules::Enterprise> items) {
  rules::EnterpriseSet s;
  s.items = std::move(items);
  return s;
}

}  // namespace

TEST(Mujun, ScoreWithMeanBases) {
  // tax/mu: 10, 30 → mean 20; va/mu: 50, 150 → mean 100.
  // A: 60×10/20 + 40×50/100 = 30 + 20 = 50; B: 60×30/20 + 40×150/100 = 90 + 60 = 150.
  Profile p = two_indicator_profile();
  Findings f;
  auto r = rules::evaluate_mujun(set_of({ent("规上", 10, 100, 500), ent("规上", 10, 300, 1500)}), p.mujun, f);
  ASSERT_TRUE(r.enterprises[0].score && r.enterprises[1].score);
  EXPECT_NEAR(*r.enterprises[0].score, 50.0, 1e-9);
  EXPECT_NEAR(*r.enterprises[1].score, 150.0, 1e-9);
  EXPECT_NEAR(r.groups[0].bases[0], 20.0, 1e-9);
}

TEST(Mujun, ScoreWithFixedBasesAndACap) {
  // Fixed bases 25 (tax/mu) and 100 (va/mu), cap 1.5 on tax: A = 60×min(10/25,1.5) + 40×0.5 = 24 + 20 = 44;
  // B = 60×min(30/25, 1.5) + 40×1.5 = 72 + 60 = 132; C: tax/mu 50 → capped at 1.5 → 90 + 40×1 = 130.
  Profile p = two_indicator_profile();
  p.mujun.groups[0].indicators[0].base = 25.0;
  p.mujun.groups[0].indicators[0].cap = 1.5;
  p.mujun.groups[0].indicators[1].base = 100.0;
  Findings f;
  auto r = rules::evaluate_mujun(
      set_of({ent("规上", 10, 100, 500), ent("规上", 10, 300, 1500), ent("规上", 10, 500, 1000)}), p.mujun,
      f);
  EXPECT_NEAR(*r.enterprises[0].score, 44.0, 1e-9);
  EXPECT_NEAR(*r.enterprises[1].score, 132.0, 1e-9);
  EXPECT_NEAR(*r.enterprises[2].score, 130.0, 1e-9);
}

TEST(Mujun, MissingIndicatorGetsTheGroupsMeanTerm) {
  // va/mu known for A (50) and B (150): mean 100, terms 20 and 60 → mean term 40. C has no VA: term 40.
  // tax/mu 10, 30, 20 → mean 20: C = 60×20/20 + 40 = 100.
  Profile p = two_indicator_profile();
  Findings f;
  auto r = rules::evaluate_mujun(
      set_of({ent("规上", 10, 100, 500), ent("规上", 10, 300, 1500), ent("规上", 10, 200, std::nullopt)}),
      p.mujun, f);
  ASSERT_TRUE(r.enterprises[2].score);
  EXPECT_NEAR(*r.enterprises[2].score, 100.0, 1e-9);
  EXPECT_TRUE(r.enterprises[2].terms[1].imputed);
  EXPECT_NEAR(r.enterprises[2].terms[1].term, 40.0, 1e-9);
}

TEST(Mujun, UnderThreeMuExcludedIndustryAndUnknownSizeGetNoClassAndSayWhy) {
  Profile p = two_indicator_profile();
  Findings f;
  auto r = rules::evaluate_mujun(
      set_of({ent("规上", 2.99, 100, 500), ent("规上", 3.0, 100, 500), ent("规上", 10, 100, 500, "4411"),
              ent("微型", 10, 100, 500), ent("规上", 10, std::nullopt, std::nullopt)}),
      p.mujun, f);
  EXPECT_FALSE(r.enterprises[0].evaluated);
  EXPECT_NE(r.enterprises[0].reason.find("under 3.00 mu"), std::string::npos) << r.enterprises[0].reason;
  EXPECT_TRUE(r.enterprises[1].evaluated);  // exactly 3 mu is evaluated
  EXPECT_EQ(r.enterprises[2].reason, "excluded industry 4411");
  EXPECT_EQ(r.enterprises[3].reason, "size class '微型' matches no group");
  EXPECT_EQ(r.enterprises[4].reason, "no indicator values");
  EXPECT_EQ(r.enterprises[4].cls, 0);
  EXPECT_EQ(r.evaluated(), 1u);
  // RULES.md 20: no class by rule (under 3 mu, excluded industry) is known; no class for want of data is not.
  EXPECT_FALSE(r.enterprises[0].lacks_data);
  EXPECT_FALSE(r.enterprises[1].lacks_data);
  EXPECT_FALSE(r.enterprises[2].lacks_data);
  EXPECT_TRUE(r.enterprises[3].lacks_data);
  EXPECT_TRUE(r.enterprises[4].lacks_data);
  EXPECT_EQ(r.lacking_data(), 2u);
}

TEST(Mujun, NoSizeClassOrNoLandLacksDataForAClass) {
  Profile p = two_indicator_profile();
  Findings f;
  rules::Enterprise no_land = ent("规上", 10, 100, 500);
  no_land.land_m2.reset();
  auto r =
      rules::evaluate_mujun(set_of({ent("", 10, 100, 500), no_land, ent("规上", 10, 100, 500)}), p.mujun, f);
  EXPECT_TRUE(r.enterprises[0].lacks_data);
  EXPECT_EQ(r.enterprises[0].reason, "no size class (规上/规下)");
  EXPECT_TRUE(r.enterprises[1].lacks_data);
  EXPECT_FALSE(r.enterprises[2].lacks_data);
  EXPECT_EQ(r.lacking_data(), 2u);
}

TEST(Mujun, PercentileCutCountsWhoScoresStrictlyHigherSoTiesShareTheBetterClass) {
  const std::array<double, 3> cut = {25, 70, 95};
  // 20 enterprises: ranks 0–4 are A (share < 0.25), 5–13 B (< 0.70), 14–18 C (< 0.95), 19 D.
  EXPECT_EQ(rules::percentile_class(0, 20, cut), 'A');
  EXPECT_EQ(rules::percentile_class(4, 20, cut), 'A');
  EXPECT_EQ(rules::percentile_class(5, 20, cut), 'B');
  EXPECT_EQ(rules::percentile_class(13, 20, cut), 'B');
  EXPECT_EQ(rules::percentile_class(14, 20, cut), 'C');
  EXPECT_EQ(rules::percentile_class(18, 20, cut), 'C');
  EXPECT_EQ(rules::percentile_class(19, 20, cut), 'D');
  // Ties: four enterprises with the same score all have 0 above them: all A.
  Profile p = two_indicator_profile();
  Findings f;
  auto r = rules::evaluate_mujun(set_of({ent("规上", 10, 100, 500), ent("规上", 10, 100, 500),
                                         ent("规上", 10, 100, 500), ent("规上", 10, 100, 500)}),
                                 p.mujun, f);
  for (const auto& s : r.enterprises)
    EXPECT_EQ(s.cls, 'A');
}

TEST(Mujun, PercentileCutOnTwentyEnterprisesGivesFiveNineFiveOne) {
  Profile p = two_indicator_profile();
  std::vector<rules::Enterprise> items;
  for (int i = 0; i < 20; ++i)
    items.push_back(ent("规上", 10, 10.0 * (i + 1), 100.0 * (i + 1)));
  Findings f;
  auto r = rules::evaluate_mujun(set_of(items), p.mujun, f);
  EXPECT_EQ(r.count('A'), 5u);
  EXPECT_EQ(r.count('B'), 9u);
  EXPECT_EQ(r.count('C'), 5u);
  EXPECT_EQ(r.count('D'), 1u);
  EXPECT_EQ(r.enterprises[19].cls, 'A');  // the highest
  EXPECT_EQ(r.enterprises[0].cls, 'D');
}

TEST(Mujun, ThresholdCutIncludingScoresExactlyOnAThreshold) {
  const std::array<double, 3> t = {120, 90, 60};
  EXPECT_EQ(rules::threshold_class(120.0, t), 'A');
  EXPECT_EQ(rules::threshold_class(119.999, t), 'B');
  EXPECT_EQ(rules::threshold_class(90.0, t), 'B');
  EXPECT_EQ(rules::threshold_class(60.0, t), 'C');
  EXPECT_EQ(rules::threshold_class(59.9, t), 'D');
  Profile p = two_indicator_profile();
  p.mujun.class_cut = ClassCut::threshold;
  Findings f;
  // Scores 50 and 150 (see ScoreWithMeanBases): D and A.
  auto r = rules::evaluate_mujun(set_of({ent("规上", 10, 100, 500), ent("规上", 10, 300, 1500)}), p.mujun, f);
  EXPECT_EQ(r.enterprises[0].cls, 'D');
  EXPECT_EQ(r.enterprises[1].cls, 'A');
}

TEST(Mujun, GroupsAreScoredSeparately) {
  Profile p = two_indicator_profile();
  p.mujun.groups.push_back({"规下", {"规下"}, {{"tax_per_mu", 100, std::nullopt, std::nullopt}}});
  Findings f;
  // 规下: tax/mu 5 and 15, mean 10 → 50 and 150, independent of the 规上 enterprise.
  auto r = rules::evaluate_mujun(
      set_of({ent("规上", 10, 1000, 1000), ent("规下", 10, 50), ent("规下", 10, 150)}), p.mujun, f);
  EXPECT_EQ(r.enterprises[1].group, 1u);
  EXPECT_NEAR(*r.enterprises[1].score, 50.0, 1e-9);
  EXPECT_NEAR(*r.enterprises[2].score, 150.0, 1e-9);
  EXPECT_EQ(r.groups[1].evaluated, 2u);
}

TEST(Mujun, PinnedMeanTermsAndThresholdsClassAPartitionAsTheWholeTable) {
  // docs/rules.md §26: scores over the whole table of four (tax/mu 10, 20, 30, 40 → mean 25; one without value
  // added gets the group's mean term). Pinned with the whole table's bases, mean terms and the minimum score of
  // each class, the last two enterprises alone (a partition) keep their classes, though among themselves they
  // would be A and B by percentile.
  Profile p = two_indicator_profile();
  Findings f;
  const auto whole = set_of({ent("规上", 10, 100, 500), ent("规上", 10, 200, 1000), ent("规上", 10, 300, 1500),
                             ent("规上", 10, 400)});
  const auto all = rules::evaluate_mujun(whole, p.mujun, f);
  Profile pinned = p;
  MujunGroup& g = pinned.mujun.groups[0];
  for (std::size_t k = 0; k < g.indicators.size(); ++k)
    g.indicators[k].base = all.groups[0].bases[k];
  g.mean_terms = all.groups[0].mean_terms;
  std::array<double, 3> cuts{1e300, 1e300, 1e300};
  for (const auto& s : all.enterprises)
    for (std::size_t k = 0; k < 3; ++k)
      if (s.cls && s.cls <= "ABC"[k]) cuts[k] = std::min(cuts[k], *s.score);
  g.thresholds = cuts;
  const auto part = rules::evaluate_mujun(set_of({whole.items[0], whole.items[1]}), pinned.mujun, f);
  const auto alone = rules::evaluate_mujun(set_of({whole.items[0], whole.items[1]}), p.mujun, f);
  for (std::size_t e = 0; e < 2; ++e) {
    EXPECT_EQ(part.enterprises[e].cls, all.enterprises[e].cls) << e;
    EXPECT_DOUBLE_EQ(*part.enterprises[e].score, *all.enterprises[e].score) << e;
  }
  EXPECT_NE(alone.enterprises[1].cls, all.enterprises[1].cls);  // what pinning prevents
}
