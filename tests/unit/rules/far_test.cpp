#include "landrenew/rules/far.hpp"

#include <map>

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace landrenew;
using test::rect;

namespace {

// GK-like coordinates (EPSG:4549 around Huzhou); sizes below are relative to this origin.
constexpr double X0 = 520000, Y0 = 3390000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

struct Feature {
  std::string wkt;
  std::map<std::string, std::string> values;  // logical field → cell; absent = null
};

PolygonLayer make_layer(const std::string& logical, const std::vector<std::string>& fields,
                        const std::vector<Feature>& features) {
  PolygonLayer layer;
  layer.info.logical = logical;
  for (const auto& l : fields)
    layer.info.fields.push_back({l, l, false});
  std::int64_t fid = 0;
  for (const auto& f : features) {
    layer.fid.push_back(fid++);
    layer.geometry.push_back(geom::from_wkt(f.wkt));
    layer.area_m2.push_back(geom::area(layer.geometry.back().get()));
    layer.repaired.push_back(false);
    for (const auto& l : fields) {
      auto it = f.values.find(l);
      layer.attributes.column(l).push(it == f.values.end() ? std::nullopt
                                                           : std::optional<std::string_view>(it->second));
    }
  }
  return layer;
}

PolygonLayer parcels(const std::vector<std::string>& wkts) {
  std::vector<Feature> f;
  for (const auto& w : wkts)
    f.push_back({w, {}});
  return make_layer("parcels", {}, f);
}
PolygonLayer buildings(const std::vector<Feature>& features) {
  return make_layer("buildings", {"floors", "floor_area"}, features);
}

// Park P01 covers two 100 m × 100 m industrial parcels (20000 m²); the same parcels in both snapshots.
// Before: A (2500 m² × 2 floors = 5000) on P0 and D (2500 × 2 = 5000) on P1: FAR 10000 / 20000 = 0.5.
// After, D is demolished and `after_new` stands on P1 instead.
struct Park {
  PolygonLayer parks =
      make_layer("parks", {"id", "name"}, {{r(0, 0, 200, 100), {{"id", "P01"}, {"name", "东区"}}}});
  rules::ZoneIndex index{parks, "id"};
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(100, 0, 200, 100)});
  std::vector<std::size_t> industrial{0, 1};
  Feature a{r(10, 10, 60, 60), {{"floors", "2"}}};
  Feature d{r(110, 10, 160, 60), {{"floors", "2"}}};
  Findings findings;

  rules::ZoneFar run(const Feature& after_new, const std::vector<Feature>& before = {}) {
    PolygonLayer b_before = buildings(before.empty() ? std::vector<Feature>{a, d} : before);
    PolygonLayer b_after = buildings({a, after_new});
    rules::SnapshotResult rb = rules::analyse_snapshot(b_before, p, industrial, BuildingRules{}, findings);
    rules::SnapshotResult ra = rules::analyse_snapshot(b_after, p, industrial, BuildingRules{}, findings);
    auto out = rules::zone_far(index, 0.5, {&p, industrial, &rb}, {&p, industrial, &ra}, 0.5);
    return out.at(0);
  }
};

}  // namespace

TEST(Far, ParkUpliftOfExactlyHalfMeetsTheTarget) {
  // New N: 60 × 50 = 3000 m² × 5 floors = 15000; after = (5000 + 15000) / 20000 = 1.0; uplift 0.5.
  Park park;
  rules::ZoneFar z = park.run({r(110, 10, 170, 60), {{"floors", "5"}}});
  EXPECT_EQ(z.id, "P01");
  EXPECT_EQ(z.name, "东区");
  EXPECT_EQ(z.parcels_before, 2u);
  EXPECT_EQ(z.parcels_after, 2u);
  EXPECT_DOUBLE_EQ(z.area_before_m2, 20000);
  EXPECT_DOUBLE_EQ(z.gfa_before_m2, 10000);
  EXPECT_DOUBLE_EQ(z.gfa_after_m2, 20000);
  EXPECT_DOUBLE_EQ(*z.far_before, 0.5);
  EXPECT_DOUBLE_EQ(*z.far_after, 1.0);
  EXPECT_DOUBLE_EQ(*z.uplift, 0.5);
  EXPECT_TRUE(z.meets_target);
  EXPECT_EQ(z.note, "");
}

