// DOMAIN.md §1 measures, and the plausibility screen of RULES.md 11.
#include "landrenew/rules/plan.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/units.hpp"

using namespace landrenew;

namespace {
PolygonLayer zones(const std::vector<std::tuple<std::string, std::string, std::string>>& id_kind_wkt) {
  PolygonLayer l;
  std::int64_t fid = 0;
  for (const auto& [id, kind, wkt] : id_kind_wkt) {
    l.fid.push_back(fid++);
    l.geometry.push_back(geom::from_wkt(wkt));
    l.area_m2.push_back(geom::area(l.geometry.back().get()));
    l.repaired.push_back(false);
    l.attributes.column("id").push(id);
    l.attributes.column("kind").push(kind);
  }
  return l;
}
rules::Enterprise ent(const char* size, const char* industry, double mu, double tax, double va,
                      double revenue, double employees) {
  rules::Enterprise e;
  e.size_class = size;
  e.industry_code = industry;
  e.land_m2 = m2_from_mu(mu);
  e.location = 0;
  e.quantity[static_cast<std::size_t>(rules::Quantity::tax)] = tax;
  e.quantity[static_cast<std::size_t>(rules::Quantity::value_added)] = va;
  e.quantity[static_cast<std::size_t>(rules::Quantity::revenue)] = revenue;
  e.quantity[static_cast<std::size_t>(rules::Quantity::employees)] = employees;
  return e;
}
}  // namespace

TEST(Plan, PerMuFiguresOutsideParksAndPlatformConcentration) {
  Profile profile = load_profile("huzhou-2023");
  profile.plan.provincial_tax_per_mu = 30;
  PolygonLayer park_layer = zones({{"P1", "平台", "POLYGON((0 0,10 0,10 10,0 10,0 0))"},
                                   {"P2", "园区", "POLYGON((20 0,30 0,30 10,20 10,20 0))"}});
  rules::ZoneIndex parks(park_layer, "id");
  rules::EnterpriseSet set;
  // A: 规上, leading (36), 10 mu in platform P1: tax 400, VA 1000, revenue 3000, 40 people.
  // B: 规上, leading (38), 10 mu in park P2: tax 200, VA 600, revenue 1000, 20 people.
  // C: 规下, not leading (13), 5 mu outside parks: revenue 100.
  // D: 规上, leading (39), 5 mu outside parks: tax 50, VA 100, revenue 1000, 10 people.
  set.items = {ent("规上", "3611", 10, 400, 1000, 3000, 40), ent("规上", "3811", 10, 200, 600, 1000, 20),
               ent("规下", "1311", 5, 10, 20, 100, 5), ent("规上", "3911", 5, 50, 100, 1000, 10)};
  const std::vector<std::optional<std::size_t>> park = {0, 1, std::nullopt, std::nullopt};
  const std::vector<std::optional<std::size_t>> district(4, std::nullopt);
  rules::PlanMetrics m =
      rules::plan_metrics(set, district, park, nullptr, &parks, profile.plan, profile.mujun.groups);
  // City (规上 only): tax 650 over 25 mu = 26 < 30; VA 1700/25 = 68; labour 1700/70 = 24.29 < 28.
  EXPECT_EQ(m.city.enterprises, 3u);
  EXPECT_NEAR(*m.city.tax_per_mu, 26.0, 1e-9);
  EXPECT_NEAR(*m.city.value_added_per_mu, 68.0, 1e-9);
  EXPECT_NEAR(*m.city.labour_productivity, 1700.0 / 70.0, 1e-12);
  EXPECT_FALSE(*m.city.tax_above_provincial);
  EXPECT_FALSE(*m.city.labour_meets_target);
  ASSERT_EQ(m.parks.size(), 2u);
  EXPECT_NEAR(*m.parks[0].tax_per_mu, 40.0, 1e-9);  // 400 / 10
  EXPECT_TRUE(*m.parks[0].tax_above_provincial);
  // Outside parks: C (规下) and D (规上), 10 mu.
  EXPECT_EQ(m.outside_parks, 2u);
  EXPECT_EQ(m.outside_parks_large, 1u);
  EXPECT_EQ(m.outside_parks_small, 1u);
  EXPECT_NEAR(m.outside_parks_mu, 10.0, 1e-9);
  // Leading industries (A, B, D): revenue 5000, of which 3000 in the platform P1 → 0.6; land 10 of 25 → 0.4.
  EXPECT_NEAR(*m.platform_output_share, 0.6, 1e-12);
  EXPECT_NEAR(*m.platform_land_share, 0.4, 1e-12);
  EXPECT_FALSE(*m.platform_meets_target);  // target 0.8
}

TEST(Plan, ImplausiblePerMuFigureMakesItsTableValueMissing) {
  TableLayer table;
  table.info.logical = "enterprises";
  table.info.fields = {{"tax", "实缴税金(万元)", true}};
  rules::EnterpriseSet set;
  // 10 mu: tax 9,999 万元 is 999.9 万元/亩 (kept); 10,001 is 1,000.1 (over the 1,000 limit: missing).
  set.items = {ent("规上", "3311", 10, 9999, 100, 100, 1), ent("规上", "3311", 10, 10001, 100, 100, 1)};
  set.items[0].row = 2;
  set.items[1].row = 3;
  Findings f;
  rules::screen_implausible(set, table, Plausibility{}, f);
  EXPECT_TRUE(set.items[0].get(rules::Quantity::tax));
  EXPECT_FALSE(set.items[1].get(rules::Quantity::tax));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f.items()[0].kind, "implausible_value");
  EXPECT_EQ(f.items()[0].fid, 3);
  EXPECT_EQ(f.items()[0].field, "实缴税金(万元)");
}
