#include "landrenew/text.hpp"

#include <gtest/gtest.h>

#include "landrenew/units.hpp"

using namespace landrenew;

TEST(Units, OneMuIsExactlyTenThousandFifteenthsOfASquareMetre) {
  EXPECT_DOUBLE_EQ(mu_from_m2(10000.0), 15.0);
  EXPECT_DOUBLE_EQ(mu_from_m2(20000.0), 30.0);
  EXPECT_DOUBLE_EQ(m2_from_mu(15.0), 10000.0);
  // The rounded 666.67 m²/mu would be off by ~5 ppm: 0.15 mu on 30,000 mu.
  EXPECT_NEAR(mu_from_m2(30000.0 * 666.67) - 30000.0, 0.15, 0.01);
}

TEST(Utf8, AcceptsWellFormedAndRejectsGbkBytes) {
  EXPECT_TRUE(is_valid_utf8("ZDDM 工业用地"));
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_FALSE(is_valid_utf8("\xB9\xA4\xD2\xB5"));  // 工业 in GBK
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE5\xB7"));          // truncated
}

TEST(Trim, RemovesAsciiAndIdeographicSpaces) {
  EXPECT_EQ(trim("  91330500MA2B3C4D5E \t"), "91330500MA2B3C4D5E");
  EXPECT_EQ(trim("\xE3\x80\x80"
                 "0601"
                 "\xE3\x80\x80"),
            "0601");
  EXPECT_EQ(trim("   "), "");
}

TEST(FieldNameKey, FoldsFullWidthParenthesesCaseAndSpaces) {
  EXPECT_EQ(field_name_key("实缴税金（万元）"), field_name_key("实缴税金(万元)"));
  EXPECT_EQ(field_name_key("zddm"), "ZDDM");
  EXPECT_EQ(field_name_key("Credit Code"), field_name_key("CREDIT_CODE"));
}

TEST(SplitList, SplitsOnAsciiAndChineseSeparators) {
  EXPECT_EQ(split_list("A;B"), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(split_list("A、 B，C；D"), (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_TRUE(split_list(" ; ").empty());
}

TEST(ParsePlainNumber, AcceptsPlainNumbersOnly) {
  EXPECT_EQ(parse_plain_number("12"), 12.0);
  EXPECT_EQ(parse_plain_number(" -3.5 "), -3.5);
  EXPECT_EQ(parse_plain_number("+1.5e3"), 1500.0);
  EXPECT_FALSE(parse_plain_number("N/A"));
  EXPECT_FALSE(parse_plain_number("—"));
  EXPECT_FALSE(parse_plain_number("1,234"));
  EXPECT_FALSE(parse_plain_number("12万"));
  EXPECT_FALSE(parse_plain_number(""));
  EXPECT_FALSE(parse_plain_number("nan"));
  EXPECT_FALSE(parse_plain_number("inf"));
  EXPECT_FALSE(parse_plain_number("1e400"));
}

TEST(Recode, GbkBytesBecomeUtf8) {
  EXPECT_EQ(recode_to_utf8("\xB9\xA4\xD2\xB5", "GB18030"), "工业");
}

TEST(Text, SqlIdentifiersAndSingleQuotedTextDoubleTheirQuotes) {
  EXPECT_EQ(sql_identifier("fid"), "\"fid\"");
  EXPECT_EQ(sql_identifier("lr \"out\""), "\"lr \"\"out\"\"\"");
  EXPECT_EQ(single_quoted("buildings_2025"), "'buildings_2025'");
  EXPECT_EQ(single_quoted("it's 'x'"), "'it''s ''x'''");
  EXPECT_EQ(single_quoted(""), "''");
}
