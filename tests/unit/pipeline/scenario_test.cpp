#include "landrenew/pipeline/scenario.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using test::rect;

namespace {

// GK-like coordinates (EPSG:4549 around Huzhou); sizes below are relative to this origin.
constexpr double X0 = 520000, Y0 = 3390000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

PolygonLayer layer(const std::string& logical,
                   const std::vector<std::pair<std::string, std::string>>& id_wkt) {
  PolygonLayer l;
  l.info.logical = logical;
  l.info.display = logical + ".shp";
  std::int64_t fid = 0;
  for (const auto& [id, wkt] : id_wkt) {
    l.fid.push_back(fid++);
    l.geometry.push_back(geom::from_wkt(wkt));
    l.area_m2.push_back(geom::area(l.geometry.back().get()));
    l.repaired.push_back(false);
    l.attributes.column("id").push(id);
    l.attributes.column("name").push(id + " name");
    l.attributes.column("code").push(id);
  }
  return l;
}

// A run's analysis, by hand. Parcels of 100 m × 100 m (10000 m² = 15 mu) in a row:
//   A (0..100, industrial), B (100..200, industrial), C (200..300, industrial), E (300..400, industrial),
//   D (0..100 × 100..200, not industrial).
// Park P01 = 0..300 (A, B, C), park P02 = 300..400 (E). District 1 = x 0..150, district 2 = x 150..400.
// Cluster LP0001 = {B, C}. The ledger has freed the left half of A (5000 m² = 7.5 mu).
// GFA before: A, B, C 4000 each, E 15000; after: A, B, C 5000 each, E 20000.
//   P01: FAR 12000 / 30000 = 0.4 → 15000 / 30000 = 0.5 (uplift 0.1, misses +0.5);
//   P02: FAR 1.5 → 2.0 (uplift 0.5, meets).
struct Fixture {
  Analysis a;
  Fixture() {
    Inputs& in = a.check.inputs;
    in.profile = load_profile("huzhou-2023");
    in.parcels = layer("parcels", {{"A", r(0, 0, 100, 100)},
                                   {"B", r(100, 0, 200, 100)},
                                   {"C", r(200, 0, 300, 100)},
                                   {"D", r(0, 100, 100, 200)},
                                   {"E", r(300, 0, 400, 100)}});
    a.check.parcels.industrial = {0, 1, 2, 4};
    in.parks = layer("parks", {{"P01", r(0, 0, 300, 100)}, {"P02", r(300, 0, 400, 200)}});
    in.districts = layer("districts", {{"1", r(0, 0, 150, 200)}, {"2", r(150, 0, 400, 200)}});
    a.parks.emplace(*in.parks, "id");
    a.districts.emplace(*in.districts, "code");
    a.as_of = *parse_date("2026-12-31");

    a.after.emplace();
    a.after->parcel_gfa_m2 = {5000, 5000, 5000, 0, 20000};
    rules::ZoneFar p1;
    p1.id = "P01";
    p1.name = "P01 name";
    p1.area_after_m2 = 30000;
    p1.gfa_after_m2 = 15000;
    p1.far_before = 0.4;
    p1.far_after = 0.5;
    p1.uplift = 0.1;
    rules::ZoneFar p2;
    p2.id = "P02";
    p2.name = "P02 name";
    p2.area_after_m2 = 10000;
    p2.gfa_after_m2 = 20000;
    p2.far_before = 1.5;
    p2.far_after = 2.0;
    p2.uplift = 0.5;
    p2.meets_target = true;
    a.park_far = {p1, p2};

    rules::Cluster c;
    c.id = "LP0001";
    c.parcels = {1, 2};
    c.area_m2 = 20000;
    c.geometry = geom::from_wkt(r(100, 0, 300, 100));
    a.clusters.push_back(std::move(c));

    a.freed.emplace();
    rules::FreedPiece piece;
    piece.geometry = geom::from_wkt(r(0, 0, 50, 100));
    piece.area_m2 = 5000;
    a.freed->pieces.push_back(std::move(piece));
    a.freed->total_m2 = 5000;
  }
  ScenarioResult run(const std::string& toml) const {
    return evaluate_scenario(a, parse_scenario(toml, "scenario.toml"));
  }
};

const ScenarioPark& park(const ScenarioResult& r, const std::string& id) {
  for (const auto& p : r.parks)
    if (p.id == id) return p;
  throw std::runtime_error("no park " + id);
}

Error parse_error(const std::string& text) {
  try {
    parse_scenario(text, "s.toml");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an error for:\n" << text;
  return Error(ErrorKind::internal, "none");
}

}  // namespace

TEST(Scenario, ParcelAndClusterAddTheirGroundNotYetFreedSplitByDistrictAndParkFarAtTarget) {
  const Fixture f;
  const ScenarioResult s = f.run("target_far = 1.2\nparcels = [\"A\"]\nclusters = [\"LP0001\"]\n");
  ASSERT_EQ(s.candidates.size(), 2u);
  const auto& a = s.candidates[0];
  EXPECT_EQ(a.year, 2027);  // the year after the as-of date
  EXPECT_EQ(a.mode, "拆除重建");
  EXPECT_TRUE(a.counted);
  EXPECT_NEAR(mu_from_m2(a.industrial_m2), 15.0, 1e-9);
  EXPECT_NEAR(mu_from_m2(a.already_freed_m2), 7.5, 1e-9);  // the left half is in the ledger
  EXPECT_NEAR(mu_from_m2(a.adds_m2), 7.5, 1e-9);
  EXPECT_NEAR(a.gfa_current_m2, 5000, 1e-9);
  EXPECT_NEAR(a.gfa_scenario_m2, 12000, 1e-9);
  const auto& lp = s.candidates[1];
  EXPECT_EQ(lp.parcels, (std::vector<std::size_t>{1, 2}));
  EXPECT_NEAR(mu_from_m2(lp.adds_m2), 30.0, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.added_m2), 37.5, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.added_by_year_m2.at(2027)), 37.5, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.added_by_mode_m2.at("拆除重建")), 37.5, 1e-9);
  // District 1 (x < 150): right half of A (7.5 mu) + left half of B (7.5); district 2: the rest.
  EXPECT_NEAR(mu_from_m2(s.added_by_district_m2.at("1")), 15.0, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.added_by_district_m2.at("2")), 22.5, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.added_by_park_m2.at("P01")), 37.5, 1e-9);
  EXPECT_FALSE(s.added_by_park_m2.count("P02"));
  // P01: A, B and C rebuilt to 1.2 → GFA 36000 on 30000 m²: FAR 1.2, uplift 0.8, now meets +0.5.
  const ScenarioPark& p1 = park(s, "P01");
  EXPECT_EQ(p1.candidate_parcels, 3u);
  EXPECT_NEAR(*p1.far_scenario, 1.2, 1e-12);
  EXPECT_NEAR(*p1.uplift_scenario, 0.8, 1e-12);
  EXPECT_FALSE(p1.meets_target);
  EXPECT_TRUE(p1.meets_target_scenario);
  // P02 has no candidate: its FAR is the run's, to the bit.
  const ScenarioPark& p2 = park(s, "P02");
  EXPECT_EQ(p2.candidate_parcels, 0u);
  EXPECT_EQ(*p2.far_scenario, 2.0);
  EXPECT_TRUE(p2.meets_target_scenario);
  const auto j = scenario_json(s);
  EXPECT_NEAR(j["freed"]["after_mu"].get<double>(), 7.5 + 37.5, 1e-9);
  EXPECT_EQ(j["parks_meeting_target"]["current"], 1);
  EXPECT_EQ(j["parks_meeting_target"]["scenario"], 2);
  EXPECT_TRUE(j["parks"][0]["crosses_target"].get<bool>());
}

