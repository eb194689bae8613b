// Files as they travel (issue 18, items 6 and 7): zipped shapefiles, Windows paths, DBF column names cut at 10
// bytes or decoded with the wrong encoding, and read errors told per feature.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include "fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::run;
namespace fs = std::filesystem;
namespace lt = landrenew::test;

namespace {
const std::string bin = LANDRENEW_BIN;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Two parcels in a GBK shapefile with Chinese column names (as a bureau's), `name`.shp in `dir`.
void write_gbk_parcels(const fs::path& dir, const std::string& name,
                       const std::vector<std::string>& fields = {"ZDDM", "DLBM", "权利人"}) {
  lt::LayerSpec spec;
  spec.fields = fields;
  spec.layer_options = {"ENCODING=CP936"};
  std::vector<std::string> a = {"A", "0601", "吴兴飞创自动化有限公司"}, b = {"B", "0601", "南浔丝绸有限公司"};
  a.resize(fields.size());
  b.resize(fields.size());
  spec.features = {{lt::rect(500000, 3400000, 500100, 3400100), a},
                   {lt::rect(500200, 3400000, 500300, 3400100), b}};
  lt::write_layer(dir / (name + ".shp"), spec);
}

// Writes `files` into the zip archive `zip` (with GDAL's zip writer, as a bureau's zip tool would).
void zip_files(const fs::path& zip, const std::vector<fs::path>& files) {
  void* h = CPLCreateZip(zip.c_str(), nullptr);
  ASSERT_NE(h, nullptr) << zip;
  for (const auto& file : files) {
    const std::string bytes = lt::read_file(file);
    ASSERT_EQ(CPLCreateFileInZip(h, file.filename().c_str(), nullptr), CE_None);
    ASSERT_EQ(CPLWriteFileInZip(h, bytes.data(), static_cast<int>(bytes.size())), CE_None);
    ASSERT_EQ(CPLCloseFileInZip(h), CE_None);
  }
  ASSERT_EQ(CPLCloseZip(h), CE_None);
}

std::vector<fs::path> shapefile_parts(const fs::path& dir, const std::string& name) {
  return {dir / (name + ".shp"), dir / (name + ".shx"), dir / (name + ".dbf"), dir / (name + ".prj")};
}

std::pair<int, std::string> check(const fs::path& dir, const std::string& project) {
  lt::write_text(dir / "project.toml", project);
  return run(bin + " check " + quote(dir / "project.toml"));
}

const std::string kHolder = "[parcels.fields]\nid = \"ZDDM\"\nlanduse = \"DLBM\"\nholder = \"权利人\"\n";
}  // namespace

TEST(Files, ZippedShapefileWithoutCpgIsReadAsGbkLikeAShp) {
  for (const std::string name : {"p.shz", "p.shp.zip"}) {
    lt::TempDir tmp;
  const fs::path dir = tmp.path();
    write_gbk_parcels(dir, "p");
    zip_files(dir / name, shapefile_parts(dir, "p"));  // no .cpg: the DBF's bytes decide (GB18030)
    for (const auto& part : shapefile_parts(dir, "p"))
      fs::remove(part);
    fs::remove(dir / "p.cpg");
    auto [code, out] = check(dir, "[parcels]\npath = \"" + name + "\"\n" + kHolder);
    EXPECT_EQ(code, 0) << name << "\n" << out;
    EXPECT_TRUE(contains(out, "features  read 2 = used 2")) << out;
    EXPECT_TRUE(contains(out, "GB18030") || contains(out, "CP936")) << out;
  }
}

TEST(Files, ZippedShapefileHoldersAreTheGbkNames) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  write_gbk_parcels(dir, "p");
  zip_files(dir / "p.shz", shapefile_parts(dir, "p"));
  lt::write_text(dir / "project.toml", "[parcels]\npath = \"p.shz\"\n" + kHolder);
  auto [code, out] = run(bin + " run " + quote(dir / "project.toml") + " -o " + quote(dir / "out"));
  ASSERT_EQ(code, 0) << out;
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((dir / "out" / "landrenew.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("parcels");
  ASSERT_NE(layer, nullptr);
  std::vector<std::string> holders;
  for (auto& f : *layer)
    holders.emplace_back(f->GetFieldAsString("holder"));
  EXPECT_EQ(holders, (std::vector<std::string>{"吴兴飞创自动化有限公司", "南浔丝绸有限公司"}));
}

TEST(Files, PlainZipIsRefusedWithUnzipItAndWhatItHolds) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  write_gbk_parcels(dir, "p");
  zip_files(dir / "parcels.zip", shapefile_parts(dir, "p"));
  auto [code, out] = check(dir, "[parcels]\npath = \"parcels.zip\"\n");
  EXPECT_EQ(code, 5) << out;
  EXPECT_TRUE(contains(out, "unzip it")) << out;
  EXPECT_TRUE(contains(out, "p.shp")) << out;
  EXPECT_FALSE(contains(out, "unrecognised or corrupt")) << out;
}

TEST(Files, BackslashPathResolvesWithSlashesAndAFinding) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  fs::create_directories(dir / "data");
  write_gbk_parcels(dir / "data", "p");
  // A TOML basic string (the backslash escaped) and a literal string (as written on Windows).
  for (const std::string path : {"\"data\\\\p.shp\"", "'data\\p.shp'"}) {
    auto [code, out] = check(dir, "[parcels]\npath = " + path + "\n" + kHolder);
    EXPECT_EQ(code, 0) << path << "\n" << out;
    EXPECT_TRUE(contains(out, "path_backslashes")) << out;
    EXPECT_TRUE(contains(out, "data\\p.shp")) << out;
  }
}

