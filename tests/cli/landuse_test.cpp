// RULES.md 24 end to end: land-use values as bureaus write them. A parcel layer of 100 m × 100 m parcels
// (10,000 m² = 15 mu each, apart from each other) with codes written loosely, blank codes decided by the name
// field, values that look industrial (one headline warning per distinct value), the profile's
// [landuse.values] mapping them, and 1001 in a layer whose other codes are GB/T 21010's.
#include <fstream>
#include <map>
#include <tuple>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

#include "cli_fixtures.hpp"
#include "fixtures.hpp"

using namespace landrenew::test;  // bin, demo_dir, run, quote, run_summary, ...
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
// Parcels with (DLBM, YT) as given, each a 100 m square, written to a GeoPackage with a project file; `extra`
// is appended to the project file.
fs::path write_project(const landrenew::test::TempDir& dir,
                       const std::vector<std::pair<std::string, std::string>>& uses,
                       const std::string& extra = "") {
  landrenew::test::LayerSpec spec;
  spec.driver = "GPKG";
  spec.fields = {"ZDDM", "DLBM", "YT"};
  for (std::size_t i = 0; i < uses.size(); ++i) {
    const double x = 500000 + 200.0 * static_cast<double>(i);
    spec.features.push_back({landrenew::test::rect(x, 3400000, x + 100, 3400100),
                             {"P" + std::to_string(i + 1), uses[i].first, uses[i].second}});
  }
  landrenew::test::write_layer(dir / "parcels.gpkg", spec);
  landrenew::test::write_text(dir / "project.toml",
                              extra +
                                  "audit_date = \"2026-12-31\"\n[parcels]\npath = \"parcels.gpkg\"\n"
                                  "[parcels.fields]\nid = \"ZDDM\"\nlanduse = \"DLBM\"\nuse_name = \"YT\"\n");
  return dir / "project.toml";
}

// value → (count, mu) of the landuse_looks_industrial warnings.
std::map<std::string, std::pair<int, double>> looks_industrial(const json& summary) {
  std::map<std::string, std::pair<int, double>> out;
  for (const auto& w : summary["findings"]["warnings"]) {
    if (w["kind"] != "landuse_looks_industrial") continue;
    const std::string m = w["message"];
    const auto a = m.find('\'') + 1;
    out[m.substr(a, m.find('\'', a) - a)] = {w["count"].get<int>(), w["mu"].get<double>()};
  }
  return out;
}