TEST(Scenario, EarlierYearTakesSharedGroundFirstAndItsTargetFar) {
  const Fixture f;
  // B is listed first but completes later: the cluster (2026) takes B and C; B (2027) adds nothing more.
  const ScenarioResult s = f.run(R"(target_far = 1.2
[[candidate]]
parcel = "B"
target_far = 3.0
year = 2027
[[candidate]]
cluster = "LP0001"
year = 2026
)");
  const auto& b = s.candidates[0];
  EXPECT_NEAR(b.adds_m2, 0.0, 1e-9);
  EXPECT_NEAR(mu_from_m2(b.earlier_candidates_m2), 15.0, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.candidates[1].adds_m2), 30.0, 1e-9);
  EXPECT_NEAR(mu_from_m2(s.added_by_year_m2.at(2026)), 30.0, 1e-9);
  EXPECT_FALSE(s.added_by_year_m2.count(2027));
  // B and C rebuilt at the cluster's 1.2 (not B's 3.0); A keeps 5000: (5000 + 24000) / 30000.
  EXPECT_NEAR(*park(s, "P01").far_scenario, 29000.0 / 30000.0, 1e-12);
}

TEST(Scenario, ModeNotCountedOrYearOutsideThePeriodAddsNoGroundButStillRaisesFar) {
  const Fixture f;
  const ScenarioResult s = f.run(R"(target_far = 2.0
[[candidate]]
parcel = "E"
mode = "改变用途"
[[candidate]]
parcel = "C"
year = 2028
)");
  EXPECT_FALSE(s.candidates[0].counted);
  EXPECT_EQ(s.candidates[0].reason.en, "mode '改变用途' is not counted");
  EXPECT_FALSE(s.candidates[1].counted);
  EXPECT_EQ(s.candidates[1].reason.en, "year 2028 outside 2023..2027");
  EXPECT_EQ(s.added_m2, 0.0);
  EXPECT_NEAR(mu_from_m2(s.candidates[0].industrial_m2), 15.0, 1e-9);
  // E rebuilt to 2.0 on 10000 m²: P02 stays at 2.0; C to 2.0: P01 (5000 + 5000 + 20000) / 30000 = 1.0.
  EXPECT_NEAR(*park(s, "P02").far_scenario, 2.0, 1e-12);
  EXPECT_NEAR(*park(s, "P01").far_scenario, 1.0, 1e-12);
  EXPECT_NEAR(*park(s, "P01").uplift_scenario, 0.6, 1e-12);
}

