// `landrenew run` end to end on the bundled sample: the files and keys of CONTRACT.md, atomic output folders,
// reproducibility, and figures that can be recomputed from the output layers alone.
#include <fstream>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

#include "cli_fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::manifest_without_run;
using landrenew::test::read_file;
using landrenew::test::report_without_run_time;
using landrenew::test::run;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string bin = LANDRENEW_BIN;
const fs::path demo = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo" / "project.toml";


json read_json(const fs::path& f) {
  std::ifstream in(f);
  return json::parse(in);
}


// One run of the demo shared by the read-only tests.
const fs::path& demo_out() {
  static landrenew::test::TempDir dir;
  static const fs::path out = [] {
    const fs::path o = dir / "out";
    auto [code, text] = run(bin + " run " + quote(demo) + " -o " + quote(o) + " -q");
    EXPECT_EQ(code, 0) << text;
    return o;
  }();
  return out;
}
}  // namespace

TEST(Run, DemoWritesTheContractFilesWithEveryContractKey) {
  const fs::path out = demo_out();
  for (const char* f : {"landrenew.gpkg", "summary.json", "manifest.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const json s = read_json(out / "summary.json");
  for (const char* layer :
       {"parcels", "buildings_before", "buildings_after", "districts", "parks", "renewal", "enterprises"})
    for (const char* k : {"read", "used", "repaired", "rejected"})
      EXPECT_TRUE(s["inputs"][layer][k].is_number()) << layer << k;
  EXPECT_TRUE(s["industrial"]["parcels"].is_number() && s["industrial"]["mu"].is_number());
  ASSERT_EQ(s["districts"].size(), 5u);
  for (const auto& d : s["districts"])
    for (const char* k : {"code", "name", "industrial_mu", "freed_mu"})
      EXPECT_TRUE(d.contains(k)) << k;
  ASSERT_EQ(s["parks"].size(), 10u);
  for (const auto& p : s["parks"])
    for (const char* k : {"id", "name", "industrial_mu", "far_before", "far_after", "uplift", "meets_target"})
      EXPECT_TRUE(p.contains(k)) << k;
  for (const char* k : {"goal_mu", "mu", "progress", "records_counted", "by_year", "by_district", "by_mode"})
    EXPECT_TRUE(s["freed"].contains(k)) << k;
  for (const char* k : {"parcels", "mu", "by_criterion"})
    EXPECT_TRUE(s["low_efficiency"].contains(k)) << k;
  for (const char* c : {"far_below_minimum", "coverage_below_minimum", "enterprise_class", "wuwei",
                        "tax_per_mu_below", "admission_standard"})
    EXPECT_TRUE(s["low_efficiency"]["by_criterion"][c]["parcels"].is_number()) << c;
  for (const auto& c : s["clusters"])
    for (const char* k : {"id", "parcels", "mu", "candidate"})
      EXPECT_TRUE(c.contains(k)) << k;
  for (const char* k : {"evaluated", "classes", "outside_parks"})
    EXPECT_TRUE(s["enterprises"].contains(k)) << k;
  const json m = read_json(out / "manifest.json");
  EXPECT_EQ(m["profile"]["name"], "huzhou-2023");
  EXPECT_EQ(m["profile"]["sha256"].get<std::string>().size(), 64u);
  for (const auto& in : m["inputs"])
    for (const auto& f : in["files"])
      EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
}

TEST(Run, DemoYieldsAllFourClassesSeveralParcelsPerCriterionAndParksEitherSideOfTheTarget) {
  const json s = read_json(demo_out() / "summary.json");
  for (const char* c : {"A", "B", "C", "D"})
    EXPECT_GT(s["enterprises"]["classes"][c].get<int>(), 0) << c;
  for (const auto& [name, v] : s["low_efficiency"]["by_criterion"].items())
    EXPECT_GE(v["parcels"].get<int>(), 3) << name;
  int meets = 0, misses = 0;
  for (const auto& p : s["parks"])
    (p["meets_target"].get<bool>() ? meets : misses)++;
  EXPECT_GT(meets, 0);
  EXPECT_GT(misses, 0);
}

TEST(Run, FreedLayerAddsUpToTheSummarysFreedMu) {
  const json s = read_json(demo_out() / "summary.json");
  landrenew::io::init_gdal();
  landrenew::io::DatasetPtr ds(
      GDALDataset::Open((demo_out() / "landrenew.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* freed = ds->GetLayerByName("freed");
  ASSERT_TRUE(freed);
  double field_mu = 0, geometry_m2 = 0;
  for (auto& f : *freed) {
    field_mu += f->GetFieldAsDouble("area_mu");
    geometry_m2 += f->GetGeometryRef()->toMultiPolygon()->get_Area();
  }
  const double mu = s["freed"]["mu"].get<double>();
  EXPECT_GT(mu, 0);
  EXPECT_NEAR(field_mu, mu, 1e-9 * mu);
  EXPECT_NEAR(geometry_m2 * 15.0 / 10000.0, mu, 1e-6 * mu);
  double by_year = 0;
  for (const auto& [year, v] : s["freed"]["by_year"].items())
    by_year += v.get<double>();
  EXPECT_NEAR(by_year, mu, 1e-9 * mu);
}

TEST(Run, TwoRunsGiveIdenticalOutputsApartFromTheRunTime) {
  landrenew::test::TempDir dir;
  const fs::path second = dir / "again";
  auto [code, text] = run(bin + " run " + quote(demo) + " -o " + quote(second) + " -q");
  ASSERT_EQ(code, 0) << text;
  EXPECT_EQ(read_file(demo_out() / "summary.json"), read_file(second / "summary.json"));
  EXPECT_EQ(read_file(demo_out() / "landrenew.gpkg"), read_file(second / "landrenew.gpkg"));
  EXPECT_EQ(manifest_without_run(demo_out() / "manifest.json"), manifest_without_run(second / "manifest.json"));
}

TEST(Run, OneThreadAndTwoThreadsGiveIdenticalOutputs) {
  // --threads 2 reads the second building snapshot and the small layers on a second thread, hashes the
  // inputs in the background and inserts the GeoPackage's rows on a second thread; every result must be
  // the same bytes as with one thread.
  landrenew::test::TempDir dir;
  const fs::path one = dir / "one", two = dir / "two";
  for (const auto& [out, threads] : {std::pair{one, "1"}, std::pair{two, "2"}}) {
    auto [code, text] = run(bin + " run " + quote(demo) + " -o " + quote(out) + " -q --threads " + threads);
    ASSERT_EQ(code, 0) << text;
  }
  for (const char* f : {"summary.json", "landrenew.gpkg", "tables.xlsx", "landrenew.qgs"})
    EXPECT_EQ(read_file(one / f), read_file(two / f)) << f;
  // the same SHA-256 of every input, hashed in the background or not
  EXPECT_EQ(manifest_without_run(one / "manifest.json"), manifest_without_run(two / "manifest.json"));
  EXPECT_EQ(report_without_run_time(read_file(one / "report.html")),
            report_without_run_time(read_file(two / "report.html")));
}

TEST(Run, ParcelFindingsComeInParcelOrderWithOneThreadAndTwoAcrossManyBlocks) {
  // The per-parcel facts (dates, numbers, 五未, admission) are computed in blocks of parcels on the threads
  // and each block's findings are appended in block order: 1,000 industrial parcels (15 blocks of 64 and one
  // of 40) with a bad supply date in every 7th and a bad contract tax in every 11th must give their findings
  // in parcel order, the same with one thread and two.
  landrenew::test::TempDir dir;
  landrenew::test::LayerSpec spec;
  spec.fields = {"ZDDM", "DLBM", "GYRQ", "YDMJSS"};
  std::vector<std::pair<long, std::string>> expected;  // (parcel fid, finding kind), in the order expected
  for (int i = 0; i < 1000; ++i) {
    const double x = 500000 + (i % 40) * 120.0, y = 3400000 + (i / 40) * 120.0;
    const bool bad_date = i % 7 == 3, bad_tax = i % 11 == 5;
    spec.features.push_back(
        {landrenew::test::rect(x, y, x + 100, y + 100),
         {"P" + std::to_string(i), "0601", bad_date ? "not a date" : "2015-06-30", bad_tax ? "-5" : "12.5"}});
    if (bad_date) expected.emplace_back(i, "bad_date");
    if (bad_tax) expected.emplace_back(i, "bad_number");
  }
  landrenew::test::write_layer(dir / "parcels.shp", spec);
  landrenew::test::write_text(dir / "project.toml",
                              "audit_date = \"2026-12-31\"\n[parcels]\npath = \"parcels.shp\"\n"
                              "[parcels.fields]\nid = \"ZDDM\"\nlanduse = \"DLBM\"\nsupply_date = \"GYRQ\"\n"
                              "contract_tax = \"YDMJSS\"\n");
  const fs::path one = dir / "one", two = dir / "two";
  for (const auto& [out, threads] : {std::pair{one, "1"}, std::pair{two, "2"}}) {
    auto [code, text] =
        run(bin + " run " + quote(dir / "project.toml") + " -o " + quote(out) + " -q --threads " + threads);
    ASSERT_EQ(code, 0) << text;
  }
  for (const char* f : {"summary.json", "landrenew.gpkg", "tables.xlsx"})
    EXPECT_EQ(read_file(one / f), read_file(two / f)) << f;
  landrenew::io::init_gdal();
  landrenew::io::DatasetPtr ds(
      GDALDataset::Open((two / "landrenew.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* qa = ds->GetLayerByName("qa_findings");
  ASSERT_TRUE(qa);
  std::vector<std::pair<long, std::string>> found;
  for (auto& f : *qa) {
    const std::string kind = f->GetFieldAsString("kind");
    if (kind == "bad_date" || kind == "bad_number")
      found.emplace_back(static_cast<long>(f->GetFieldAsInteger64("source_fid")), kind);
  }
  EXPECT_EQ(found, expected);
}

TEST(Run, ThreadsMustBeAtLeastOne) {
  landrenew::test::TempDir dir;
  auto [code, text] = run(bin + " run " + quote(demo) + " -o " + quote(dir / "o") + " --threads 0");
  EXPECT_EQ(code, 2) << text;
  EXPECT_FALSE(fs::exists(dir / "o"));
}

TEST(Run, ExistingOutDirIsKeptWithoutOverwriteAndReplacedWithIt) {
  landrenew::test::TempDir dir;
  const fs::path out = dir / "out";
  fs::create_directory(out);
  landrenew::test::write_text(out / "previous.txt", "last year's run");
  auto [code, text] = run(bin + " run " + quote(demo) + " -o " + quote(out));
  EXPECT_EQ(code, 7) << text;
  EXPECT_NE(text.find("specify --overwrite"), std::string::npos) << text;
  EXPECT_TRUE(fs::exists(out / "previous.txt"));
  auto [code2, text2] = run(bin + " run " + quote(demo) + " -o " + quote(out) + " --overwrite -q");
  EXPECT_EQ(code2, 0) << text2;
  EXPECT_FALSE(fs::exists(out / "previous.txt"));
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  // Nothing is left beside it.
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path()))
    entries += e.path().filename() != "out";
  EXPECT_EQ(entries, 0u);
}

TEST(Run, OutDirThatIsAFileIsRefused) {
  landrenew::test::TempDir dir;
  landrenew::test::write_text(dir / "file", "x");
  auto [code, text] = run(bin + " run " + quote(demo) + " -o " + quote(dir / "file") + " --overwrite");
  EXPECT_EQ(code, 7) << text;
  EXPECT_NE(text.find("not a folder"), std::string::npos) << text;
}

TEST(Run, DistrictIndustrialAreasAddUpToTheCityFigureDespiteDuplicatedParcels) {
  // RULES.md 4–5: the demo holds duplicated and overlapping industrial parcels; each piece of ground counts once.
  const json s = read_json(demo_out() / "summary.json");
  double districts = 0;
  for (const auto& d : s["districts"]) districts += d["industrial_mu"].get<double>();
  const double city = s["industrial"]["mu"].get<double>();
  EXPECT_NEAR(districts, city, 1e-9 * city);
}
