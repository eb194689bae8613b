#include "landrenew/rules/landuse.hpp"

#include <gtest/gtest.h>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/error.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using S = rules::LanduseMatch::Status;

namespace {
const Profile& huzhou() {
  static const Profile p = load_profile("huzhou-2023");
  return p;
}
}  // namespace

TEST(Landuse, EachCodeSchemeIsRecognised) {
  rules::LanduseClassifier c(huzhou());
  EXPECT_EQ(c.classify("0601").status, S::industrial);
  EXPECT_EQ(c.classify("0601").scheme, "GB/T 21010-2017");
  EXPECT_EQ(c.classify("100102").status, S::industrial);
  EXPECT_EQ(c.classify("100102").scheme, "国土空间调查、规划、用途管制用地用海分类(2023)");
  EXPECT_EQ(c.classify("M2").status, S::industrial);
  EXPECT_EQ(c.classify("m1").scheme, "GB 50137-2011");
  EXPECT_EQ(c.classify(" 工业用地 ").status, S::industrial);
}

TEST(Landuse, OtherUsesUnknownCodesAndBlanksAreNotIndustrial) {
  rules::LanduseClassifier c(huzhou());
  EXPECT_EQ(c.classify("0604").status, S::not_industrial);  // 仓储用地 is not industrial
  EXPECT_EQ(c.classify("0701").status, S::not_industrial);
  EXPECT_EQ(c.classify("R2").status, S::not_industrial);
  EXPECT_EQ(c.classify("城镇住宅用地").status, S::not_industrial);
  EXPECT_EQ(c.classify("ZZ99").status, S::unknown);
  EXPECT_EQ(c.classify("  ").status, S::missing);
  EXPECT_EQ(c.classify(std::nullopt).status, S::missing);
  EXPECT_FALSE(c.classify("ZZ99").counts_as_industrial);
}

TEST(Landuse, Code1001IsAmbiguousUnlessASchemeIsPinned) {
  rules::LanduseClassifier all(huzhou());
  EXPECT_EQ(all.classify("1001").status, S::ambiguous);
  EXPECT_TRUE(all.classify("1001").counts_as_industrial);  // profile: ambiguous = "industrial"
  rules::LanduseClassifier survey(huzhou(), "GB/T 21010-2017");
  EXPECT_EQ(survey.classify("1001").status, S::not_industrial);  // 铁路用地 in 三调
  rules::LanduseClassifier planning(huzhou(), "国土空间调查、规划、用途管制用地用海分类(2023)");
  EXPECT_EQ(planning.classify("1001").status, S::industrial);
  EXPECT_THROW(rules::LanduseClassifier(huzhou(), "no such scheme"), Error);
}

// RULES.md 21: codes compare after NFKC, whitespace removal and upper-casing; the same code however written.
TEST(Landuse, CodesWrittenFullWidthSpacedOrLowerCaseAreTheSameCode) {
  rules::LanduseClassifier c(huzhou());
  EXPECT_EQ(c.classify("０６０１").status, S::industrial);
  EXPECT_EQ(c.classify("０６０１").scheme, "GB/T 21010-2017");
  EXPECT_EQ(c.classify("06\u300001").status, S::industrial);  // U+3000 inside
  EXPECT_EQ(c.classify("\u00a00601 ").status, S::industrial);
  EXPECT_EQ(c.classify("ｍ２").status, S::industrial);
  EXPECT_EQ(c.classify("m 3").scheme, "GB 50137-2011");
  EXPECT_EQ(c.classify("工业 用地").status, S::industrial);  // an industrial name with a space
  EXPECT_EQ(c.classify("０６０１").value, "0601");
}

