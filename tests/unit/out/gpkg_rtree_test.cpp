// The GeoPackage spatial index written packed (out/gpkg_rtree.hpp), checked against SQLite's own R-tree
// module: the boxes it would store, its integrity check, the features a window finds, and GDAL using it.
#include "landrenew/out/gpkg_rtree.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <sqlite3.h>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "landrenew/core/error.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/out/gpkg.hpp"

#include "fixtures.hpp"

using namespace landrenew;

namespace {

struct Box {
  std::int64_t fid;
  double minx, maxx, miny, maxy;
};

class Sqlite {
 public:
  explicit Sqlite(const std::string& file) {
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
              SQLITE_OK);
  }
  ~Sqlite() { sqlite3_close_v2(m_db); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;
  void exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(m_db);
  }
  // Every row of `sql` as text cells.
  std::vector<std::vector<std::string>> rows(const std::string& sql, const std::vector<double>& args = {}) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(m_db);
    for (std::size_t i = 0; i < args.size(); ++i)
      sqlite3_bind_double(s, static_cast<int>(i + 1), args[i]);
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* t = sqlite3_column_text(s, c);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return out;
  }
  std::string one(const std::string& sql) {
    const auto r = rows(sql);
    return r.empty() || r[0].empty() ? "" : r[0][0];
  }

 private:
  sqlite3* m_db = nullptr;
};

io::SrsPtr cgcs2000_gk() {
  io::SrsPtr srs = io::make_srs();
  srs->importFromEPSG(4549);
  return srs;
}

std::string box_wkt(const Box& b) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON((%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f))", b.minx,
                b.miny, b.maxx, b.miny, b.maxx, b.maxy, b.minx, b.maxy, b.minx, b.miny);
  return buf;
}

// `n` axis-parallel rectangles of 1 m to 400 m at random over a 100 km square (FIDs 1…n), written with
// GpkgWriter as layer "a"; every 7th feature has no geometry.
std::vector<Box> write_boxes(const std::filesystem::path& file, int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> pos(0, 100000), size(1, 400);
  std::vector<Box> boxes;
  out::GpkgWriter w(file, *cgcs2000_gk(), true);
  out::LayerWriter& l =
      w.layer("a", out::GeometryKind::polygon, {{"n", out::FieldType::integer, "序号"}}, "a", "");
  for (int i = 1; i <= n; ++i) {
    const double x = 500000 + pos(rng), y = 3400000 + pos(rng);
    const Box b{i, x, x + size(rng), y, y + size(rng)};
    if (i % 7 == 0) {
      l.add(nullptr, {out::Value(static_cast<std::int64_t>(i))});
      continue;
    }
    const geom::Geometry g = geom::from_wkt(box_wkt(b));
    l.add(g.get(), {out::Value(static_cast<std::int64_t>(i))});
    boxes.push_back(b);
  }
  w.close();
  return boxes;
}

std::set<std::int64_t> brute_force(const std::vector<Box>& boxes, double x0, double x1, double y0,
                                   double y1) {
  std::set<std::int64_t> ids;
  for (const Box& b : boxes)
    if (b.maxx >= x0 && b.minx <= x1 && b.maxy >= y0 && b.miny <= y1) ids.insert(b.fid);
  return ids;
}

// The cell counts of every node of `rtree`, the root's first.
std::vector<int> node_fill(Sqlite& db, const std::string& rtree) {
  std::vector<int> fill;
  for (const auto& row :
       db.rows("SELECT nodeno, hex(substr(data, 3, 2)) FROM " + rtree + "_node ORDER BY nodeno"))
    fill.push_back(std::stoi(row[1], nullptr, 16));
  return fill;
}

}  // namespace

