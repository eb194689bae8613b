// Issue 19: every finding kind declared once (finding_kinds.hpp) and every finding built one way
// (FindingReporter). Expectations by hand on two squares of 100 m × 100 m and a two-sheet table.
#include "landrenew/io/finding_reporter.hpp"

#include <cmath>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "landrenew/out/report.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using out::finding_kind_zh;
using test::rect;

namespace {

// fid 7: [0,100]² with id " ZD-1 " (spaces as a register writes them); fid 9: [200,300]×[0,100], no id.
PolygonLayer squares() {
  PolygonLayer p;
  p.info.logical = "parcels";
  p.info.fields = {{"id", "ZDDM", false}, {"registered_area", "ZDMJ", false}};
  const std::pair<std::int64_t, const char*> fid_id[] = {{7, " ZD-1 "}, {9, nullptr}};
  double x = 0;
  for (const auto& [fid, id] : fid_id) {
    p.fid.push_back(fid);
    p.geometry.push_back(geom::from_wkt(rect(520000 + x, 3410000, 520100 + x, 3410100)));
    p.area_m2.push_back(10000);
    p.repaired.push_back(false);
    p.attributes.column("id").push(id ? std::optional<std::string_view>(id) : std::nullopt);
    x += 200;
  }
  return p;
}

// Rows 3 and 4 of sheet '规上企业', row 3 of sheet '规下企业' (row numbers repeat across sheets).
TableLayer enterprise_rows() {
  TableLayer t;
  t.info.logical = "enterprises";
  t.row = {3, 4, 3};
  t.sheet = {"规上企业", "规上企业", "规下企业"};
  t.attributes.column("credit_code").push(" 91330500ma2b3c4d5e ");
  t.attributes.column("credit_code").push(std::nullopt);
  t.attributes.column("credit_code").push("913305001234567890");
  return t;
}

}  // namespace

TEST(FindingKinds, EachKeyIsUniqueFoundAgainAndHasAChineseLabel) {
  std::set<std::string_view> keys;
  for (const FindingKindInfo& k : finding_kinds()) {
    EXPECT_TRUE(keys.insert(k.key).second) << k.key;
    EXPECT_FALSE(k.label_zh.empty()) << k.key;
    ASSERT_NE(find_finding_kind(k.key), nullptr) << k.key;
    EXPECT_EQ(find_finding_kind(k.key)->kind, k.kind);
    EXPECT_EQ(finding_kind_zh(k.key), k.label_zh);  // the writers' label is the table's
  }
  EXPECT_EQ(find_finding_kind("no_such_kind"), nullptr);
  EXPECT_EQ(kind_key(FindingKind::bad_number), "bad_number");
  EXPECT_EQ(finding_kind_zh("bad_number"), "数值无法识别");
}

TEST(FindingKinds, HeadlineLinesBelongToKindsAFindingCarries) {
  // RULES.md 20: the kinds whose count is a headline warning, as coverage.cpp had them before issue 19.
  std::set<std::string_view> headline;
  for (const FindingKindInfo& k : finding_kinds())
    if (!k.headline.empty()) {
      headline.insert(k.key);
      EXPECT_EQ(k.use, FindingKindInfo::Use::finding) << k.key;
    }
  EXPECT_EQ(headline.size(), 17u);
  EXPECT_TRUE(headline.count("bad_number") && headline.count("landuse_missing") &&
              headline.count("register_footprint_from_codes"));
  EXPECT_FALSE(headline.count("overlap"));
  EXPECT_EQ(kind_info(FindingKind::features_rejected).use, FindingKindInfo::Use::headline_only);
}

TEST(FindingReporter, FeatureTakesFidIdPointAndTheKindsSeverity) {
  const PolygonLayer p = squares();
  Findings found;
  FindingReporter report(found, p);
  report.feature(0, FindingKind::area_mismatch, untranslated("registered area differs"), "ZDMJ");
  report.feature(1, FindingKind::bad_number, untranslated("not a number"), "ZDMJ", Action::ignored);
  ASSERT_EQ(found.size(), 2u);
  const Finding& a = found.items()[0];
  EXPECT_EQ(a.kind, "area_mismatch");
  EXPECT_EQ(a.severity, Severity::info);  // declared with the kind
  EXPECT_EQ(a.layer, "parcels");
  EXPECT_EQ(a.fid, 7);
  EXPECT_EQ(a.feature_id, " ZD-1 ");  // as read, by default
  EXPECT_EQ(a.field, "ZDMJ");
  EXPECT_EQ(a.message.en, "registered area differs");
  EXPECT_EQ(a.action, Action::none);
  // A point on the square's surface: inside [520000, 520100] × [3410000, 3410100].
  EXPECT_GT(a.x, 520000);
  EXPECT_LT(a.x, 520100);
  EXPECT_GT(a.y, 3410000);
  EXPECT_LT(a.y, 3410100);
  const Finding& b = found.items()[1];
  EXPECT_EQ(b.severity, Severity::warning);
  EXPECT_EQ(b.fid, 9);
  EXPECT_EQ(b.feature_id, "");
  EXPECT_EQ(b.action, Action::ignored);
  EXPECT_GT(b.x, 520200);
  EXPECT_TRUE(b.sheet.empty());
}

