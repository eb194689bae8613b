#include "landrenew/audit/diff.hpp"

#include <fstream>
#include <sstream>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/io/gdal.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using namespace landrenew::diff;
using test::rect;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// GK-like coordinates (EPSG:4549 around Huzhou); sizes below are relative to this origin.
constexpr double X0 = 520000, Y0 = 3390000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

// A tiny OUT_DIR as `landrenew run` writes it: only the layers, fields and keys the diff reads.
struct Parcel {
  std::int64_t fid;
  std::string id;
  bool low;
  std::string criteria;
};
struct Piece {
  std::string wkt, record_id, records;
};
struct Record {
  std::int64_t fid;
  std::string id, mode, date, status;
  bool counted;
  double freed_mu;
};
struct Park {
  std::string id;
  double far_before, far_after;
  bool meets;
};
struct MiniRun {
  std::vector<Parcel> parcels;
  std::vector<Piece> pieces;
  std::vector<Record> records;
  std::vector<Park> parks;
  std::string profile_sha = std::string(64, 'a');
  std::string renewal_sha = std::string(64, 'b');
};

void add_layer(GDALDataset& ds, const std::string& name, const std::vector<std::string>& fields,
               const std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  io::SrsPtr srs = io::make_srs();
  srs->importFromEPSG(4549);
  OGRLayer* l = ds.CreateLayer(name.c_str(), srs.get(), wkbMultiPolygon, nullptr);
  ASSERT_TRUE(l);
  for (const auto& f : fields) {
    OGRFieldDefn fd(f.c_str(), OFTString);
    ASSERT_EQ(l->CreateField(&fd), OGRERR_NONE);
  }
  for (const auto& [wkt, values] : rows) {
    io::FeaturePtr feat(OGRFeature::CreateFeature(l->GetLayerDefn()));
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!values[i].empty()) feat->SetField(static_cast<int>(i), values[i].c_str());
    OGRGeometry* g = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE);
    feat->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
    ASSERT_EQ(l->CreateFeature(feat.get()), OGRERR_NONE);
  }
}

void write_run(const fs::path& dir, const MiniRun& run) {
  fs::create_directories(dir);
  io::init_gdal();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    io::DatasetPtr ds(drv->Create((dir / "landrenew.gpkg").string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    for (const auto& p : run.parcels)
      rows.push_back({r(0, 0, 1, 1), {std::to_string(p.fid), p.id, "1", p.low ? "1" : "0", p.criteria}});
    add_layer(*ds, "parcels", {"source_fid", "parcel_id", "industrial", "low_efficiency", "criteria"}, rows);
    rows.clear();
    for (const auto& p : run.pieces)
      rows.push_back({p.wkt, {p.record_id, p.records, "2024-01-01", "2024", "拆除重建"}});
    add_layer(*ds, "freed", {"record_id", "records", "completed", "year", "mode"}, rows);
    rows.clear();
    for (const auto& x : run.records)
      rows.push_back(
          {r(0, 0, 1, 1),
           {std::to_string(x.fid), x.id, x.mode, x.date, x.date, x.status, x.counted ? "1" : "0",
            x.counted ? "" : "mode not counted", std::to_string(x.freed_mu), std::to_string(x.freed_mu)}});
    add_layer(*ds, "renewal",
              {"source_fid", "record_id", "mode", "date", "completion_date", "status", "counted", "reason",
               "industrial_mu", "freed_mu"},
              rows);
  }
  std::size_t low = 0, counted = 0;
  for (const auto& p : run.parcels)
    low += p.low;
  for (const auto& x : run.records)
    counted += x.counted;
  double freed_m2 = 0;
  for (const auto& p : run.pieces)
    freed_m2 += geom::area(geom::from_wkt(p.wkt).get());
  json parks = json::array();
  for (const auto& p : run.parks)
    parks.push_back({{"id", p.id},
                     {"name", p.id + "园"},
                     {"far_before", p.far_before},
                     {"far_after", p.far_after},
                     {"uplift", p.far_after - p.far_before},
                     {"meets_target", p.meets}});
  const json summary{
      {"industrial", {{"parcels", run.parcels.size()}, {"mu", 100.0}}},
      {"low_efficiency",
       {{"parcels", low}, {"mu", 10.0 * static_cast<double>(low)}, {"by_criterion", json::object()}}},
      {"freed",
       {{"goal_mu", 30000.0},
        {"mu", mu_from_m2(freed_m2)},
        {"records_counted", counted},
        {"by_year", {{"2024", mu_from_m2(freed_m2)}}},
        {"by_district", json::object()},
        {"by_mode", json::object()}}},
      {"parks", parks}};
  const json manifest{
      {"tool", {{"version", "0.1.0"}}},
      {"as_of", {{"date", "2026-12-31"}}},
      {"project", {{"name", "p"}, {"sha256", std::string(64, 'c')}}},
      {"profile", {{"name", "huzhou-2023"}, {"sha256", run.profile_sha}}},
      {"inputs",
       {{{"layer", "parcels"}, {"files", {{{"path", "parcels.shp"}, {"sha256", std::string(64, 'd')}}}}},
        {{"layer", "renewal"}, {"files", {{{"path", "renewal.gpkg"}, {"sha256", run.renewal_sha}}}}}}}};
  std::ofstream(dir / "summary.json") << summary.dump(2);
  std::ofstream(dir / "manifest.json") << manifest.dump(2);
}

RunDiff diff_of(const MiniRun& old_run, const MiniRun& new_run) {
  test::TempDir dir;
  write_run(dir / "old", old_run);
  write_run(dir / "new", new_run);
  return diff_folders(dir / "old", dir / "new");
}

std::vector<std::string> ids(const std::vector<FlagChange>& v) {
  std::vector<std::string> out;
  for (const auto& c : v)
    out.push_back(c.parcel_id + "#" + std::to_string(c.new_fid ? *c.new_fid : *c.old_fid));
  return out;
}

}  // namespace

