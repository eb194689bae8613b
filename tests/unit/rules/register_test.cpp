// RULES.md 23: the register keyed by parcel codes — code splitting, footprints as the union of the listed
// parcels, unknown codes, records naming no parcel, and codes disagreeing with a record's geometry.
// Expectations by hand on squares of 100 m × 100 m (10,000 m²).
#include "landrenew/rules/register.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/rules/freed.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using test::rect;

namespace {

constexpr double X0 = 520000, Y0 = 3410000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

// A: [0,100]², B: [50,150]×[0,100] (overlaps A by 5,000 m²), C: [60,160]×[200,300], D far away.
PolygonLayer parcels() {
  PolygonLayer p;
  p.info.logical = "parcels";
  const std::vector<std::pair<std::string, std::string>> id_wkt = {{"ZD-A", r(0, 0, 100, 100)},
                                                                   {"zd-b", r(50, 0, 150, 100)},
                                                                   {"ZD-C", r(60, 200, 160, 300)},
                                                                   {"ZD-D", r(1000, 1000, 1100, 1100)}};
  std::int64_t fid = 0;
  for (const auto& [id, wkt] : id_wkt) {
    p.fid.push_back(fid++);
    p.geometry.push_back(geom::from_wkt(wkt));
    p.area_m2.push_back(geom::area(p.geometry.back().get()));
    p.repaired.push_back(false);
    p.attributes.column("id").push(id);
  }
  return p;
}

// A register table (no geometry): id, mode 收储, date 2024-05-01, and the parcel-code cell.
TableLayer table(const std::vector<std::optional<std::string>>& codes, bool with_codes = true) {
  TableLayer t;
  t.info.logical = "renewal";
  t.info.fields = {{"id", "XMBH", true}, {"parcel_ids", "ZDDM", true}};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    t.row.push_back(static_cast<std::int64_t>(i + 3));
    t.attributes.column("id").push("GX-" + std::to_string(i + 1));
    t.attributes.column("mode").push("收储");
    t.attributes.column("completion_date").push("2024-05-01");
    if (with_codes) t.attributes.column("parcel_ids").push(codes[i]);
  }
  t.counts.read = t.counts.used = codes.size();
  return t;
}

// A register with geometry: one record per (wkt, codes).
PolygonLayer with_geometry(const std::vector<std::pair<std::string, std::string>>& wkt_codes) {
  PolygonLayer l;
  l.info.logical = "renewal";
  l.info.fields = {{"id", "XMBH", true}, {"parcel_ids", "ZDDM", true}};
  std::int64_t fid = 1;
  for (const auto& [wkt, codes] : wkt_codes) {
    l.fid.push_back(fid);
    l.geometry.push_back(geom::from_wkt(wkt));
    l.area_m2.push_back(geom::area(l.geometry.back().get()));
    l.repaired.push_back(false);
    l.attributes.column("id").push("GX-" + std::to_string(fid++));
    l.attributes.column("parcel_ids").push(codes);
    l.attributes.column("mode").push("收储");
    l.attributes.column("completion_date").push("2024-05-01");
  }
  return l;
}

FreedRules freed_rules() {
  FreedRules f;
  f.period_start = "2023-01-01";
  f.period_end = "2027-12-31";
  f.counting_modes = {"收储"};
  f.goal_mu = 30000;
  return f;
}

std::size_t count(const Findings& f, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& x : f.items())
    n += x.kind == kind ? 1 : 0;
  return n;
}

}  // namespace

TEST(RegisterCodes, SplitAtEverySeparatorOfRule23AndNormaliseEachCodeOnce) {
  // 、 ， , ； ; / | spaces, ideographic space, tabs and line breaks; full-width letters fold; ZD1 listed
  // twice.
  const auto codes = split_parcel_codes(
      "zd1、ZD2，zd3,ZD4；zd5;ZD6/ZD7|ZD8 ZD9\u3000ZD10\tZD11\nZD12\r\nＺＤ１３  ;; 、zd1");
  const std::vector<std::string> want = {"ZD1", "ZD2", "ZD3",  "ZD4",  "ZD5",  "ZD6", "ZD7",
                                         "ZD8", "ZD9", "ZD10", "ZD11", "ZD12", "ZD13"};
  EXPECT_EQ(codes, want);
  EXPECT_TRUE(split_parcel_codes("").empty());
  EXPECT_TRUE(split_parcel_codes(" ；、\n").empty());
}

