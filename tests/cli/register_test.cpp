// The renewal register as bureaus write it (RULES.md 22): the demo's register with every completion date cut
// to its month counts the same records — the audit date (2026-12-31) is a month's last day, so no month
// straddles it — frees the same ground in the same years, and `check` says how many dates were partial.
#include <algorithm>
#include <fstream>
#include <map>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/core/date.hpp"
#include "landrenew/io/gdal.hpp"

#include "cli_fixtures.hpp"
#include "fixtures.hpp"

using namespace landrenew::test;  // bin, demo_dir, run, quote, run_summary, ...
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
// Rewrites every parseable completion date of the copy's register as "YYYY年M月"; returns how many.
std::size_t cut_dates_to_months(const fs::path& gpkg) {
  landrenew::io::init_gdal();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  EXPECT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("renewal");
  std::size_t n = 0;
  for (auto& f : *layer) {
    auto d = landrenew::parse_date(f->GetFieldAsString("WCRQ"));
    if (!d) continue;
    f->SetField("WCRQ", (std::to_string(d->year) + "年" + std::to_string(d->month) + "月").c_str());
    EXPECT_EQ(layer->SetFeature(f.get()), OGRERR_NONE);
    ++n;
  }
  return n;
}
}  // namespace

TEST(Register, MonthOnlyDatesCountTheDemosRecordsAndFreeTheSameGroundEachYear) {
  landrenew::test::TempDir dir;
  const fs::path data = dir / "data";
  fs::copy(demo_dir, data, fs::copy_options::recursive);
  const std::size_t cut = cut_dates_to_months(data / "renewal.gpkg");
  EXPECT_GT(cut, 230u);
  const json full = run_summary(demo_dir / "project.toml", dir / "full");
  const json month = run_summary(data / "project.toml", dir / "month");
  EXPECT_EQ(month["freed"]["records_counted"], full["freed"]["records_counted"]);
  EXPECT_EQ(full["freed"]["records_counted"], 211);
  // The freed ground is the union of the counted records' footprints whoever gets each piece.
  EXPECT_NEAR(month["freed"]["mu"].get<double>(), full["freed"]["mu"].get<double>(), 1e-6);
  for (const auto& [year, mu] : full["freed"]["by_year"].items())
    EXPECT_NEAR(month["freed"]["by_year"][year].get<double>(), mu.get<double>(), 1e-6) << year;
  EXPECT_EQ(month["findings"]["by_kind"]["date_partial"].get<std::size_t>(), cut);
  bool listed = false;
  for (const auto& w : month["findings"]["warnings"])
    listed = listed || (w["kind"] == "date_partial" && w["count"] == cut);
  EXPECT_TRUE(listed);

  auto [code, text] = run(bin + " check " + quote(data / "project.toml"));
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find("records   246 = counted 211 + not counted 35"), std::string::npos) << text;
  EXPECT_NE(
      text.find("partial dates taken as the last day: month only " + std::to_string(cut) + ", year only 0"),
      std::string::npos)
      << text;
}

namespace {
// record id → counted, from an output's renewal layer.
std::map<std::string, bool> counted_records(const fs::path& out) {
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(
      (out / "landrenew.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  std::map<std::string, bool> m;
  if (!ds) return m;
  for (auto& f : *ds->GetLayerByName("renewal"))
    m[f->GetFieldAsString("record_id")] = f->GetFieldAsInteger("counted") == 1;
  return m;
}

void set_audit_date(const fs::path& project, const std::string& iso) {
  std::string text = landrenew::test::read_file(project);
  const std::string old = "audit_date = \"2026-12-31\"";
  const auto at = text.find(old);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, old.size(), "audit_date = \"" + iso + "\"");
  landrenew::test::write_text(project, text);
}
}  // namespace

// RULES.md 22 with an audit date in mid-month: month-only dates count the records the full dates count,
// except the records completed in the audit's month on or before the audit day — their month's last day falls
// after the audit date, so they drop out. The test derives that set from the full dates (the period's ends
// are a month's first and last day, so only the audit date can split a month) and `check` prints the
// resulting tally.
TEST(Register, MonthOnlyDatesCountTheFullDatesRecordsExceptThoseWhoseMonthStraddlesAMidMonthAudit) {
  landrenew::test::TempDir dir;
  const fs::path full = dir / "full", month = dir / "month";
  fs::copy(demo_dir, full, fs::copy_options::recursive);
  // The audit: the 15th of the month in the period with the most records completed by the 15th.
  std::map<std::pair<int, int>, int> early;
  std::map<std::string, landrenew::Date> date_of;
  {
    landrenew::io::init_gdal();
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open((full / "renewal.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    ASSERT_TRUE(ds);
    for (auto& f : *ds->GetLayerByName("renewal"))
      if (auto d = landrenew::parse_date(f->GetFieldAsString("WCRQ"))) {
        date_of[f->GetFieldAsString("XMBH")] = *d;
        if (d->year >= 2023 && d->year <= 2026 && d->day <= 15) ++early[{d->year, d->month}];
      }
  }
  const auto best = std::max_element(early.begin(), early.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  ASSERT_NE(best, early.end());
  const landrenew::Date audit{best->first.first, best->first.second, 15};
  set_audit_date(full / "project.toml", audit.iso());
  fs::copy(full, month, fs::copy_options::recursive);
  const std::size_t cut = cut_dates_to_months(month / "renewal.gpkg");

  const json s_full = run_summary(full / "project.toml", dir / "out-full");
  const json s_month = run_summary(month / "project.toml", dir / "out-month");
  const auto c_full = counted_records(dir / "out-full"), c_month = counted_records(dir / "out-month");
  ASSERT_EQ(c_full.size(), 246u);
  ASSERT_EQ(c_month.size(), c_full.size());
  std::size_t straddle = 0, counted = 0;
  for (const auto& [id, was] : c_full) {
    const auto d = date_of.find(id);
    const bool straddles = d != date_of.end() && d->second.year == audit.year &&
                           d->second.month == audit.month && d->second.day <= audit.day;
    if (straddles && was) {
      ++straddle;
      EXPECT_FALSE(c_month.at(id)) << id << ": its month ends after the audit date";
    } else {
      EXPECT_EQ(c_month.at(id), was) << id;
    }
    counted += c_month.at(id) ? 1 : 0;
  }
  EXPECT_GT(straddle, 0u) << "no record straddles the audit date " << audit.iso();
  EXPECT_EQ(s_month["freed"]["records_counted"].get<std::size_t>(),
            s_full["freed"]["records_counted"].get<std::size_t>() - straddle);

  auto [code, text] = run(bin + " check " + quote(month / "project.toml"));
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find("records   246 = counted " + std::to_string(counted) + " + not counted " +
                      std::to_string(246 - counted)),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("month only " + std::to_string(cut) + ", year only 0"), std::string::npos) << text;
}
