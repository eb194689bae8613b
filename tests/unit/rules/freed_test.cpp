#include "landrenew/rules/freed.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "landrenew/core/units.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using test::rect;

namespace {

// GK-like coordinates (EPSG:4549 around Huzhou); sizes below are relative to this origin.
constexpr double X0 = 520000, Y0 = 3410000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

// A polygon through `xy` (relative to the origin), closed automatically.
std::string poly(const std::vector<std::pair<double, double>>& xy) {
  std::string wkt = "POLYGON((";
  for (std::size_t i = 0; i <= xy.size(); ++i) {
    const auto& [x, y] = xy[i % xy.size()];
    wkt += (i ? "," : "") + std::to_string(X0 + x) + " " + std::to_string(Y0 + y);
  }
  return wkt + "))";
}

struct Rec {
  std::string id;  // "" = null
  std::string wkt;
  std::string mode;
  std::string date;  // "" = null
  std::string status = "已完成";
};

// A renewal register; `with_status` maps the status field (rule 16 then requires a completed status).
PolygonLayer renewal(const std::vector<Rec>& recs, bool with_status = false) {
  PolygonLayer layer;
  layer.info.logical = "renewal";
  layer.info.fields = {{"id", "XMBH", false}, {"mode", "GXMS", false}, {"completion_date", "WCRQ", false}};
  const auto cell = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string_view>(s);
  };
  std::int64_t fid = 1;
  for (const auto& rec : recs) {
    layer.fid.push_back(fid++);
    layer.geometry.push_back(geom::from_wkt(rec.wkt));
    layer.area_m2.push_back(geom::area(layer.geometry.back().get()));
    layer.repaired.push_back(false);
    layer.attributes.column("id").push(cell(rec.id));
    layer.attributes.column("mode").push(cell(rec.mode));
    layer.attributes.column("completion_date").push(cell(rec.date));
    if (with_status) layer.attributes.column("status").push(cell(rec.status));
  }
  return layer;
}

// A polygon layer with an id (parcels, districts by "code", parks by "id").
PolygonLayer polygons(const std::string& logical, const std::string& id_field,
                      const std::vector<std::pair<std::string, std::string>>& id_wkt) {
  PolygonLayer layer;
  layer.info.logical = logical;
  std::int64_t fid = 0;
  for (const auto& [id, wkt] : id_wkt) {
    layer.fid.push_back(fid++);
    layer.geometry.push_back(geom::from_wkt(wkt));
    layer.area_m2.push_back(geom::area(layer.geometry.back().get()));
    layer.repaired.push_back(false);
    layer.attributes.column(id_field).push(id);
  }
  return layer;
}

PolygonLayer parcels(const std::vector<std::string>& wkts) {
  std::vector<std::pair<std::string, std::string>> id_wkt;
  for (std::size_t i = 0; i < wkts.size(); ++i)
    id_wkt.emplace_back("ZD" + std::to_string(i), wkts[i]);
  return polygons("parcels", "id", id_wkt);
}

std::vector<std::size_t> all(const PolygonLayer& p) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < p.size(); ++i)
    out.push_back(i);
  return out;
}

FreedRules freed_rules() {
  FreedRules f;  // huzhou-2023: 30,000 mu, 2023-01-01..2027-12-31
  f.counting_modes = {"收储", "拆除重建", "兼并重组", "提容增效", "腾退"};
  f.completed_status = {"已完成", "完成", "已验收", "竣工"};
  return f;
}

rules::FreedLedger run(const PolygonLayer& reg, const PolygonLayer& parcel_layer,
                       std::vector<std::size_t> industrial, Findings& findings,
                       std::optional<Date> audit = std::nullopt, const FreedRules& f = freed_rules(),
                       const rules::ZoneIndex* districts = nullptr, const rules::ZoneIndex* parks = nullptr) {
  return rules::compute_freed(reg, parcel_layer, industrial, districts, parks, 0.5, f, audit, findings);
}

std::vector<std::string> ids(const PolygonLayer& reg, const std::vector<std::size_t>& records) {
  std::vector<std::string> out;
  for (auto i : records)
    out.push_back(reg.id(i));
  return out;
}

// The piece containing the point (x, y) relative to the origin; fails the test when none does.
const rules::FreedPiece* piece_at(const rules::FreedLedger& l, double x, double y) {
  geom::Geometry pt = geom::from_wkt("POINT(" + std::to_string(X0 + x) + " " + std::to_string(Y0 + y) + ")");
  for (const auto& p : l.pieces) {
    char in = GEOSContains_r(geom::context(), p.geometry.get(), pt.get());
    if (in == 1) return &p;
  }
  ADD_FAILURE() << "no piece at " << x << ", " << y;
  return nullptr;
}

std::vector<const Finding*> of_kind(const Findings& f, const std::string& kind) {
  std::vector<const Finding*> out;
  for (const auto& item : f.items())
    if (item.kind == kind) out.push_back(&item);
  return out;
}

}  // namespace

