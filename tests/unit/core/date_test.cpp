#include "landrenew/core/date.hpp"

#include <gtest/gtest.h>

using landrenew::Date;
using landrenew::parse_date;
using landrenew::is_iso_date;

TEST(Date, ParsesTheFormsRegistersUse) {
  EXPECT_EQ(parse_date("2023-05-17"), (Date{2023, 5, 17}));
  EXPECT_EQ(parse_date("2024/3/5"), (Date{2024, 3, 5}));
  EXPECT_EQ(parse_date("2024.03.05"), (Date{2024, 3, 5}));
  EXPECT_EQ(parse_date("2024年3月5日"), (Date{2024, 3, 5}));
  EXPECT_EQ(parse_date(" 20230517 "), (Date{2023, 5, 17}));
  EXPECT_EQ(parse_date("2023-05-17T10:00:00"), (Date{2023, 5, 17}));
}

TEST(Date, RefusesGarbageAndImpossibleDates) {
  EXPECT_FALSE(parse_date(""));
  EXPECT_FALSE(parse_date("待定"));
  EXPECT_FALSE(parse_date("2023-02-30"));
  EXPECT_FALSE(parse_date("2023-13-01"));
  EXPECT_FALSE(parse_date("17/05/2023"));
  EXPECT_FALSE(parse_date("2023x05x17"));
  EXPECT_FALSE(parse_date("2023"));
}

TEST(Date, DayArithmeticRoundTripsAndLeapDaysClamp) {
  EXPECT_EQ(Date({1970, 1, 1}).days(), 0);
  EXPECT_EQ(Date({2024, 3, 1}).days() - Date({2024, 2, 28}).days(), 2);
  for (long d = 18000; d < 21000; d += 37)
    EXPECT_EQ(Date::from_days(d).days(), d);
  EXPECT_EQ(Date({2024, 2, 29}).plus_years(1), (Date{2025, 2, 28}));
  EXPECT_EQ(Date({2023, 5, 17}).plus_years(2), (Date{2025, 5, 17}));
  EXPECT_EQ(Date({2023, 5, 7}).iso(), "2023-05-07");
  EXPECT_LT((Date{2023, 12, 31}), (Date{2024, 1, 1}));
}

// RULES.md 22: dates as registers write them.
TEST(Date, ChineseNumeralsAndExcelSerialsAreFullDates) {
  EXPECT_EQ(parse_date("二〇二四年三月十五日"), (Date{2024, 3, 15}));
  EXPECT_EQ(parse_date("二○二三年十二月三十一日"), (Date{2023, 12, 31}));
  EXPECT_EQ(parse_date("二〇二四年十月二十日"), (Date{2024, 10, 20}));
  EXPECT_EQ(parse_date("二〇二四年二月三十日"), std::nullopt);  // no such day
  // The 1900 system: 45366 is 2024-03-15 (Excel shows it so); 44927 is 2023-01-01; a time of day is ignored.
  EXPECT_EQ(parse_date("45366"), (Date{2024, 3, 15}));
  EXPECT_EQ(parse_date("44927"), (Date{2023, 1, 1}));
  EXPECT_EQ(parse_date(" 45366.75 "), (Date{2024, 3, 15}));
  EXPECT_FALSE(parse_date("4536"));    // four digits: a year, not a full date
  EXPECT_FALSE(parse_date("453661"));  // six digits: neither
  EXPECT_FALSE(parse_date("45366.x"));
}

TEST(Date, MonthsAndYearsArePartialDatesCountedAsTheirLastDay) {
  using landrenew::DatePrecision;
  using landrenew::parse_written_date;
  const auto is = [](std::string_view text, Date d, DatePrecision p) {
    auto w = parse_written_date(text);
    return w && w->date == d && w->precision == p;
  };
  EXPECT_TRUE(is("2024-03-15", {2024, 3, 15}, DatePrecision::day));
  EXPECT_TRUE(is("2024年3月", {2024, 3, 31}, DatePrecision::month));
  EXPECT_TRUE(is("2024年2月", {2024, 2, 29}, DatePrecision::month));  // leap year
  EXPECT_TRUE(is("2023年2月份", {2023, 2, 28}, DatePrecision::month));
  EXPECT_TRUE(is("2024.03", {2024, 3, 31}, DatePrecision::month));
  EXPECT_TRUE(is("2024-11", {2024, 11, 30}, DatePrecision::month));
  EXPECT_TRUE(is("2024/4", {2024, 4, 30}, DatePrecision::month));
  EXPECT_TRUE(is("二〇二四年六月", {2024, 6, 30}, DatePrecision::month));
  EXPECT_TRUE(is("2024年", {2024, 12, 31}, DatePrecision::year));
  EXPECT_TRUE(is(" 2025 ", {2025, 12, 31}, DatePrecision::year));
  for (std::string_view bad : {"2024年底", "2024年3月底", "2024.13", "2024-03月", "待定", "24年3月", "2024年上半年", ""})
    EXPECT_FALSE(parse_written_date(bad)) << bad;
}

TEST(Date, IsIsoDateTakesOnlyARealDateWrittenYyyyMmDd) {
  EXPECT_TRUE(is_iso_date("2024-03-15"));
  EXPECT_TRUE(is_iso_date("2024-02-29"));   // a leap year
  EXPECT_FALSE(is_iso_date("2023-02-29"));  // not one
  EXPECT_FALSE(is_iso_date("2023-02-30"));
  EXPECT_FALSE(is_iso_date("2024-3-15"));
  EXPECT_FALSE(is_iso_date(" 2024-03-15"));
  EXPECT_FALSE(is_iso_date("2024/03/15"));
  EXPECT_FALSE(is_iso_date("2024年3月15日"));  // parse_date reads it; a project file must not write it
  EXPECT_FALSE(is_iso_date(""));
}