TEST(GpkgRTree, BoxesAreRoundedOutwardsToFloatsExactlyAsSqlitesRTreeModuleStoresThem) {
  Sqlite db(":memory:");
  db.exec("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)");
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> big(-4e7, 4e7), small(-1, 1);
  std::vector<std::array<double, 4>> values = {{0, 0, 0, 0},
                                               {1, 1, -1, -1},
                                               {0.1, 0.1, -0.1, -0.1},
                                               {3400000.123, 3400000.123, 500000.7, 500000.7},
                                               {-3400000.123, -3400000.123, -500000.7, -500000.7},
                                               {1e-40, 1e-40, -1e-40, -1e-40}};
  for (int i = 0; i < 2000; ++i) {
    const double a = i % 2 ? big(rng) : small(rng), b = i % 2 ? big(rng) : small(rng);
    values.push_back({a, a, b, b});
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    db.rows("INSERT INTO r VALUES (" + std::to_string(i) + ", ?1, ?2, ?3, ?4)", {v[0], v[1], v[2], v[3]});
  }
  const auto stored = db.rows("SELECT id, minx, maxx, miny, maxy FROM r ORDER BY id");
  ASSERT_EQ(stored.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    const out::RTreeEntry e = out::rtree_entry(static_cast<std::int64_t>(i), v[0], v[1], v[2], v[3]);
    // SQLite gives the stored float back as text with 15 significant digits: more than a float needs.
    const double got[4] = {std::stod(stored[i][1]), std::stod(stored[i][2]), std::stod(stored[i][3]),
                           std::stod(stored[i][4])};
    const float mine[4] = {e.minx, e.maxx, e.miny, e.maxy};
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(static_cast<float>(got[k]), mine[k]) << "value " << i << " coordinate " << k << ": " << v[k];
    // The box holds the value, except below float's smallest normal number (1.2e-38 m), where SQLite's
    // rounding — a scaling by 1 ± 2^-23 — no longer moves the float.
    if (std::abs(v[0]) < std::numeric_limits<float>::min() ||
        std::abs(v[2]) < std::numeric_limits<float>::min())
      continue;
    EXPECT_LE(static_cast<double>(e.minx), v[0]);
    EXPECT_GE(static_cast<double>(e.maxx), v[1]);
    EXPECT_LE(static_cast<double>(e.miny), v[2]);
    EXPECT_GE(static_cast<double>(e.maxy), v[3]);
  }
}

