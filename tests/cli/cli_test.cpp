// The command line as users meet it: exit codes, one-line messages, --help and --version.
#include <filesystem>

#include <gtest/gtest.h>

#include "landrenew/out/outputs.hpp"

#include "fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::run;
namespace fs = std::filesystem;

namespace {
const std::string bin = LANDRENEW_BIN;
const fs::path source_dir = LANDRENEW_SOURCE_DIR;


// stderr of a failed run is exactly one line starting with "landrenew: ".
void expect_one_line_error(const std::string& out) {
  EXPECT_EQ(out.rfind("landrenew: ", 0), 0u) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

void write_parcels(const fs::path& shp) {
  landrenew::test::LayerSpec spec;
  spec.fields = {"ZDDM", "DLBM"};
  spec.features = {{landrenew::test::rect(500000, 3400000, 500100, 3400100), {"A", "0601"}},
                   {"POLYGON ((500200 3400000,500220 3400020,500220 3400000,500200 3400020,500200 3400000))",
                    {"B", "0601"}}};
  landrenew::test::write_layer(shp, spec);
}
}  // namespace

TEST(Cli, VersionAndHelpExitZero) {
  auto [code, out] = run(bin + " --version");
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.rfind("landrenew ", 0), 0u);
  auto [hcode, help] = run(bin + " --help");
  EXPECT_EQ(hcode, 0);
  EXPECT_NE(help.find("check"), std::string::npos);
  EXPECT_NE(help.find("Exit codes"), std::string::npos);
  EXPECT_EQ(run(bin + " check --help").first, 0);
}

// `run --help` lists every file of OUT_DIR from the library's own declaration (out/outputs.hpp).
TEST(Cli, RunHelpListsEveryOutputFile) {
  auto [code, help] = run(bin + " run --help");
  EXPECT_EQ(code, 0);
  for (const auto& f : landrenew::out::output_files())
    EXPECT_NE(help.find(std::string(f.name) + " "), std::string::npos) << f.name;
}

TEST(Cli, BadCommandLineExitsTwoWithOneLine) {
  auto [code, out] = run(bin + " frobnicate");
  EXPECT_EQ(code, 2);
  expect_one_line_error(out);
  EXPECT_EQ(run(bin).first, 2);
}

TEST(Cli, CheckOnAFixturePrintsTheAccountingLineAndExitsZero) {
  landrenew::test::TempDir dir;
  write_parcels(dir / "p.shp");
  landrenew::test::write_text(dir / "project.toml", "[parcels]\npath = \"p.shp\"\n");
  auto [code, out] = run(bin + " check " + quote(dir / "project.toml"));
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("features  read 2 = used 2 + rejected 0; repaired 1"), std::string::npos) << out;
  EXPECT_NE(out.find("geometry_repaired: fid 1 (B): Self-intersection"), std::string::npos) << out;
  EXPECT_NE(out.find("industrial parcels: 2 of 2 used parcels, 15.30 mu"), std::string::npos) << out;
}

TEST(Cli, CheckFailuresExitNonZeroWithOneClearLine) {
  landrenew::test::TempDir dir;
  const auto check = [&](const std::string& project_text, int expected, const std::string& fragment) {
    landrenew::test::write_text(dir / "project.toml", project_text);
    auto [code, out] = run(bin + " check " + quote(dir / "project.toml"));
    EXPECT_EQ(code, expected) << project_text << "\n" << out;
    expect_one_line_error(out);
    EXPECT_NE(out.find(fragment), std::string::npos) << out;
  };
  check("[parcels]\npath = \"missing.shp\"\n", 5, "missing.shp: file not found");
  check("[parcels]\npath = \"/vsicurl/http://example.com/p.shp\"\n", 5, "virtual file systems");
  write_parcels(dir / "nodbf.shp");
  fs::remove(dir / "nodbf.dbf");
  check("[parcels]\npath = \"nodbf.shp\"\n", 5, ".dbf file is missing");
  landrenew::test::write_text(dir / "corrupt.shp", std::string(200, '\x07'));
  landrenew::test::write_text(dir / "corrupt.shx", std::string(200, '\x07'));
  write_parcels(dir / "ok.shp");
  fs::copy_file(dir / "ok.dbf", dir / "corrupt.dbf", fs::copy_options::overwrite_existing);
  check("[parcels]\npath = \"corrupt.shp\"\n", 5, "corrupt.shp");
  landrenew::test::write_text(dir / "p.kml",
                              "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"></kml>");
  check("[parcels]\npath = \"p.kml\"\n", 5, "does not accept");
  check("[parcels]\npath = \"ok.shp\"\nencodng = \"GBK\"\n", 3, "line 3");
  auto [code, out] = run(bin + " check " + quote(dir / "nope.toml"));
  EXPECT_EQ(code, 3);
  expect_one_line_error(out);
}

TEST(Cli, CheckOnTheBundledDemoSampleExitsZeroWithTheAccountingLine) {
  const fs::path project = source_dir / "geodata" / "huzhou-demo" / "project.toml";
  if (!fs::exists(project)) GTEST_SKIP() << "no bundled sample at " << project;
  auto [code, out] = run(bin + " check " + quote(project));
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("[parcels] parcels.shp"), std::string::npos) << out;
  EXPECT_NE(out.find("features  read "), std::string::npos) << out;
  EXPECT_NE(out.find("industrial parcels: "), std::string::npos) << out;
}