// RULES.md 24: an industrial code with characters added or cut, or a text with 工业, that no scheme knows is
// not counted and says what it resembles.
TEST(Landuse, ValuesThatLookIndustrialAreNotCountedAndSayWhatTheyResemble) {
  rules::LanduseClassifier c(huzhou());
  const std::pair<const char*, const char*> cases[] = {
      {"0601A", "0601"},
      {"0601a", "0601"},
      {"06010", "0601"},
      {"06", "0601"},
      {"060", "0601"},
      {"M0", "M"},
      {"M1A", "M1"},
      {"M12", "M1"},
      {"10", "1001"},
      {"100", "1001"},
      {"10010", "100101"},
      {"1001-1", "1001"},
      {"工业用地（标准厂房）", "工业"},
      {"工业厂房", "工业"},
  };
  for (const auto& [value, like] : cases) {
    const rules::LanduseMatch& m = c.classify(value);
    EXPECT_EQ(m.status, S::looks_industrial) << value;
    EXPECT_EQ(m.resembles, like) << value;
    EXPECT_FALSE(m.counts_as_industrial) << value;
  }
  EXPECT_EQ(c.classify("工业用地（标准厂房）").value, "工业用地(标准厂房)");  // NFKC: full-width brackets
}

TEST(Landuse, OtherCodesNextToIndustrialOnesDoNotLookIndustrial) {
  rules::LanduseClassifier c(huzhou());
  EXPECT_EQ(c.classify("0604").status, S::not_industrial);    // shares 060 with 0601, no prefix relation
  EXPECT_EQ(c.classify("060101").status, S::not_industrial);  // a class of the 2023 scheme under its 0601
  EXPECT_EQ(c.classify("060101").scheme, "国土空间调查、规划、用途管制用地用海分类(2023)");
  EXPECT_EQ(c.classify("0810A").status, S::not_industrial);  // 三调 广场用地: a letter on another code
  EXPECT_EQ(c.classify("0").status, S::unknown);             // one character is too little to resemble
  EXPECT_EQ(c.classify("0699").status, S::unknown);
  EXPECT_EQ(c.classify("W1").status, S::not_industrial);
  EXPECT_EQ(c.classify("仓储用地").status, S::not_industrial);
  // Pinned to GB 50137, 06 is no cut of any industrial code in use.
  rules::LanduseClassifier planning(huzhou(), "GB 50137-2011");
  EXPECT_EQ(planning.classify("06").status, S::unknown);
  EXPECT_EQ(planning.classify("M0").status, S::looks_industrial);
}

TEST(Landuse, TheProfilesValuesMapAWrittenValueToTheCodeItMeans) {
  Profile p = huzhou();
  p.landuse_values["工业用地(标准厂房)"] = "0601";
  p.landuse_values["0601A"] = "0604";
  rules::LanduseClassifier c(p);
  EXPECT_EQ(c.classify("工业用地（标准厂房）").status,
            S::industrial);  // written full-width, mapped normalised
  EXPECT_EQ(c.classify("工业用地（标准厂房）").scheme, "GB/T 21010-2017");
  EXPECT_EQ(c.classify("0601a").status, S::not_industrial);
  EXPECT_EQ(c.classify("06").status, S::looks_industrial);  // not mapped
}

TEST(Landuse, ValuesAreReadFromABureauProfileAndMustMapToAKnownCode) {
  const std::string head = "[profile]\nname = \"bureau\"\nbase = \"huzhou-2023\"\n[landuse.values]\n";
  test::TempDir dir;
  test::write_text(dir / "ok.toml", head + "\"工业用地（标准厂房）\" = \"0601\"\n\" m 0 \" = \"m\"\n");
  const Profile p = load_profile("ok.toml", dir.path());
  EXPECT_EQ(p.landuse_values.at("工业用地(标准厂房)"), "0601");
  EXPECT_EQ(p.landuse_values.at("M0"), "M");
  EXPECT_EQ(p.landuse_schemes.size(), 3u);  // the base's schemes stay
  test::write_text(dir / "bad.toml", head + "\"0601A\" = \"0601X\"\n");
  try {
    load_profile("bad.toml", dir.path());
    FAIL() << "a mapping to no code was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'0601X'"), std::string::npos) << e.what();
  }
}

