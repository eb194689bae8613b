// `landrenew init` (issue 20 item 0): a folder of the bureau's files becomes a project file that check and
// run accept, every field mapping the one the readers make; layers picked by hand (the QGIS plugin's path)
// keep the fields given and detect the rest; what cannot be proposed is refused with what to do.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixtures.hpp"

using landrenew::test::bin;
using landrenew::test::demo_dir;
using landrenew::test::quote;
using landrenew::test::read_file;
using landrenew::test::run;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The demo's files without its project file, so that init sees what a bureau would hand over.
fs::path copy_demo_data(const fs::path& to) {
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(demo_dir))
    if (e.path().filename() != "project.toml") fs::copy_file(e.path(), to / e.path().filename());
  return to;
}

}  // namespace

TEST(Init, TheDemoFolderGivesAProjectWhoseRunHasTheDemosSummary) {
  landrenew::test::TempDir dir;
  const fs::path data = copy_demo_data(dir / "data");
  const fs::path project = data / "project.toml";
  auto [code, text] = run(bin + " init " + quote(data) + " --audit-date 2026-12-31 -o " + quote(project));
  ASSERT_EQ(code, 0) << text;
  const std::string file = read_file(project);
  // Each role found, in the demo's own files, with the demo project file's choices.
  for (const char* line :
       {"[parcels]", "path = 'parcels.shp'", "layer = 'buildings_2022'", "label = '2022'",
        "layer = 'buildings_2025'", "path = 'districts.geojson'", "layer = 'parks'", "layer = 'renewal'",
        "path = 'enterprises.xlsx'", "tax = '万元'", "electricity = '万千瓦时'", "audit_date = '2026-12-31'"})
    EXPECT_TRUE(contains(file, line)) << line << "\n" << file;
  EXPECT_TRUE(contains(file, "请确认 / confirm")) << file;
  EXPECT_TRUE(contains(file, "enterprises.csv (also fits enterprises)")) << file;
  const nlohmann::json mine = landrenew::test::run_summary(project, dir / "out");
  const nlohmann::json demo = landrenew::test::run_summary(demo_dir / "project.toml", dir / "demo_out");
  EXPECT_EQ(mine, demo);
  EXPECT_NEAR(mine["freed"]["mu"].get<double>(), 6323.63, 0.005);
}

TEST(Init, PickedLayersKeepTheGivenFieldsAndDetectTheRest) {
  const std::string parcels = (demo_dir / "parcels.shp").string();
  const std::string buildings = (demo_dir / "buildings.gpkg").string() + "|layername=buildings_2025";
  auto [code, text] = run(bin + " init --layer " + quote("parcels=" + parcels) + " --layer " +
                          quote("buildings_after=" + buildings) + " --field parcels.holder=QLR --json");
  ASSERT_EQ(code, 0) << text;
  const nlohmann::json j = nlohmann::json::parse(text);
  const nlohmann::json& p = j["roles"]["parcels"];
  EXPECT_EQ(p["fields"]["holder"], "QLR");
  EXPECT_EQ(p["fields"]["id"], "ZDDM");
  EXPECT_EQ(p["fields"]["landuse"], "DLBM");
  const auto& detected = p["detected_fields"];
  EXPECT_EQ(std::count(detected.begin(), detected.end(), "holder"), 0) << detected;
  EXPECT_EQ(std::count(detected.begin(), detected.end(), "id"), 1) << detected;
  EXPECT_FALSE(p["guessed"].get<bool>());
  EXPECT_EQ(j["roles"]["buildings_after"]["layer"], "buildings_2025");
  EXPECT_EQ(j["roles"]["buildings_after"]["label"], "2025");
  EXPECT_EQ(j["roles"]["buildings_after"]["fields"]["floor_area"], "JZMJ");
  EXPECT_TRUE(j["project_file"].is_null());
  EXPECT_EQ(j["roles"].size(), 2u);
  // QGIS's layerid form names the same layer.
  auto [code2, text2] = run(bin + " init --layer " +
                            quote("parks=" + (demo_dir / "parks.gpkg").string() + "|layerid=0") + " --json");
  ASSERT_EQ(code2, 0) << text2;
  EXPECT_EQ(nlohmann::json::parse(text2)["roles"]["parks"]["layer"], "parks");
}

TEST(Init, AHeaderWithoutAUnitLeavesTheUnitForThePlannerAndCheckRefusesUntilItIsStated) {
  landrenew::test::TempDir dir;
  // A 亩均 table whose tax column does not say 万元 or 元 (DOMAIN.md §2: a unit is never guessed).
  const fs::path table = dir / "亩均.csv";
  std::ofstream(table)
      << "统一社会信用代码,企业名称,实缴税金,年度\n91330500MA2B3C4D5E,湖州某某有限公司,12.5,2025\n";
  const fs::path project = dir / "project.toml";
  const std::string layers = " --layer " + quote("parcels=" + (demo_dir / "parcels.shp").string()) +
                             " --layer " + quote("enterprises=" + table.string());
  auto [code, text] = run(bin + " init" + layers + " -o " + quote(project));
  ASSERT_EQ(code, 0) << text;
  const std::string file = read_file(project);
  EXPECT_TRUE(contains(file, "tax = '实缴税金'")) << file;
  EXPECT_TRUE(contains(file, "# tax = \"万元\"")) << file;
  EXPECT_TRUE(contains(file, "请确认 / confirm: 表头未写单位")) << file;
  auto [check_code, check_text] = run(bin + " check " + quote(project));
  EXPECT_EQ(check_code, 3) << check_text;
  EXPECT_TRUE(contains(check_text, "its unit is not stated")) << check_text;
  // The file is not replaced without --force; with it, it is.
  auto [again, again_text] = run(bin + " init" + layers + " -o " + quote(project));
  EXPECT_EQ(again, 7) << again_text;
  EXPECT_TRUE(contains(again_text, "--force")) << again_text;
  auto [forced, forced_text] =
      run(bin + " init" + layers + " --audit-date 2025-12-31 -o " + quote(project) + " --force");
  EXPECT_EQ(forced, 0) << forced_text;
  EXPECT_TRUE(contains(read_file(project), "audit_date = '2025-12-31'"));
}

TEST(Init, BadArgumentsAndUnusableLayersAreRefusedWithWhatToDo) {
  const std::string parcels = (demo_dir / "parcels.shp").string();
  const auto refused = [](const std::string& args, int want, const std::string& says) {
    auto [code, text] = run(bin + " init " + args);
    EXPECT_EQ(code, want) << args << "\n" << text;
    EXPECT_TRUE(contains(text, says)) << args << "\n" << text;
  };
  refused("", 2, "give a FOLDER");
  refused("--layer parcels", 2, "ROLE=SOURCE");
  refused("--layer " + quote("plots=" + parcels), 2, "unknown role 'plots'");
  refused("--layer " + quote("parcels=" + parcels) + " --field parcels.holdr=QLR", 2, "no field 'holdr'");
  refused("--layer " + quote("parcels=" + parcels) + " --field districts.code=X", 2, "no --layer districts");
  refused("--layer " + quote("parcels=" + parcels) + " --audit-date 2026-13-40", 2, "YYYY-MM-DD");
  // A layer whose columns lack a required field: the readers' own message, naming the field.
  refused("--layer " + quote("districts=" + parcels), 6, "required field 'code'");
  refused("--layer " + quote("parcels=" + parcels) + " --field parcels.landuse=NOPE", 6, "NOPE");
}