TEST(RegisterCodes, FootprintIsTheUnionOfTheListedParcelsOverlapAndRepeatsOnce) {
  const PolygonLayer p = parcels();
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  // A and B overlap by 5,000 m²: their union is 15,000 m²; A listed twice (once lower-case) counts once.
  const PolygonLayer reg = rules::register_from_codes(table({"ZD-A、zd-b\nzd-a"}), p, rp, findings);
  ASSERT_EQ(reg.size(), 1u);
  ASSERT_EQ(rp.size(), 1u);
  EXPECT_TRUE(rp[0].from_codes);
  EXPECT_EQ(rp[0].parcels, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(rp[0].known, (std::vector<std::string>{"ZD-A", "ZD-B"}));
  EXPECT_NEAR(reg.area_m2[0], 15000.0, 1e-6);
  EXPECT_EQ(findings.size(), 0u);
  EXPECT_EQ(reg.fid[0], 3);  // the sheet row

  // The freed ground of the counted record is that union on industrial land (all four parcels here).
  Findings f2;
  const std::vector<std::size_t> industrial = {0, 1, 2, 3};
  const auto records = rules::classify_records(reg, freed_rules(), std::nullopt, f2, rp);
  ASSERT_TRUE(records[0].counted);
  const rules::FreedLedger l =
      rules::compute_freed(reg, records, p, industrial, nullptr, nullptr, 0.5, freed_rules(), std::nullopt);
  EXPECT_NEAR(l.total_m2, 15000.0, 1e-6);
}

TEST(RegisterCodes, UnknownCodesAreFindingsAndTheOtherListedParcelsMakeTheFootprint) {
  const PolygonLayer p = parcels();
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  const PolygonLayer reg = rules::register_from_codes(table({"ZD-C;ZD-X;ZD-Y"}), p, rp, findings);
  EXPECT_EQ(rp[0].unknown, (std::vector<std::string>{"ZD-X", "ZD-Y"}));
  EXPECT_EQ(rp[0].parcels, (std::vector<std::size_t>{2}));
  EXPECT_NEAR(reg.area_m2[0], 10000.0, 1e-6);
  ASSERT_EQ(count(findings, "parcel_code_unknown"), 1u);  // one per record, naming both codes
  EXPECT_NE(findings.items()[0].message.en.find("ZD-X, ZD-Y"), std::string::npos);
  EXPECT_EQ(findings.items()[0].field, "ZDDM");
  Findings f2;
  EXPECT_TRUE(rules::classify_records(reg, freed_rules(), std::nullopt, f2, rp)[0].counted);
}

TEST(RegisterCodes, ARecordNamingNoUsedParcelDoesNotCountAndSaysWhy) {
  const PolygonLayer p = parcels();
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  const PolygonLayer reg = rules::register_from_codes(table({"ZD-X", std::nullopt, "ZD-A"}), p, rp, findings);
  ASSERT_EQ(reg.size(), 3u);
  EXPECT_TRUE(geom::is_empty(reg.geometry[0].get()));
  EXPECT_TRUE(geom::is_empty(reg.geometry[1].get()));
  EXPECT_EQ(reg.area_m2[0], 0.0);
  Findings f2;
  const auto records = rules::classify_records(reg, freed_rules(), std::nullopt, f2, rp);
  EXPECT_FALSE(records[0].counted);
  EXPECT_TRUE(records[0].fails(rules::NotCounted::no_parcel_code));
  EXPECT_NE(records[0].reason.find("no listed parcel code names a used parcel (ZD-X)"), std::string::npos);
  EXPECT_FALSE(records[1].counted);
  EXPECT_TRUE(records[1].fails(rules::NotCounted::no_parcel_code));
  EXPECT_EQ(records[1].reason, "no geometry and no parcel code");
  EXPECT_TRUE(records[2].counted);
  // The ledger takes the empty footprints without touching any parcel.
  const std::vector<std::size_t> industrial = {0, 1, 2, 3};
  const rules::FreedLedger l =
      rules::compute_freed(reg, records, p, industrial, nullptr, nullptr, 0.5, freed_rules(), std::nullopt);
  EXPECT_EQ(l.records[0].industrial_m2, 0.0);
  EXPECT_NEAR(l.total_m2, 10000.0, 1e-6);
}

TEST(RegisterCodes, ATableWithoutAParcelCodeColumnIsRefusedNamingParcelIds) {
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  try {
    rules::register_from_codes(table({"ZD-A"}, false), parcels(), rp, findings);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input_data);
    EXPECT_NE(std::string(e.what()).find("parcel_ids"), std::string::npos) << e.what();
  }
}