TEST(GpkgRTree, PackedIndexPassesSqlitesCheckAndFindsWhatABruteForceScanFinds) {
  // Every 7th feature has no geometry, so the trees hold 0, 1, one full node (51 cells at SQLite's node size
  // for 4 KiB pages), 52, a full two-level tree (51 × 51 = 2601), 2602 (three levels) and 17143 boxes.
  for (const int n : {0, 1, 59, 60, 3034, 3035, 20000}) {
    SCOPED_TRACE("features " + std::to_string(n));
    test::TempDir dir;
    const std::filesystem::path file = dir / "x.gpkg";
    const std::vector<Box> boxes = write_boxes(file, n, static_cast<unsigned>(n));
    Sqlite db(file.string());
    EXPECT_EQ(db.one("SELECT rtreecheck('rtree_a_geom')"), "ok");
    EXPECT_EQ(db.one("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db.one("SELECT count(*) FROM rtree_a_geom"), std::to_string(boxes.size()));
    EXPECT_EQ(db.one("SELECT count(*) FROM rtree_a_geom_rowid"), std::to_string(boxes.size()));

    // Every node but the root at least a third full (what SQLite keeps when it deletes), none over full.
    const std::vector<int> fill = node_fill(db, "rtree_a_geom");
    ASSERT_FALSE(fill.empty());
    for (std::size_t i = 1; i < fill.size(); ++i) {
      EXPECT_GE(fill[i], 17) << "node " << i + 1;
      EXPECT_LE(fill[i], 51) << "node " << i + 1;
    }

    // The same boxes as SQLite stores when they are inserted one by one.
    Sqlite ref(":memory:");
    ref.exec("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)");
    for (const Box& b : boxes)
      ref.rows("INSERT INTO r VALUES (" + std::to_string(b.fid) + ", ?1, ?2, ?3, ?4)",
               {b.minx, b.maxx, b.miny, b.maxy});
    EXPECT_TRUE(db.rows("SELECT * FROM rtree_a_geom ORDER BY id") == ref.rows("SELECT * FROM r ORDER BY id"));

    // Windows from 1 m to the whole extent: the index's candidates are the brute-force hits (the boxes are
    // the features, so nothing is lost to the float rounding but boxes within a float step of the window).
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> pos(-1000, 101000);
    for (const double size : {1.0, 100.0, 2000.0, 30000.0, 120000.0}) {
      for (int k = 0; k < 40; ++k) {
        const double x0 = 500000 + pos(rng), y0 = 3400000 + pos(rng);
        const std::vector<double> window = {x0, x0 + size, y0, y0 + size};
        std::set<std::int64_t> found;
        for (const auto& row : db.rows("SELECT id FROM rtree_a_geom WHERE maxx >= ?1 AND minx <= ?2 AND "
                                       "maxy >= ?3 AND miny <= ?4",
                                       window))
          found.insert(std::stoll(row[0]));
        std::set<std::int64_t> expected;
        for (const auto& row : ref.rows("SELECT id FROM r WHERE maxx >= ?1 AND minx <= ?2 AND maxy >= ?3 AND "
                                        "miny <= ?4",
                                        window))
          expected.insert(std::stoll(row[0]));
        EXPECT_EQ(found, expected) << "window " << x0 << " " << y0 << " size " << size;
        const std::set<std::int64_t> exact = brute_force(boxes, x0, x0 + size, y0, y0 + size);
        EXPECT_TRUE(std::includes(found.begin(), found.end(), exact.begin(), exact.end()));
      }
    }
  }
}

TEST(GpkgRTree, TriggersAndExtensionAreGdalsSoGdalUsesTheIndexAndKeepsItCurrentOnEdits) {
  test::TempDir dir;
  const std::filesystem::path file = dir / "x.gpkg";
  std::vector<Box> boxes = write_boxes(file, 3000, 3);
  {
    Sqlite db(file.string());
    EXPECT_EQ(db.one("SELECT extension_name || ' ' || definition || ' ' || scope FROM gpkg_extensions WHERE "
                     "table_name = 'a' AND column_name = 'geom'"),
              "gpkg_rtree_index http://www.geopackage.org/spec120/#extension_rtree write-only");
    EXPECT_EQ(
        db.one("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_a_geom_%'"),
        "6");
  }
  {
    io::DatasetPtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayerByName("a");
    ASSERT_NE(l, nullptr);
    EXPECT_TRUE(l->TestCapability(OLCFastSpatialFilter));
    // A window through GDAL: the features a scan of every geometry finds.
    const double x0 = 520000, x1 = 560000, y0 = 3420000, y1 = 3450000;
    l->SetSpatialFilterRect(x0, y0, x1, y1);
    std::set<std::int64_t> found;
    for (auto& f : *l)
      found.insert(f->GetFID());
    EXPECT_EQ(found, brute_force(boxes, x0, x1, y0, y1));
    l->SetSpatialFilter(nullptr);

    // Edits through GDAL fire the triggers: a feature added, one moved, one deleted, one geometry cleared.
    OGRGeometry* g = nullptr;
    const Box added{0, 600000, 600010, 3500000, 3500010};
    OGRGeometryFactory::createFromWkt(box_wkt(added).c_str(), nullptr, &g);
    io::FeaturePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    f->SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
    const Box moved{2, 610000, 610020, 3510000, 3510020};
    io::FeaturePtr m(l->GetFeature(2));
    OGRGeometryFactory::createFromWkt(box_wkt(moved).c_str(), nullptr, &g);
    m->SetGeometryDirectly(g);
    ASSERT_EQ(l->SetFeature(m.get()), OGRERR_NONE);
    ASSERT_EQ(l->DeleteFeature(3), OGRERR_NONE);
    io::FeaturePtr c(l->GetFeature(4));
    c->SetGeometryDirectly(nullptr);
    ASSERT_EQ(l->SetFeature(c.get()), OGRERR_NONE);
  }
  Sqlite db(file.string());
  EXPECT_EQ(db.one("SELECT rtreecheck('rtree_a_geom')"), "ok");
  EXPECT_EQ(db.one("SELECT count(*) FROM rtree_a_geom WHERE id IN (3, 4)"), "0");
  EXPECT_EQ(db.one("SELECT minx || ' ' || maxy FROM rtree_a_geom WHERE id = 2"), "610000.0 3510020.0");
  EXPECT_EQ(db.one("SELECT count(*) FROM rtree_a_geom WHERE minx >= 600000 AND maxx <= 600010"), "1");
  EXPECT_EQ(db.one("SELECT count(*) FROM rtree_a_geom"), std::to_string(boxes.size() - 2 + 1));
}

TEST(GpkgRTree, ALayerWithoutGeometriesGetsNoIndexAndAnEmptySpatialLayerAnEmptyOne) {
  test::TempDir dir;
  const std::filesystem::path file = dir / "x.gpkg";
  {
    out::GpkgWriter w(file, *cgcs2000_gk());
    w.layer("t", out::GeometryKind::none, {{"n", out::FieldType::integer, ""}}, "t", "")
        .add(nullptr, {out::Value(std::int64_t{1})});
    w.layer("p", out::GeometryKind::point, {{"n", out::FieldType::integer, ""}}, "p", "");
    w.close();
  }
  Sqlite db(file.string());
  EXPECT_EQ(db.one("SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree_t_%'"), "0");
  EXPECT_EQ(db.one("SELECT rtreecheck('rtree_p_geom')"), "ok");
  EXPECT_EQ(db.one("SELECT count(*) FROM rtree_p_geom"), "0");
  EXPECT_EQ(db.one("SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"), "1");
}

TEST(GpkgRTree, AFileThatCannotBeOpenedIsAnOutputErrorNamingIt) {
  test::TempDir dir;
  std::vector<out::SpatialIndex> indexes = {{.table = "a", .column = "geom", .fid_column = "fid"}};
  try {
    out::write_spatial_indexes(dir / "missing.gpkg", indexes);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::output);
    EXPECT_NE(std::string(e.what()).find("missing.gpkg"), std::string::npos) << e.what();
  }
}
