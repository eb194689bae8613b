// DOMAIN.md §6: each 五未 category at and just past its time limit (limits of the huzhou-2023 profile:
// 批而未供 2 years, 供而未用 1, 用而未尽 2, 建而未投 1, 投而未达标 3).
#include "landrenew/rules/wuwei.hpp"

#include <gtest/gtest.h>

using namespace landrenew;

namespace {
const WuweiLimits limits{};
Date d(int y, int m, int day) {
  return {y, m, day};
}
}  // namespace

TEST(Wuwei, ApprovedNotSuppliedAfterTwoYears) {
  rules::ParcelDates dates;
  dates.approval = d(2023, 6, 30);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2025, 6, 30), limits).category,
            rules::Wuwei::none);  // exactly at the limit
  auto r = rules::classify_wuwei(dates, {}, d(2025, 7, 1), limits);
  EXPECT_EQ(r.category, rules::Wuwei::approved_not_supplied);
  EXPECT_EQ(r.detail, "approved 2023-06-30 + 2 years < 2025-07-01, not supplied");
}

TEST(Wuwei, SuppliedNotStartedOneYearAfterTheContractedStart) {
  rules::ParcelDates dates;
  dates.approval = d(2020, 1, 1);
  dates.supply = d(2022, 3, 1);
  dates.contract_start = d(2022, 9, 1);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2023, 9, 1), limits).category, rules::Wuwei::none);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2023, 9, 2), limits).category,
            rules::Wuwei::supplied_not_started);
  // Without a contracted start the supply date counts.
  dates.contract_start.reset();
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2023, 3, 2), limits).category,
            rules::Wuwei::supplied_not_started);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2023, 3, 1), limits).category, rules::Wuwei::none);
}

TEST(Wuwei, StartedNotCompletedAfterTwoYearsWithUnderAThirdBuilt) {
  rules::ParcelDates dates;
  dates.supply = d(2020, 1, 1);
  dates.start = d(2022, 5, 10);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2024, 5, 10), limits).category, rules::Wuwei::none);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2024, 5, 11), limits).category,
            rules::Wuwei::started_not_completed);
  // With the built share known: at or above one third it is not 用而未尽.
  EXPECT_EQ(rules::classify_wuwei(dates, {0.34, {}, {}}, d(2024, 5, 11), limits).category,
            rules::Wuwei::none);
  EXPECT_EQ(rules::classify_wuwei(dates, {0.30, {}, {}}, d(2024, 5, 11), limits).category,
            rules::Wuwei::started_not_completed);
}

TEST(Wuwei, CompletedNotProducingAfterOneYear) {
  rules::ParcelDates dates;
  dates.start = d(2021, 1, 1);
  dates.completion = d(2024, 2, 29);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2025, 2, 28), limits).category,
            rules::Wuwei::none);  // 29 Feb + 1 y = 28 Feb
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2025, 3, 1), limits).category,
            rules::Wuwei::completed_not_producing);
}

TEST(Wuwei, ProducingBelowTheContractedTaxAfterThreeYears) {
  rules::ParcelDates dates;
  dates.completion = d(2020, 1, 1);
  dates.production = d(2021, 7, 1);
  const rules::WuweiFacts below{std::nullopt, 12.0, 20.0}, meets{std::nullopt, 20.0, 20.0},
      unknown{std::nullopt, {}, 20.0};
  EXPECT_EQ(rules::classify_wuwei(dates, below, d(2024, 7, 1), limits).category, rules::Wuwei::none);
  EXPECT_EQ(rules::classify_wuwei(dates, below, d(2024, 7, 2), limits).category,
            rules::Wuwei::producing_below_standard);
  EXPECT_EQ(rules::classify_wuwei(dates, meets, d(2024, 7, 2), limits).category, rules::Wuwei::none);
  EXPECT_EQ(rules::classify_wuwei(dates, unknown, d(2024, 7, 2), limits).category, rules::Wuwei::none);
}

TEST(Wuwei, TheLatestStageReachedDecidesAndNoDatesIsNotEvaluable) {
  rules::ParcelDates dates;
  dates.approval = d(2010, 1, 1);  // long ago, but the parcel was supplied and started since
  dates.supply = d(2011, 1, 1);
  dates.start = d(2025, 1, 1);
  EXPECT_EQ(rules::classify_wuwei(dates, {}, d(2026, 1, 1), limits).category, rules::Wuwei::none);
  EXPECT_FALSE(rules::classify_wuwei({}, {}, d(2026, 1, 1), limits).evaluable);
}

TEST(Wuwei, InProductionPastTheLimitWithAContractedTaxButNoActualTaxIsNotEvaluable) {
  rules::ParcelDates dates;
  dates.production = d(2021, 7, 1);
  const rules::WuweiFacts no_actual{std::nullopt, {}, 20.0}, no_contract{std::nullopt, 12.0, {}};
  // Past the three years: 投而未达标 needs the actual 亩均税收 to compare with the contracted 20 (RULES.md 20).
  EXPECT_FALSE(rules::classify_wuwei(dates, no_actual, d(2024, 7, 2), limits).evaluable);
  // Before the limit the category cannot hold yet, whatever the tax: evaluated.
  EXPECT_TRUE(rules::classify_wuwei(dates, no_actual, d(2024, 7, 1), limits).evaluable);
  // No contracted figure: there is no standard to miss, so the parcel is evaluated (and not 五未).
  const auto r = rules::classify_wuwei(dates, no_contract, d(2024, 7, 2), limits);
  EXPECT_TRUE(r.evaluable);
  EXPECT_EQ(r.category, rules::Wuwei::none);
}
