#include "landrenew/core/text.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/units.hpp"

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

TEST(ParseTableNumber, AcceptsNumbersAsOfficesTypeThem) {  // RULES.md 21
  EXPECT_EQ(parse_table_number("1,234.50"), 1234.5);
  EXPECT_EQ(parse_table_number("1,234,567"), 1234567.0);
  EXPECT_EQ(parse_table_number("-1,234"), -1234.0);
  EXPECT_EQ(parse_table_number("１，２３４．５０"), 1234.5);         // full-width digits and punctuation
  EXPECT_EQ(parse_table_number("\xC2\xA0 12.5\xE3\x80\x80"), 12.5);  // NBSP, U+3000
  EXPECT_EQ(parse_table_number(" 7 "), 7.0);
  EXPECT_EQ(parse_table_number("12%", true), 0.12);
  EXPECT_EQ(parse_table_number("１２．５％", true), 0.125);
  EXPECT_EQ(parse_table_number("0.3", true), 0.3);
}

TEST(ParseTableNumber, EverythingElseStaysBad) {  // RULES.md 11
  for (const char* bad : {"1,2", "12,34", "1,2345", ",123", "1,234,5", "1.234,5", "/", "暂无", "-", "N/A",
                          "12万", "", "—", "1 234", "12%"})
    EXPECT_FALSE(parse_table_number(bad)) << bad;  // "12%" only as a share
  EXPECT_FALSE(parse_table_number("12%%", true));
  EXPECT_FALSE(parse_table_number("%", true));
}

TEST(NormaliseIdentifier, FullWidthSpacesAndCase) {  // RULES.md 21
  const std::string code = "91330500MA2B000001";
  EXPECT_EQ(normalise_identifier("９１３３０５００ＭＡ２Ｂ０００００１"), code);
  EXPECT_EQ(normalise_identifier("91330500\xC2\xA0MA2B 000001"), code);
  EXPECT_EQ(normalise_identifier("\xE3\x80\x80"
                                 "91330500ma2b000001\t"),
            code);
  EXPECT_EQ(normalise_identifier("913305\xE2\x80\x82"
                                 "00MA2B000001\n"),
            code);  // U+2002 en space
  EXPECT_EQ(normalise_identifier("ｍａ２ｂ"), "MA2B");
  EXPECT_EQ(normalise_identifier("湖州 某厂"), "湖州某厂");
  EXPECT_EQ(normalise_identifier(" \xC2\xA0 "), "");
  EXPECT_EQ(normalise_identifier("\xB0\xA1 ab"), "\xB0\xA1 AB");  // not UTF-8: trimmed and ASCII upper-cased
}

TEST(Text, LettersOnlyDropsSpacesPunctuationAndFullWidthFormsAfterNfkc) {
  EXPECT_EQ(letters_only("合 计"), "合计");
  EXPECT_EQ(letters_only("合计："), "合计");
  EXPECT_EQ(letters_only("\xE3\x80\x80规上企业（合计）"), "规上企业合计");  // U+3000, full-width brackets
  EXPECT_EQ(letters_only("Ａ-1\xC2\xA0" "b"), "A1b");  // full-width A, NBSP
  EXPECT_EQ(letters_only(""), "");
}

TEST(Text, SplitParcelCodesTakesEveryRulesSeparatorAndNormalisesEachCode) {  // RULES.md 23
  EXPECT_EQ(split_parcel_codes("Z1、Z2，Z3,z4；Z5;Z6/Z7 Z8\nZ9\u3000Z10\tZ11"),
            (std::vector<std::string>{"Z1", "Z2", "Z3", "Z4", "Z5", "Z6", "Z7", "Z8", "Z9", "Z10", "Z11"}));
  EXPECT_EQ(split_parcel_codes(" ３３０５０２Ａ ／ 、, "), std::vector<std::string>{"330502A"});
  EXPECT_TRUE(split_parcel_codes("").empty());
}

TEST(Text, NameKeyIgnoresSpacesPunctuationBracketWidthAndLatinCase) {
  EXPECT_EQ(name_key("湖州（长兴）ABC 有限公司"), name_key("湖州(长兴)abc有限公司"));
  EXPECT_EQ(name_key(" 甲·乙 公司。"), "甲乙公司");
  EXPECT_NE(name_key("甲公司"), name_key("乙公司"));
}

TEST(NormaliseEncodingName, AcceptsCommonNamesAndRejectsUnknownOnes) {
  EXPECT_EQ(normalise_encoding_name("gbk"), "CP936");
  EXPECT_EQ(normalise_encoding_name("utf8"), "UTF-8");
  EXPECT_EQ(normalise_encoding_name("GB2312"), "GB2312");
  EXPECT_THROW(normalise_encoding_name("klingon"), Error);
}
