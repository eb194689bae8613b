// RULES.md 26: what a partition's summary.json carries for `landrenew merge`, read back and added up.
#include "landrenew/out/partition_summary.hpp"

#include <gtest/gtest.h>

using namespace landrenew;
using json = nlohmann::ordered_json;

TEST(PartitionSummary, a_tally_read_back_from_its_json_renders_the_same_warnings) {
  CoverageTally t;
  t.industrial_m2 = 12345.678;
  t.criteria["enterprise_class"] = {true, 3, 2, 111.25};
  t.rejected = {{"parcels", 2}, {"renewal", 1}};
  t.enterprises = true;
  t.not_classified["no indicator values"] = 5;
  t.records = true;
  t.unusable = {.records = 4, .no_date = 1, .bad_date = 1, .no_mode = 1, .other_mode = 0, .no_parcel = 1};
  t.kinds["landuse_unknown"] = {7, {{"parcels", 7}}, 5000.5};
  t.landuse[{true, "0601"}] = {"GB/T 21010-2017", "", true, 2, 800};
  const json j = json::parse(out::coverage_tally_json(t).dump());  // through the text, as merge reads it
  const auto a = render_warnings(t), b = render_warnings(out::coverage_tally_from_json(j));
  ASSERT_EQ(a.size(), 6u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].count, b[i].count);
    EXPECT_EQ(a[i].mu, b[i].mu);
    EXPECT_EQ(a[i].message.en, b[i].message.en);
  }
}

TEST(PartitionSummary, owned_features_of_a_check_a_partition_could_not_measure_count_with_nothing_inside) {
  rules::AgreementCheck c;
  c.key = "buildings_in_parcels";
  c.layer = "buildings_after";
  c.reference = "parcels";
  c.threshold = 0.5;
  // Partition 1 measured 3 buildings, 80 of 100 m² on parcels; partition 2 read no parcel, so it has no check,
  // but owns 2 buildings of 100 m², on no parcel: one run counts 5 buildings, 80 of 200 m² inside.
  const json p1 = out::agreement_shares_json({c}, {{3, 80, 100}});
  const json p2 = out::agreement_shares_json({}, {}, {{"buildings_in_parcels", "buildings_after", 2, 100}});
  const auto checks = out::agreement_from_shares({&p1, &p2});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].features, 5u);
  EXPECT_DOUBLE_EQ(checks[0].share, 0.4);
  // No partition measured it: one run had no parcels at all, and no check.
  EXPECT_TRUE(out::agreement_from_shares({&p2}).empty());
}

TEST(PartitionSummary, agreement_shares_add_up_to_sum_inside_over_sum_area_and_say_the_shift_is_not_estimated) {
  rules::AgreementCheck c;
  c.key = "buildings_in_parcels";
  c.layer = "buildings_after";
  c.reference = "parcels";
  c.threshold = 0.5;
  // Partition 1 owns 3 buildings, 80 of 100 m² on parcels; partition 2 owns 2, 10 of 100 m².
  const json p1 = out::agreement_shares_json({c}, {{3, 80, 100}});
  const json p2 = out::agreement_shares_json({c}, {{2, 10, 100}});
  const auto checks = out::agreement_from_shares({&p1, &p2});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].features, 5u);
  EXPECT_DOUBLE_EQ(checks[0].share, 0.45);  // 90 ÷ 200, not the mean of 0.8 and 0.1
  EXPECT_TRUE(checks[0].below());
  EXPECT_FALSE(checks[0].shift_reported);
  const json written = out::agreement_json(checks);
  EXPECT_TRUE(written.at("buildings_in_parcels").at("shift_m").is_null());
  CoverageTally t;
  t.agreement = checks;
  const auto ws = render_warnings(t);
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].kind, "agreement_buildings_in_parcels");
  EXPECT_EQ(ws[0].count, 5u);
  EXPECT_NE(ws[0].message.en.find("only 45.0% of the area of buildings_after lies on parcels (profile threshold "
                                  "50.0%); likely cause: not known: a partitioned run does not look for the "
                                  "constant shift"),
            std::string::npos)
      << ws[0].message.en;
}

TEST(PartitionSummary, plan_sums_added_up_settle_ratios_from_the_sums_not_a_mean_of_ratios) {
  PlanTargets targets;
  targets.provincial_tax_per_mu = 5;
  rules::PlanMetrics one, two;
  one.sums.city = {.n = 1, .land = 10, .tax_land = 10, .tax = 100};  // 10 per mu
  two.sums.city = {.n = 2, .land = 30, .tax_land = 30, .tax = 60};   // 2 per mu
  one.sums.districts = {one.sums.city};
  two.sums.districts = {two.sums.city};
  one.districts = {{.id = "330502", .name = "吴兴区"}};
  two.districts = one.districts;
  auto a = out::plan_sums_from_json(json::parse(out::plan_sums_json(one).dump()));
  const auto b = out::plan_sums_from_json(json::parse(out::plan_sums_json(two).dump()));
  a.sums.city += b.sums.city;
  a.sums.districts[0] += b.sums.districts[0];
  const rules::PlanMetrics pm = rules::settle_plan(a.sums, a.districts, a.parks, targets);
  EXPECT_EQ(pm.city.enterprises, 3u);
  EXPECT_DOUBLE_EQ(pm.city.land_mu, 40);
  ASSERT_TRUE(pm.city.tax_per_mu);
  EXPECT_DOUBLE_EQ(*pm.city.tax_per_mu, 4);  // 160 ÷ 40; the mean of the ratios would be 6, above 5
  EXPECT_EQ(pm.city.tax_above_provincial, false);
  ASSERT_EQ(pm.districts.size(), 1u);
  EXPECT_EQ(pm.districts[0].id, "330502");
  EXPECT_DOUBLE_EQ(*pm.districts[0].tax_per_mu, 4);
  EXPECT_FALSE(pm.platform_output_share);  // no parks
}

TEST(PartitionSummary, agreement_checks_keep_one_runs_order_when_the_first_partition_lacks_one) {
  const auto check = [](const char* key) {
    rules::AgreementCheck c;
    c.key = key;
    c.layer = key;
    c.reference = "ref";
    return c;
  };
  // Partition 1 has no industrial parcel of its own to measure against the districts; partition 2 has.
  const json p1 = out::agreement_shares_json({check("buildings_in_parcels"), check("register_on_industrial")},
                                             {{1, 1, 1}, {1, 1, 1}});
  const json p2 = out::agreement_shares_json(
      {check("buildings_in_parcels"), check("parcels_in_districts"), check("register_on_industrial")},
      {{1, 1, 1}, {2, 2, 2}, {1, 0, 1}});
  const auto checks = out::agreement_from_shares({&p1, &p2});
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0].key, "buildings_in_parcels");
  EXPECT_EQ(checks[1].key, "parcels_in_districts");
  EXPECT_EQ(checks[2].key, "register_on_industrial");
  EXPECT_EQ(checks[1].features, 2u);
  EXPECT_DOUBLE_EQ(checks[2].share, 0.5);
}