TEST(Freed, OverlappingRecordsAcrossYearsCountTheGroundOnceForTheEarliest) {
  // Industrial parcel x 0..200, y 0..100. B (2023, 收储) covers x 0..100, A (2024, 腾退) x 50..150. A comes
  // first in the register and has the smaller id, so only the dates can put B first.
  PolygonLayer p = parcels({r(0, 0, 200, 100)});
  PolygonLayer reg = renewal(
      {{"A", r(50, 0, 150, 100), "腾退", "2024-03-01"}, {"B", r(0, 0, 100, 100), "收储", "2023-05-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  // Union x 0..150 = 15,000 m², not 20,000. B frees its 10,000; A only x 100..150 = 5,000.
  EXPECT_NEAR(l.total_m2, 15000.0, 1e-6);
  EXPECT_EQ(l.records_counted, 2u);
  EXPECT_NEAR(l.records[1].freed_m2, 10000.0, 1e-6);
  EXPECT_NEAR(l.records[0].freed_m2, 5000.0, 1e-6);
  EXPECT_NEAR(l.records[0].industrial_m2, 10000.0, 1e-6);
  EXPECT_EQ(l.records[0].reason, "");
  ASSERT_EQ(l.by_year_m2.size(), 2u);
  EXPECT_NEAR(l.by_year_m2.at(2023), 10000.0, 1e-6);
  EXPECT_NEAR(l.by_year_m2.at(2024), 5000.0, 1e-6);
  EXPECT_NEAR(l.by_mode_m2.at("收储"), 10000.0, 1e-6);
  EXPECT_NEAR(l.by_mode_m2.at("腾退"), 5000.0, 1e-6);
  // Pieces: B alone x 0..50, B and A x 50..100 (attributed to B, the earlier), A alone x 100..150.
  ASSERT_EQ(l.pieces.size(), 3u);
  EXPECT_EQ(ids(reg, l.pieces[0].covering), std::vector<std::string>({"B"}));
  EXPECT_EQ(ids(reg, l.pieces[1].covering), std::vector<std::string>({"B", "A"}));
  EXPECT_EQ(l.pieces[1].record, 1u);
  EXPECT_EQ(l.pieces[1].date, (Date{2023, 5, 1}));
  EXPECT_EQ(l.pieces[1].mode, "收储");
  EXPECT_EQ(ids(reg, l.pieces[2].covering), std::vector<std::string>({"A"}));
  EXPECT_EQ(l.pieces[2].record, 0u);
  for (const auto& piece : l.pieces)
    EXPECT_NEAR(piece.area_m2, 5000.0, 1e-6);
}

TEST(Freed, RecordHalfOnNonIndustrialLandCountsOnlyTheIndustrialHalf) {
  // Parcel 0 (x 0..100) is industrial, parcel 1 (x 100..200) is not. The record covers x 50..150:
  // 50 × 100 = 5,000 m² of it is industrial.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(100, 0, 200, 100)});
  PolygonLayer reg = renewal({{"R1", r(50, 0, 150, 100), "拆除重建", "2023-08-08"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, {0}, f);
  EXPECT_TRUE(l.records[0].counted);
  EXPECT_NEAR(l.records[0].industrial_m2, 5000.0, 1e-6);
  EXPECT_NEAR(l.records[0].freed_m2, 5000.0, 1e-6);
  EXPECT_NEAR(l.total_m2, 5000.0, 1e-6);
  ASSERT_EQ(l.pieces.size(), 1u);
  EXPECT_NEAR(geom::area(l.pieces[0].geometry.get()), 5000.0, 1e-6);
}

TEST(Freed, RecordsOutsideThePeriodDoNotCountAndItsEndsAreInclusive) {
  PolygonLayer p = parcels({r(0, 0, 400, 100)});
  PolygonLayer reg = renewal({{"R1", r(0, 0, 100, 100), "收储", "2022-12-31"},
                              {"R2", r(100, 0, 200, 100), "收储", "2023-01-01"},
                              {"R3", r(200, 0, 300, 100), "收储", "2027-12-31"},
                              {"R4", r(300, 0, 400, 100), "收储", "2028-01-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  EXPECT_FALSE(l.records[0].counted);
  EXPECT_EQ(l.records[0].reason, "completion date outside 2023-01-01..2027-12-31");
  EXPECT_TRUE(l.records[1].counted);
  EXPECT_TRUE(l.records[2].counted);
  EXPECT_FALSE(l.records[3].counted);
  EXPECT_EQ(l.records[3].reason, "completion date outside 2023-01-01..2027-12-31");
  // R2 and R3 only: 2 × 10,000 m². The not-counted records still report their industrial ground.
  EXPECT_EQ(l.records_counted, 2u);
  EXPECT_NEAR(l.total_m2, 20000.0, 1e-6);
  EXPECT_NEAR(l.records[0].industrial_m2, 10000.0, 1e-6);
  EXPECT_EQ(l.records[0].freed_m2, 0.0);
  auto nc = of_kind(f, "renewal_not_counted");
  ASSERT_EQ(nc.size(), 2u);
  EXPECT_EQ(nc[0]->severity, Severity::info);
  EXPECT_EQ(nc[0]->fid, 1);
  EXPECT_EQ(nc[0]->feature_id, "R1");
  EXPECT_EQ(nc[1]->feature_id, "R4");
}

TEST(Freed, ModeNotInTheCountingSetOrBlankDoesNotCountAndModesAreTrimmed) {
  PolygonLayer p = parcels({r(0, 0, 300, 100)});
  PolygonLayer reg = renewal({{"R1", r(0, 0, 100, 100), "其他", "2024-01-01"},
                              {"R2", r(100, 0, 200, 100), "", "2024-01-01"},
                              {"R3", r(200, 0, 300, 100), " 兼并重组\u3000", "2024-01-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  EXPECT_FALSE(l.records[0].counted);
  EXPECT_EQ(l.records[0].reason, "mode '其他' is not counted");
  EXPECT_FALSE(l.records[1].counted);
  EXPECT_EQ(l.records[1].reason, "no mode");
  EXPECT_TRUE(l.records[2].counted);
  EXPECT_EQ(l.records[2].mode, "兼并重组");
  // Only R3's 10,000 m², under its trimmed mode.
  EXPECT_NEAR(l.total_m2, 10000.0, 1e-6);
  ASSERT_EQ(l.by_mode_m2.size(), 1u);
  EXPECT_NEAR(l.by_mode_m2.at("兼并重组"), 10000.0, 1e-6);
  EXPECT_EQ(of_kind(f, "renewal_not_counted").size(), 2u);
}

TEST(Freed, StatusNotCompletedDoesNotCountOnlyWhenAStatusFieldIsMapped) {
  PolygonLayer p = parcels({r(0, 0, 300, 100)});
  const std::vector<Rec> recs = {{"R1", r(0, 0, 100, 100), "腾退", "2024-06-01", "实施中"},
                                 {"R2", r(100, 0, 200, 100), "腾退", "2024-06-01", "已完成"},
                                 {"R3", r(200, 0, 300, 100), "腾退", "2024-06-01", ""}};
  Findings f;
  rules::FreedLedger with = run(renewal(recs, true), p, all(p), f);
  EXPECT_FALSE(with.records[0].counted);
  EXPECT_EQ(with.records[0].reason, "status '实施中' is not completed");
  EXPECT_TRUE(with.records[1].counted);
  EXPECT_FALSE(with.records[2].counted);
  EXPECT_EQ(with.records[2].reason, "no status");
  EXPECT_NEAR(with.total_m2, 10000.0, 1e-6);
  // The same register without a status column: all three count, 30,000 m².
  Findings f2;
  rules::FreedLedger without = run(renewal(recs, false), p, all(p), f2);
  EXPECT_EQ(without.records_counted, 3u);
  EXPECT_NEAR(without.total_m2, 30000.0, 1e-6);
}

TEST(Freed, BlankAndUnparseableDatesDoNotCountAndOnlyTheBadOneIsABadDate) {
  PolygonLayer p = parcels({r(0, 0, 400, 100)});
  PolygonLayer reg = renewal({{"R1", r(0, 0, 100, 100), "收储", ""},
                              {"R2", r(100, 0, 200, 100), "收储", "  "},
                              {"R3", r(200, 0, 300, 100), "收储", "待定"},
                              {"R4", r(300, 0, 400, 100), "收储", "2024年3月5日"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  EXPECT_EQ(l.records[0].reason, "no completion date");
  EXPECT_EQ(l.records[1].reason, "no completion date");
  EXPECT_EQ(l.records[2].reason, "no parseable completion date ('待定')");
  EXPECT_FALSE(l.records[2].date);
  EXPECT_TRUE(l.records[3].counted);
  EXPECT_EQ(l.records[3].date, (Date{2024, 3, 5}));
  auto bad = of_kind(f, "bad_date");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0]->severity, Severity::warning);
  EXPECT_EQ(bad[0]->fid, 3);
  EXPECT_EQ(bad[0]->feature_id, "R3");
  EXPECT_EQ(bad[0]->field, "WCRQ");
  EXPECT_EQ(of_kind(f, "renewal_not_counted").size(), 3u);
  EXPECT_NEAR(l.total_m2, 10000.0, 1e-6);
}

TEST(Freed, RecordCompletedAfterTheAuditDateDoesNotCount) {
  PolygonLayer p = parcels({r(0, 0, 200, 100)});
  PolygonLayer reg = renewal(
      {{"R1", r(0, 0, 100, 100), "收储", "2025-06-30"}, {"R2", r(100, 0, 200, 100), "收储", "2025-07-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f, Date{2025, 6, 30});
  EXPECT_TRUE(l.records[0].counted);  // on the audit date itself
  EXPECT_FALSE(l.records[1].counted);
  EXPECT_EQ(l.records[1].reason, "after the audit date (2025-06-30)");
  EXPECT_NEAR(l.total_m2, 10000.0, 1e-6);
  // Without an audit date both count.
  Findings f2;
  EXPECT_NEAR(run(reg, p, all(p), f2).total_m2, 20000.0, 1e-6);
}

TEST(Freed, PieceCoveredByThreeRecordsListsAllThreeInAttributionOrder) {
  // R3 (2023) x 0..100, R2 (2024) x 50..150, R1 (2025) x 25..125, all y 0..100, on one parcel x 0..200.
  // Ground x 50..100 lies under all three. Ids and register order run against the dates, so only the dates
  // can give the attribution order.
  PolygonLayer p = parcels({r(0, 0, 200, 100)});
  PolygonLayer reg = renewal({{"R1", r(25, 0, 125, 100), "提容增效", "2025-02-01"},
                              {"R2", r(50, 0, 150, 100), "收储", "2024-02-01"},
                              {"R3", r(0, 0, 100, 100), "收储", "2023-02-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  const rules::FreedPiece* all3 = piece_at(l, 75, 50);
  ASSERT_TRUE(all3);
  EXPECT_EQ(ids(reg, all3->covering), std::vector<std::string>({"R3", "R2", "R1"}));
  EXPECT_EQ(reg.id(all3->record), "R3");
  EXPECT_NEAR(all3->area_m2, 5000.0, 1e-6);
  // x 100..125 is under R2 and R1 (attributed to R2); x 0..25 under R3 only.
  const rules::FreedPiece* under_two = piece_at(l, 110, 50);
  ASSERT_TRUE(under_two);
  EXPECT_EQ(ids(reg, under_two->covering), std::vector<std::string>({"R2", "R1"}));
  EXPECT_NEAR(under_two->area_m2, 2500.0, 1e-6);
  const rules::FreedPiece* under_one = piece_at(l, 10, 50);
  ASSERT_TRUE(under_one);
  EXPECT_EQ(ids(reg, under_one->covering), std::vector<std::string>({"R3"}));
  // Union x 0..150 = 15,000 m² in five pieces: x 0..25 {R3}, 25..50 {R3, R1}, 50..100 {R3, R2, R1},
  // 100..125 {R2, R1}, 125..150 {R2}. Freed: R3 10,000, R2 5,000, R1 nothing new.
  EXPECT_EQ(l.pieces.size(), 5u);
  EXPECT_NEAR(l.total_m2, 15000.0, 1e-6);
  EXPECT_NEAR(l.records[2].freed_m2, 10000.0, 1e-6);
  EXPECT_NEAR(l.records[1].freed_m2, 5000.0, 1e-6);
  EXPECT_EQ(l.records[0].freed_m2, 0.0);
}

TEST(Freed, PieceAcrossTwoDistrictsIsSplitByAreaAndDistrictsAddUpToTheTotal) {
  // Districts 330502 (x 0..100) and 330503 (x 100..200), both y 0..100; park P1 x 0..100, y 0..120.
  // The record and its parcel cover x 60..160, y 0..120: 12,000 m², of which 40 × 100 = 4,000 in 330502,
  // 60 × 100 = 6,000 in 330503 and 100 × 20 = 2,000 in no district; 40 × 120 = 4,800 in P1.
  PolygonLayer dl =
      polygons("districts", "code", {{"330502", r(0, 0, 100, 100)}, {"330503", r(100, 0, 200, 100)}});
  PolygonLayer pl = polygons("parks", "id", {{"P1", r(0, 0, 100, 120)}});
  rules::ZoneIndex districts(dl, "code");
  rules::ZoneIndex parks(pl, "id");
  PolygonLayer p = parcels({r(60, 0, 160, 120)});
  PolygonLayer reg = renewal({{"R1", r(60, 0, 160, 120), "收储", "2024-09-09"}});
  FreedRules f = freed_rules();
  f.district_quotas = {{"330502", 12.0}, {"330503", 0.0}};
  Findings findings;
  rules::FreedLedger l = run(reg, p, all(p), findings, std::nullopt, f, &districts, &parks);
  EXPECT_NEAR(l.total_m2, 12000.0, 1e-6);
  ASSERT_EQ(l.by_district_m2.size(), 2u);
  EXPECT_NEAR(l.by_district_m2.at("330502"), 4000.0, 1e-6);
  EXPECT_NEAR(l.by_district_m2.at("330503"), 6000.0, 1e-6);
  EXPECT_NEAR(l.outside_districts_m2, 2000.0, 1e-6);
  EXPECT_NEAR(l.by_district_m2.at("330502") + l.by_district_m2.at("330503") + l.outside_districts_m2,
              l.total_m2, 1e-6);
  ASSERT_EQ(l.by_park_m2.size(), 1u);
  EXPECT_NEAR(l.by_park_m2.at("P1"), 4800.0, 1e-6);
  // Display membership: the largest district part (330503); P1 holds 4,800 / 12,000 = 40% < 50%, so no park.
  ASSERT_EQ(l.pieces.size(), 1u);
  ASSERT_TRUE(l.pieces[0].district);
  EXPECT_EQ(districts.id(*l.pieces[0].district), "330503");
  EXPECT_FALSE(l.pieces[0].park);
  // Quota: 4,000 m² = 6 mu of 12 mu → 0.5; a zero quota has no progress.
  ASSERT_EQ(l.district_quota_progress.size(), 1u);
  EXPECT_NEAR(l.district_quota_progress.at("330502"), 0.5, 1e-12);
}

TEST(Freed, RecordsWhollyCoveredOrOffIndustrialLandCountButFreeNothingAndSayWhy) {
  // R1 (2023) x 0..100 on the industrial parcel; R2 (2024) x 20..80 inside it; R3 (2024) on parcel 1, which
  // is not industrial.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(500, 0, 600, 100)});
  PolygonLayer reg = renewal({{"R1", r(0, 0, 100, 100), "收储", "2023-03-03"},
                              {"R2", r(20, 0, 80, 100), "腾退", "2024-03-03"},
                              {"R3", r(500, 0, 600, 100), "腾退", "2024-03-03"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, {0}, f);
  EXPECT_EQ(l.records_counted, 3u);
  EXPECT_TRUE(l.records[1].counted);
  EXPECT_NEAR(l.records[1].industrial_m2, 6000.0, 1e-6);
  EXPECT_EQ(l.records[1].freed_m2, 0.0);
  EXPECT_EQ(l.records[1].reason, "wholly covered by earlier records");
  EXPECT_TRUE(l.records[2].counted);
  EXPECT_EQ(l.records[2].industrial_m2, 0.0);
  EXPECT_EQ(l.records[2].reason, "not on industrial land");
  EXPECT_EQ(l.records[0].reason, "");
  // R1's ground is split by R2: x 20..80 under both, x 0..20 and x 80..100 under R1 alone; 10,000 m² in all.
  EXPECT_NEAR(l.total_m2, 10000.0, 1e-6);
  ASSERT_EQ(l.pieces.size(), 3u);
  const rules::FreedPiece* both = piece_at(l, 50, 50);
  ASSERT_TRUE(both);
  EXPECT_EQ(ids(reg, both->covering), std::vector<std::string>({"R1", "R2"}));
  EXPECT_NEAR(both->area_m2, 6000.0, 1e-6);
  EXPECT_EQ(of_kind(f, "renewal_not_counted").size(), 0u);
}

TEST(Freed, PaceNeededAndAchievedAtTheAuditYear) {
  // 6,000 mu = 4,000,000 m²: two 2,000 m × 1,000 m parcels freed in 2023 and 2024 (3,000 mu each).
  PolygonLayer p = parcels({r(0, 0, 2000, 1000), r(0, 1000, 2000, 2000)});
  PolygonLayer reg = renewal({{"R1", r(0, 0, 2000, 1000), "收储", "2023-06-01"},
                              {"R2", r(0, 1000, 2000, 2000), "收储", "2024-06-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f, Date{2025, 12, 31});
  EXPECT_NEAR(mu_from_m2(l.total_m2), 6000.0, 1e-9);
  EXPECT_DOUBLE_EQ(l.goal_mu, 30000.0);
  EXPECT_NEAR(l.progress, 0.2, 1e-12);  // 6,000 ÷ 30,000
  // Audit 2025: elapsed 2025 − 2022 = 3, left 2027 − 2025 = 2; achieved 6,000 ÷ 3 = 2,000 mu/yr,
  // needed (30,000 − 6,000) ÷ 2 = 12,000 mu/yr.
  EXPECT_EQ(l.reference_year, 2025);
  EXPECT_EQ(l.years_elapsed, 3);
  EXPECT_EQ(l.years_left, 2);
  ASSERT_TRUE(l.pace_achieved_mu && l.pace_needed_mu);
  EXPECT_NEAR(*l.pace_achieved_mu, 2000.0, 1e-9);
  EXPECT_NEAR(*l.pace_needed_mu, 12000.0, 1e-9);
  // No audit date: to the last year with a counted record, 2024 → elapsed 2, left 3; 3,000 and 8,000 mu/yr.
  Findings f2;
  rules::FreedLedger n = run(reg, p, all(p), f2);
  EXPECT_EQ(n.years_elapsed, 2);
  EXPECT_EQ(n.years_left, 3);
  EXPECT_NEAR(*n.pace_achieved_mu, 3000.0, 1e-9);
  EXPECT_NEAR(*n.pace_needed_mu, 8000.0, 1e-9);
  // Audit at the period's end: no year left, so no pace needed; elapsed 5 → 1,200 mu/yr.
  Findings f3;
  rules::FreedLedger e = run(reg, p, all(p), f3, Date{2027, 12, 31});
  EXPECT_EQ(e.years_left, 0);
  EXPECT_FALSE(e.pace_needed_mu);
  EXPECT_NEAR(*e.pace_achieved_mu, 1200.0, 1e-9);
}

TEST(Freed, EqualDatesGoToTheSmallerRecordIdComparedAsNumbers) {
  // Same ground, same date; ids "10" and "9" compare as numbers, so "9" wins although "10" < "9" as text and
  // "10" comes first in the register.
  PolygonLayer p = parcels({r(0, 0, 100, 100)});
  PolygonLayer reg = renewal(
      {{"10", r(0, 0, 100, 100), "拆除重建", "2024-04-04"}, {"9", r(0, 0, 100, 100), "收储", "2024-04-04"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  ASSERT_EQ(l.pieces.size(), 1u);
  EXPECT_EQ(reg.id(l.pieces[0].record), "9");
  EXPECT_EQ(l.pieces[0].mode, "收储");
  EXPECT_EQ(ids(reg, l.pieces[0].covering), std::vector<std::string>({"9", "10"}));
  EXPECT_NEAR(l.records[1].freed_m2, 10000.0, 1e-6);
  EXPECT_EQ(l.records[0].reason, "wholly covered by earlier records");
}

TEST(Freed, ShareOfIndustrialParcelsTouchedIsCumulativeByYear) {
  // Four industrial parcels in a row, 100 m wide, y 0..100. 2023: R1 overlaps parcel 0. 2025: R2 covers
  // x 150..300 and a strip y 100..110 reaching to x = 400, so it overlaps parcels 1 and 2 but meets parcel 3
  // (x 300..400) only along two of its edges, although their extents overlap. R3 (not counted: mode 其他)
  // overlaps parcel 3.
  PolygonLayer p =
      parcels({r(0, 0, 100, 100), r(100, 0, 200, 100), r(200, 0, 300, 100), r(300, 0, 400, 100)});
  PolygonLayer reg =
      renewal({{"R1", r(10, 10, 90, 90), "收储", "2023-01-10"},
               {"R2", poly({{150, 0}, {300, 0}, {300, 100}, {400, 100}, {400, 110}, {150, 110}}), "收储",
                "2025-01-10"},
               {"R3", r(300, 0, 400, 100), "其他", "2024-01-10"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f, Date{2026, 1, 1});
  // 2023: 1/4; 2024: still 1/4; 2025: 3/4; 2026 (audit year): 3/4.
  ASSERT_EQ(l.parcels_touched_share_by_year.size(), 4u);
  EXPECT_DOUBLE_EQ(l.parcels_touched_share_by_year.at(2023), 0.25);
  EXPECT_DOUBLE_EQ(l.parcels_touched_share_by_year.at(2024), 0.25);
  EXPECT_DOUBLE_EQ(l.parcels_touched_share_by_year.at(2025), 0.75);
  EXPECT_DOUBLE_EQ(l.parcels_touched_share_by_year.at(2026), 0.75);
}

TEST(Freed, TotalEqualsAnIndependentUnionAndPiecesCarryExactlyTheirCoveringRecords) {
  // 80 overlapping rectangles with fractional coordinates over a 4 × 3 grid of 250 m parcels, of which every
  // third is not industrial; dates spread over 2022..2028 so some fall outside the period.
  std::vector<std::string> grid;
  std::vector<std::size_t> industrial;
  for (int gy = 0; gy < 3; ++gy)
    for (int gx = 0; gx < 4; ++gx) {
      if ((gy * 4 + gx) % 3 != 2) industrial.push_back(grid.size());
      grid.push_back(r(gx * 250.0, gy * 250.0, (gx + 1) * 250.0, (gy + 1) * 250.0));
    }
  PolygonLayer p = parcels(grid);
  std::uint64_t state = 20230403;
  const auto next = [&state](double lo, double hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  std::vector<Rec> recs;
  for (int i = 0; i < 80; ++i) {
    const double x = next(-20, 950), y = next(-20, 700), w = next(15, 260), h = next(15, 200);
    const int year = 2022 + static_cast<int>(next(0, 7));
    const int month = 1 + static_cast<int>(next(0, 12));
    char date[32];
    std::snprintf(date, sizeof date, "%04d-%02d-15", year, month);
    recs.push_back({"R" + std::to_string(i % 50), r(x, y, x + w, y + h), i % 7 == 0 ? "其他" : "收储", date});
  }
  PolygonLayer reg = renewal(recs);
  Findings f;
  rules::FreedLedger l = run(reg, p, industrial, f);
  ASSERT_GT(l.records_counted, 30u);

  // Independent: ∪ over counted records of (footprint ∩ ∪ all industrial parcels).
  std::vector<const GEOSGeometry*> ind;
  for (auto i : industrial)
    ind.push_back(p.geometry[i].get());
  geom::Geometry all_industrial = geom::union_of(ind);
  std::vector<geom::Geometry> grounds;
  std::vector<const GEOSGeometry*> raw;
  for (std::size_t i = 0; i < reg.size(); ++i)
    if (l.records[i].counted) {
      grounds.push_back(geom::intersection(reg.geometry[i].get(), all_industrial.get()));
      raw.push_back(grounds.back().get());
    }
  const double expected = geom::area(geom::union_of(raw).get());
  EXPECT_NEAR(l.total_m2, expected, expected * 1e-6);

  double sum = 0, by_record = 0, by_year = 0, by_mode = 0;
  std::vector<const GEOSGeometry*> piece_geoms;
  for (const auto& piece : l.pieces) {
    sum += piece.area_m2;
    piece_geoms.push_back(piece.geometry.get());
  }
  for (const auto& s : l.records)
    by_record += s.freed_m2;
  for (const auto& [y, a] : l.by_year_m2)
    by_year += a;
  for (const auto& [m, a] : l.by_mode_m2)
    by_mode += a;
  EXPECT_DOUBLE_EQ(sum, l.total_m2);
  EXPECT_NEAR(by_record, l.total_m2, 1e-6);
  EXPECT_NEAR(by_year, l.total_m2, 1e-6);
  EXPECT_NEAR(by_mode, l.total_m2, 1e-6);
  // Pieces do not overlap: their union has their summed area.
  EXPECT_NEAR(geom::area(geom::union_of(piece_geoms).get()), sum, sum * 1e-9);
  EXPECT_LT(l.slivers_dropped_m2, 1e-3);

  // Rule 19: a piece lists exactly the counted records whose footprint contains it, earliest first, and is
  // attributed to the first of them.
  for (const auto& piece : l.pieces) {
    auto pt = geom::point_on_surface(piece.geometry.get());
    ASSERT_TRUE(pt);
    geom::Geometry g = geom::from_wkt("POINT(" + std::to_string(pt->x) + " " + std::to_string(pt->y) + ")");
    std::vector<std::size_t> containing;
    for (std::size_t i = 0; i < reg.size(); ++i)
      if (l.records[i].counted && GEOSIntersects_r(geom::context(), reg.geometry[i].get(), g.get()) == 1)
        containing.push_back(i);
    std::vector<std::size_t> covering = piece.covering;
    std::sort(covering.begin(), covering.end());
    EXPECT_EQ(covering, containing);
    ASSERT_FALSE(piece.covering.empty());
    EXPECT_EQ(piece.record, piece.covering.front());
    for (std::size_t k = 1; k < piece.covering.size(); ++k)
      EXPECT_LE(*l.records[piece.covering[k - 1]].date, *l.records[piece.covering[k]].date);
  }
}

TEST(Freed, RegisterOrderDoesNotChangeThePiecesOrTheirOrder) {
  // The same five records in two register orders give the same pieces (normalised WKB) in the same order.
  const std::vector<Rec> recs = {{"A", r(0, 0, 120, 80), "收储", "2024-01-01"},
                                 {"B", r(60, 20, 200, 100), "腾退", "2023-07-01"},
                                 {"C", r(100, 0, 150, 150), "收储", "2024-01-01"},
                                 {"D", r(-10, 50, 90, 140), "拆除重建", "2025-05-05"},
                                 {"E", r(0, 0, 120, 80), "收储", "2026-01-01"}};
  std::vector<Rec> reversed(recs.rbegin(), recs.rend());
  PolygonLayer p = parcels({r(0, 0, 100, 150), r(100, 0, 200, 150)});
  PolygonLayer r1 = renewal(recs), r2 = renewal(reversed);
  Findings f1, f2;
  rules::FreedLedger a = run(r1, p, all(p), f1), b = run(r2, p, all(p), f2);
  ASSERT_EQ(a.pieces.size(), b.pieces.size());
  for (std::size_t i = 0; i < a.pieces.size(); ++i) {
    EXPECT_EQ(geom::normalised_wkb(a.pieces[i].geometry.get()),
              geom::normalised_wkb(b.pieces[i].geometry.get()));
    EXPECT_EQ(ids(r1, a.pieces[i].covering), ids(r2, b.pieces[i].covering));
  }
  EXPECT_DOUBLE_EQ(a.total_m2, b.total_m2);
}

TEST(Freed, ClassifyRecordsFlagsEveryConditionARecordFailsAndTheLedgerCountsTheSame) {
  PolygonLayer reg = renewal({{"R1", r(0, 0, 100, 100), "收储", "2024-03-05", "已完成"},
                              {"R2", r(0, 0, 100, 100), "", "", "已完成"},             // no mode, no date
                              {"R3", r(0, 0, 100, 100), "改造", "待定", "实施中"},     // three failures
                              {"R4", r(0, 0, 100, 100), "收储", "2022-12-31", "已完成"},  // before the period
                              {"R5", r(0, 0, 100, 100), "收储", "2025-07-01", ""}},       // after the audit
                             true);
  Findings f;
  const auto s = rules::classify_records(reg, freed_rules(), Date{2025, 6, 30}, f);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_TRUE(s[0].counted);
  EXPECT_EQ(s[0].not_counted, 0u);
  using N = rules::NotCounted;
  EXPECT_TRUE(s[1].fails(N::no_date) && s[1].fails(N::no_mode) && !s[1].fails(N::bad_date));
  EXPECT_TRUE(s[2].fails(N::bad_date) && s[2].fails(N::mode_not_counted) && s[2].fails(N::status_not_completed));
  EXPECT_FALSE(s[2].fails(N::no_date));
  EXPECT_EQ(s[3].not_counted, static_cast<unsigned>(N::outside_period));
  EXPECT_TRUE(s[4].fails(N::after_audit) && s[4].fails(N::no_status));
  EXPECT_EQ(of_kind(f, "bad_date").size(), 1u);
  EXPECT_EQ(of_kind(f, "renewal_not_counted").size(), 4u);
  // The ledger on the classified records counts what compute_freed counts by itself, with no new findings.
  PolygonLayer p = parcels({r(0, 0, 100, 100)});
  const std::size_t findings_before = f.size();
  rules::FreedLedger l =
      rules::compute_freed(reg, s, p, all(p), nullptr, nullptr, 0.5, freed_rules(), Date{2025, 6, 30});
  EXPECT_EQ(f.size(), findings_before);
  Findings f2;
  rules::FreedLedger whole = run(reg, p, all(p), f2, Date{2025, 6, 30});
  EXPECT_EQ(l.records_counted, 1u);
  EXPECT_EQ(whole.records_counted, 1u);
  EXPECT_EQ(l.total_m2, whole.total_m2);
  EXPECT_EQ(f2.size(), f.size());
}

// RULES.md 22: a register that writes only months counts the same records as one with full dates wherever
// the month decides; a month counts as its last day, so the record in the audit's own month is the one that
// differs, and each partial date is a finding.
TEST(Freed, MonthOnlyDatesCountTheSameRecordsWhereTheMonthDecides) {
  PolygonLayer p = parcels({r(0, 0, 500, 100)});
  const std::vector<std::pair<std::string, std::string>> dates = {{"2023-01-01", "2023年1月"},
                                                                  {"2024-03-15", "2024.03"},
                                                                  {"2022-12-31", "2022-12"},
                                                                  {"2025-06-10", "2025年6月"},
                                                                  {"2025-05-31", "2025年5月"}};
  std::vector<Rec> full, month;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const double x = 100.0 * static_cast<double>(i);
    full.push_back({"R" + std::to_string(i + 1), r(x, 0, x + 100, 100), "收储", dates[i].first});
    month.push_back({"R" + std::to_string(i + 1), r(x, 0, x + 100, 100), "收储", dates[i].second});
  }
  const Date audit{2025, 6, 15};
  Findings ff, fm;
  rules::FreedLedger lf = run(renewal(full), p, all(p), ff, audit);
  rules::FreedLedger lm = run(renewal(month), p, all(p), fm, audit);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(lf.records[i].counted, lm.records[i].counted) << i;
  EXPECT_EQ(lf.records[4].counted, lm.records[4].counted);
  // 2025-06-10 is before the audit date; "2025年6月" counts as 2025-06-30, after it.
  EXPECT_TRUE(lf.records[3].counted);
  EXPECT_FALSE(lm.records[3].counted);
  EXPECT_TRUE(lm.records[3].fails(rules::NotCounted::after_audit));
  EXPECT_EQ(lm.records[1].date, (Date{2024, 3, 31}));
  EXPECT_EQ(lm.records[1].date_precision, DatePrecision::month);
  EXPECT_EQ(of_kind(fm, "date_partial").size(), 5u);
  EXPECT_TRUE(of_kind(ff, "date_partial").empty());
  EXPECT_TRUE(of_kind(fm, "bad_date").empty());
  EXPECT_EQ(lf.records_counted, 4u);  // all but 2022-12-31, before the period
  EXPECT_EQ(lm.records_counted, 3u);
}

TEST(Freed, AYearOnlyDateLosesAnAttributionTieToAFullDateInTheSameYear) {
  PolygonLayer p = parcels({r(0, 0, 100, 100)});
  // Both cover the same ground: "2024年" counts as 2024-12-31, later than 2024-06-01, so R2 gets the ground.
  PolygonLayer reg =
      renewal({{"R1", r(0, 0, 100, 100), "收储", "2024年"}, {"R2", r(0, 0, 100, 100), "腾退", "2024-06-01"}});
  Findings f;
  rules::FreedLedger l = run(reg, p, all(p), f);
  ASSERT_EQ(l.pieces.size(), 1u);
  EXPECT_EQ(l.pieces[0].record, 1u);
  EXPECT_EQ(l.pieces[0].mode, "腾退");
  EXPECT_EQ(l.records[0].date, (Date{2024, 12, 31}));
}
