// RULES.md 14: each low-efficiency criterion alone and together; RULES.md 20: what lacks data is not evaluable.
#include "landrenew/rules/low_efficiency.hpp"

#include <gtest/gtest.h>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/units.hpp"

using namespace landrenew;

namespace {
const Profile& huzhou() {
  static const Profile p = load_profile("huzhou-2023");
  return p;
}
// A parcel that passes everything: FAR 1.2 for industry 3311 (minimum 0.7 via 2002 division 34), coverage
// 45%, class B, no 五未, 亩均税收 25, admission pass.
rules::ParcelFacts good() {
  rules::ParcelFacts f;
  f.area_m2 = m2_from_mu(20);
  f.far = 1.2;
  f.coverage = 0.45;
  f.industry_code = "3311";
  f.enterprise_classes = "B";
  f.enterprise_classes_known = true;
  f.wuwei_evaluable = true;
  f.tax_per_mu = 25;
  f.admission = rules::Outcome::pass;
  f.supply_date = Date{2024, 1, 1};  // a new project: the admission standard applies (from 2023-04-03)
  return f;
}
std::vector<rules::LowEfficiency> judge(std::vector<rules::ParcelFacts> facts, const Profile& p = huzhou()) {
  std::vector<std::size_t> all(facts.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  return rules::flag_low_efficiency(all, facts, p);
}
}  // namespace

TEST(LowEfficiency, ParcelPassingEverythingIsNotFlagged) {
  auto r = judge({good()});
  EXPECT_FALSE(r[0].flagged());
  EXPECT_TRUE(r[0].not_evaluable.empty());
  EXPECT_EQ(r[0].far_minimum, 0.7);
}

TEST(LowEfficiency, EachCriterionAlone) {
  std::vector<rules::ParcelFacts> f(6, good());
  f[0].far = 0.69;                 // below 0.7
  f[1].coverage = 0.2999;          // below 30%
  f[2].enterprise_classes = "AD";  // a D enterprise on the parcel
  f[3].wuwei = rules::Wuwei::completed_not_producing;
  f[4].tax_per_mu = 9.99;  // below 10 万元/亩
  f[5].admission = rules::Outcome::fail;
  auto r = judge(f);
  for (std::size_t i = 0; i < 6; ++i) {
    ASSERT_EQ(r[i].criteria.size(), 1u) << i;
    EXPECT_EQ(r[i].criteria[0], rules::kCriteria[i]);
  }
}

TEST(LowEfficiency, BoundaryValuesDoNotFire) {
  rules::ParcelFacts f = good();
  f.far = 0.7;
  f.coverage = 0.30;
  f.tax_per_mu = 10.0;
  f.admission = rules::Outcome::unknown;  // unknown is not a failure
  EXPECT_FALSE(judge({f})[0].flagged());
}

TEST(LowEfficiency, AllCriteriaTogetherAreListedInOrder) {
  rules::ParcelFacts f = good();
  f.far = 0.3;
  f.coverage = 0.1;
  f.enterprise_classes = "D";
  f.wuwei = rules::Wuwei::supplied_not_started;
  f.tax_per_mu = 1;
  f.admission = rules::Outcome::fail;
  auto r = judge({f});
  EXPECT_EQ(r[0].criteria,
            (std::vector<std::string>(std::begin(rules::kCriteria), std::end(rules::kCriteria))));
}

TEST(LowEfficiency, MissingIndustryOrMeasuresAreNotEvaluableButOtherCriteriaStillApply) {
  rules::ParcelFacts f = good();
  f.industry_code = "";
  f.far = 0.1;  // would fire, but there is no minimum to compare with
  f.coverage.reset();
  f.tax_per_mu.reset();
  f.enterprise_classes = "D";
  auto r = judge({f});
  EXPECT_EQ(r[0].criteria, (std::vector<std::string>{"enterprise_class"}));
  EXPECT_EQ(r[0].not_evaluable,
            (std::vector<std::string>{"far_below_minimum", "coverage_below_minimum", "tax_per_mu_below"}));
}

TEST(LowEfficiency, AdmissionStandardAppliesOnlyToLandSuppliedFromTheCutOff) {
  std::vector<rules::ParcelFacts> f(4, good());
  for (auto& x : f)
    x.admission = rules::Outcome::fail;
  f[0].supply_date = Date{2023, 4, 3};  // on the cut-off day: tested
  f[1].supply_date = Date{2023, 4, 2};  // the day before: an existing project, not tested
  f[2].supply_date.reset();             // unknown: not evaluable
  Profile every = huzhou();
  every.low_efficiency.admission_supplied_from = "";
  auto r = judge(f);
  EXPECT_EQ(r[0].criteria, (std::vector<std::string>{"admission_standard"}));
  EXPECT_FALSE(r[1].flagged());
  EXPECT_TRUE(r[1].not_evaluable.empty());
  EXPECT_FALSE(r[2].flagged());
  EXPECT_EQ(r[2].not_evaluable, (std::vector<std::string>{"admission_standard"}));
  EXPECT_TRUE(judge({f[1]}, every)[0].flagged());  // with no cut-off every parcel is tested
}

TEST(LowEfficiency, DisabledCriteriaAndDistrictMeanMode) {
  Profile p = huzhou();
  p.low_efficiency.far_below_minimum = false;
  p.low_efficiency.tax_per_mu_district_mode = true;  // below half the district's area-weighted mean
  std::vector<rules::ParcelFacts> f(3, good());
  for (auto& x : f)
    x.district = 0;
  f[0].far = 0.1;
  // District mean: (10×20 + 30×20 + 50×20) / 60 = 30 → threshold 15: 10 fires, 30 and 50 do not.
  f[0].tax_per_mu = 10;
  f[1].tax_per_mu = 30;
  f[2].tax_per_mu = 50;
  auto r = judge(f, p);
  EXPECT_EQ(r[0].criteria, (std::vector<std::string>{"tax_per_mu_below"}));
  EXPECT_NEAR(*r[0].tax_threshold, 15.0, 1e-9);
  EXPECT_FALSE(r[1].flagged());
}

TEST(LowEfficiency, OnlyIndustrialParcelsAreJudged) {
  std::vector<rules::ParcelFacts> f(2, good());
  f[0].far = 0.1;
  f[1].far = 0.1;
  auto r = rules::flag_low_efficiency(std::vector<std::size_t>{1}, f, huzhou());
  EXPECT_FALSE(r[0].flagged());
  EXPECT_TRUE(r[1].flagged());
}

TEST(LowEfficiency, EnterpriseClassIsNotEvaluableWithoutEveryLinkedClassUnlessOneFires) {
  std::vector<rules::ParcelFacts> f(4, good());
  f[0].enterprise_classes = "";  // no linked enterprise (or none with a class for lack of data)
  f[0].enterprise_classes_known = false;
  f[1].enterprise_classes = "B";  // B known, a second enterprise lacks data: it could be D
  f[1].enterprise_classes_known = false;
  f[2].enterprise_classes = "D";  // one D decides, whatever the others
  f[2].enterprise_classes_known = false;
  f[3].enterprise_classes = "";  // every enterprise has no class by rule (under 3 mu): known, none is D
  auto r = judge(f);
  EXPECT_EQ(r[0].not_evaluable, (std::vector<std::string>{"enterprise_class"}));
  EXPECT_FALSE(r[0].flagged());
  EXPECT_EQ(r[1].not_evaluable, (std::vector<std::string>{"enterprise_class"}));
  EXPECT_EQ(r[2].criteria, (std::vector<std::string>{"enterprise_class"}));
  EXPECT_TRUE(r[2].not_evaluable.empty());
  EXPECT_TRUE(r[3].not_evaluable.empty());
  EXPECT_FALSE(r[3].flagged());
}

TEST(LowEfficiency, WuweiUndecidedAndAdmissionUnknownInScopeAreNotEvaluable) {
  std::vector<rules::ParcelFacts> f(4, good());
  f[0].wuwei_evaluable = false;  // no register dates
  f[1].wuwei_evaluable = false;  // a category found is found, whatever else is missing
  f[1].wuwei = rules::Wuwei::completed_not_producing;
  f[2].admission = rules::Outcome::unknown;  // supplied 2024: in scope, an indicator unknown and none failing
  f[3].admission = rules::Outcome::unknown;
  f[3].supply_date = Date{2020, 1, 1};  // before the cut-off: the standard does not apply, so it is evaluated
  auto r = judge(f);
  EXPECT_EQ(r[0].not_evaluable, (std::vector<std::string>{"wuwei"}));
  EXPECT_EQ(r[1].criteria, (std::vector<std::string>{"wuwei"}));
  EXPECT_TRUE(r[1].not_evaluable.empty());
  EXPECT_EQ(r[2].not_evaluable, (std::vector<std::string>{"admission_standard"}));
  EXPECT_FALSE(r[2].flagged());
  EXPECT_TRUE(r[3].not_evaluable.empty());
}

TEST(LowEfficiency, DisabledCriteriaAreNeitherFiredNorNotEvaluable) {
  Profile p = huzhou();
  p.low_efficiency.enterprise_class = false;
  p.low_efficiency.wuwei = false;
  rules::ParcelFacts f = good();
  f.enterprise_classes = "D";
  f.enterprise_classes_known = false;
  f.wuwei_evaluable = false;
  auto r = judge({f}, p);
  EXPECT_FALSE(r[0].flagged());
  EXPECT_TRUE(r[0].not_evaluable.empty());
  EXPECT_FALSE(rules::criterion_enabled(p.low_efficiency, "wuwei"));
  EXPECT_TRUE(rules::criterion_enabled(p.low_efficiency, "far_below_minimum"));
  EXPECT_FALSE(rules::criterion_enabled(p.low_efficiency, "no_such_criterion"));
}