TEST(Cli, ProfileCheckAcceptsTheBuiltInAndRefusesAMisspelledKeyWithItsLine) {
  auto [code, out] = run(bin + " profile check huzhou-2023");
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("profile huzhou-2023 2023.1 (built-in): ok"), std::string::npos) << out;
  landrenew::test::TempDir dir;
  landrenew::test::write_text(dir / "bad.toml",
                              "[profile]\nname = \"bad\"\nbase = \"huzhou-2023\"\n[clusters]\ngap = 20\n");
  auto [bcode, bout] = run(bin + " profile check " + quote(dir / "bad.toml"));
  EXPECT_EQ(bcode, 4);
  expect_one_line_error(bout);
  EXPECT_NE(bout.find("line 5: unknown key 'clusters.gap' (did you mean 'gap_m'?)"), std::string::npos)
      << bout;
}

TEST(Cli, ProfileShowPrintsEveryResolvedValue) {
  auto [code, out] = run(bin + " profile show huzhou-2023");
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("[freed]"), std::string::npos);
  EXPECT_NE(out.find("goal_mu = 30000.0"), std::string::npos) << out;
}

TEST(Cli, CheckPrintsAnOfficeTablesHeaderRowAndItsRowTally) {  // RULES.md 21
  landrenew::test::TempDir dir;
  landrenew::test::LayerSpec spec;
  spec.driver = "GPKG";
  spec.fields = {"ZDDM", "DLBM", "TYSHXYDM"};
  spec.features = {{landrenew::test::rect(500000, 3400000, 500100, 3400100),
                    {"A", "0601", "９１３３０５００ＭＡ２Ｂ０００００１"}}};  // typed full-width
  landrenew::test::write_layer(dir / "p.gpkg", spec);
  landrenew::test::write_text(dir / "e.csv",
                              "湖州市2024年度工业企业亩均效益评价结果,,\n"
                              "统一社会信用代码,企业名称,实缴税金(万元)\n"
                              "91330500ma2b000001,甲厂,\"1,234.50\"\n"
                              ",,\n"
                              "合 计,,\"1,234.50\"\n"
                              "注：单位万元,,\n");
  const std::string project =
      "[parcels]\npath = \"p.gpkg\"\n[enterprises]\npath = \"e.csv\"\n"
      "[enterprises.units]\ntax = \"万元\"\n";
  landrenew::test::write_text(dir / "project.toml", project);
  auto [code, out] = run(bin + " check " + quote(dir / "project.toml"));
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("  header    row 2 (row 1 above it: title) — names 3 columns by their default names\n"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find("  rows      read 4 = records 1 + not records 3 (blank 1, notes 1, totals 1, other years 0, "
               "no identifier 0); linked to parcels 1\n"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("row_total: row 5: a total, not a record: 合 计 | 1,234.50"), std::string::npos) << out;
  // A mapped column the detected header does not have: exit 6, naming the header row to pin.
  landrenew::test::write_text(dir / "project.toml",
                              project + "[enterprises.fields]\nrevenue = \"营业收入(万元)\"\n");
  auto [code6, err] = run(bin + " check " + quote(dir / "project.toml"));
  EXPECT_EQ(code6, 6) << err;
  expect_one_line_error(err);
  EXPECT_NE(err.find("header row 2 (row 1 above it: title)"), std::string::npos) << err;
  EXPECT_NE(err.find("header_row = N"), std::string::npos) << err;
}