TEST(Diff, FlagsMatchByUniqueIdThenBySourceFidAndReconcile) {
  MiniRun o, n;
  // A, B, C unique ids; D twice (a repeated ZDDM); one parcel without id; F only in the new layer.
  o.parcels = {{0, "A", true, "far_below_minimum"},
               {1, "B", true, "far_below_minimum,wuwei"},
               {2, "C", false, ""},
               {3, "D", true, "wuwei"},
               {4, "D", false, ""},
               {5, "", true, "wuwei"}};
  n.parcels = {{0, "A", false, ""},     {1, "B", true, "wuwei"}, {2, "C", true, "tax_per_mu_below"},
               {3, "D", true, "wuwei"}, {4, "D", true, "wuwei"}, {6, "F", true, "enterprise_class"}};
  const RunDiff d = diff_of(o, n);
  const FlagDiff& f = d.low_efficiency;
  EXPECT_EQ(f.match.by_id, 3u);
  EXPECT_EQ(f.match.by_fid, 2u);
  EXPECT_EQ(f.match.unmatched_old, 1u);
  EXPECT_EQ(f.match.unmatched_new, 1u);
  EXPECT_EQ(ids(f.newly_flagged), (std::vector<std::string>{"C#2", "D#4", "F#6"}));
  EXPECT_EQ(ids(f.no_longer_flagged), (std::vector<std::string>{"A#0", "#5"}));
  ASSERT_EQ(f.criteria_changed.size(), 1u);
  EXPECT_EQ(f.criteria_changed[0].parcel_id, "B");
  EXPECT_EQ(f.criteria_changed[0].criteria_removed, (std::vector<std::string>{"far_below_minimum"}));
  EXPECT_TRUE(f.criteria_changed[0].criteria_added.empty());
  // 4 + 3 − 2 = 5.
  EXPECT_EQ(f.parcels.old_total, 4);
  EXPECT_EQ(f.parcels.new_total, 5);
  EXPECT_TRUE(f.parcels.ok);
  std::ostringstream text;
  write_diff_text(text, d);
  EXPECT_NE(text.str().find("4 + 3 newly flagged − 2 no longer flagged = 5  ✓"), std::string::npos)
      << text.str();
}

