// RULES.md 10–11: linking enterprises to parcels, their land, unit conversion and the per-mu indicators.
#include "landrenew/rules/enterprises.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/units.hpp"

using namespace landrenew;

namespace {

// Parcels from (credit code cell, WKT).
PolygonLayer parcels(const std::vector<std::pair<std::string, std::string>>& rows) {
  PolygonLayer p;
  p.info.logical = "parcels";
  std::int64_t fid = 0;
  for (const auto& [code, wkt] : rows) {
    p.fid.push_back(fid++);
    p.geometry.push_back(geom::from_wkt(wkt));
    p.area_m2.push_back(geom::area(p.geometry.back().get()));
    p.repaired.push_back(false);
    p.attributes.column("credit_code")
        .push(code.empty() ? std::nullopt : std::optional<std::string_view>(code));
  }
  return p;
}

// A table with the given columns; each row lists values in column order ("" = blank).
TableLayer table(const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows) {
  TableLayer t;
  t.info.logical = "enterprises";
  for (const auto& c : columns)
    t.info.fields.push_back({c, c + "_col", true});
  std::int64_t row = 2;
  for (const auto& r : rows) {
    t.row.push_back(row++);
    for (std::size_t c = 0; c < columns.size(); ++c)
      t.attributes.column(columns[c])
          .push(r[c].empty() ? std::nullopt : std::optional<std::string_view>(r[c]));
  }
  t.counts.read = t.counts.used = rows.size();
  return t;
}

// A square of `mu` mu at x0.
std::string mu_square(double x0, double mu) {
  const double side = std::sqrt(m2_from_mu(mu));
  char buf[200];
  std::snprintf(buf, sizeof buf, "POLYGON((%.17g 0,%.17g 0,%.17g %.17g,%.17g %.17g,%.17g 0))", x0, x0 + side,
                x0 + side, side, x0, side, x0);
  return buf;
}

LayerSource units(std::map<std::string, std::string> u) {
  LayerSource s;
  s.logical = "enterprises";
  s.units = std::move(u);
  return s;
}

}  // namespace

