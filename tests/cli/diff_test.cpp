// `landrenew diff` end to end: the demo run against a run on a copy of the demo whose renewal register was
// edited (one record deleted, one record's mode changed to a non-counted one, one completed record added over
// uncovered industrial land). The diff must report exactly those edits and reconcile.
#include <fstream>
#include <map>
#include <set>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

#include "fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::run;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string bin = LANDRENEW_BIN;
const fs::path demo_dir = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";


json read_json(const fs::path& f) {
  std::ifstream in(f);
  return json::parse(in);
}

landrenew::io::DatasetPtr open(const fs::path& file, bool update = false) {
  landrenew::io::init_gdal();
  return landrenew::io::DatasetPtr(GDALDataset::Open(
      file.string().c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY)));
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Edits {
  std::string deleted, changed, added = "GX2026-9001";
  double deleted_mu = 0, changed_mu = 0, added_mu = 0;
  std::string parcel_wkt;  // the uncovered industrial parcel the new record covers
  std::string parcel_id;
};

// Chooses the edits from the first run's outputs: two counted records whose freed ground is theirs alone (no
// other record covers any of it, nor did an earlier one take part of it), and an unrepaired industrial parcel
// that no record touches.
Edits choose_edits(const fs::path& out) {
  Edits e;
  auto ds = open(out / "landrenew.gpkg");
  EXPECT_TRUE(ds);
  std::map<std::string, std::set<std::string>> shares;  // record → other records on its pieces
  for (auto& f : *ds->GetLayerByName("freed")) {
    const auto recs = split(f->GetFieldAsString("records"), ';');
    for (const auto& a : recs)
      for (const auto& b : recs)
        if (a != b) shares[a].insert(b);
  }
  std::vector<OGRGeometry*> footprints;  // owned by `kept`
  std::vector<landrenew::io::FeaturePtr> kept;
  OGRLayer* renewal = ds->GetLayerByName("renewal");
  for (auto& f : *renewal) {
    const std::string id = f->GetFieldAsString("record_id");
    const double freed = f->GetFieldAsDouble("freed_mu"), industrial = f->GetFieldAsDouble("industrial_mu");
    if (f->GetFieldAsInteger("counted") && freed > 1 && std::abs(freed - industrial) < 1e-9 &&
        !shares.count(id)) {
      if (e.deleted.empty()) {
        e.deleted = id;
        e.deleted_mu = freed;
      } else if (e.changed.empty()) {
        e.changed = id;
        e.changed_mu = freed;
      }
    }
    kept.emplace_back(f.release());
    footprints.push_back(kept.back()->GetGeometryRef());
  }
  OGRLayer* parcels = ds->GetLayerByName("parcels");
  parcels->SetAttributeFilter("industrial = 1 AND repaired = 0");
  for (auto& f : *parcels) {
    const OGRGeometry* g = f->GetGeometryRef();
    bool touched = false;
    for (const OGRGeometry* r : footprints)
      if (r && r->Intersects(g)) {
        touched = true;
        break;
      }
    if (touched) continue;
    char* wkt = nullptr;
    g->exportToWkt(&wkt);
    e.parcel_wkt = wkt;
    CPLFree(wkt);
    e.parcel_id = f->GetFieldAsString("parcel_id");
    e.added_mu = f->GetFieldAsDouble("area_mu");
    break;
  }
  return e;
}

void edit_register(const fs::path& gpkg, const Edits& e) {
  auto ds = open(gpkg, true);
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("renewal");
  ASSERT_TRUE(l);
  GIntBig deleted = -1;
  for (auto& f : *l) {
    const std::string id = f->GetFieldAsString("XMBH");
    if (id == e.deleted) deleted = f->GetFID();
    if (id == e.changed) {
      f->SetField("GXMS", "其他");  // not in the counting set (RULES.md 16)
      ASSERT_EQ(l->SetFeature(f.get()), OGRERR_NONE);
    }
  }
  ASSERT_GE(deleted, 0);
  ASSERT_EQ(l->DeleteFeature(deleted), OGRERR_NONE);
  landrenew::io::FeaturePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
  f->SetField("XMBH", e.added.c_str());
  f->SetField("XMMC", "新增测试项目(拆除重建)");
  f->SetField("GXMS", "拆除重建");
  f->SetField("WCRQ", "2026-06-30");
  f->SetField("ZT", "已完成");
  f->SetField("ZDDM", e.parcel_id.c_str());
  OGRGeometry* g = nullptr;
  ASSERT_EQ(OGRGeometryFactory::createFromWkt(e.parcel_wkt.c_str(), nullptr, &g), OGRERR_NONE);
  f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
  ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
}

