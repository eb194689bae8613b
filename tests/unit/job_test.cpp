// landrenew::run_job (job.hpp): the main job through the library — the same files and figures as
// `landrenew run`, and OUT_DIR written in full or not at all.
#include "landrenew/job.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "landrenew/error.hpp"

using namespace landrenew;

namespace {
const std::filesystem::path kDemo = std::filesystem::path(LANDRENEW_SOURCE_DIR) / "geodata/huzhou-demo";

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}
}  // namespace

TEST(RunJob, WritesEveryOutputAndItsFiguresAreTheAnalysisReturned) {
  test::TempDir tmp;
  RunRequest request{.project_file = kDemo / "project.toml", .output_dir = tmp / "out", .threads = 2};
  std::vector<std::string> steps;
  request.log = [&](const std::string& s) { steps.push_back(s); };
  const RunResult r = run_job(request);
  for (const char* f : {"landrenew.gpkg", "summary.json", "manifest.json", "tables.xlsx", "report.html",
                        "landrenew.qgs"})
    EXPECT_TRUE(std::filesystem::is_regular_file(tmp / "out" / f)) << f;
  const auto s = read_json(tmp / "out/summary.json");
  ASSERT_TRUE(r.analysis.freed);
  EXPECT_EQ(s["freed"]["records_counted"].get<std::size_t>(), r.analysis.freed->records_counted);
  EXPECT_EQ(s["freed"]["records_counted"].get<std::size_t>(), 211u);  // the demo's (docs/commands.md)
  EXPECT_FALSE(r.scenario);
  EXPECT_TRUE(r.postgis_tables.empty());
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back(), "done");
}

TEST(RunJob, AnExistingOutputFolderWithoutOverwriteIsRefusedBeforeTheWorkAndLeftAsItWas) {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp / "out");
  std::ofstream(tmp / "out/keep.txt") << "previous result";
  RunRequest request{.project_file = kDemo / "project.toml", .output_dir = tmp / "out"};
  bool analysed = false;
  request.log = [&](const std::string& s) { analysed = analysed || s.starts_with("reading"); };
  try {
    run_job(request);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::output);
  }
  EXPECT_FALSE(analysed);
  EXPECT_TRUE(std::filesystem::exists(tmp / "out/keep.txt"));
  EXPECT_FALSE(std::filesystem::exists(tmp / "out/summary.json"));
}

TEST(RunJob, AProjectThatFailsLeavesNoOutputFolder) {
  test::TempDir tmp;
  std::ofstream(tmp / "project.toml") << "[parcels]\npath = \"missing.shp\"\n";
  RunRequest request{.project_file = tmp / "project.toml", .output_dir = tmp / "out"};
  EXPECT_THROW(run_job(request), Error);
  EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
  for (const auto& e : std::filesystem::directory_iterator(tmp.path()))  // no staging folder left beside it
    EXPECT_EQ(e.path().filename().string().find(".out.tmp"), std::string::npos) << e.path();
}
