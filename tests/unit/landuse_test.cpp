#include "landrenew/landuse.hpp"

#include <gtest/gtest.h>

#include "landrenew/error.hpp"
#include "landrenew/profile.hpp"

using namespace landrenew;
using S = LanduseMatch::Status;

namespace {
const Profile& huzhou() {
  static const Profile p = load_profile("huzhou-2023");
  return p;
}
}  // namespace

TEST(Landuse, EachCodeSchemeIsRecognised) {
  LanduseClassifier c(huzhou());
  EXPECT_EQ(c.classify("0601").status, S::industrial);
  EXPECT_EQ(c.classify("0601").scheme, "GB/T 21010-2017");
  EXPECT_EQ(c.classify("100102").status, S::industrial);
  EXPECT_EQ(c.classify("100102").scheme, "国土空间调查、规划、用途管制用地用海分类(2023)");
  EXPECT_EQ(c.classify("M2").status, S::industrial);
  EXPECT_EQ(c.classify("m1").scheme, "GB 50137-2011");
  EXPECT_EQ(c.classify(" 工业用地 ").status, S::industrial);
}

TEST(Landuse, OtherUsesUnknownCodesAndBlanksAreNotIndustrial) {
  LanduseClassifier c(huzhou());
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
  LanduseClassifier all(huzhou());
  EXPECT_EQ(all.classify("1001").status, S::ambiguous);
  EXPECT_TRUE(all.classify("1001").counts_as_industrial);  // profile: ambiguous = "industrial"
  LanduseClassifier survey(huzhou(), "GB/T 21010-2017");
  EXPECT_EQ(survey.classify("1001").status, S::not_industrial);  // 铁路用地 in 三调
  LanduseClassifier planning(huzhou(), "国土空间调查、规划、用途管制用地用海分类(2023)");
  EXPECT_EQ(planning.classify("1001").status, S::industrial);
  EXPECT_THROW(LanduseClassifier(huzhou(), "no such scheme"), Error);
}