TEST(Far, ParkUpliftJustBelowHalfMissesTheTarget) {
  // N with a floor-area field of 14980: after = 19980 / 20000 = 0.999; uplift 0.499.
  Park park;
  rules::ZoneFar z = park.run({r(110, 10, 170, 60), {{"floor_area", "14980"}}});
  EXPECT_DOUBLE_EQ(*z.far_after, 0.999);
  EXPECT_NEAR(*z.uplift, 0.499, 1e-12);
  EXPECT_FALSE(z.meets_target);
}

TEST(Far, UpliftThatIsHalfUpToRoundingNoiseMeetsTheTarget) {
  // Before: A alone with a floor area of 4000 → 0.2. After: A (5000) + N (9000) = 14000 → 0.7.
  // In doubles 0.7 − 0.2 = 0.49999999999999994; printed 0.500, it must meet a 0.5 target.
  Park park;
  rules::ZoneFar z = park.run({r(110, 10, 170, 60), {{"floor_area", "9000"}}},
                              {{r(10, 10, 60, 60), {{"floor_area", "4000"}}}});
  EXPECT_DOUBLE_EQ(*z.far_before, 0.2);
  EXPECT_DOUBLE_EQ(*z.far_after, 0.7);
  EXPECT_LT(*z.uplift, 0.5);
  EXPECT_TRUE(z.meets_target);
}

TEST(Far, ParkWithoutBuildingsHasFarZeroAndSaysSo) {
  PolygonLayer parks = make_layer("parks", {"id"}, {{r(0, 0, 100, 100), {{"id", "P02"}}}});
  rules::ZoneIndex index(parks, "id");
  PolygonLayer p = parcels({r(0, 0, 100, 100)});
  std::vector<std::size_t> industrial{0};
  PolygonLayer none = buildings({});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(none, p, industrial, BuildingRules{}, findings);
  rules::ZoneFar z = rules::zone_far(index, 0.5, {&p, industrial, &s}, {&p, industrial, &s}, 0.5).at(0);
  EXPECT_DOUBLE_EQ(*z.far_before, 0);
  EXPECT_DOUBLE_EQ(*z.far_after, 0);
  EXPECT_DOUBLE_EQ(*z.uplift, 0);
  EXPECT_FALSE(z.meets_target);
  EXPECT_EQ(z.note, "no buildings before renewal (FAR 0); no buildings after renewal (FAR 0)");
}

