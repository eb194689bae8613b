// RULES.md 10–11: linking enterprises to parcels, their land, unit conversion and the per-mu indicators.
#include "landrenew/rules/enterprises.hpp"

#include <gtest/gtest.h>

#include "landrenew/units.hpp"

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
  EnterpriseSet s = link_enterprises(t, units({}), p, f);
  ASSERT_EQ(s.items.size(), 1u);
  const Enterprise& e = s.items[0];
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
  EnterpriseSet s = link_enterprises(t, units({{"tax", "元"}, {"electricity", "千瓦时"}}), p, f);
  EXPECT_NEAR(*s.items[0].get(Quantity::tax), 150.0, 1e-7);  // 1,500,000 元 = 150 万元
  EXPECT_NEAR(*s.items[0].metric(Metric::tax_per_mu), 15.0, 1e-7);
  EXPECT_NEAR(*s.items[0].get(Quantity::electricity), 30.0, 1e-7);  // 万千瓦时
}

TEST(Enterprises, BadCellsAreFindingsWithRowsAndTheIndicatorIsMissingNotZero) {
  auto p = parcels({{"A", mu_square(0, 10)}, {"B", mu_square(1000, 10)}, {"C", mu_square(2000, 10)}});
  auto t =
      table({"credit_code", "tax", "value_added"}, {{"A", "-5", "100"}, {"B", "N/A", ""}, {"C", "—", "30"}});
  Findings f;
  EnterpriseSet s = link_enterprises(t, units({}), p, f);
  EXPECT_FALSE(s.items[0].metric(Metric::tax_per_mu));
  EXPECT_FALSE(s.items[1].get(Quantity::value_added));  // blank: missing, no finding
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
  EnterpriseSet s = link_enterprises(t, units({}), p, f);
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
  EXPECT_NEAR(*s.parcel_quantity(1, Quantity::tax), 80.0, 1e-7);
}

TEST(Enterprises, LandAreaFromTheTableWinsAndLocationTiesGoToTheSmallerFid) {
  // Two parcels of exactly 2,000 m² (3 mu): the tie goes to FID 0.
  auto p = parcels({{"A", "POLYGON((0 0,50 0,50 40,0 40,0 0))"},
                    {"A", "POLYGON((1000 0,1050 0,1050 40,1000 40,1000 0))"}});
  auto t = table({"credit_code", "land_area"}, {{"A", "12.5"}});
  Findings f;
  EnterpriseSet s = link_enterprises(t, units({}), p, f);
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
  EXPECT_TRUE(credit_code_checksum_ok(good));
  std::string bad = good;
  bad[17] = bad[17] == '0' ? '1' : '0';
  EXPECT_FALSE(credit_code_checksum_ok(bad));
  EXPECT_FALSE(credit_code_checksum_ok("9133050"));
  EXPECT_FALSE(credit_code_checksum_ok("91330502MA2B0000IO"));  // I and O are not in the alphabet
}

TEST(Enterprises, IdentifiersLinkAfterNfkcSpacesAndCase) {  // RULES.md 21
  // Parcel cells typed through a Chinese input method; table codes in ASCII, lower case, with NBSP.
  auto p = parcels({{"９１３３０５００ＭＡ２Ｂ０００００１", mu_square(0, 10)},
                    {"91330500MA2B000002\xE3\x80\x80、 91330500MA2B000003", mu_square(1000, 20)}});
  auto t = table({"credit_code", "tax", "land_share"}, {{"91330500ma2b000001", "１，０００", ""},
                                                        {"91330500\xC2\xA0MA2B000002", "1,2", "50%"},
                                                        {"９１３３０５００ＭＡ２Ｂ０００００３", "", ""}});
  Findings f;
  EnterpriseSet s = link_enterprises(t, units({}), p, f);
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[0].credit_code, "91330500MA2B000001");
  EXPECT_EQ(s.items[0].parcels, (std::vector<std::size_t>{0}));
  EXPECT_NEAR(*s.items[0].land_mu(), 10.0, 1e-7);
  EXPECT_EQ(s.items[0].get(Quantity::tax), 1000.0);
  EXPECT_EQ(s.items[1].parcels, (std::vector<std::size_t>{1}));
  EXPECT_NEAR(*s.items[1].land_mu(), 10.0, 1e-7);  // a 50% share of 20 mu
  EXPECT_FALSE(s.items[1].get(Quantity::tax));     // "1,2" is not a number
  EXPECT_EQ(s.items[2].parcels, (std::vector<std::size_t>{1}));
  std::size_t unlinked = 0, bad = 0;
  for (const auto& x : f.items()) {
    unlinked += x.kind == "enterprise_unlinked";
    bad += x.kind == "bad_number";
  }
  EXPECT_EQ(unlinked, 0u);
  EXPECT_EQ(bad, 1u);
}