std::vector<std::string> record_ids(const json& list, const char* key = "record_id") {
  std::vector<std::string> out;
  for (const auto& x : list)
    out.push_back(x[key].get<std::string>());
  return out;
}
}  // namespace

TEST(Diff, EditedRegisterReportsExactlyTheEditsAndReconciles) {
  landrenew::test::TempDir dir;
  const fs::path old_out = dir / "old", new_out = dir / "new", copy = dir / "demo";
  auto [code, text] = run(bin + " run " + quote(demo_dir / "project.toml") + " -o " + quote(old_out) + " -q");
  ASSERT_EQ(code, 0) << text;

  const Edits e = choose_edits(old_out);
  ASSERT_FALSE(e.deleted.empty());
  ASSERT_FALSE(e.changed.empty());
  ASSERT_FALSE(e.parcel_wkt.empty());
  fs::copy(demo_dir, copy, fs::copy_options::recursive);
  edit_register(copy / "renewal.gpkg", e);
  std::tie(code, text) = run(bin + " run " + quote(copy / "project.toml") + " -o " + quote(new_out) + " -q");
  ASSERT_EQ(code, 0) << text;

  std::tie(code, text) =
      run(bin + " diff " + quote(old_out) + " " + quote(new_out) + " --json " + quote(dir / "diff.json"));
  ASSERT_EQ(code, 0) << text;
  const json d = read_json(dir / "diff.json");

  // Records: exactly the three edits.
  const json& r = d["records"];
  EXPECT_EQ(record_ids(r["added"]), std::vector<std::string>{e.added});
  EXPECT_EQ(record_ids(r["removed"]), std::vector<std::string>{e.deleted});
  ASSERT_EQ(record_ids(r["changed"]), std::vector<std::string>{e.changed});
  std::vector<std::string> fields;
  for (const auto& [k, v] : r["changed"][0]["fields"].items())
    fields.push_back(k);
  EXPECT_EQ(fields, (std::vector<std::string>{"counted", "freed_mu", "mode"}));  // json sorts the keys
  EXPECT_EQ(r["changed"][0]["fields"]["mode"]["new"], "其他");
  EXPECT_EQ(r["added"][0]["mode"], "拆除重建");
  EXPECT_TRUE(r["added"][0]["counted"].get<bool>());
  const int rows = r["records"]["old"].get<int>();
  EXPECT_EQ(r["records"]["added"], 1);
  EXPECT_EQ(r["records"]["removed"], 1);
  EXPECT_EQ(r["records"]["new"], rows);
  EXPECT_TRUE(r["records"]["reconciles"].get<bool>());
  const int counted = r["counted"]["old"].get<int>();
  EXPECT_EQ(r["counted"]["now_counted"], 1);
  EXPECT_EQ(r["counted"]["no_longer_counted"], 2);
  EXPECT_EQ(r["counted"]["new"], counted - 1);
  EXPECT_TRUE(r["counted"]["reconciles"].get<bool>());

  // Freed ground: the new parcel in, the two records' ground out; old + added − removed = new.
  const json& f = d["freed"];
  EXPECT_NEAR(f["mu"]["added"].get<double>(), e.added_mu, 1e-6);
  EXPECT_NEAR(f["mu"]["removed"].get<double>(), e.deleted_mu + e.changed_mu, 1e-6);
  EXPECT_TRUE(f["mu"]["reconciles"].get<bool>());
  EXPECT_NEAR(f["mu"]["old"].get<double>() + e.added_mu - e.deleted_mu - e.changed_mu,
              f["mu"]["new"].get<double>(), 1e-6);
  EXPECT_EQ(record_ids(f["ground_added_by_record"]), std::vector<std::string>{e.added});
  std::vector<std::string> removed = record_ids(f["ground_removed_by_record"]);
  std::sort(removed.begin(), removed.end());
  std::vector<std::string> expected{e.deleted, e.changed};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(removed, expected);
  double by_year = 0;
  for (const auto& [year, c] : f["by_year"].items())
    by_year += c["delta"].get<double>();
  EXPECT_NEAR(by_year, f["mu"]["delta"].get<double>(), 1e-6);

  // Nothing else moved: flags, parks; of the inputs only the register.
  EXPECT_TRUE(d["low_efficiency"]["newly_flagged"].empty());
  EXPECT_TRUE(d["low_efficiency"]["no_longer_flagged"].empty());
  EXPECT_TRUE(d["low_efficiency"]["criteria_changed"].empty());
  EXPECT_TRUE(d["low_efficiency"]["parcels"]["reconciles"].get<bool>());
  EXPECT_EQ(d["low_efficiency"]["match"]["unmatched_old"], 0);
  EXPECT_TRUE(d["parks"]["changed"].empty());
  ASSERT_EQ(d["inputs_changed"].size(), 1u) << d["inputs_changed"].dump();
  EXPECT_EQ(d["inputs_changed"][0]["what"], "renewal: renewal.gpkg");
  EXPECT_TRUE(d["reconciles"].get<bool>());
  EXPECT_TRUE(d["notes"].empty()) << d["notes"].dump();

  // The text says the same, with the reconciliation lines.
  const std::string n = std::to_string(rows);
  EXPECT_NE(text.find(n + " + 1 added − 1 removed = " + n + "  ✓;  1 changed"), std::string::npos) << text;
  EXPECT_NE(text.find("+ " + e.added + "  拆除重建  2026-06-30  已完成  counted"), std::string::npos) << text;
  EXPECT_NE(text.find("− " + e.deleted), std::string::npos) << text;
  EXPECT_NE(text.find("~ " + e.changed + " mode "), std::string::npos) << text;
  EXPECT_NE(text.find("ground no longer freed"), std::string::npos) << text;
  EXPECT_NE(text.find("every total reconciles"), std::string::npos) << text;
}

