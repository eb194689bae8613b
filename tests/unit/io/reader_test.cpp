// Reading inputs end to end through GDAL: encodings, CRSs, repair and accounting (issue 2's fixtures).
#include "landrenew/io/reader.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/io/crs.hpp"
#include "landrenew/pipeline/check.hpp"

#include "fixtures.hpp"

using namespace landrenew;
namespace fs = std::filesystem;

namespace {

LayerSource source(const fs::path& path, const std::string& logical = "parcels") {
  LayerSource s;
  s.logical = logical;
  s.path = path.string();
  s.display = path.filename().string();
  return s;
}

io::SrsPtr epsg(int code) {
  io::SrsPtr s = io::make_srs();
  s->importFromEPSG(code);
  return s;
}

PolygonLayer read(const LayerSource& src, Findings& findings, int analysis_epsg = 4549) {
  auto layer = io::InputLayer::open(src, *find_layer_schema(src.logical));
  return layer.read_polygons(*epsg(analysis_epsg), findings);
}

std::size_t count_kind(const Findings& f, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& x : f.items())
    n += x.kind == kind;
  return n;
}

// A GBK shapefile as bureaus send it: Chinese column names and values, no .cpg, language driver byte 0.
void write_gbk_parcels(const fs::path& shp) {
  test::LayerSpec spec;
  spec.fields = {"ZDDM", "DLBM", "QLR", "备注"};
  spec.features = {
      {test::rect(500000, 3400000, 500100, 3400100),
       {"330502001001GB00001", "0601", "湖州织里童装有限公司", "合成数据"}},
      {test::rect(500100, 3400000, 500200, 3400100),
       {"330502001001GB00002", "0701", "湖州市吴兴区某小区", "住宅"}},
  };
  spec.layer_options = {"ENCODING=CP936"};
  test::write_layer(shp, spec);
  fs::remove(fs::path(shp).replace_extension(".cpg"));
}

}  // namespace

TEST(Reader, GbkShapefileWithoutCpgReadsChineseFieldNamesAndValues) {
  test::TempDir dir;
  write_gbk_parcels(dir / "parcels.shp");
  Findings findings;
  PolygonLayer p = read(source(dir / "parcels.shp"), findings);
  EXPECT_EQ(p.info.encoding.name, "GB18030");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.attributes.get("holder", 0), "湖州织里童装有限公司");
  EXPECT_EQ(p.attributes.get("remarks", 0), "合成数据");  // found by its Chinese column name 备注
  EXPECT_NE(std::find(p.info.source_fields.begin(), p.info.source_fields.end(), "备注"),
            p.info.source_fields.end());
  EXPECT_EQ(count_kind(findings, "encoding_lossy"), 0u);
}

TEST(Reader, GbkShapefileWithLanguageDriver77ReadsAsCp936) {
  test::TempDir dir;
  write_gbk_parcels(dir / "parcels.shp");
  test::set_dbf_ldid(dir / "parcels.dbf", 77);
  Findings findings;
  PolygonLayer p = read(source(dir / "parcels.shp"), findings);
  EXPECT_EQ(p.info.encoding.name, "CP936");
  EXPECT_EQ(p.attributes.get("holder", 1), "湖州市吴兴区某小区");
}

TEST(Reader, ZonePrefixedCoordinatesLabelled4549AreRefusedNaming4528) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.fields = {"DLBM"};
  spec.features = {{test::rect(40500000, 3400000, 40500100, 3400100), {"0601"}}};
  test::write_layer(dir / "p.shp", spec);
  try {
    io::InputLayer::open(source(dir / "p.shp"), *find_layer_schema("parcels"));
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input_data);
    EXPECT_NE(std::string(e.what()).find("EPSG:4528"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("p.shp"), std::string::npos) << e.what();
  }
  // The fix the message suggests works: the project's crs overrides the label.
  LayerSource fixed = source(dir / "p.shp");
  fixed.crs = "EPSG:4528";
  Findings findings;
  PolygonLayer p = read(fixed, findings);
  EXPECT_NEAR(p.area_m2[0], 10000.0, 1e-6);
}

TEST(Reader, LayerWithoutCrsIsRefusedUnlessTheProjectGivesOne) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.crs = "";
  spec.fields = {"DLBM"};
  spec.features = {{test::rect(500000, 3400000, 500100, 3400100), {"0601"}}};
  test::write_layer(dir / "p.shp", spec);
  EXPECT_THROW(io::InputLayer::open(source(dir / "p.shp"), *find_layer_schema("parcels")), Error);
  LayerSource with = source(dir / "p.shp");
  with.crs = "EPSG:4549";
  Findings findings;
  EXPECT_EQ(read(with, findings).size(), 1u);
}