TEST(Files, BackslashPathToNoFileNamesBothForms) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  auto [code, out] = check(dir, "[parcels]\npath = 'data\\none.shp'\n");
  EXPECT_EQ(code, 5) << out;
  EXPECT_TRUE(contains(out, "'data\\none.shp'")) << out;
  EXPECT_TRUE(contains(out, "'data/none.shp'")) << out;
}

TEST(Files, MissingColumnSuggestsTheDbfTenByteCut) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  // GDAL cuts 备注说明文字 (12 bytes in GBK) to 备注说明文, and A备注说明文 (11 bytes) to A备注说明 plus half a
  // character, which is dropped when read.
  write_gbk_parcels(dir, "p", {"ZDDM", "DLBM", "备注说明文字", "A备注说明文"});
  auto [code, out] = check(dir, "[parcels]\npath = \"p.shp\"\n[parcels.fields]\nremarks = \"备注说明文字\"\n");
  EXPECT_EQ(code, 6) << out;
  EXPECT_TRUE(contains(out, "'备注说明文' is '备注说明文字' cut at 10 bytes")) << out;
  auto [code2, out2] = check(dir, "[parcels]\npath = \"p.shp\"\n[parcels.fields]\nremarks = \"A备注说明文\"\n");
  EXPECT_EQ(code2, 6) << out2;
  EXPECT_TRUE(contains(out2, "'A备注说明' is 'A备注说明文' cut at 10 bytes")) << out2;
}

TEST(Files, MissingColumnSaysTheCpgLiesAndWhatToDeclare) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  write_gbk_parcels(dir, "p");
  lt::write_text(dir / "p.cpg", "UTF-8");  // the DBF is GBK
  auto [code, out] = check(dir, "[parcels]\npath = \"p.shp\"\n" + kHolder);
  EXPECT_EQ(code, 6) << out;
  EXPECT_TRUE(contains(out, "the .cpg file lies")) << out;
  EXPECT_TRUE(contains(out, "set encoding = \"GBK\" in [parcels]")) << out;
  // Declaring it, as the message says, reads it.
  auto [fixed, fixed_out] = check(dir, "[parcels]\npath = \"p.shp\"\nencoding = \"GBK\"\n" + kHolder);
  EXPECT_EQ(fixed, 0) << fixed_out;
}

