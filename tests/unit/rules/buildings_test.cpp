#include "landrenew/rules/buildings.hpp"

#include <map>

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace landrenew;
using test::rect;

namespace {

// GK-like coordinates (EPSG:4549 around Huzhou): fixtures sit at this origin; sizes below are relative to it.
constexpr double X0 = 520000, Y0 = 3390000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

struct Feature {
  std::string wkt;
  std::map<std::string, std::string> values;  // logical field → cell; absent = null
};

// A polygon layer as the reader leaves it: every field in `sources` mapped (logical → source column).
PolygonLayer make_layer(const std::string& logical, const std::map<std::string, std::string>& sources,
                        const std::vector<Feature>& features) {
  PolygonLayer layer;
  layer.info.logical = logical;
  for (const auto& [l, s] : sources)
    layer.info.fields.push_back({l, s, false});
  std::int64_t fid = 0;
  for (const auto& f : features) {
    layer.fid.push_back(fid++);
    layer.geometry.push_back(geom::from_wkt(f.wkt));
    layer.area_m2.push_back(geom::area(layer.geometry.back().get()));
    layer.repaired.push_back(false);
    for (const auto& [l, s] : sources) {
      auto it = f.values.find(l);
      layer.attributes.column(l).push(it == f.values.end() ? std::nullopt
                                                           : std::optional<std::string_view>(it->second));
    }
  }
  return layer;
}

const std::map<std::string, std::string> kBuildingFields = {
    {"id", "JZWBH"}, {"floors", "CS"}, {"height", "JZGD"}, {"storey_height", "CG"}, {"floor_area", "JZMJ"}};

PolygonLayer buildings(const std::vector<Feature>& features) {
  return make_layer("buildings_after", kBuildingFields, features);
}
PolygonLayer parcels(const std::vector<std::string>& wkts) {
  std::vector<Feature> f;
  for (const auto& w : wkts)
    f.push_back({w, {}});
  return make_layer("parcels", {}, f);
}

// One 100 m × 100 m industrial parcel, for the floor-area tests.
struct OneParcel {
  PolygonLayer p = parcels({r(0, 0, 100, 100)});
  std::vector<std::size_t> industrial{0};
};

}  // namespace

TEST(Buildings, BuildingAcrossTwoParcelsIsSplitByArea) {
  // P0 x 0..100, P1 x 100..200. B x 70..110, y 10..30: 800 m², 600 on P0 and 200 on P1; 2 floors → 1600 m².
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(100, 0, 200, 100)});
  PolygonLayer b = buildings({{r(70, 10, 110, 30), {{"floors", "2"}}}});
  std::vector<std::size_t> industrial{0, 1};
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  EXPECT_TRUE(findings.empty());
  const rules::BuildingResult& br = s.buildings.at(0);
  EXPECT_DOUBLE_EQ(br.footprint_m2, 800);
  EXPECT_DOUBLE_EQ(br.gfa_m2, 1600);
  EXPECT_EQ(br.source, rules::GfaSource::floors_times_footprint);
  EXPECT_NEAR(br.industrial_share, 1.0, 1e-12);
  ASSERT_EQ(br.parcel_gfa.size(), 2u);
  EXPECT_EQ(br.parcel_gfa[0].first, 0u);
  EXPECT_NEAR(br.parcel_gfa[0].second, 1200, 1e-6);  // 1600 × 600/800
  EXPECT_EQ(br.parcel_gfa[1].first, 1u);
  EXPECT_NEAR(br.parcel_gfa[1].second, 400, 1e-6);  // 1600 × 200/800
  // Parcel FAR = GFA ÷ 10000 m²; coverage = footprint ÷ 10000 m².
  EXPECT_NEAR(*s.parcel_far[0], 0.12, 1e-12);
  EXPECT_NEAR(*s.parcel_far[1], 0.04, 1e-12);
  EXPECT_NEAR(*s.parcel_coverage[0], 0.06, 1e-12);
  EXPECT_NEAR(*s.parcel_coverage[1], 0.02, 1e-12);
  EXPECT_NEAR(s.gfa_off_industrial_m2, 0, 1e-9);
}

TEST(Buildings, FootprintInsideOneParcelAndTouchingAnotherGoesWhollyToTheFirst) {
  // B x 60..100 lies in P0 and meets P1 only along x = 100: zero-area contact gives P1 nothing.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(100, 0, 200, 100)});
  PolygonLayer b = buildings({{r(60, 0, 100, 50), {{"floors", "1"}}}});
  std::vector<std::size_t> industrial{0, 1};
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  const rules::BuildingResult& br = s.buildings.at(0);
  ASSERT_EQ(br.parcel_gfa.size(), 1u);
  EXPECT_EQ(br.parcel_gfa[0].first, 0u);
  EXPECT_DOUBLE_EQ(br.parcel_gfa[0].second, 2000);  // 40 × 50 × 1 floor
  EXPECT_DOUBLE_EQ(br.industrial_share, 1.0);
  EXPECT_DOUBLE_EQ(s.parcel_gfa_m2[1], 0);
  EXPECT_DOUBLE_EQ(*s.parcel_far[1], 0);
}