TEST(Diff, FreedGroundAddedAndRemovedReconcileWithTheSummary) {
  MiniRun o, n;
  // 100 m × 100 m = 15 mu. R2's piece shrinks to half; R3 is new.
  o.pieces = {{r(0, 0, 100, 100), "R1", "R1"}, {r(200, 0, 300, 100), "R2", "R2"}};
  n.pieces = {
      {r(0, 0, 100, 100), "R1", "R1"}, {r(200, 0, 250, 100), "R2", "R2"}, {r(400, 0, 500, 100), "R3", "R3"}};
  const RunDiff d = diff_of(o, n);
  const FreedDiff& f = d.freed;
  EXPECT_NEAR(f.mu.old_total, 30.0, 1e-9);
  EXPECT_NEAR(f.mu.added, 15.0, 1e-9);
  EXPECT_NEAR(f.mu.removed, 7.5, 1e-9);
  EXPECT_NEAR(f.mu.new_total, 37.5, 1e-9);
  EXPECT_TRUE(f.mu.ok);
  ASSERT_EQ(f.added_by_record.size(), 1u);
  EXPECT_EQ(f.added_by_record[0].record_id, "R3");
  ASSERT_EQ(f.removed_by_record.size(), 1u);
  EXPECT_EQ(f.removed_by_record[0].record_id, "R2");
  EXPECT_NEAR(f.removed_by_record[0].mu, 7.5, 1e-9);
  EXPECT_EQ(f.unchanged_pieces, 1u);
  EXPECT_EQ(f.added_pieces, 2u);
  EXPECT_EQ(f.removed_pieces, 1u);
  EXPECT_TRUE(d.reconciles());
}

TEST(Diff, ReSplitPiecesWithTheSameGroundAddAndRemoveNoGround) {
  MiniRun o, n;
  // A later record R4 covers the left half of R1's ground: two pieces now, the same ground.
  o.pieces = {{r(0, 0, 100, 100), "R1", "R1"}};
  n.pieces = {{r(0, 0, 50, 100), "R1", "R1;R4"}, {r(50, 0, 100, 100), "R1", "R1"}};
  const RunDiff d = diff_of(o, n);
  EXPECT_NEAR(d.freed.mu.added, 0.0, 1e-9);
  EXPECT_NEAR(d.freed.mu.removed, 0.0, 1e-9);
  EXPECT_TRUE(d.freed.added_by_record.empty());
  EXPECT_EQ(d.freed.added_pieces, 2u);
  EXPECT_EQ(d.freed.removed_pieces, 1u);
  EXPECT_TRUE(d.freed.mu.ok);
}

TEST(Diff, RecordsAddedRemovedAndChangedByIdWithRepeatedIdsPairedInFidOrder) {
  MiniRun o, n;
  o.records = {{1, "R1", "拆除重建", "2024-01-01", "已完成", true, 15},
               {2, "R2", "收储", "2024-03-01", "已完成", true, 15},
               {5, "R5", "其他", "2024-05-01", "已完成", false, 0},
               {6, "R6", "其他", "2025-01-01", "已完成", false, 0},
               {7, "R6", "其他", "2025-01-01", "已完成", false, 0}};
  n.records = {{1, "R1", "拆除重建", "2024-01-01", "已完成", true, 15},
               {2, "R2", "收储", "2024-03-01", "已完成", true, 7.5},
               {3, "R3", "腾退", "2026-06-30", "已完成", true, 15},
               {6, "R6", "其他", "2025-01-01", "已完成", false, 0},
               {7, "R6", "其他", "2025-01-01", "实施中", false, 0}};
  const RunDiff d = diff_of(o, n);
  const RecordDiff& r = d.records;
  ASSERT_EQ(r.added.size(), 1u);
  EXPECT_EQ(r.added[0].record_id, "R3");
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].record_id, "R5");
  ASSERT_EQ(r.changed.size(), 2u);
  EXPECT_EQ(r.changed[0].record_id, "R2");
  EXPECT_EQ(r.changed[0].fields, (std::vector<std::string>{"freed_mu", "industrial_mu"}));
  EXPECT_EQ(r.changed[1].record_id, "R6");
  EXPECT_EQ(r.changed[1].new_record.source_fid, 7);
  EXPECT_EQ(r.changed[1].fields, (std::vector<std::string>{"status"}));
  // 5 + 1 − 1 = 5 rows; counted 2 + 1 − 0 = 3.
  EXPECT_TRUE(r.records.ok);
  EXPECT_EQ(r.counted.old_total, 2);
  EXPECT_EQ(r.counted.added, 1);
  EXPECT_EQ(r.counted.removed, 0);
  EXPECT_EQ(r.counted.new_total, 3);
  EXPECT_TRUE(r.counted.ok);
  const auto j = diff_json(d);
  EXPECT_EQ(j["records"]["changed"][0]["fields"]["freed_mu"]["new"].get<double>(), 7.5);
  EXPECT_EQ(j["records"]["records"]["added"], 1);
}