TEST(FindingReporter, TrimmedIdsAndAnotherLayerNameAreExplicit) {
  const PolygonLayer p = squares();
  Findings found;
  FindingReporter(found, "renewal", p, FeatureIdForm::trimmed)
      .feature(0, FindingKind::parcel_code_unknown, untranslated("code names no parcel"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.items()[0].layer, "renewal");
  EXPECT_EQ(found.items()[0].feature_id, "ZD-1");
}

TEST(FindingReporter, MadeFeatureIsAddedOnlyWhenAdded) {
  const PolygonLayer p = squares();
  Findings found;
  FindingReporter report(found, p);
  Finding f = report.make_feature(0, FindingKind::overlap, untranslated("overlaps"));
  EXPECT_TRUE(found.empty());
  f.x = 1;
  report.add(std::move(f));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.items()[0].x, 1);
}

TEST(FindingReporter, TableRowNamesItsSheetAndItsCodeAsReadOrTrimmed) {
  const TableLayer t = enterprise_rows();
  Findings found;
  FindingReporter(found, t, "credit_code", FeatureIdForm::trimmed)
      .row(0, FindingKind::credit_code_duplicate, untranslated("credit code also on row 9"), "统一社会信用代码");
  FindingReporter as_read(found, t, "credit_code", FeatureIdForm::as_read);
  as_read.row(0, FindingKind::implausible_value, untranslated("tax per mu too high"), "实缴税金", Action::ignored);
  as_read.row(1, FindingKind::credit_code_missing, untranslated("no credit code"));
  ASSERT_EQ(found.size(), 3u);
  const Finding& a = found.items()[0];
  EXPECT_EQ(a.layer, "enterprises");
  EXPECT_EQ(a.fid, 3);
  EXPECT_EQ(a.sheet, "规上企业");
  EXPECT_EQ(a.message.en, "sheet '规上企业': credit code also on row 9");
  EXPECT_EQ(a.feature_id, "91330500ma2b3c4d5e");
  EXPECT_TRUE(std::isnan(a.x));
  EXPECT_EQ(found.items()[1].feature_id, " 91330500ma2b3c4d5e ");
  EXPECT_EQ(found.items()[1].action, Action::ignored);
  EXPECT_EQ(found.items()[2].fid, 4);
  EXPECT_EQ(found.items()[2].feature_id, "");
}

TEST(FindingReporter, SourceFeaturesRowsAndTheLayerAsAWhole) {
  Findings found;
  FindingReporter report(found, "buildings_after");
  report.layer_wide(FindingKind::crs_no_datum_shift, untranslated("on Xian 1980"));
  report.source_feature(12, "JZ-3", FindingKind::geometry_null, untranslated("no geometry"), "", Action::rejected);
  report.source_feature(13, "", FindingKind::geometry_repaired, untranslated("self-intersection"), "", Action::repaired, 5, 6);
  report.source_row(8, "", "", FindingKind::row_total, untranslated("a total, not a record"), "", Action::rejected);
  report.source_row(8, "规下企业", "", FindingKind::row_blank, untranslated("a blank row, not a record"), "",
                    Action::rejected);
  ASSERT_EQ(found.size(), 5u);
  const auto& f = found.items();
  EXPECT_EQ(f[0].fid, -1);
  EXPECT_EQ(f[0].severity, Severity::warning);
  EXPECT_EQ(f[0].layer, "buildings_after");
  EXPECT_EQ(f[1].severity, Severity::error);  // a rejected geometry (RULES.md 3)
  EXPECT_EQ(f[1].feature_id, "JZ-3");
  EXPECT_TRUE(std::isnan(f[1].x));
  EXPECT_EQ(f[2].x, 5);
  EXPECT_EQ(f[2].y, 6);
  EXPECT_EQ(f[3].message.en, "a total, not a record");
  EXPECT_EQ(f[3].severity, Severity::info);
  EXPECT_EQ(f[4].message.en, "sheet '规下企业': a blank row, not a record");
  EXPECT_EQ(f[4].sheet, "规下企业");
}