TEST(Diff, FolderThatIsNotARunIsRefusedWithExitCode5) {
  landrenew::test::TempDir dir;
  fs::create_directory(dir / "empty");
  auto [code, text] = run(bin + " diff " + quote(dir / "empty") + " " + quote(dir / "empty"));
  EXPECT_EQ(code, 5) << text;
  EXPECT_NE(text.find("landrenew: "), std::string::npos) << text;
  EXPECT_NE(text.find("not a landrenew output folder: landrenew.gpkg is missing"), std::string::npos) << text;
  std::tie(code, text) = run(bin + " diff " + quote(dir / "nowhere") + " " + quote(dir / "empty"));
  EXPECT_EQ(code, 5) << text;
  std::tie(code, text) = run(bin + " diff " + quote(dir / "empty"));
  EXPECT_EQ(code, 2) << text;
}

TEST(Scenario, RunWithScenarioWritesScenarioJsonAndUnknownClusterStopsTheRun) {
  landrenew::test::TempDir dir;
  landrenew::test::write_text(dir / "s.toml",
                              "name = \"两个候选\"\ntarget_far = 2.0\nclusters = [\"LP0001\", \"LP0002\"]\n");
  auto [code, text] = run(bin + " run " + quote(demo_dir / "project.toml") + " -o " + quote(dir / "out") +
                          " --scenario " + quote(dir / "s.toml"));
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find("scenario         两个候选: 2 candidates"), std::string::npos) << text;
  const json s = read_json(dir / "out" / "scenario.json");
  EXPECT_EQ(s["candidates"].size(), 2u);
  EXPECT_EQ(s["parks"].size(), 10u);
  double by_year = 0;
  for (const auto& [y, v] : s["freed"]["by_year"].items())
    by_year += v.get<double>();
  EXPECT_NEAR(by_year, s["freed"]["added_mu"].get<double>(), 1e-9);
  double adds = 0;
  for (const auto& c : s["candidates"])
    adds += c["adds_mu"].get<double>();
  EXPECT_NEAR(adds, s["freed"]["added_mu"].get<double>(), 1e-9);

  landrenew::test::write_text(dir / "bad.toml",
                              "target_far = 2.0\nclusters = [\n  \"LP0001\",\n  \"LP9999\",\n]\n");
  std::tie(code, text) = run(bin + " run " + quote(demo_dir / "project.toml") + " -o " + quote(dir / "out2") +
                             " --scenario " + quote(dir / "bad.toml"));
  EXPECT_EQ(code, 3) << text;
  EXPECT_NE(text.find("line 4"), std::string::npos) << text;
  EXPECT_NE(text.find("LP9999"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(dir / "out2"));
}
