// RULES.md 20, 26: the headline warnings rendered from a tally, and from two partitions' tallies added up
// (what `landrenew merge` does) as from one tally holding the totals.
#include "landrenew/pipeline/coverage.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/i18n.hpp"

using namespace landrenew;

namespace {

// One partition's share: m2 chosen so that mu come out round (1 mu = 10000 / 15 m²).
CoverageTally first_share() {
  CoverageTally t;
  t.industrial_m2 = 10000;  // 15 mu
  t.criteria["far_below_minimum"] = {.enabled = true, .evaluated_parcels = 4, .not_evaluable_parcels = 2,
                                     .not_evaluable_m2 = 1000};  // 1.5 mu
  t.criteria["wuwei"] = {.enabled = true, .evaluated_parcels = 0, .not_evaluable_parcels = 6,
                         .not_evaluable_m2 = 10000};
  t.rejected = {{"parcels", 1}, {"buildings_after", 0}};
  t.enterprises = true;
  t.not_classified["no indicator values"] = 2;
  t.records = true;
  t.unusable = {.records = 1, .no_date = 1};
  t.kinds["bad_number"] = {.count = 2, .layers = {{"parcels", 2}}, .m2 = 2000};  // 3 mu
  t.landuse[{false, "工业X"}] = {.scheme = "", .resembles = "工业", .parcels = 1, .m2 = 400};  // 0.6 mu
  return t;
}

CoverageTally second_share() {
  CoverageTally t;
  t.industrial_m2 = 10000;
  t.criteria["far_below_minimum"] = {.enabled = true, .evaluated_parcels = 5, .not_evaluable_parcels = 3,
                                     .not_evaluable_m2 = 500};  // 0.75 mu
  t.criteria["wuwei"] = {.enabled = true, .evaluated_parcels = 2, .not_evaluable_parcels = 1,
                         .not_evaluable_m2 = 200};
  t.rejected = {{"parcels", 2}, {"buildings_after", 3}};
  t.enterprises = true;
  t.not_classified["no indicator values"] = 1;
  t.not_classified["no size class (规上/规下)"] = 4;
  t.records = true;
  t.unusable = {.records = 2, .no_date = 1, .no_mode = 1};
  t.kinds["bad_number"] = {.count = 1, .layers = {{"enterprises", 1}}, .m2 = 0};
  t.landuse[{false, "工业X"}] = {.scheme = "", .resembles = "工业", .parcels = 2, .m2 = 600};
  return t;
}

const HeadlineWarning* find(const std::vector<HeadlineWarning>& ws, const std::string& kind) {
  for (const auto& w : ws)
    if (w.kind == kind) return &w;
  return nullptr;
}

}  // namespace