TEST(Enterprises, EachIndicatorIsComputedPerMuAndPerUnit) {
  // 20 mu; tax 200 万元, VA 1000, revenue 4000, energy 500 tce, emissions 4 t, 50 employees, R&D 120, 80
  // 万kWh, investment 8000.
  auto p = parcels({{"A", mu_square(0, 20)}});
  auto t = table({"credit_code", "tax", "value_added", "revenue", "energy", "emissions", "employees", "rd",
                  "electricity", "investment"},
                 {{"A", "200", "1000", "4000", "500", "4", "50", "120", "80", "8000"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  ASSERT_EQ(s.items.size(), 1u);
  const rules::Enterprise& e = s.items[0];
  EXPECT_NEAR(*e.land_mu(), 20.0, 1e-7);
  EXPECT_NEAR(*e.metric(Metric::tax_per_mu), 10.0, 1e-7);              // 200 / 20
  EXPECT_NEAR(*e.metric(Metric::value_added_per_mu), 50.0, 1e-7);      // 1000 / 20
  EXPECT_NEAR(*e.metric(Metric::output_per_mu), 200.0, 1e-7);          // 4000 / 20
  EXPECT_NEAR(*e.metric(Metric::value_added_per_energy), 2.0, 1e-12);  // 1000 / 500
  EXPECT_NEAR(*e.metric(Metric::value_added_per_emission), 250.0, 1e-12);
  EXPECT_NEAR(*e.metric(Metric::labour_productivity), 20.0, 1e-12);  // 1000 / 50
  EXPECT_NEAR(*e.metric(Metric::rd_intensity), 0.03, 1e-12);         // 120 / 4000
  EXPECT_NEAR(*e.metric(Metric::tax_per_electricity), 2.5, 1e-12);   // 200 / 80
  EXPECT_NEAR(*e.metric(Metric::energy_per_value_added), 0.5, 1e-12);
  EXPECT_NEAR(*e.metric(Metric::investment_per_mu), 400.0, 1e-7);
  EXPECT_FALSE(e.metric(Metric::far));
  for (const auto& x : f.items())
    EXPECT_EQ(x.kind, "credit_code_invalid");  // "A" is not a real code
}

TEST(Enterprises, MoneyInYuanAndElectricityInKwhAreConverted) {
  auto p = parcels({{"A", mu_square(0, 10)}});
  auto t = table({"credit_code", "tax", "electricity"}, {{"A", "1500000", "300000"}});
  Findings f;
  rules::EnterpriseSet s =
      rules::link_enterprises(t, units({{"tax", "元"}, {"electricity", "千瓦时"}}), p, f);
  EXPECT_NEAR(*s.items[0].get(rules::Quantity::tax), 150.0, 1e-7);  // 1,500,000 元 = 150 万元
  EXPECT_NEAR(*s.items[0].metric(Metric::tax_per_mu), 15.0, 1e-7);
  EXPECT_NEAR(*s.items[0].get(rules::Quantity::electricity), 30.0, 1e-7);  // 万千瓦时
}

TEST(Enterprises, BadCellsAreFindingsWithRowsAndTheIndicatorIsMissingNotZero) {
  auto p = parcels({{"A", mu_square(0, 10)}, {"B", mu_square(1000, 10)}, {"C", mu_square(2000, 10)}});
  auto t =
      table({"credit_code", "tax", "value_added"}, {{"A", "-5", "100"}, {"B", "N/A", ""}, {"C", "—", "30"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  EXPECT_FALSE(s.items[0].metric(Metric::tax_per_mu));
  EXPECT_FALSE(s.items[1].get(rules::Quantity::value_added));  // blank: missing, no finding
  std::size_t bad = 0;
  for (const auto& x : f.items())
    if (x.kind == "bad_number") {
      ++bad;
      EXPECT_EQ(x.field, "tax_col");
      EXPECT_GE(x.fid, 2);  // spreadsheet row
    }
  EXPECT_EQ(bad, 3u);
}

TEST(Enterprises, SharedParcelGivesEachHolderHalfAndSeveralParcelsAreUnioned) {
  // Parcel 0 (10 mu) held by A alone; parcel 1 (10 mu) shared by A and B; parcel 2 duplicates parcel 0 for A.
  auto p = parcels({{"A", mu_square(0, 10)}, {"A;B", mu_square(1000, 10)}, {"A", mu_square(0, 10)}});
  auto t = table({"credit_code", "tax"}, {{" a ", "150"}, {"B", "50"}, {"Z", "10"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  // A: union of parcels 0 and 2 (10 mu, counted once) + half of parcel 1 (5 mu) = 15 mu.
  EXPECT_EQ(s.items[0].credit_code, "A");
  EXPECT_EQ(s.items[0].parcels, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_NEAR(*s.items[0].land_mu(), 15.0, 1e-7);
  EXPECT_NEAR(*s.items[1].land_mu(), 5.0, 1e-7);
  EXPECT_EQ(s.items[1].location, 1u);
  EXPECT_EQ(s.by_parcel[1], (std::vector<std::size_t>{0, 1}));
  // The unlinked row is reported and has no location.
  EXPECT_FALSE(s.items[2].location);
  std::size_t unlinked = 0;
  for (const auto& x : f.items())
    unlinked += x.kind == "enterprise_unlinked";
  EXPECT_EQ(unlinked, 1u);
  // Parcel 1's tax: A puts 5 of its 25 mu-weighted land there (5/25 of 150 = 30), B all of its 50 → 80.
  EXPECT_NEAR(*s.parcel_quantity(1, rules::Quantity::tax), 80.0, 1e-7);
}

TEST(Enterprises, LandAreaFromTheTableWinsAndLocationTiesGoToTheSmallerFid) {
  // Two parcels of exactly 2,000 m² (3 mu): the tie goes to FID 0.
  auto p = parcels({{"A", "POLYGON((0 0,50 0,50 40,0 40,0 0))"},
                    {"A", "POLYGON((1000 0,1050 0,1050 40,1000 40,1000 0))"}});
  auto t = table({"credit_code", "land_area"}, {{"A", "12.5"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  EXPECT_NEAR(*s.items[0].land_mu(), 12.5, 1e-12);
  EXPECT_EQ(s.items[0].land_source, "table");
  EXPECT_EQ(s.items[0].location, 0u);
}

TEST(Enterprises, CreditCodeChecksumFollowsGb32100) {
  // Built by hand: 17 characters "91330502MA2B00001" → weighted sum mod 31 gives the check character.
  const std::string body = "91330502MA2B00001";
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i)
    sum += static_cast<int>(alphabet.find(body[static_cast<std::size_t>(i)])) * w[i];
  const std::string good = body + alphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
  EXPECT_TRUE(rules::credit_code_checksum_ok(good));
  std::string bad = good;
  bad[17] = bad[17] == '0' ? '1' : '0';
  EXPECT_FALSE(rules::credit_code_checksum_ok(bad));
  EXPECT_FALSE(rules::credit_code_checksum_ok("9133050"));
  EXPECT_FALSE(rules::credit_code_checksum_ok("91330502MA2B0000IO"));  // I and O are not in the alphabet
}

TEST(Enterprises, IdentifiersLinkAfterNfkcSpacesAndCase) {  // RULES.md 21
  // Parcel cells typed through a Chinese input method; table codes in ASCII, lower case, with NBSP.
  auto p = parcels({{"９１３３０５００ＭＡ２Ｂ０００００１", mu_square(0, 10)},
                    {"91330500MA2B000002\xE3\x80\x80、 91330500MA2B000003", mu_square(1000, 20)}});
  auto t = table({"credit_code", "tax", "land_share"}, {{"91330500ma2b000001", "１，０００", ""},
                                                        {"91330500\xC2\xA0MA2B000002", "1,2", "50%"},
                                                        {"９１３３０５００ＭＡ２Ｂ０００００３", "", ""}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[0].credit_code, "91330500MA2B000001");
  EXPECT_EQ(s.items[0].parcels, (std::vector<std::size_t>{0}));
  EXPECT_NEAR(*s.items[0].land_mu(), 10.0, 1e-7);
  EXPECT_EQ(s.items[0].get(rules::Quantity::tax), 1000.0);
  EXPECT_EQ(s.items[1].parcels, (std::vector<std::size_t>{1}));
  EXPECT_NEAR(*s.items[1].land_mu(), 10.0, 1e-7);  // a 50% share of 20 mu
  EXPECT_FALSE(s.items[1].get(rules::Quantity::tax));  // "1,2" is not a number
  EXPECT_EQ(s.items[2].parcels, (std::vector<std::size_t>{1}));
  std::size_t unlinked = 0, bad = 0;
  for (const auto& x : f.items()) {
    unlinked += x.kind == "enterprise_unlinked";
    bad += x.kind == "bad_number";
  }
  EXPECT_EQ(unlinked, 0u);
  EXPECT_EQ(bad, 1u);
}

// --- Issue 18: links beyond the parcel's credit code -------------------------------------------------------------

namespace {

struct CadastreRow {
  std::string id, code, holder, wkt;
};

// Parcels with an id, a credit-code cell and a holder cell ("" = blank).
PolygonLayer cadastre(const std::vector<CadastreRow>& rows) {
  PolygonLayer p;
  p.info.logical = "parcels";
  std::int64_t fid = 0;
  const auto cell = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string_view>(s);
  };
  for (const auto& r : rows) {
    p.fid.push_back(fid++);
    p.geometry.push_back(geom::from_wkt(r.wkt));
    p.area_m2.push_back(geom::area(p.geometry.back().get()));
    p.repaired.push_back(false);
    p.attributes.column("id").push(cell(r.id));
    p.attributes.column("credit_code").push(cell(r.code));
    p.attributes.column("holder").push(cell(r.holder));
  }
  return p;
}

std::size_t count_kind(const Findings& f, std::string_view kind) {
  std::size_t n = 0;
  for (const auto& x : f.items())
    n += x.kind == kind ? 1 : 0;
  return n;
}

// 91330500 + 组织机构代码 123456789 + X: characters 9–17 are the organisation code.
const std::string kCredit = "91330500123456789X";

}  // namespace

TEST(EnterpriseLinks, OrganisationCodeIsTheNineCharactersFromTheNinthOfACreditCode) {
  EXPECT_EQ(rules::organisation_code("12345678-9"), "123456789");
  EXPECT_EQ(rules::organisation_code("MA7W5N8J5"), "MA7W5N8J5");
  EXPECT_FALSE(rules::organisation_code("1234567-89"));  // the hyphen only before the check character
  EXPECT_FALSE(rules::organisation_code("12345678"));
  EXPECT_FALSE(rules::organisation_code(kCredit));
  EXPECT_FALSE(rules::organisation_code("12345678_9"));
}

TEST(EnterpriseLinks, ParcelWithTheOldOrganisationCodeLinksTheRowWhoseCreditCodeEmbedsIt) {
  // Parcel 0 (10 mu) carries the 组织机构代码 as QLRZJH holds it ("12345678-9"); parcel 1 (20 mu) another code.
  auto p = cadastre({{"Z1", "12345678-9", "", mu_square(0, 10)}, {"Z2", "987654321", "", mu_square(1000, 20)}});
  auto t = table({"credit_code"}, {{kCredit}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  const rules::Enterprise& e = s.items[0];
  EXPECT_EQ(e.link, rules::LinkMethod::organisation_code);
  EXPECT_EQ(e.parcels, std::vector<std::size_t>{0});
  EXPECT_NEAR(*e.land_mu(), 10.0, 1e-7);
  EXPECT_EQ(count_kind(f, "enterprise_unlinked"), 0u);
}

TEST(EnterpriseLinks, RowWithTheOldOrganisationCodeLinksTheParcelsWhoseCreditCodeEmbedsIt) {
  // The table keeps "12345678-9"; the parcels carry the 18-character code, one of them full-width.
  auto p = cadastre({{"Z1", kCredit, "", mu_square(0, 10)},
                     {"Z2", "９１３３０５００１２３４５６７８９Ｘ", "", mu_square(1000, 5)},
                     {"Z3", "91330500987654321Y", "", mu_square(2000, 7)}});
  auto t = table({"credit_code"}, {{" 12345678-9 "}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  EXPECT_EQ(s.items[0].link, rules::LinkMethod::organisation_code);
  EXPECT_EQ(s.items[0].parcels, (std::vector<std::size_t>{0, 1}));
  EXPECT_NEAR(*s.items[0].land_mu(), 15.0, 1e-7);  // 10 + 5
}

TEST(EnterpriseLinks, OrganisationCodeInTwoDifferentCreditCodesLinksNeitherAndIsAFinding) {
  // Two rows whose credit codes share characters 9–17: the parcel's 123456789 could be either's.
  auto p = cadastre({{"Z1", "123456789", "", mu_square(0, 10)}});
  auto t = table({"credit_code"}, {{kCredit}, {"92330500123456789Y"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  for (const auto& e : s.items) {
    EXPECT_EQ(e.link, rules::LinkMethod::none);
    EXPECT_TRUE(e.parcels.empty());
  }
  EXPECT_EQ(count_kind(f, "organisation_code_ambiguous"), 2u);
  EXPECT_EQ(count_kind(f, "enterprise_unlinked"), 2u);
}

TEST(EnterpriseLinks, ParcelCodeColumnLinksListedParcelsAndSharedOnesSplitByTheRowsListingThem) {
  // A 三调-style layer: ids, no codes, no holders. Z1 and Z2 are 10 mu each. Row A lists Z1 and z2 (lower case,
  // 、); row B lists Z2 and Z9 (；, no such parcel). Z2 is listed by two rows: k = 2, so A has 10 + 10/2 = 15
  // mu and B 10/2 = 5 mu.
  auto p = cadastre({{"Z1", "", "", mu_square(0, 10)}, {"Z2", "", "", mu_square(1000, 10)},
                     {"Z3", "", "", mu_square(2000, 10)}});
  auto t = table({"credit_code", "parcel_ids"}, {{"A", "Z1、z2"}, {"B", "Z2；Z9"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  EXPECT_EQ(s.items[0].link, rules::LinkMethod::parcel_code);
  EXPECT_EQ(s.items[0].parcels, (std::vector<std::size_t>{0, 1}));
  EXPECT_NEAR(*s.items[0].land_mu(), 15.0, 1e-7);
  EXPECT_EQ(s.items[1].link, rules::LinkMethod::parcel_code);
  EXPECT_EQ(s.items[1].parcels, std::vector<std::size_t>{1});
  EXPECT_NEAR(*s.items[1].land_mu(), 5.0, 1e-7);
  EXPECT_NEAR(s.allocation(0, 1), 1.0 / 3.0, 1e-12);  // 5 of A's 15 mu
  ASSERT_EQ(count_kind(f, "enterprise_parcel_code_unknown"), 1u);
  for (const auto& x : f.items())
    if (x.kind == "enterprise_parcel_code_unknown") {
      EXPECT_NE(x.message.en.find("Z9"), std::string::npos);
      EXPECT_EQ(x.field, "parcel_ids_col");
      EXPECT_EQ(x.fid, 3);  // B's spreadsheet row
    }
}

TEST(EnterpriseLinks, HolderNameLinksOnlyParcelsWithoutACodeAndEachIsAFinding) {
  // Parcel 0 has no code and the holder written with full-width brackets; parcel 1 has the same holder but a
  // code (another enterprise's): a name never overrides a code.
  auto p = cadastre({{"Z1", "", "湖州（长兴）甲有限公司", mu_square(0, 10)},
                     {"Z2", "91330500MA7W5N8J5R", "湖州（长兴）甲有限公司", mu_square(1000, 10)}});
  auto t = table({"credit_code", "name"}, {{"91330522000000000A", "湖州(长兴) 甲有限公司"}, {"", "乙公司"}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  EXPECT_EQ(s.items[0].link, rules::LinkMethod::holder_name);
  EXPECT_EQ(s.items[0].parcels, std::vector<std::size_t>{0});
  EXPECT_EQ(s.items[1].link, rules::LinkMethod::none);
  EXPECT_EQ(count_kind(f, "enterprise_linked_by_name"), 1u);
  EXPECT_EQ(count_kind(f, "credit_code_missing"), 1u);  // 乙公司: no code, no link
}

TEST(EnterpriseLinks, RowLinksByTheFirstMethodThatFindsAParcel) {
  // Row 1's credit code is on Z1; its parcel cell lists Z3 and its name is Z4's holder: credit code wins.
  // Row 2's code is on no parcel but embeds Z2's organisation code; its parcel cell lists Z3: organisation code.
  // Row 3 has a code on nothing, lists Z3 and is named as Z4's holder: parcel code.
  // Row 4 has only its name, Z4's holder: holder name.
  auto p = cadastre({{"Z1", "91330500MA7W5N8J5R", "", mu_square(0, 10)},
                     {"Z2", "123456789", "", mu_square(1000, 10)},
                     {"Z3", "", "", mu_square(2000, 10)},
                     {"Z4", "", "丁公司", mu_square(3000, 10)}});
  auto t = table({"credit_code", "name", "parcel_ids"}, {{"91330500MA7W5N8J5R", "丁公司", "Z3"},
                                                         {kCredit, "丁公司", "Z3"},
                                                         {"91330500999999999A", "丁公司", "Z3"},
                                                         {"", "丁公司", ""}});
  Findings f;
  rules::EnterpriseSet s = rules::link_enterprises(t, units({}), p, f);
  EXPECT_EQ(s.items[0].link, rules::LinkMethod::credit_code);
  EXPECT_EQ(s.items[0].parcels, std::vector<std::size_t>{0});
  EXPECT_EQ(s.items[1].link, rules::LinkMethod::organisation_code);
  EXPECT_EQ(s.items[1].parcels, std::vector<std::size_t>{1});
  EXPECT_EQ(s.items[2].link, rules::LinkMethod::parcel_code);
  EXPECT_EQ(s.items[2].parcels, std::vector<std::size_t>{2});
  EXPECT_EQ(s.items[3].link, rules::LinkMethod::holder_name);
  EXPECT_EQ(s.items[3].parcels, std::vector<std::size_t>{3});
  EXPECT_EQ(count_kind(f, "enterprise_linked_by_name"), 1u);
  EXPECT_EQ(count_kind(f, "credit_code_missing"), 0u);  // row 4 lost nothing
  EXPECT_EQ(rules::link_method_key(rules::LinkMethod::organisation_code), "organisation_code");
  EXPECT_EQ(rules::link_method_key(rules::LinkMethod::none), "");
}
