#include "landrenew/date.hpp"

#include <gtest/gtest.h>

using landrenew::Date;
using landrenew::parse_date;

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