TEST(RegisterCodes, CodesDisagreeWithGeometryWhenAListedParcelIsMostlyOutsideOrAnUnlistedOneMostlyInside) {
  const PolygonLayer p = parcels();
  PolygonLayer reg = with_geometry({
      {r(0, 0, 100, 100), "ZD-A"},       // exactly A: agrees
      {r(0, 0, 100, 100), "ZD-A;ZD-B"},  // B half inside (5,000 of 10,000 m²): not less than half, agrees
      {r(0, 0, 100, 100), ""},           // no codes: nothing to compare
      {r(0, 0, 100, 250), "ZD-A;ZD-D"},  // D wholly outside; C 40% inside and unlisted: only D disagrees
      {r(0, 0, 100, 300), "ZD-C"},       // A wholly inside, unlisted; C 40% inside, listed: both disagree
      {r(0, 0, 100, 100), "ZD-A;ZD-Q"},  // an unknown code: a finding of its own, the geometry kept
  });
  Findings findings;
  const auto rp = rules::match_register_codes(reg, p, findings);
  ASSERT_EQ(rp.size(), 6u);
  for (const auto& x : rp)
    EXPECT_FALSE(x.from_codes);
  EXPECT_TRUE(rp[0].listed_outside.empty() && rp[0].unlisted_inside.empty());
  EXPECT_TRUE(rp[1].listed_outside.empty() && rp[1].unlisted_inside.empty());
  EXPECT_TRUE(rp[2].listed.empty() && rp[2].unlisted_inside.empty());
  EXPECT_EQ(rp[3].listed_outside, (std::vector<std::string>{"ZD-D"}));
  EXPECT_TRUE(rp[3].unlisted_inside.empty());
  EXPECT_EQ(rp[4].listed_outside, (std::vector<std::string>{"ZD-C"}));
  EXPECT_EQ(rp[4].unlisted_inside, (std::vector<std::string>{"ZD-A"}));
  EXPECT_EQ(rp[5].unknown, (std::vector<std::string>{"ZD-Q"}));
  EXPECT_EQ(count(findings, "parcel_codes_disagree"), 2u);
  EXPECT_EQ(count(findings, "parcel_code_unknown"), 1u);
  // Geometry wins: a register with geometry is never counted out for its codes.
  Findings f2;
  for (const auto& s : rules::classify_records(reg, freed_rules(), std::nullopt, f2, rp))
    EXPECT_TRUE(s.counted);
}

TEST(RegisterCodes, ARecordWithoutGeometryInARegisterWithGeometryTakesItsListedParcelsAsFootprint) {
  const PolygonLayer p = parcels();
  PolygonLayer reg = with_geometry({
      {"POLYGON EMPTY", "ZD-A、ZD-B"},          // kept without geometry: A ∪ B = 150 × 100 = 15,000 m²
      {"POLYGON EMPTY", "ZD-Q"},                // no known code: no footprint, not counted
      {"POLYGON EMPTY", ""},                    // no code at all: not counted
      {r(1000, 1000, 1100, 1100), "ZD-D"},     // geometry, agreeing with its code
  });
  Findings findings;
  const auto rp = rules::match_register_codes(reg, p, findings);
  ASSERT_EQ(rp.size(), 4u);
  EXPECT_TRUE(rp[0].from_codes && rp[1].from_codes && rp[2].from_codes);
  EXPECT_FALSE(rp[3].from_codes);
  EXPECT_NEAR(reg.area_m2[0], 15000.0, 1e-6);
  EXPECT_NEAR(geom::area(reg.geometry[0].get()), 15000.0, 1e-6);
  EXPECT_TRUE(geom::is_empty(reg.geometry[1].get()));
  EXPECT_EQ(reg.area_m2[1], 0.0);
  EXPECT_EQ(count(findings, "register_footprint_from_codes"), 1u);
  EXPECT_EQ(count(findings, "parcel_code_unknown"), 1u);
  EXPECT_EQ(count(findings, "parcel_codes_disagree"), 0u);
  Findings f2;
  const auto records = rules::classify_records(reg, freed_rules(), std::nullopt, f2, rp);
  EXPECT_TRUE(records[0].counted);
  EXPECT_TRUE(records[1].fails(rules::NotCounted::no_parcel_code));
  EXPECT_TRUE(records[2].fails(rules::NotCounted::no_parcel_code));
  EXPECT_TRUE(records[3].counted);
  // Freed: A ∪ B (15,000 m²) and D (10,000 m²), all industrial.
  const std::vector<std::size_t> industrial = {0, 1, 2, 3};
  const rules::FreedLedger l =
      rules::compute_freed(reg, records, p, industrial, nullptr, nullptr, 0.5, freed_rules(), std::nullopt);
  EXPECT_NEAR(l.total_m2, 25000.0, 1e-6);
}