TEST(Reader, LonLatParcelIsMeasuredInMuAfterProjectionToGaussKruger) {
  // A 100 m × 100 m square in EPSG:4549 (hand-computed: 10,000 m² = 15 mu), written as CGCS2000 lon/lat
  // corners.
  io::SrsPtr gk = epsg(4549), ll = epsg(4490);
  io::TransformPtr to_ll(OGRCreateCoordinateTransformation(gk.get(), ll.get()));
  double xs[4] = {500000, 500100, 500100, 500000}, ys[4] = {3400000, 3400000, 3400100, 3400100};
  ASSERT_TRUE(to_ll->Transform(4, xs, ys));
  char wkt[512];
  std::snprintf(wkt, sizeof wkt, "POLYGON ((%.12f %.12f,%.12f %.12f,%.12f %.12f,%.12f %.12f,%.12f %.12f))",
                xs[0], ys[0], xs[1], ys[1], xs[2], ys[2], xs[3], ys[3], xs[0], ys[0]);
  test::TempDir dir;
  test::LayerSpec spec;
  spec.driver = "GeoJSON";
  spec.crs = "EPSG:4490";
  spec.fields = {"DLBM"};
  spec.features = {{wkt, {"0601"}}};
  spec.layer_options = {"RFC7946=NO", "COORDINATE_PRECISION=12"};
  test::write_layer(dir / "p.geojson", spec);
  Findings findings;
  PolygonLayer p = read(source(dir / "p.geojson"), findings);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p.info.crs_transform.en.find("transformed to EPSG:4549"), std::string::npos);
  EXPECT_NEAR(mu_from_m2(p.area_m2[0]), 15.0, 1e-6);
}

TEST(Reader, BowtieIsRepairedAndReportedEmptyGeometryIsRejectedAndEveryFeatureIsCounted) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.driver = "GPKG";
  spec.fields = {"ZDDM", "DLBM"};
  spec.features = {
      {"POLYGON ((500000 3400000,500010 3400010,500010 3400000,500000 3400010,500000 3400000))",
       {"BOWTIE", "0601"}},
      {"POLYGON EMPTY", {"EMPTY", "0601"}},
      {"", {"NULL", "0601"}},
      {test::rect(500100, 3400000, 500200, 3400100), {"OK", "0601"}},
  };
  test::write_layer(dir / "p.gpkg", spec);
  Findings findings;
  PolygonLayer p = read(source(dir / "p.gpkg"), findings);
  EXPECT_EQ(p.counts.read, 4u);
  EXPECT_EQ(p.counts.used, 2u);
  EXPECT_EQ(p.counts.rejected, 2u);
  EXPECT_EQ(p.counts.repaired, 1u);
  EXPECT_EQ(p.counts.read, p.counts.used + p.counts.rejected);
  ASSERT_EQ(count_kind(findings, "geometry_repaired"), 1u);
  const Finding* repaired = nullptr;
  for (const auto& f : findings.items())
    if (f.kind == "geometry_repaired") repaired = &f;
  EXPECT_EQ(repaired->feature_id, "BOWTIE");
  EXPECT_NE(repaired->message.en.find("Self-intersection"), std::string::npos);
  EXPECT_DOUBLE_EQ(repaired->x, 500005.0);
  EXPECT_EQ(count_kind(findings, "geometry_empty"), 1u);
  EXPECT_EQ(count_kind(findings, "geometry_null"), 1u);
  EXPECT_DOUBLE_EQ(p.area_m2[0], 50.0);
}