// RULES.md 24: the layer's other codes decide 1001 when they all fit one scheme; else the profile does.
TEST(Landuse, AnAmbiguousCodeIsDecidedByTheOneSchemeTheLayersOtherCodesFit) {
  using V = std::vector<std::optional<std::string_view>>;
  rules::LanduseClassifier c(huzhou());
  // 0810 公园与绿地 and 0508 物流仓储用地 are no codes of the 2023 scheme: GB/T 21010 alone fits.
  const rules::LayerScheme& survey =
      c.settle_by_layer(V{"0601", "0604", "0810", "0508", "1001", "１００１", std::nullopt, " "});
  EXPECT_EQ(survey.scheme, "GB/T 21010-2017");
  EXPECT_NE(survey.why.en.find("other 4 distinct codes all fit GB/T 21010-2017 alone"), std::string::npos)
      << survey.why.en;
  const rules::LanduseMatch& railway = c.classify("1001");
  EXPECT_EQ(railway.status, S::ambiguous);
  EXPECT_TRUE(railway.by_layer);
  EXPECT_FALSE(railway.counts_as_industrial);  // 铁路用地
  EXPECT_EQ(railway.scheme, "GB/T 21010-2017");

  // 100102 only the 2023 scheme knows (0601 is a code of both): it decides, 1001 工业用地.
  c.settle_by_layer(V{"0601", "100102", "1001"});
  EXPECT_TRUE(c.classify("1001").by_layer);
  EXPECT_TRUE(c.classify("1001").counts_as_industrial);

  // The demo's mix of three schemes: no one scheme fits, the profile decides (ambiguous = "industrial").
  const rules::LayerScheme& mixed = c.settle_by_layer(V{"0601", "100102", "M2", "1001"});
  EXPECT_EQ(mixed.scheme, "");
  EXPECT_NE(mixed.why.en.find("do not all fit one scheme"), std::string::npos) << mixed.why.en;
  EXPECT_FALSE(c.classify("1001").by_layer);
  EXPECT_TRUE(c.classify("1001").counts_as_industrial);

  EXPECT_NE(c.settle_by_layer(V{"0601", "1001"}).why.en.find("fit several schemes"), std::string::npos);
  EXPECT_EQ(c.settle_by_layer(V{"1001"}).why.en, "the layer has no other code");
  EXPECT_TRUE(c.classify("1001").counts_as_industrial);
  // A value no scheme knows leaves the decision to the profile.
  EXPECT_EQ(c.settle_by_layer(V{"0601", "0604", "0810", "0601A", "1001"}).scheme, "");

  Profile not_industrial = huzhou();
  not_industrial.ambiguous_is_industrial = false;
  rules::LanduseClassifier n(not_industrial);
  n.settle_by_layer(V{"0601", "100102", "M2", "1001"});
  EXPECT_FALSE(n.classify("1001").counts_as_industrial);
}

// Issue 21: why the layer decided an ambiguous code, in both languages (it goes into the findings).
TEST(Landuse, TheLayersReasonIsChineseWhenTranslated) {
  using V = std::vector<std::optional<std::string_view>>;
  rules::LanduseClassifier c(huzhou());
  const rules::LayerScheme& survey = c.settle_by_layer(V{"0601", "0604", "0810", "0508", "1001"});
  EXPECT_EQ(survey.why.en, "the layer's other 4 distinct codes all fit GB/T 21010-2017 alone");
  EXPECT_EQ(survey.why.zh, "图层其余 4 个不同编码都只符合 GB/T 21010-2017");
}

// Issue 21: an unknown landuse_scheme is refused in the current language.
TEST(Landuse, AnUnknownSchemeIsRefusedInChineseWhenTheLanguageIsChinese) {
  set_language(Language::zh);
  std::string what;
  try {
    rules::LanduseClassifier c(huzhou(), "GB 99999");
  } catch (const Error& e) {
    what = e.what();
  }
  set_language(Language::en);
  EXPECT_NE(what.find("landuse_scheme “GB 99999”不是政策配置"), std::string::npos) << what;
}