TEST(CoverageTally, two_partitions_summed_render_the_totals_counts_areas_and_messages) {
  CoverageTally merged = first_share();
  merged += second_share();
  const std::vector<HeadlineWarning> ws = render_warnings(merged);

  // far_below_minimum: 2 + 3 parcels, 1000 + 500 m² = 2.25 mu of 20000 m² = 30 mu, 7.5%.
  const HeadlineWarning* far = find(ws, "not_evaluable_far_below_minimum");
  ASSERT_NE(far, nullptr);
  EXPECT_EQ(far->count, 5u);
  EXPECT_DOUBLE_EQ(far->mu, 2.25);
  EXPECT_NE(far->message.en.find("could not be evaluated on 5 industrial parcels, 2.25 of 30.00 mu (7.5%)"),
            std::string::npos)
      << far->message.en;
  // wuwei was evaluated nowhere in the first partition but on 2 parcels in the second: "could not be", not
  // "could be evaluated on no industrial parcel".
  const HeadlineWarning* wuwei = find(ws, "not_evaluable_wuwei");
  ASSERT_NE(wuwei, nullptr);
  EXPECT_EQ(wuwei->count, 7u);
  EXPECT_NE(wuwei->message.en.find("could not be evaluated on 7 industrial parcels, 15.30 of 30.00 mu (51.0%)"),
            std::string::npos)
      << wuwei->message.en;
  // Rejected features per layer in the inputs' order, a layer with none left out of the list.
  const HeadlineWarning* rejected = find(ws, "features_rejected");
  ASSERT_NE(rejected, nullptr);
  EXPECT_EQ(rejected->count, 6u);
  EXPECT_NE(rejected->message.en.find(": parcels 3, buildings_after 3"), std::string::npos) << rejected->message.en;
  const HeadlineWarning* ent = find(ws, "enterprise_not_classified");
  ASSERT_NE(ent, nullptr);
  EXPECT_EQ(ent->count, 7u);
  EXPECT_NE(ent->message.en.find("no indicator values 3"), std::string::npos) << ent->message.en;
  const HeadlineWarning* reg = find(ws, "renewal_records_unusable");
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->count, 3u);
  EXPECT_NE(reg->message.en.find("(no date 2, unparseable date 0, no mode 1, mode not in the counting set 0)"),
            std::string::npos)
      << reg->message.en;
  const HeadlineWarning* bad = find(ws, "bad_number");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->count, 3u);
  EXPECT_DOUBLE_EQ(bad->mu, 3.0);
  EXPECT_NE(bad->message.en.find("(enterprises 1, parcels 2); the parcels concerned cover 3.00 mu"),
            std::string::npos)
      << bad->message.en;
  const HeadlineWarning* looks = find(ws, "landuse_looks_industrial");
  ASSERT_NE(looks, nullptr);
  EXPECT_EQ(looks->count, 3u);
  EXPECT_DOUBLE_EQ(looks->mu, 1.5);
  EXPECT_NE(looks->message.en.find("3 parcels, 1.50 mu"), std::string::npos) << looks->message.en;
}

TEST(CoverageTally, summed_tallies_render_what_one_tally_with_the_totals_renders) {
  CoverageTally merged = first_share();
  merged += second_share();
  CoverageTally whole;  // the same figures as one run would tally them
  whole.industrial_m2 = 20000;
  whole.criteria["far_below_minimum"] = {true, 9, 5, 1500};
  whole.criteria["wuwei"] = {true, 2, 7, 10200};
  whole.rejected = {{"parcels", 3}, {"buildings_after", 3}};
  whole.enterprises = true;
  whole.not_classified = {{"no indicator values", 3}, {"no size class (规上/规下)", 4}};
  whole.records = true;
  whole.unusable = {.records = 3, .no_date = 2, .no_mode = 1};
  whole.kinds["bad_number"] = {3, {{"enterprises", 1}, {"parcels", 2}}, 2000};
  whole.landuse[{false, "工业X"}] = {"", "工业", false, 3, 1000};
  const auto a = render_warnings(merged), b = render_warnings(whole);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].count, b[i].count);
    EXPECT_DOUBLE_EQ(a[i].mu, b[i].mu);
    EXPECT_EQ(a[i].message.en, b[i].message.en);
    EXPECT_EQ(a[i].message.zh, b[i].message.zh);
  }
  // Largest mu first: wuwei (15.3 mu), bad_number (3), far (2.25), land use (1.5), then the rows' (0 mu) by
  // count: enterprises 7, rejected 6, records 3.
  std::vector<std::string> kinds;
  for (const auto& w : a)
    kinds.push_back(w.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"not_evaluable_wuwei", "bad_number", "not_evaluable_far_below_minimum",
                                             "landuse_looks_industrial", "enterprise_not_classified",
                                             "features_rejected", "renewal_records_unusable"}));
}

TEST(CoverageTally, a_disabled_criterion_or_none_lacking_gives_no_warning) {
  CoverageTally t;
  t.industrial_m2 = 1000;
  t.criteria["far_below_minimum"] = {false, 0, 3, 100};
  t.criteria["wuwei"] = {true, 4, 0, 0};
  t.rejected = {{"parcels", 0}};
  EXPECT_TRUE(render_warnings(t).empty());
}