TEST(Files, GeoJsonFeatureWithNullCoordinatesIsAFindingForThatFeature) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  const std::string feature_a =
      R"({"type":"Feature","properties":{"ZDDM":"A","DLBM":"0601"},"geometry":{"type":"Polygon",)"
      R"("coordinates":[[[120.1,30.8],[120.101,30.8],[120.101,30.801],[120.1,30.801],[120.1,30.8]]]}})";
  const std::string feature_b =
      R"({"type":"Feature","properties":{"ZDDM":"B","DLBM":"0601"},"geometry":{"type":"Polygon",)"
      R"("coordinates":null}})";
  lt::write_text(dir / "p.geojson", R"({"type":"FeatureCollection","features":[)" + feature_a + "," + feature_b +
                                        "," + feature_a + "]}");
  auto [code, out] = check(dir, "[parcels]\npath = \"p.geojson\"\ncrs = \"EPSG:4490\"\n");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(contains(out, "features  read 3 = used 2 + rejected 1")) << out;
  EXPECT_TRUE(contains(out, "geometry_unreadable: fid 1 (B)")) << out;
  EXPECT_TRUE(contains(out, "coordinates")) << out;  // GDAL's reason
  EXPECT_FALSE(contains(out, "reading stopped")) << out;
}

TEST(Files, CorruptShapeRecordShowsGdalsReasonForThatFeature) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  write_gbk_parcels(dir, "p");
  // Record 1 (the second): 100 + record 0 (8 + 4 + 32 + 8 + 4 + 5 * 16 = 136 bytes); its numParts at +8+4+32.
  std::fstream shp(dir / "p.shp", std::ios::in | std::ios::out | std::ios::binary);
  shp.seekp(100 + 136 + 8 + 4 + 32);
  const std::int32_t parts = 100000000;
  shp.write(reinterpret_cast<const char*>(&parts), 4);
  shp.close();
  auto [code, out] = check(dir, "[parcels]\npath = \"p.shp\"\n");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(contains(out, "features  read 2 = used 1 + rejected 1")) << out;
  EXPECT_TRUE(contains(out, "geometry_unreadable: fid 1 (B)")) << out;
  EXPECT_TRUE(contains(out, "Corrupted .shp file")) << out;
}

TEST(Files, RasterOnlyGeoPackageSaysItHasNoVectorLayer) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  GDALAllRegister();
  {
    std::unique_ptr<GDALDataset> ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
        (dir / "r.gpkg").c_str(), 16, 16, 3, GDT_Byte, nullptr));
    double transform[6] = {500000, 10, 0, 3400160, 0, -10};
    ds->SetGeoTransform(transform);
  }
  auto [code, out] = check(dir, "[parcels]\npath = \"r.gpkg\"\n");
  EXPECT_EQ(code, 5) << out;
  EXPECT_TRUE(contains(out, "has no vector layer")) << out;
}

TEST(Files, GeoJsonWithTopologyInAPropertyIsReadAsGeoJson) {
  lt::TempDir tmp;
  const fs::path dir = tmp.path();
  lt::write_text(dir / "p.geojson",
                 R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ZDDM":"A",)"
                 R"("DLBM":"0601","type":"Topology"},"geometry":{"type":"Polygon","coordinates":)"
                 R"([[[120.1,30.8],[120.101,30.8],[120.101,30.801],[120.1,30.801],[120.1,30.8]]]}}]})");
  auto [code, out] = check(dir, "[parcels]\npath = \"p.geojson\"\ncrs = \"EPSG:4490\"\n");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(contains(out, "features  read 1 = used 1")) << out;
  EXPECT_FALSE(contains(out, "TopoJSON")) << out;
}
