#include <cmath>
#include <fstream>
#include <sstream>
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
constexpr int kRows = 2500;  // more than one chunk handed to the writing thread

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

io::SrsPtr cgcs2000_gk() {
  io::SrsPtr srs = io::make_srs();
  srs->importFromEPSG(4549);
  return srs;
}

// Two layers of squares and a table; row i has id "r<i>" and area i + 1.
void write_sample(const std::filesystem::path& file, bool background) {
  // As write_outputs() does: GeoPackage "last change" times pinned, so that the bytes can be compared.
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2026-12-31T00:00:00.000Z");
  out::GpkgWriter w(file, *cgcs2000_gk(), background);
  for (const char* name : {"a", "b"}) {
    out::LayerWriter& l = w.layer(
        name, out::GeometryKind::polygon,
        {{"id", out::FieldType::text, "编号"}, {"n", out::FieldType::integer, "序号"}}, name, "test layer");
    for (int i = 0; i < kRows; ++i) {
      const double x = 500000 + 10.0 * i;
      const geom::Geometry g =
          geom::from_wkt("POLYGON((" + std::to_string(x) + " 3400000," + std::to_string(x + 1) + " 3400000," +
                         std::to_string(x + 1) + " 3400001," + std::to_string(x) + " 3400000))");
      l.add(g.get(), {out::Value("r" + std::to_string(i)), out::Value(static_cast<std::int64_t>(i))});
    }
  }
  out::LayerWriter& t =
      w.layer("t", out::GeometryKind::none, {{"id", out::FieldType::text, "编号"}}, "t", "table");
  t.add(nullptr, {out::Value(std::string("only"))});
  w.close();
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
}
}  // namespace

TEST(GpkgWriter, WritingOnASecondThreadGivesTheSameRowsInTheSameOrderAndTheSameBytes) {
  test::TempDir dir;
  write_sample(dir / "one.gpkg", false);
  write_sample(dir / "two.gpkg", true);
  EXPECT_TRUE(read_bytes(dir / "one.gpkg") == read_bytes(dir / "two.gpkg"));
  io::DatasetPtr ds = out::open_result_gpkg(dir / "two.gpkg");
  for (const char* name : {"a", "b"}) {
    OGRLayer* l = ds->GetLayerByName(name);
    ASSERT_NE(l, nullptr) << name;
    ASSERT_EQ(l->GetFeatureCount(), kRows) << name;
    int i = 0;
    for (auto& f : *l) {
      EXPECT_EQ(std::string(f->GetFieldAsString("id")), "r" + std::to_string(i));
      EXPECT_EQ(f->GetFID(), i + 1);
      ++i;
    }
  }
  ASSERT_NE(ds->GetLayerByName("t"), nullptr);
  EXPECT_EQ(ds->GetLayerByName("t")->GetFeatureCount(), 1);
}

