// landrenew::run_job (job.hpp): the main job through the library — the same files and figures as
// `landrenew run`, and OUT_DIR written in full or not at all.
#include "landrenew/job.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "fixtures.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/out/columns.hpp"
#include "landrenew/out/outputs.hpp"

using namespace landrenew;

namespace {
const std::filesystem::path kDemo = std::filesystem::path(LANDRENEW_SOURCE_DIR) / "geodata/huzhou-demo";

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

/// The demo run through the library, once for the suite: its log and result, OUT_DIR kept until the end.
struct DemoRun {
  test::TempDir tmp;
  std::vector<std::string> steps;
  RunResult result;
  DemoRun() {
    RunRequest request{.project_file = kDemo / "project.toml", .output_dir = tmp / "out", .threads = 2};
    request.log = [&](const std::string& s) { steps.push_back(s); };
    result = run_job(request);
  }
};
const DemoRun& demo_run() {
  static const DemoRun run;
  return run;
}

/// One row per field of a GeoPackage table (name, SQLite type, alias from gpkg_data_columns).
std::vector<std::array<std::string, 3>> gpkg_fields(const std::filesystem::path& gpkg, const std::string& table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(gpkg.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::map<std::string, std::string> alias;
  std::vector<std::array<std::string, 3>> out;
  const auto query = [&](const std::string& sql, auto&& row) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    const auto text = [&](int i) {
      const auto* t = sqlite3_column_text(st, i);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    while (sqlite3_step(st) == SQLITE_ROW)
      row(text);
    sqlite3_finalize(st);
  };
  query("SELECT column_name, name FROM gpkg_data_columns WHERE table_name = '" + table + "'",
        [&](auto& text) { alias[text(0)] = text(1); });
  query("PRAGMA table_info('" + table + "')", [&](auto& text) {
    if (text(1) != "fid" && text(1) != "geom") out.push_back({text(1), text(2), alias[text(1)]});
  });
  sqlite3_close(db);
  return out;
}
}  // namespace

TEST(RunJob, WritesEveryOutputAndItsFiguresAreTheAnalysisReturned) {
  const DemoRun& run = demo_run();
  const test::TempDir& tmp = run.tmp;
  const RunResult& r = run.result;
  const std::vector<std::string>& steps = run.steps;
  for (const auto& f : out::output_files())
    if (f.name != out::file::scenario) {
      EXPECT_TRUE(std::filesystem::is_regular_file(tmp / "out" / f.name)) << f.name;
    }
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

// out/columns.hpp: the columns declared for each result layer are the GeoPackage's fields, in order, with
// their types and aliases, and docs/outputs.md lists each of them with its alias.
TEST(RunJob, EveryResultLayerHasExactlyTheDeclaredColumnsAndTheDocsListThem) {
  const auto gpkg = demo_run().tmp / "out" / out::file::gpkg;
  std::ifstream doc_file(std::filesystem::path(LANDRENEW_SOURCE_DIR) / "docs/outputs.md");
  std::stringstream doc;
  doc << doc_file.rdbuf();
  const std::string docs = doc.str();
  for (const char* layer : {"parcels", "buildings_before", "buildings_after", "parks", "districts", "clusters",
                            "freed", "renewal", "enterprises", "enterprise_points", "qa_findings"}) {
    const std::vector<out::ColumnSpec>* declared = out::output_columns(layer);
    ASSERT_TRUE(declared) << layer;
    const auto written = gpkg_fields(gpkg, layer);
    ASSERT_EQ(written.size(), declared->size()) << layer;
    for (std::size_t i = 0; i < written.size(); ++i) {
      const out::ColumnSpec& c = (*declared)[i];
      const char* type = c.type == out::FieldType::text ? "TEXT" : c.type == out::FieldType::real ? "REAL" : "";
      EXPECT_EQ(written[i][0], c.name) << layer;
      if (*type) {
        EXPECT_EQ(written[i][1], type) << layer << "." << c.name;
      }
      EXPECT_EQ(written[i][2], c.alias_zh) << layer << "." << c.name;
      const std::string row = "| `" + std::string(c.name) + "` | " +
                              (c.type == out::FieldType::text ? "text" : c.type == out::FieldType::real ? "real" : "integer") +
                              " | " + std::string(c.alias_zh) + " |";
      EXPECT_NE(docs.find(row), std::string::npos) << "docs/outputs.md lacks " << row << " (" << layer << ")";
    }
  }
  EXPECT_EQ(out::output_columns("no_such_layer"), nullptr);
}