TEST(Reader, PointLayerWhereParcelsAreExpectedIsRefused) {
  test::TempDir dir;
  io::init_gdal();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    io::DatasetPtr ds(drv->Create((dir / "pts.gpkg").string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ds->CreateLayer("pts", epsg(4549).get(), wkbPoint, nullptr);
  }
  try {
    io::InputLayer::open(source(dir / "pts.gpkg"), *find_layer_schema("parcels"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds point geometries"), std::string::npos) << e.what();
  }
}

TEST(Reader, MappedColumnThatDoesNotExistIsRefusedNamingTheColumns) {
  test::TempDir dir;
  write_gbk_parcels(dir / "p.shp");
  LayerSource src = source(dir / "p.shp");
  src.fields["landuse"] = "YDXZ";
  try {
    io::InputLayer::open(src, *find_layer_schema("parcels"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.context().field, "YDXZ");
    EXPECT_NE(std::string(e.what()).find("DLBM"), std::string::npos) << e.what();
  }
}

TEST(Reader, XianLayerIsTransformedWithANoDatumShiftWarning) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.crs = "EPSG:2385";  // Xian 1980 / 3-degree GK CM 120E
  spec.fields = {"DLBM"};
  spec.features = {{test::rect(500000, 3400000, 500100, 3400100), {"0601"}}};
  test::write_layer(dir / "x.shp", spec);
  Findings findings;
  PolygonLayer p = read(source(dir / "x.shp"), findings);
  EXPECT_EQ(count_kind(findings, "crs_no_datum_shift"), 1u);
  EXPECT_NEAR(p.area_m2[0], 10000.0, 1.0);  // only the ellipsoid changes: a few ppm
}

TEST(Check, TwoOverlappingIndustrialParcelsAreCountedOnceAndReported) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.fields = {"ZDDM", "DLBM"};
  spec.features = {{test::rect(500000, 3400000, 500100, 3400100), {"A", "0601"}},
                   {test::rect(500050, 3400000, 500150, 3400100), {"B", "0601"}},
                   {test::rect(500300, 3400000, 500400, 3400100), {"C", "0701"}}};
  test::write_layer(dir / "p.shp", spec);
  test::write_text(dir / "project.toml", "[parcels]\npath = \"p.shp\"\n");
  CheckResult r = run_check(load_project(dir / "project.toml"));
  EXPECT_EQ(r.parcels.industrial.size(), 2u);
  EXPECT_DOUBLE_EQ(r.parcels.industrial_mu(), 22.5);  // 15,000 m² of ground, not 20,000
  std::size_t overlaps = 0;
  for (const auto& f : r.inputs.findings.items())
    if (f.kind == "overlap") {
      ++overlaps;
      EXPECT_NE(f.message.en.find("5000.00 m²"), std::string::npos) << f.message.en;
    }
  EXPECT_EQ(overlaps, 1u);
}

TEST(Reader, FlatGeobufAndFileGeodatabaseAreReadLikeAnyOtherSource) {
  for (const auto& [driver, file] : {std::pair<std::string, std::string>{"FlatGeobuf", "p.fgb"},
                                     std::pair<std::string, std::string>{"OpenFileGDB", "p.gdb"}}) {
    test::TempDir dir;
    test::LayerSpec spec;
    spec.driver = driver;
    spec.fields = {"ZDDM", "DLBM", "QLR"};
    spec.features = {{test::rect(500000, 3400000, 500100, 3400100), {"A", "0601", "湖州某某有限公司"}}};
    test::write_layer(dir / file, spec);
    Findings findings;
    PolygonLayer p = read(source(dir / file), findings);
    EXPECT_EQ(p.info.driver, driver);
    ASSERT_EQ(p.size(), 1u) << driver;
    EXPECT_EQ(p.attributes.get("holder", 0), "湖州某某有限公司") << driver;
    EXPECT_NEAR(p.area_m2[0], 10000.0, 1e-6) << driver;
  }
}

namespace {

// 41 parcels: every 7th a bowtie (repaired), every 11th empty (rejected), every 13th without geometry; the
// land-use text of rows in `bad_utf8_rows` is not UTF-8 although the layer says it is.
void write_split_fixture(const fs::path& file, const std::string& driver, const std::set<int>& bad_utf8_rows) {
  test::LayerSpec spec;
  spec.driver = driver;
  spec.fields = {"ZDDM", "DLBM", "QLR"};
  if (driver == "ESRI Shapefile") spec.layer_options = {"ENCODING=UTF-8"};
  for (int i = 0; i < 41; ++i) {
    const double x = 500000 + 200.0 * i;
    std::string wkt = test::rect(x, 3400000, x + 100 + i, 3400100);
    if (i % 7 == 3)
      wkt = "POLYGON ((" + std::to_string(x) + " 3400000," + std::to_string(x + 10) + " 3400010," +
            std::to_string(x + 10) + " 3400000," + std::to_string(x) + " 3400010," + std::to_string(x) +
            " 3400000))";
    if (i % 11 == 5) wkt = "POLYGON EMPTY";
    if (i % 13 == 8) wkt = "";
    const std::string use = bad_utf8_rows.count(i) ? std::string("06\xBA\xFE") : "0601";
    spec.features.push_back({wkt, {"ZD" + std::to_string(i), use, i % 2 ? "湖州某公司" : ""}});
  }
  test::write_layer(file, spec);
}

std::string describe(const Finding& f) {
  char where[64];
  std::snprintf(where, sizeof where, "%.17g %.17g", f.x, f.y);
  return f.kind + "|" + f.layer + "|" + std::to_string(f.fid) + "|" + f.feature_id + "|" + f.field + "|" +
         f.message.en + "|" + std::to_string(static_cast<int>(f.action)) + "|" + where;
}

// Reads `file` in one pass and split in two (the threshold lowered so that 41 features are split), and
// expects the same layer and findings.
void expect_split_equals_one_pass(const fs::path& file) {
  const LayerSource src = source(file);
  Findings one_findings, split_findings;
  const PolygonLayer one = read(src, one_findings);
  auto layer = io::InputLayer::open(src, *find_layer_schema("parcels"));
  const PolygonLayer split =
      layer.read_polygons(*epsg(4549), split_findings, {}, io::ReadOptions{.threads = 2, .split_from = 10});
  EXPECT_EQ(split.counts.read, 41u);
  EXPECT_EQ(split.counts.read, one.counts.read);
  EXPECT_EQ(split.counts.used, one.counts.used);
  EXPECT_EQ(split.counts.rejected, one.counts.rejected);
  EXPECT_EQ(split.counts.repaired, one.counts.repaired);
  EXPECT_EQ(split.fid, one.fid);
  EXPECT_EQ(split.area_m2, one.area_m2);
  EXPECT_EQ(split.repaired, one.repaired);
  ASSERT_EQ(split.geometry.size(), one.geometry.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_TRUE(geom::to_wkt(split.geometry[i].get(), 15) == geom::to_wkt(one.geometry[i].get(), 15)) << i;
    for (const char* field : {"id", "landuse", "holder"})
      EXPECT_EQ(split.attributes.get(field, i), one.attributes.get(field, i)) << field << " " << i;
  }
  std::vector<std::string> a, b;
  for (const auto& f : one_findings.items())
    a.push_back(describe(f));
  for (const auto& f : split_findings.items())
    b.push_back(describe(f));
  EXPECT_EQ(b, a);
}

}  // namespace

TEST(Reader, ShapefileReadAsTwoHalvesOnTwoThreadsEqualsOnePass) {
  test::TempDir dir;
  // Not-UTF-8 text in both halves (only the first is reported), then only in the second half (reported).
  write_split_fixture(dir / "both.shp", "ESRI Shapefile", {4, 30});
  expect_split_equals_one_pass(dir / "both.shp");
  write_split_fixture(dir / "second.shp", "ESRI Shapefile", {33});
  expect_split_equals_one_pass(dir / "second.shp");
}

TEST(Reader, GeoPackageReadAsTwoHalvesOnTwoThreadsEqualsOnePass) {
  test::TempDir dir;
  write_split_fixture(dir / "p.gpkg", "GPKG", {});
  expect_split_equals_one_pass(dir / "p.gpkg");
}

TEST(Reader, TruncatedShapefileReadInTwoHalvesFailsWithTheOnePassMessage) {
  test::TempDir dir;
  write_split_fixture(dir / "t.shp", "ESRI Shapefile", {});
  // Cut the .shp inside the 31st record: the second half fails part-way.
  const fs::path shp = dir / "t.shp";
  const auto size = fs::file_size(shp);
  fs::resize_file(shp, size - (size - 100) * 10 / 41);
  const LayerSource src = source(shp);
  std::string one_pass, split;
  try {
    Findings f;
    read(src, f);
  } catch (const Error& e) {
    one_pass = e.what();
  }
  try {
    Findings f;
    io::InputLayer::open(src, *find_layer_schema("parcels"))
        .read_polygons(*epsg(4549), f, {}, io::ReadOptions{.threads = 2, .split_from = 10});
  } catch (const Error& e) {
    split = e.what();
  }
  EXPECT_NE(one_pass.find("reading stopped after"), std::string::npos) << one_pass;
  EXPECT_EQ(split, one_pass);
}

namespace {
// Replaces the first occurrence of `from` in `file` by `to` (same length).
void patch_bytes(const fs::path& file, const std::string& from, const std::string& to) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const auto at = bytes.find(from);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, from.size(), to);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// Column names and every text value as GDAL itself reads them, converting from `encoding`.
std::pair<std::vector<std::string>, std::vector<std::string>> read_with_gdal(const fs::path& shp,
                                                                             const std::string& encoding) {
  const std::string option = "ENCODING=" + encoding;
  const char* const options[] = {option.c_str(), nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(shp.string().c_str(), GDAL_OF_VECTOR, nullptr, options));
  OGRLayer* layer = ds->GetLayer(0);
  std::vector<std::string> names, values;
  for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
    names.emplace_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  for (auto& f : *layer)
    for (int i = 0; i < f->GetFieldCount(); ++i)
      values.emplace_back(f->GetFieldAsString(i));
  return {names, values};
}
}  // namespace

TEST(Reader, DbfTextIsConvertedExactlyAsGdalConvertsItEvenWhenBytesAreNotGbk) {
  // 1. An undecodable byte in a value: the same garbled text as GDAL, one encoding_lossy finding without a
  //    feature. 2. An undecodable byte in a column name: GDAL then converts nothing, and neither does the
  //    reader (the raw text is reported as not UTF-8 instead).
  for (const bool bad_name : {false, true}) {
    test::TempDir dir;
    const fs::path shp = dir / "parcels.shp";
    write_gbk_parcels(shp);
    patch_bytes(fs::path(shp).replace_extension(".dbf"), "\xBA\xCF\xB3\xC9", "\xFF\xCF\xB3\xC9");  // 合成
    if (bad_name)
      patch_bytes(fs::path(shp).replace_extension(".dbf"), "\xB1\xB8\xD7\xA2", "\xFF\xB8\xD7\xA2");
    Findings findings;
    PolygonLayer p = read(source(shp), findings);
    ASSERT_EQ(p.info.encoding.name, "GB18030");
    const auto [names, values] = read_with_gdal(shp, "GB18030");
    EXPECT_EQ(p.info.source_fields, names) << (bad_name ? "bad name" : "bad value");
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p.attributes.get("holder", 0), values.at(2));
    EXPECT_EQ(p.attributes.get("holder", 1), values.at(6));
    std::size_t lossy_without_feature = 0, lossy_with_feature = 0;
    for (const auto& f : findings.items())
      if (f.kind == "encoding_lossy") ++(f.fid < 0 ? lossy_without_feature : lossy_with_feature);
    if (!bad_name) {
      EXPECT_EQ(p.attributes.get("remarks", 0), values.at(3));
      EXPECT_NE(values.at(3), "合成数据");  // garbled, as GDAL garbles it
      EXPECT_EQ(lossy_without_feature, 1u);
      EXPECT_EQ(lossy_with_feature, 0u);
    } else {
      EXPECT_EQ(p.attributes.get("holder", 0),
                "\xBA\xFE\xD6\xDD\xD6\xAF\xC0\xEF\xCD\xAF\xD7\xB0\xD3\xD0\xCF\xDE"
                "\xB9\xAB\xCB\xBE");  // the GBK bytes, unconverted
      EXPECT_EQ(lossy_without_feature, 0u);
      EXPECT_EQ(lossy_with_feature, 1u);
    }
  }
}