TEST(Diff, ParksCrossingTheTargetEitherWayAndInputHashes) {
  MiniRun o, n;
  o.parks = {
      {"P01", 0.5, 0.9, false}, {"P02", 0.5, 1.1, true}, {"P03", 0.4, 1.0, true}, {"P04", 0.4, 0.5, false}};
  n.parks = {
      {"P01", 0.5, 1.1, true}, {"P02", 0.5, 0.9, false}, {"P03", 0.4, 1.2, true}, {"P04", 0.4, 0.5, false}};
  n.renewal_sha = std::string(64, 'e');
  const RunDiff d = diff_of(o, n);
  ASSERT_EQ(d.parks.size(), 3u);  // P04 unchanged
  EXPECT_EQ(d.parks[0].id, "P01");
  EXPECT_EQ(d.parks[0].crossed, 1);
  EXPECT_EQ(d.parks[1].crossed, -1);
  EXPECT_EQ(d.parks[2].id, "P03");
  EXPECT_EQ(d.parks[2].crossed, 0);
  ASSERT_EQ(d.inputs.size(), 1u);
  EXPECT_EQ(d.inputs[0].what, "renewal: renewal.gpkg");
  const auto j = diff_json(d);
  EXPECT_EQ(j["parks"]["crossed_up"], json::array({"P01"}));
  EXPECT_EQ(j["parks"]["crossed_down"], json::array({"P02"}));
}

TEST(Diff, FolderThatIsNotALandrenewOutputIsAnInputOpenError) {
  test::TempDir dir;
  write_run(dir / "run", MiniRun{});
  const auto kind_of = [&](const fs::path& p) {
    try {
      read_run_output(p);
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::internal;
  };
  EXPECT_NO_THROW(read_run_output(dir / "run"));
  EXPECT_EQ(kind_of(dir / "missing"), ErrorKind::input_open);
  EXPECT_EQ(kind_of(dir / "run" / "summary.json"), ErrorKind::input_open);  // a file, not a folder
  fs::remove(dir / "run" / "manifest.json");
  EXPECT_EQ(kind_of(dir / "run"), ErrorKind::input_open);
  try {
    read_run_output(dir / "run");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a landrenew output folder: manifest.json is missing"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(exit_code(e.kind()), 5);
  }
  write_run(dir / "bad", MiniRun{});
  std::ofstream(dir / "bad" / "summary.json") << "{ not json";
  EXPECT_EQ(kind_of(dir / "bad"), ErrorKind::input_open);
  std::ofstream(dir / "bad" / "summary.json") << "{}";
  EXPECT_EQ(kind_of(dir / "bad"), ErrorKind::input_data);
}

TEST(Diff, TextIsChineseWhenTheLanguageIsChineseAndDiffJsonStaysEnglish) {
  MiniRun o, n;
  o.parcels = {{0, "A", true, "far_below_minimum"}, {1, "B", false, ""}};
  n.parcels = {{0, "A", false, ""}, {1, "B", true, "wuwei"}, {2, "C", true, "wuwei"}};
  const RunDiff d = diff_of(o, n);
  std::ostringstream en, zh;
  write_diff_text(en, d);
  const std::string json_en = diff_json(d).dump();
  set_language(Language::zh);
  write_diff_text(zh, d);
  const std::string json_zh = diff_json(d).dump();
  set_language(Language::en);
  // 1 + 2 − 1 = 2.
  EXPECT_NE(en.str().find("  1 + 2 newly flagged − 1 no longer flagged = 2  ✓"), std::string::npos)
      << en.str();
  EXPECT_NE(zh.str().find("  1 + 新增认定 2 − 不再认定 1 = 2  ✓"), std::string::npos) << zh.str();
  EXPECT_NE(zh.str().find("低效工业用地（RULES.md 14）"), std::string::npos) << zh.str();
  EXPECT_NE(zh.str().find("C（fid 2）：wuwei  （宗地图层中新出现）"), std::string::npos) << zh.str();
  EXPECT_EQ(zh.str().find("newly flagged"), std::string::npos) << zh.str();
  EXPECT_EQ(json_zh, json_en);
}