TEST(RegisterCodes, ARegisterWithGeometryAndNoCodeColumnNeedsNoMatching) {
  PolygonLayer reg = with_geometry({{r(0, 0, 100, 100), "ZD-A"}});
  reg.attributes = Attributes();
  Findings findings;
  EXPECT_TRUE(rules::match_register_codes(reg, parcels(), findings).empty());
}

// Issue 21: a register finding carries both languages — the English as it always was, the Chinese from
// po/zh_CN/rules.po, with the codes as they are.
TEST(RegisterCodes, UnknownCodeFindingMessageIsChineseWhenTranslated) {
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  rules::register_from_codes(table({"ZD-C;ZD-X;ZD-Y"}), parcels(), rp, findings);
  ASSERT_EQ(findings.size(), 1u);
  const Text& m = findings.items()[0].message;
  EXPECT_EQ(m.en,
            "parcel codes ZD-X, ZD-Y name no used parcel: the footprint is the union of the other listed parcels "
            "(RULES.md 23)");
  EXPECT_EQ(m.zh, "宗地代码 ZD-X, ZD-Y 都没有对应的宗地：项目范围取所列其他宗地的并集（RULES.md 第23条）");
}

// Issue 21: the reasons a record does not count are English in RecordStatus::reason (the output layers) and
// both languages in the renewal_not_counted finding, joined with "；" in Chinese.
TEST(RegisterCodes, NotCountedFindingGivesEachReasonInChineseAndTheRecordKeepsTheEnglish) {
  TableLayer t = table({"ZD-A"});
  t.attributes = Attributes();
  t.attributes.column("id").push("GX-1");
  t.attributes.column("mode").push("租赁");
  t.attributes.column("completion_date").push("");
  t.attributes.column("parcel_ids").push("ZD-A");
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  const PolygonLayer reg = rules::register_from_codes(std::move(t), parcels(), rp, findings);
  Findings f2;
  const auto records = rules::classify_records(reg, freed_rules(), std::nullopt, f2, rp);
  EXPECT_EQ(records[0].reason, "no completion date; mode '租赁' is not counted");
  ASSERT_EQ(count(f2, "renewal_not_counted"), 1u);
  const Text& m = f2.items()[0].message;
  EXPECT_EQ(m.en, "not counted toward freed land: no completion date; mode '租赁' is not counted");
  EXPECT_EQ(m.zh, "不计入腾出土地：没有完成日期；更新模式“租赁”不计入");
}

// Issue 21: an error is printed in the current language.
TEST(RegisterCodes, ARegisterWithoutCodesIsRefusedInChineseWhenTheLanguageIsChinese) {
  std::vector<rules::RecordParcels> rp;
  Findings findings;
  set_language(Language::zh);
  std::string what;
  try {
    rules::register_from_codes(table({"ZD-A"}, false), parcels(), rp, findings);
  } catch (const Error& e) {
    what = e.what();
  }
  set_language(Language::en);
  EXPECT_NE(what.find("有机更新台账既没有图形，也没有宗地代码列"), std::string::npos) << what;
  EXPECT_NE(what.find("parcel_ids = \"<列名>\""), std::string::npos) << what;
}