// Issue 21: a finding carries its message in both languages whatever the language printed; what check
// prints about the layer's CRS too.
TEST(Reader, RepairFindingAndCrsLinesAreChineseWhenTranslated) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.driver = "GPKG";
  spec.fields = {"ZDDM", "DLBM"};
  spec.features = {{"POLYGON ((500000 3400000,500010 3400010,500010 3400000,500000 3400010,500000 3400000))",
                    {"BOWTIE", "0601"}}};
  test::write_layer(dir / "p.gpkg", spec);
  Findings findings;
  PolygonLayer p = read(source(dir / "p.gpkg"), findings);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings.items()[0];
  EXPECT_EQ(f.message.en, "Self-intersection — repaired with GEOS MakeValid, polygonal parts kept");
  EXPECT_EQ(f.message.zh, "自相交——已用 GEOS MakeValid 修复，保留面状部分");
  EXPECT_EQ(p.info.crs_origin.en, "declared by the source");
  EXPECT_EQ(p.info.crs_origin.zh, "数据源自带声明");
  EXPECT_EQ(p.info.crs_transform.en, "already in the analysis CRS");
  EXPECT_EQ(p.info.crs_transform.zh, "已在分析坐标系中");
  EXPECT_EQ(p.info.encoding.source.zh, "该格式规定为 UTF-8");
}

// Issue 21: an error is printed, not stored: it is in the language of the moment, file/layer prefix included.
TEST(Reader, RefusalIsChineseWhenTheLanguageIsChinese) {
  test::TempDir dir;
  io::init_gdal();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    io::DatasetPtr ds(drv->Create((dir / "pts.gpkg").string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ds->CreateLayer("pts", epsg(4549).get(), wkbPoint, nullptr);
  }
  set_language(Language::zh);
  std::string what;
  try {
    io::InputLayer::open(source(dir / "pts.gpkg"), *find_layer_schema("parcels"));
  } catch (const Error& e) {
    what = e.what();
  }
  set_language(Language::en);
  EXPECT_EQ(what, "pts.gpkg: 图层“pts”: 是点图形（Point）；[parcels] 需要面图形");
}