TEST(Buildings, TwelveMetreSingleStoreyShedCountsDouble) {
  // 20 × 50 = 1000 m², 1 floor, 12 m high: storey 12 m > 8 m → GFA 2 × 1000.
  OneParcel f;
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "1"}, {"height", "12"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_TRUE(s.buildings[0].doubled);
  EXPECT_DOUBLE_EQ(*s.buildings[0].storey_height_m, 12);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 2000);
  EXPECT_DOUBLE_EQ(s.parcel_gfa_m2[0], 2000);
}

TEST(Buildings, ShedOfSevenPointNineMetresIsNotDoubled) {
  OneParcel f;
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "1"}, {"height", "7.9"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_FALSE(s.buildings[0].doubled);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 1000);
}

TEST(Buildings, StoreyOfExactlyEightMetresIsNotDoubled) {
  // Two floors, 16 m: storey 8.0 m, not strictly above 8 m.
  OneParcel f;
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "2"}, {"height", "16"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_DOUBLE_EQ(*s.buildings[0].storey_height_m, 8.0);
  EXPECT_FALSE(s.buildings[0].doubled);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 2000);
}

TEST(Buildings, StoreyHeightFieldIsPreferredOverHeightDividedByFloors) {
  // height 12 ÷ 2 floors = 6 m would not double, but the storey-height field says 9 m: 1000 × 2 × 2.
  OneParcel f;
  PolygonLayer b =
      buildings({{r(10, 10, 30, 60), {{"floors", "2"}, {"height", "12"}, {"storey_height", "9"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_DOUBLE_EQ(*s.buildings[0].storey_height_m, 9);
  EXPECT_TRUE(s.buildings[0].doubled);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 4000);
}

TEST(Buildings, DoubleStoreyHeightComesFromTheProfile) {
  // The same 12 m shed under a profile threshold of 12 m: not strictly above, no doubling.
  OneParcel f;
  Profile profile;
  profile.buildings.double_storey_height_m = 12;
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "1"}, {"height", "12"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, profile.buildings, findings);
  EXPECT_FALSE(s.buildings[0].doubled);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 1000);
}

TEST(Buildings, FloorAreaFieldIsPreferredOverFloorsTimesFootprint) {
  // Footprint 1000 m² × 2 floors would give 2000; the field says 3000.
  OneParcel f;
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "2"}, {"floor_area", "3000"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_EQ(s.buildings[0].source, rules::GfaSource::floor_area_field);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 3000);
}

TEST(Buildings, FloorAreaFieldIsDoubledToo) {
  // Field 3000 m², 1 floor of 10 m: doubled to 6000 (RULES.md 6: whichever way it was obtained).
  OneParcel f;
  PolygonLayer b =
      buildings({{r(10, 10, 30, 60), {{"floors", "1"}, {"height", "10"}, {"floor_area", "3000"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_EQ(s.buildings[0].source, rules::GfaSource::floor_area_field);
  EXPECT_TRUE(s.buildings[0].doubled);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 6000);
}

TEST(Buildings, BuildingHalfOnNonIndustrialLandReportsItsOffIndustrialGfa) {
  // P0 industrial x 0..100, P1 not industrial x 100..200. B x 80..120, y 0..50: 2000 m², half on each;
  // 3 floors → 6000 m², 3000 on P0 and 3000 off industrial land.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(100, 0, 200, 100)});
  PolygonLayer b = buildings({{r(80, 0, 120, 50), {{"floors", "3"}}}});
  std::vector<std::size_t> industrial{0};
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  const rules::BuildingResult& br = s.buildings[0];
  EXPECT_NEAR(br.industrial_share, 0.5, 1e-12);
  EXPECT_NEAR(br.gfa_off_industrial, 3000, 1e-6);
  ASSERT_EQ(br.parcel_gfa.size(), 1u);
  EXPECT_NEAR(br.parcel_gfa[0].second, 3000, 1e-6);
  EXPECT_NEAR(br.parcel_footprint[0].second, 1000, 1e-6);
  EXPECT_NEAR(s.gfa_total_m2, 6000, 1e-9);
  EXPECT_NEAR(s.gfa_off_industrial_m2, 3000, 1e-6);
  EXPECT_FALSE(s.parcel_far[1]);  // not industrial: no FAR
  EXPECT_DOUBLE_EQ(s.parcel_gfa_m2[1], 0);
}

TEST(Buildings, BuildingOnNoIndustrialParcelIsWhollyOffIndustrial) {
  OneParcel f;
  PolygonLayer b = buildings({{r(300, 0, 320, 50), {{"floors", "2"}}}});  // 1000 m² × 2, far from P0
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  EXPECT_DOUBLE_EQ(s.buildings[0].industrial_share, 0);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_off_industrial, 2000);
  EXPECT_TRUE(s.buildings[0].parcel_gfa.empty());
  EXPECT_DOUBLE_EQ(s.gfa_off_industrial_m2, 2000);
}

TEST(Buildings, DuplicateParcelsShareAFloorAreaInsteadOfDoublingIt) {
  // P0 and P1 are the same square; B (400 m², 1 floor) lies in both: each gets 400 × 400/800 = 200.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(0, 0, 100, 100)});
  PolygonLayer b = buildings({{r(10, 10, 30, 30), {{"floors", "1"}}}});
  std::vector<std::size_t> industrial{0, 1};
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  EXPECT_DOUBLE_EQ(s.buildings[0].industrial_share, 1.0);
  EXPECT_DOUBLE_EQ(s.parcel_gfa_m2[0], 200);
  EXPECT_DOUBLE_EQ(s.parcel_gfa_m2[1], 200);
  EXPECT_DOUBLE_EQ(s.parcel_gfa_m2[0] + s.parcel_gfa_m2[1], s.gfa_total_m2);
}

TEST(Buildings, OverlappingParcelsShareAFloorAreaInsteadOfDoublingIt) {
  // P0 x 0..60 and P1 x 40..100 overlap in x 40..60. B x 30..70, y 10..20 (400 m², 1 floor):
  // B ∩ P0 = 300, B ∩ P1 = 300, B ∩ (P0 ∪ P1) = 400 → share 1; each gets 400 × 300/600 = 200.
  PolygonLayer p = parcels({r(0, 0, 60, 100), r(40, 0, 100, 100)});
  PolygonLayer b = buildings({{r(30, 10, 70, 20), {{"floors", "1"}}}});
  std::vector<std::size_t> industrial{0, 1};
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  EXPECT_NEAR(s.buildings[0].industrial_share, 1.0, 1e-12);
  EXPECT_NEAR(s.parcel_gfa_m2[0], 200, 1e-6);
  EXPECT_NEAR(s.parcel_gfa_m2[1], 200, 1e-6);
  EXPECT_NEAR(s.parcel_footprint_m2[0] + s.parcel_footprint_m2[1], 400, 1e-6);
}

TEST(Buildings, OverlappingParcelsPartlyUnderABuildingCountTheUnionOnce) {
  // P0 x 0..60 and P1 x 40..80 overlap in x 40..60; B x 30..90, y 10..20 (600 m², 1 floor).
  // B ∩ P0 = 300, B ∩ P1 = 400, B ∩ (P0 ∪ P1) = x 30..80 = 500 → share 5/6, 100 m² off industrial.
  // P0 gets 600 × 5/6 × 300/700 = 214.2857…, P1 600 × 5/6 × 400/700 = 285.7142…
  PolygonLayer p = parcels({r(0, 0, 60, 100), r(40, 0, 80, 100)});
  PolygonLayer b = buildings({{r(30, 10, 90, 20), {{"floors", "1"}}}});
  std::vector<std::size_t> industrial{0, 1};
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  EXPECT_NEAR(s.buildings[0].industrial_share, 5.0 / 6.0, 1e-12);
  EXPECT_NEAR(s.buildings[0].gfa_off_industrial, 100, 1e-6);
  EXPECT_NEAR(s.parcel_gfa_m2[0], 1500.0 / 7.0, 1e-6);
  EXPECT_NEAR(s.parcel_gfa_m2[1], 2000.0 / 7.0, 1e-6);
}

TEST(Buildings, BadCellsAreFindingsAndTheValueIsMissing) {
  // B0: floors "abc" → bad_number on CS; no floor area either → building_gfa_unknown, GFA 0.
  // B1: floors "0" → bad_number (zero floors); floor area 500 still gives GFA 500.
  // B2: height "-3" → bad_number on JZGD; 2 floors × 1000 m² = 2000, storey height unknown, no doubling.
  OneParcel f;
  PolygonLayer b = buildings({
      {r(10, 10, 30, 60), {{"id", "B0"}, {"floors", "abc"}}},
      {r(40, 10, 60, 60), {{"id", "B1"}, {"floors", "0"}, {"floor_area", "500"}}},
      {r(70, 10, 90, 60), {{"id", "B2"}, {"floors", "2"}, {"height", "-3"}}},
  });
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  ASSERT_EQ(findings.size(), 4u);
  const auto& items = findings.items();
  EXPECT_EQ(items[0].kind, "bad_number");
  EXPECT_EQ(items[0].layer, "buildings_after");
  EXPECT_EQ(items[0].field, "CS");
  EXPECT_EQ(items[0].fid, 0);
  EXPECT_EQ(items[0].feature_id, "B0");
  EXPECT_EQ(items[1].kind, "building_gfa_unknown");
  EXPECT_EQ(items[1].feature_id, "B0");
  EXPECT_EQ(items[2].kind, "bad_number");
  EXPECT_EQ(items[2].field, "CS");
  EXPECT_EQ(items[2].feature_id, "B1");
  EXPECT_EQ(items[3].kind, "bad_number");
  EXPECT_EQ(items[3].field, "JZGD");
  EXPECT_EQ(items[3].feature_id, "B2");

  EXPECT_EQ(s.buildings[0].source, rules::GfaSource::unknown);
  EXPECT_DOUBLE_EQ(s.buildings[0].gfa_m2, 0);
  EXPECT_DOUBLE_EQ(s.buildings[1].gfa_m2, 500);
  EXPECT_FALSE(s.buildings[2].storey_height_m);
  EXPECT_FALSE(s.buildings[2].doubled);
  EXPECT_DOUBLE_EQ(s.buildings[2].gfa_m2, 2000);
}

TEST(Buildings, BlankCellsAreMissingWithoutFindings) {
  // Floors blank, floor area blank: the GFA is unknown (one finding), but the blanks themselves are fine.
  OneParcel f;
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", " "}, {"floor_area", ""}}}});
  Findings findings;
  rules::analyse_snapshot(b, f.p, f.industrial, BuildingRules{}, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings.items()[0].kind, "building_gfa_unknown");
}

TEST(Buildings, ManyBuildingsSplitTogetherEqualEachBuildingSplitAlone) {
  // A 6 × 6 grid of 50 m parcels listed in a scrambled order (so the parcel order is not the space order),
  // every other one industrial, and 200 buildings of many sizes that straddle up to nine parcels, some off the
  // grid. Splitting them together (in the order of the first parcel each touches, each parcel's prepared
  // geometry freed after its last building) must give every building exactly what it gets alone.
  std::vector<std::string> wkts;
  for (int n = 0; n < 36; ++n) {
    const int c = (n * 7) % 36;  // 7 is prime to 36: a permutation
    const double x = 50.0 * (c % 6), y = 50.0 * (c / 6);
    wkts.push_back(r(x, y, x + 50, y + 50));
  }
  const PolygonLayer p = parcels(wkts);
  std::vector<std::size_t> industrial;
  for (std::size_t k = 0; k < 36; k += 2)
    industrial.push_back(k);
  std::vector<Feature> features;
  unsigned seed = 12345;
  const auto next = [&](double range) {
    seed = seed * 1103515245u + 12345u;
    return range * static_cast<double>((seed >> 8) % 10000) / 10000.0;
  };
  for (int i = 0; i < 200; ++i) {
    const double x = next(320) - 10, y = next(320) - 10, w = 2 + next(110), h = 2 + next(110);
    features.push_back({r(x, y, x + w, y + h), {{"floors", std::to_string(1 + i % 5)}}});
  }
  const PolygonLayer b = buildings(features);
  Findings together_findings;
  const rules::SnapshotResult together =
      rules::analyse_snapshot(b, p, industrial, BuildingRules{}, together_findings);
  ASSERT_EQ(together.buildings.size(), 200u);
  std::size_t straddling = 0;
  std::vector<double> far(36, 0.0);
  for (std::size_t i = 0; i < features.size(); ++i) {
    Findings alone_findings;
    const rules::SnapshotResult alone =
        rules::analyse_snapshot(buildings({features[i]}), p, industrial, BuildingRules{}, alone_findings);
    const rules::BuildingResult &a = alone.buildings.at(0), &t = together.buildings[i];
    EXPECT_EQ(t.industrial_share, a.industrial_share) << i;
    EXPECT_EQ(t.gfa_off_industrial, a.gfa_off_industrial) << i;
    EXPECT_EQ(t.parcel_gfa, a.parcel_gfa) << i;
    EXPECT_EQ(t.parcel_footprint, a.parcel_footprint) << i;
    straddling += t.parcel_gfa.size() > 1;
    for (const auto& [k, gfa] : t.parcel_gfa)
      far[k] += gfa;
  }
  EXPECT_GT(straddling, 50u);  // the fixture does exercise buildings over several parcels
  for (const std::size_t k : industrial)
    EXPECT_EQ(*together.parcel_far[k], far[k] / 2500.0) << k;  // summed in layer order
}