TEST(Scenario, NonIndustrialParcelAddsNothingAndIsNoted) {
  const Fixture f;
  const ScenarioResult s = f.run("target_far = 2\nparcels = [\"D\"]\n");
  EXPECT_EQ(s.candidates[0].industrial_parcels, 0u);
  EXPECT_EQ(s.added_m2, 0.0);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].en.find("not industrial"), std::string::npos) << s.notes[0].en;
  EXPECT_NE(s.notes[0].zh.find("不是工业用地"), std::string::npos) << s.notes[0].zh;
}

TEST(Scenario, UnknownIdsAreProjectErrorsWithTheirLine) {
  const Fixture f;
  for (const char* text :
       {"target_far = 2\nclusters = [\n  \"LP0001\",\n  \"LP0099\",\n]\n",
        "target_far = 2\n\n[[candidate]]\nparcel = \"A\"\n[[candidate]]\nparcel = \"Z9\"\n"}) {
    try {
      f.run(text);
      ADD_FAILURE() << "expected an error for:\n" << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::project);
      ASSERT_TRUE(e.context().line) << e.what();
      EXPECT_EQ(*e.context().line, std::string(text).find("LP0099") != std::string::npos ? 4 : 5) << e.what();
      EXPECT_EQ(e.context().file, "scenario.toml");
    }
  }
}

TEST(Scenario, FileErrorsAreRefusedWithTheirLine) {
  Error e = parse_error("target_far = 2\nclusters = [\"LP0001\"]\ntarget_fra = 3\n");
  EXPECT_EQ(e.kind(), ErrorKind::project);
  EXPECT_EQ(e.context().line, 3);
  EXPECT_NE(std::string(e.what()).find("target_far"), std::string::npos) << e.what();  // did you mean
  e = parse_error("target_far = 2\n[[candidate]]\ncluster = \"LP0001\"\nweight = 1\n");
  EXPECT_EQ(e.context().line, 4);
  e = parse_error("target_far = 2\nparcels = [\"A\"]\n[[candidate]]\nparcel = \"A\"\n");
  EXPECT_NE(std::string(e.what()).find("listed twice (first on line 2)"), std::string::npos) << e.what();
  e = parse_error("clusters = [\"LP0001\"]\n");
  EXPECT_NE(std::string(e.what()).find("no target FAR"), std::string::npos) << e.what();
  e = parse_error("target_far = 0\nclusters = [\"LP0001\"]\n");
  EXPECT_EQ(e.context().line, 1);
  e = parse_error("target_far = 2\n");
  EXPECT_NE(std::string(e.what()).find("no candidates"), std::string::npos) << e.what();
  e = parse_error("target_far = 2\n[[candidate]]\nparcel = \"A\"\ncluster = \"LP0001\"\n");
  EXPECT_NE(std::string(e.what()).find("not both"), std::string::npos) << e.what();
  e = parse_error("target_far = 2\nclusters = \"LP0001\"\n");
  EXPECT_EQ(e.context().line, 2);
  // A per-candidate target makes the top-level one optional.
  const ScenarioSpec s = parse_scenario("[[candidate]]\ncluster = \"LP0001\"\ntarget_far = 1.5\n", "s.toml");
  EXPECT_EQ(s.candidates.at(0).target_far, 1.5);
  EXPECT_EQ(s.candidates.at(0).line, 1);
}

TEST(Scenario, MissingFileIsAProjectError) {
  try {
    load_scenario("/nonexistent/scenario.toml");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::project);
  }
}

TEST(Scenario, SummaryIsChineseWhenTheLanguageIsChineseAndEnglishAsBefore) {
  const Fixture f;
  const ScenarioResult s = f.run("name = \"试算\"\ntarget_far = 1.2\nparcels = [\"A\"]\n");
  std::ostringstream en, zh;
  write_scenario_summary(en, s);
  set_language(Language::zh);
  write_scenario_summary(zh, s);
  set_language(Language::en);
  // A: 15 mu industrial, 7.5 already freed, adds 7.5 in 2027.
  EXPECT_NE(
      en.str().find("  A parcel, 1 industrial parcel, 15.00 mu, 2027: adds 7.50 mu (already freed 7.50, "
                    "earlier candidates 0.00)"),
      std::string::npos)
      << en.str();
  EXPECT_NE(
      zh.str().find("情景             试算：候选 1 个，目标容积率 1.20，拆除重建，2027 年（scenario.json）"),
      std::string::npos)
      << zh.str();
  EXPECT_NE(zh.str().find(
                "  A 宗地，工业用地 1 宗，15.00 亩，2027 年：增加 7.50 亩（已腾出 7.50，前序候选已占 0.00）"),
            std::string::npos)
      << zh.str();
  EXPECT_EQ(zh.str().find(" mu"), std::string::npos) << zh.str();
}