// The messages of the run's findings of `kind` (qa_findings of landrenew.gpkg).
std::vector<std::string> finding_messages(const fs::path& out, const std::string& kind) {
  landrenew::io::init_gdal();
  landrenew::io::DatasetPtr ds(
      GDALDataset::Open((out / "landrenew.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  std::vector<std::string> messages;
  if (!ds) return messages;
  OGRLayer* qa = ds->GetLayerByName("qa_findings");
  if (!qa) return messages;
  for (auto& f : *qa)
    if (kind == f->GetFieldAsString("kind")) messages.emplace_back(f->GetFieldAsString("message"));
  return messages;
}

const std::vector<std::pair<std::string, std::string>> kWritten = {
    {"0601", "工业用地"},
    {"０６０１", ""},              // full-width: the same code
    {" 06 01", ""},                // spaces: the same code
    {"0601A", "工业用地"},         // letters added: looks industrial
    {"0601a", ""},                 // the same value, lower case
    {"06", ""},                    // cut
    {"工业用地（标准厂房）", ""},  // a name containing 工业
    {"", "工业用地"},              // blank code: the name decides, industrial
    {"", "城镇住宅用地"},          // blank code: the name decides, not industrial
    {"", ""},                      // nothing: landuse_missing
    {"0604", "仓储用地"},
    {"M0", ""},  // M with a character added
};
}  // namespace

TEST(Landuse, LooseCodesCountAsTheirCodeAndLookalikesAreOneHeadlineWarningPerValue) {
  landrenew::test::TempDir dir;
  const json s = run_summary(write_project(dir, kWritten), dir / "out");
  // 0601 three ways written and the blank code named 工业用地: 4 parcels, 60 mu.
  EXPECT_EQ(s["industrial"]["parcels"], 4);
  EXPECT_DOUBLE_EQ(s["industrial"]["mu"].get<double>(), 60.0);
  const auto looks = looks_industrial(s);
  const std::map<std::string, std::pair<int, double>> expected = {
      {"0601A", {2, 30.0}}, {"06", {1, 15.0}}, {"M0", {1, 15.0}}, {"工业用地(标准厂房)", {1, 15.0}}};
  EXPECT_EQ(looks, expected);
  EXPECT_EQ(s["findings"]["by_kind"]["landuse_looks_industrial"], 5);
  EXPECT_EQ(s["findings"]["by_kind"]["landuse_missing"], 1);
  EXPECT_FALSE(s["findings"]["by_kind"].contains("landuse_unknown"));
  const auto messages = finding_messages(dir / "out", "landuse_looks_industrial");
  ASSERT_EQ(messages.size(), 5u);
  EXPECT_NE(messages[0].find("'0601A' is no code of the profile's schemes but is 0601 with characters added"),
            std::string::npos)
      << messages[0];
  EXPECT_NE(messages[2].find("is 0601 with characters cut"), std::string::npos) << messages[2];
}

TEST(Landuse, TheProfilesValuesCountAMappedLookalikeAsTheCodeItMeans) {
  landrenew::test::TempDir dir;
  landrenew::test::write_text(dir / "bureau.toml",
                              "[profile]\nname = \"bureau\"\nbase = \"huzhou-2023\"\n[landuse.values]\n"
                              "\"工业用地（标准厂房）\" = \"0601\"\n\"0601A\" = \"0601\"\n");
  const json s = run_summary(write_project(dir, kWritten, "profile = \"bureau.toml\"\n"), dir / "out");
  EXPECT_EQ(s["industrial"]["parcels"], 7);  // + 0601A, 0601a, 工业用地（标准厂房）
  EXPECT_DOUBLE_EQ(s["industrial"]["mu"].get<double>(), 105.0);
  const std::map<std::string, std::pair<int, double>> expected = {{"06", {1, 15.0}}, {"M0", {1, 15.0}}};
  EXPECT_EQ(looks_industrial(s), expected);
}

TEST(Landuse, Code1001InALayerOfGbt21010CodesIsRailwayLandAndSaysWhy) {
  landrenew::test::TempDir dir;
  const json s = run_summary(
      write_project(dir, {{"0601", ""}, {"0604", ""}, {"0810", ""}, {"0508", ""}, {"1001", "铁路用地"}}),
      dir / "out");
  EXPECT_EQ(s["industrial"]["parcels"], 1);
  EXPECT_DOUBLE_EQ(s["industrial"]["mu"].get<double>(), 15.0);
  const auto messages = finding_messages(dir / "out", "landuse_ambiguous");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(
      messages[0].find("the layer's other 4 distinct codes all fit GB/T 21010-2017 alone, which decides: "
                       "not industrial"),
      std::string::npos)
      << messages[0];

  // With an M1 (GB 50137) beside them no one scheme fits: the profile counts 1001 as industrial.
  landrenew::test::TempDir mixed;
  const json m =
      run_summary(write_project(mixed, {{"0601", ""}, {"0604", ""}, {"0810", ""}, {"M1", ""}, {"1001", ""}}),
                  mixed / "out");
  EXPECT_EQ(m["industrial"]["parcels"], 3);
  const auto why = finding_messages(mixed / "out", "landuse_ambiguous");
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("do not all fit one scheme, so counted as industrial"), std::string::npos) << why[0];
}

// The demo with every 50th parcel coded 0601 written 0601A: the industrial figure drops by exactly those
// parcels, and the screen, summary.json and report.html carry the warning with them.
TEST(Landuse, DemoWithALetterAddedToSome0601CodesLosesExactlyThoseParcelsWithAWarning) {
  const fs::path demo = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";
  landrenew::test::TempDir dir;
  const fs::path data = dir / "data";
  fs::copy(demo, data, fs::copy_options::recursive);
  int altered = 0;
  landrenew::io::init_gdal();
  {
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open((data / "parcels.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                          std::vector<const char*>{"ENCODING=CP936", nullptr}.data()));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    int seen = 0;
    for (auto& f : *layer) {
      if (std::string(f->GetFieldAsString("DLBM")) != "0601" || ++seen % 50 != 0) continue;
      f->SetField("DLBM", "0601A");
      ASSERT_EQ(layer->SetFeature(f.get()), OGRERR_NONE);
      ++altered;
    }
  }
  ASSERT_EQ(altered, 33);  // 1,699 parcels coded 0601
  auto [code, screen] =
      run(bin + " run " + quote(demo / "project.toml") + " -o " + quote(dir / "demo") + " -q");
  ASSERT_EQ(code, 0) << screen;
  std::ifstream demo_in(dir / "demo" / "summary.json");
  const json before = json::parse(demo_in);
  std::tie(code, screen) = run(bin + " run " + quote(data / "project.toml") + " -o " + quote(dir / "out"));
  ASSERT_EQ(code, 0) << screen;
  std::ifstream in(dir / "out" / "summary.json");
  const json after = json::parse(in);
  const auto looks = looks_industrial(after);
  ASSERT_EQ(looks.size(), 1u);
  const auto [parcels, mu] = looks.at("0601A");
  EXPECT_GE(parcels, altered - 3);  // the demo rejects 3 features for their geometry
  EXPECT_LE(parcels, altered);
  EXPECT_EQ(before["industrial"]["parcels"].get<int>() - after["industrial"]["parcels"].get<int>(), parcels);
  const double lost = before["industrial"]["mu"].get<double>() - after["industrial"]["mu"].get<double>();
  EXPECT_GT(lost, 0.0);
  EXPECT_LE(lost, mu + 1e-6);  // overlaps with other industrial parcels stay counted
  EXPECT_NE(screen.find("'0601A' looks industrial (like 0601)"), std::string::npos) << screen;
  EXPECT_NE(landrenew::test::read_file(dir / "out" / "report.html").find("地类值疑似工业用地"),
            std::string::npos);
}
