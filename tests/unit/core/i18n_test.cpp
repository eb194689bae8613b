// core/i18n (issue 21): the language from the environment as GNU gettext reads it, the embedded Chinese
// catalogue, positional placeholders, messages in both languages and numbers with grouped thousands.
#include "landrenew/core/i18n.hpp"

#include <map>
#include <string>

#include <gtest/gtest.h>

using namespace landrenew;

namespace {

Language from(const std::map<std::string, std::string>& env) {
  return language_from_environment([&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

/// Restores English after a test that switched the language.
struct ChineseForTheTest {
  ChineseForTheTest() { set_language(Language::zh); }
  ~ChineseForTheTest() { set_language(Language::en); }
};

}  // namespace

TEST(I18n, LanguageNamesAcceptLocaleNamesAndLanguageCodes) {
  EXPECT_EQ(language_named("zh_CN.UTF-8"), Language::zh);
  EXPECT_EQ(language_named("zh"), Language::zh);
  EXPECT_EQ(language_named("zh-Hans"), Language::zh);
  EXPECT_EQ(language_named("zh_TW.Big5"), Language::zh);
  EXPECT_EQ(language_named("en_GB.UTF-8"), Language::en);
  EXPECT_EQ(language_named("C"), Language::en);
  EXPECT_EQ(language_named("C.UTF-8"), Language::en);
  EXPECT_EQ(language_named("POSIX"), Language::en);
  EXPECT_EQ(language_named("de_DE.UTF-8"), std::nullopt);
  EXPECT_EQ(language_named(""), std::nullopt);
}

TEST(I18n, EnvironmentIsReadInGnuGettextsOrder) {
  EXPECT_EQ(from({}), Language::en);                                  // nothing set: English
  EXPECT_EQ(from({{"LANG", "zh_CN.UTF-8"}}), Language::zh);           // the locale
  EXPECT_EQ(from({{"LANG", "zh_CN.UTF-8"}, {"LC_ALL", "C"}}), Language::en);  // LC_ALL before LANG
  EXPECT_EQ(from({{"LANG", "C"}, {"LC_MESSAGES", "zh_CN.UTF-8"}}), Language::zh);
  EXPECT_EQ(from({{"LANG", "C"}, {"LANGUAGE", "zh_CN"}}), Language::en);  // LANGUAGE ignored in C
  EXPECT_EQ(from({{"LANGUAGE", "zh_CN"}}), Language::en);                 // … and with no locale
  EXPECT_EQ(from({{"LANG", "en_US.UTF-8"}, {"LANGUAGE", "zh_CN:en"}}), Language::zh);
  EXPECT_EQ(from({{"LANG", "zh_CN.UTF-8"}, {"LANGUAGE", "de:fr"}}), Language::zh);  // none it has: the locale
  EXPECT_EQ(from({{"LANG", "de_DE.UTF-8"}}), Language::en);  // a language it has not: English
}

TEST(I18n, ChineseComesFromTheEmbeddedCatalogueAndUnknownMsgidsStayAsTheyAre) {
  EXPECT_STREQ(translate(Language::zh, "out of memory"), "内存不足");
  EXPECT_STREQ(translate(Language::en, "out of memory"), "out of memory");
  EXPECT_STREQ(translate(Language::zh, "no such msgid in the catalogue"), "no such msgid in the catalogue");
  {
    ChineseForTheTest zh;
    EXPECT_STREQ(tr("built-in"), "内置");
  }
  EXPECT_STREQ(tr("built-in"), "built-in");
}

TEST(I18n, PlaceholdersArePositionalSoATranslationCanReorderThem) {
  EXPECT_EQ(substitute("{2} before {1}", {"a", "b"}), "b before a");
  EXPECT_EQ(substitute("{1}{1}", {"x"}), "xx");
  // cli.po: "wrote {1} ({2} layers); …" uses {1} twice in Chinese too.
  EXPECT_EQ(trf_in(Language::zh, "wrote {1} ({2} layers); check it, then: landrenew check {1}", "p.toml", 7),
            "已写出 p.toml（7 个图层）；请核对后运行：landrenew check p.toml");
}

TEST(I18n, TextHoldsBothLanguagesAndATextArgumentGivesEachItsOwn) {
  const Text inner = tr_both("built-in");
  const Text t = tr_both("internal error: {1}", inner);
  EXPECT_EQ(t.en, "internal error: built-in");
  EXPECT_EQ(t.zh, "内部错误：内置");
  EXPECT_EQ(t.shown(), t.en);
  ChineseForTheTest zh;
  EXPECT_EQ(t.shown(), t.zh);
}

TEST(I18n, QuantitiesAreGroupedInChineseAndAsBeforeInEnglish) {
  EXPECT_EQ(grouped(47293.5321), "47,293.53");
  EXPECT_EQ(grouped(-1234567.891, 1), "-1,234,567.9");
  EXPECT_EQ(grouped(999.996), "1,000.00");  // rounding carries into a new group
  EXPECT_EQ(grouped(30000, 0), "30,000");
  EXPECT_EQ(grouped(12.5), "12.50");
  EXPECT_EQ(grouped_count(2747), "2,747");
  EXPECT_EQ(grouped_count(12), "12");
  const Text q = quantity(5659.8);
  EXPECT_EQ(q.en, "5659.80");
  EXPECT_EQ(q.zh, "5,659.80");
}
