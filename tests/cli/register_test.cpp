// The renewal register as bureaus write it (RULES.md 22): the demo's register with every completion date cut
// to its month counts the same records — the audit date (2026-12-31) is a month's last day, so no month
// straddles it — frees the same ground in the same years, and `check` says how many dates were partial.
#include <fstream>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/date.hpp"
#include "landrenew/io/gdal.hpp"

#include "fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::run;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string bin = LANDRENEW_BIN;
const fs::path demo_dir = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";


json summary_of(const fs::path& project, const fs::path& out) {
  auto [code, text] = run(bin + " run " + quote(project) + " -o " + quote(out) + " -q");
  EXPECT_EQ(code, 0) << text;
  std::ifstream in(out / "summary.json");
  return json::parse(in);
}

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
  const json full = summary_of(demo_dir / "project.toml", dir / "full");
  const json month = summary_of(data / "project.toml", dir / "month");
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
  EXPECT_NE(text.find("partial dates taken as the last day: month only " + std::to_string(cut) + ", year only 0"),
            std::string::npos)
      << text;
}