TEST(Far, ParkWithoutIndustrialLandHasNoFarAndSaysSo) {
  // The only parcel in the park is not industrial; a building stands on it.
  PolygonLayer parks = make_layer("parks", {"id"}, {{r(0, 0, 100, 100), {{"id", "P03"}}}});
  rules::ZoneIndex index(parks, "id");
  PolygonLayer p = parcels({r(0, 0, 100, 100)});
  std::vector<std::size_t> industrial;
  PolygonLayer b = buildings({{r(10, 10, 20, 20), {{"floors", "3"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  rules::ZoneFar z = rules::zone_far(index, 0.5, {&p, industrial, &s}, {&p, industrial, &s}, 0.5).at(0);
  EXPECT_EQ(z.parcels_before, 0u);
  EXPECT_FALSE(z.far_before);
  EXPECT_FALSE(z.far_after);
  EXPECT_FALSE(z.uplift);
  EXPECT_FALSE(z.meets_target);
  EXPECT_EQ(z.note, "no industrial land before renewal; no industrial land after renewal");
}

TEST(Far, ZoneAreaIsTheUnionSoADuplicateParcelCountsOnce) {
  // P0 and its duplicate P1 (10000 m² each) in the park; B 1000 m² × 2 floors = 2000, split 1000/1000.
  // FAR = 2000 / area(P0 ∪ P1) = 2000 / 10000 = 0.2 (the sum of areas would give 0.1).
  PolygonLayer parks = make_layer("parks", {"id"}, {{r(0, 0, 100, 100), {{"id", "P04"}}}});
  rules::ZoneIndex index(parks, "id");
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(0, 0, 100, 100)});
  std::vector<std::size_t> industrial{0, 1};
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "2"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  rules::ZoneFar z = rules::zone_far(index, 0.5, {&p, industrial, &s}, {&p, industrial, &s}, 0.5).at(0);
  EXPECT_EQ(z.parcels_before, 2u);
  EXPECT_DOUBLE_EQ(z.area_before_m2, 10000);
  EXPECT_DOUBLE_EQ(z.gfa_before_m2, 2000);
  EXPECT_DOUBLE_EQ(*z.far_before, 0.2);
}

TEST(Far, ParcelMostlyOutsideAParkIsNotAMemberButCountsForItsDistrict) {
  // Zone x 0..100. P0 x 0..49 (4900 m²) lies inside; P1 x 51..151 (10000 m²) has 49 m of 100 inside (49%).
  // Each carries a 500 m² × 2 floor building (1000 m²). With the park majority 0.5 only P0 is a member:
  // FAR 1000 / 4900. With 0 (districts) both are: FAR 2000 / 14900.
  PolygonLayer zones = make_layer("parks", {"id"}, {{r(0, 0, 100, 100), {{"id", "Z"}}}});
  rules::ZoneIndex index(zones, "id");
  PolygonLayer p = parcels({r(0, 0, 49, 100), r(51, 0, 151, 100)});
  std::vector<std::size_t> industrial{0, 1};
  PolygonLayer b =
      buildings({{r(10, 10, 20, 60), {{"floors", "2"}}}, {r(120, 10, 130, 60), {{"floors", "2"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  auto park = rules::parcel_zones(index, p, industrial, 0.5);
  ASSERT_EQ(park.size(), 2u);
  EXPECT_EQ(park[0], 0u);
  EXPECT_FALSE(park[1]);
  rules::ZoneFar zp =
      rules::zone_far(index, 0.5, {&p, industrial, &s, &park}, {&p, industrial, &s, &park}, 0.5).at(0);
  EXPECT_EQ(zp.parcels_before, 1u);
  EXPECT_DOUBLE_EQ(zp.area_before_m2, 4900);
  EXPECT_DOUBLE_EQ(*zp.far_before, 1000.0 / 4900.0);
  rules::ZoneFar zd = rules::zone_far(index, 0.0, {&p, industrial, &s}, {&p, industrial, &s}, 0.5).at(0);
  EXPECT_EQ(zd.parcels_before, 2u);
  EXPECT_DOUBLE_EQ(zd.area_before_m2, 14900);
  EXPECT_DOUBLE_EQ(*zd.far_before, 2000.0 / 14900.0);
}

TEST(Far, EachSnapshotUsesItsOwnParcelLayer) {
  // Before: two parcels of 10000 m² in the park; after: one merged parcel of 20000 m² (register changed).
  // Before: 5000 m² of GFA → 0.25; after: 5000 + 10000 → 0.75; uplift 0.5.
  PolygonLayer parks = make_layer("parks", {"id"}, {{r(0, 0, 200, 100), {{"id", "P05"}}}});
  rules::ZoneIndex index(parks, "id");
  PolygonLayer p_before = parcels({r(0, 0, 100, 100), r(100, 0, 200, 100)});
  PolygonLayer p_after = parcels({r(0, 0, 200, 100)});
  std::vector<std::size_t> ind_before{0, 1}, ind_after{0};
  Feature a{r(10, 10, 60, 60), {{"floors", "2"}}};
  PolygonLayer b_before = buildings({a});
  PolygonLayer b_after = buildings({a, {r(110, 10, 160, 60), {{"floors", "4"}}}});
  Findings findings;
  rules::SnapshotResult rb =
      rules::analyse_snapshot(b_before, p_before, ind_before, BuildingRules{}, findings);
  rules::SnapshotResult ra = rules::analyse_snapshot(b_after, p_after, ind_after, BuildingRules{}, findings);
  rules::ZoneFar z =
      rules::zone_far(index, 0.5, {&p_before, ind_before, &rb}, {&p_after, ind_after, &ra}, 0.5).at(0);
  EXPECT_EQ(z.parcels_before, 2u);
  EXPECT_EQ(z.parcels_after, 1u);
  EXPECT_DOUBLE_EQ(*z.far_before, 0.25);
  EXPECT_DOUBLE_EQ(*z.far_after, 0.75);
  EXPECT_TRUE(z.meets_target);
}

TEST(Far, RenewalProjectAreasWorkAsZonesInZoneIndexOrder) {
  // Two renewal project areas (ids "12" and "3", in that layer order) over one parcel each; results come in
  // layer order, not id order. Project 12: 1000 m² × 2 on 10000 → 0.2; project 3: no buildings → 0.
  PolygonLayer renewal = make_layer(
      "renewal", {"id"}, {{r(0, 0, 100, 100), {{"id", "12"}}}, {r(200, 0, 300, 100), {{"id", "3"}}}});
  rules::ZoneIndex index(renewal, "id");
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(200, 0, 300, 100)});
  std::vector<std::size_t> industrial{0, 1};
  PolygonLayer b = buildings({{r(10, 10, 30, 60), {{"floors", "2"}}}});
  Findings findings;
  rules::SnapshotResult s = rules::analyse_snapshot(b, p, industrial, BuildingRules{}, findings);
  auto out = rules::zone_far(index, 0.0, {&p, industrial, &s}, {&p, industrial, &s}, 0.5);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "12");
  EXPECT_DOUBLE_EQ(*out[0].far_before, 0.2);
  EXPECT_EQ(out[1].id, "3");
  EXPECT_DOUBLE_EQ(*out[1].far_before, 0);
}

TEST(Far, ZoneSettledFromTwoPartitionsSumsIsSumOfFloorAreaOverSumOfArea) {
  // docs/rules.md §26: partition 1 holds 10,000 m² with 6,000 m² GFA before and 12,000 after; partition 2
  // 30,000 m² with 6,000 before and 18,000 after. FAR before = 12,000 / 40,000 = 0.3 (not the mean of 0.6 and
  // 0.2), after = 30,000 / 40,000 = 0.75, uplift 0.45 < 0.5.
  rules::ZoneFar z;
  z.area_before_m2 = z.area_after_m2 = 10000 + 30000;
  z.gfa_before_m2 = 6000 + 6000;
  z.gfa_after_m2 = 12000 + 18000;
  z.footprint_before_m2 = z.footprint_after_m2 = 5000;
  rules::settle_zone_far(z, 0.5);
  EXPECT_DOUBLE_EQ(*z.far_before, 0.3);
  EXPECT_DOUBLE_EQ(*z.far_after, 0.75);
  EXPECT_NEAR(*z.uplift, 0.45, 1e-12);
  EXPECT_FALSE(z.meets_target);
  EXPECT_EQ(z.note, "");
  rules::ZoneFar empty;  // no industrial land in either partition: no FAR, and said so
  rules::settle_zone_far(empty, 0.5);
  EXPECT_FALSE(empty.far_before);
  EXPECT_EQ(empty.note, "no industrial land before renewal; no industrial land after renewal");
}