TEST(GpkgWriter, AWriterDroppedWithoutCloseStopsItsThreadAndLeavesNoHalfWrittenRows) {
  // A failed run destroys the writer mid-layer: the writing thread stops, the open transaction is rolled
  // back, nothing hangs (the staging folder is then removed by the caller).
  test::TempDir dir;
  {
    out::GpkgWriter w(dir / "x.gpkg", *cgcs2000_gk(), true);
    out::LayerWriter& l =
        w.layer("a", out::GeometryKind::point, {{"n", out::FieldType::integer, ""}}, "a", "");
    for (int i = 0; i < kRows; ++i)
      l.add_point(500000 + i, 3400000, {out::Value(static_cast<std::int64_t>(i))});
  }
  io::DatasetPtr ds(GDALDataset::Open((dir / "x.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  OGRLayer* l = ds ? ds->GetLayerByName("a") : nullptr;
  EXPECT_TRUE(l == nullptr || l->GetFeatureCount() == 0);  // its one open transaction never committed
}

namespace {
// The GeoPackage binary GDAL itself writes for `wkt` on a layer of `type` (CreateFeature into a fresh file).
std::string gdal_blob(const std::filesystem::path& file, const std::string& wkt, OGRwkbGeometryType type) {
  io::init_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::filesystem::remove(file);
  io::DatasetPtr ds(drv->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  const char* options[] = {"SPATIAL_INDEX=NO", nullptr};
  OGRLayer* l = ds->CreateLayer("g", cgcs2000_gk().get(), type, const_cast<char**>(options));
  io::FeaturePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
  OGRGeometry* g = nullptr;
  OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
  if (type == wkbMultiPolygon) g = OGRGeometryFactory::forceToMultiPolygon(g);
  f->SetGeometryDirectly(g);
  EXPECT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
  OGRLayer* r = ds->ExecuteSQL("SELECT hex(geom) FROM g", nullptr, nullptr);
  io::FeaturePtr row(r->GetNextFeature());
  std::string hex = row ? row->GetFieldAsString(0) : "";
  ds->ReleaseResultSet(r);
  return hex;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}
}  // namespace

TEST(GpkgWriter, GeometriesAreEncodedByteForByteAsGdalWritesThem) {
  test::TempDir dir;
  const std::int32_t srs = 4549;
  for (const std::string wkt :
       {"POLYGON((500000 3400000,500010.25 3400000,500010.25 3400007.5,500000 3400000))",
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 3,3 3,3 2,2 2),(5 5,5 6,6 6,5 5))",
        "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,7 5,7 8,5 5),(5.5 5.2,6 5.2,6 5.5,5.5 5.2)))",
        "POLYGON EMPTY", "MULTIPOLYGON EMPTY",
        "GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)),POLYGON((3 3,4 3,4 4,3 3)))",
        "GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)),LINESTRING(5 5,6 6))"}) {
    SCOPED_TRACE(wkt);
    const geom::Geometry g = geom::from_wkt(wkt);
    std::optional<OGREnvelope> box;
    const std::string mine = out::gpkg_geometry(g.get(), out::GeometryKind::polygon, srs, box);
    EXPECT_EQ(hex(mine), gdal_blob(dir / "ref.gpkg", wkt, wkbMultiPolygon));
    OGRGeometry* o = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &o);
    const std::unique_ptr<OGRGeometry> ogr(o);
    ASSERT_EQ(box.has_value(), !ogr->IsEmpty());
    if (box) {
      OGREnvelope e;
      ogr->getEnvelope(&e);
      EXPECT_EQ(box->MinX, e.MinX);
      EXPECT_EQ(box->MaxX, e.MaxX);
      EXPECT_EQ(box->MinY, e.MinY);
      EXPECT_EQ(box->MaxY, e.MaxY);
    }
  }
  std::optional<OGREnvelope> box;
  EXPECT_EQ(out::gpkg_geometry(nullptr, out::GeometryKind::polygon, srs, box), "");
  EXPECT_FALSE(box);
  // A point, as add_point() and the general path write it.
  const geom::Geometry p = geom::from_wkt("POINT(500000.5 3400000.25)");
  EXPECT_EQ(hex(out::gpkg_geometry(p.get(), out::GeometryKind::point, srs, box)),
            gdal_blob(dir / "ref.gpkg", "POINT(500000.5 3400000.25)", wkbPoint));
}

TEST(GpkgWriter, RowsWrittenDirectlyGetGdalsExtentCountAliasesAndCountTriggers) {
  test::TempDir dir;
  const std::filesystem::path file = dir / "x.gpkg";
  {
    out::GpkgWriter w(file, *cgcs2000_gk(), true);
    out::LayerWriter& l = w.layer("a", out::GeometryKind::polygon,
                                  {{"id", out::FieldType::text, "编号"},
                                   {"n", out::FieldType::integer, "序号"},
                                   {"x", out::FieldType::real, "序号"},  // the same alias twice
                                   {"y", out::FieldType::real, ""}},
                                  "a", "layer a");
    l.add(geom::from_wkt("POLYGON((10 20,30 20,30 45,10 20))").get(),
          {out::Value(std::string("p")), out::Value(std::int64_t{7}), out::Value(std::int64_t{2}),
           out::Value(std::nan(""))});
    l.add(nullptr, {out::Value(std::string("no geometry"))});  // missing values are nulls
    l.add(geom::from_wkt("POLYGON EMPTY").get(), {});
    l.add(geom::from_wkt("POLYGON((-5 0,0 0,0 1,-5 0))").get(),
          {out::Value(), out::Value(), out::Value(1.5)});
    w.layer("empty", out::GeometryKind::point, {{"k", out::FieldType::text, "类"}}, "empty", "");
    w.close();
  }
  io::DatasetPtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("a");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->GetFeatureCount(), 4);
  OGREnvelope e;
  ASSERT_EQ(l->GetExtent(&e, FALSE), OGRERR_NONE);  // from gpkg_contents: the non-empty geometries
  EXPECT_EQ(e.MinX, -5);
  EXPECT_EQ(e.MaxX, 30);
  EXPECT_EQ(e.MinY, 0);
  EXPECT_EQ(e.MaxY, 45);
  io::FeaturePtr f(l->GetFeature(1));
  ASSERT_TRUE(f);
  EXPECT_STREQ(f->GetFieldAsString("id"), "p");
  EXPECT_EQ(f->GetFieldAsInteger64("n"), 7);
  EXPECT_EQ(f->GetFieldAsDouble("x"), 2.0);            // an integer given to a real field is stored as a real
  EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("y")));  // NaN: NULL, as GDAL stored it
  f.reset(l->GetFeature(2));
  EXPECT_EQ(f->GetGeometryRef(), nullptr);
  EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("n")));
  f.reset(l->GetFeature(3));
  ASSERT_NE(f->GetGeometryRef(), nullptr);
  EXPECT_TRUE(f->GetGeometryRef()->IsEmpty());

  const auto sql = [&](const std::string& q) {
    OGRLayer* r = ds->ExecuteSQL(q.c_str(), nullptr, nullptr);
    io::FeaturePtr row(r ? r->GetNextFeature() : nullptr);
    std::string s = row ? row->GetFieldAsString(0) : "";
    if (r) ds->ReleaseResultSet(r);
    return s;
  };
  EXPECT_EQ(
      sql("SELECT group_concat(column_name || '=' || name, ';') FROM (SELECT * FROM gpkg_data_columns WHERE "
          "table_name = 'a' ORDER BY column_name)"),
      "id=编号;n=序号;x=序号 (x)");
  EXPECT_EQ(sql("SELECT description FROM gpkg_contents WHERE table_name = 'a'"), "layer a");
  EXPECT_EQ(sql("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'empty'"), "0");
  // GDAL's feature-count triggers are back: a row added through SQL is counted.
  EXPECT_EQ(sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                "'trigger_%_feature_count_a'"),
            "2");
  ds->ExecuteSQL("INSERT INTO a (id) VALUES ('added')", nullptr, nullptr);
  EXPECT_EQ(sql("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'a'"), "5");
}

TEST(GpkgWriter, AValueOfTheWrongTypeForItsFieldIsAnInternalErrorNamingLayerAndFeature) {
  test::TempDir dir;
  out::GpkgWriter w(dir / "x.gpkg", *cgcs2000_gk());
  out::LayerWriter& l = w.layer("t", out::GeometryKind::none, {{"n", out::FieldType::integer, ""}}, "t", "");
  l.add(nullptr, {out::Value(std::int64_t{1})});
  try {
    l.add(nullptr, {out::Value(std::string("2"))});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::internal);
    EXPECT_EQ(e.context().layer, "t");
    EXPECT_EQ(e.context().fid, 2);
  }
}
