#include "landrenew/io/source.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"

#include "fixtures.hpp"

using namespace landrenew;
namespace fs = std::filesystem;

namespace {
LayerSource source(const std::string& path) {
  LayerSource s;
  s.logical = "parcels";
  s.path = path;
  s.display = path;
  return s;
}
Error open_error(const std::string& path, io::SourceRole role = io::SourceRole::polygons) {
  try {
    io::open_source(source(path), role);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected " << path << " to be refused";
  return Error(ErrorKind::internal, "none");
}
void write_parcels(const fs::path& shp) {
  test::LayerSpec spec;
  spec.fields = {"DLBM"};
  spec.features = {{test::rect(500000, 3400000, 500100, 3400100), {"0601"}}};
  test::write_layer(shp, spec);
}
}  // namespace

TEST(Source, NetworkAndVirtualPathsAndForeignConnectionsAreRefused) {
  for (const char* p : {"/vsicurl/http://example.com/p.shp", "/vsizip/p.zip/p.shp", "/vsis3/bucket/p.gpkg",
                        "https://example.com/p.geojson", "WFS:http://example.com", "MySQL:db"}) {
    Error e = open_error(p);
    EXPECT_EQ(e.kind(), ErrorKind::input_open) << p;
  }
}

TEST(Source, PostgisConnectionPasswordsAreRedacted) {
  EXPECT_EQ(io::redact_connection("PG:dbname=gis password=secret user=a"),
            "PG:dbname=gis password=*** user=a");
}

TEST(Source, MissingFileMissingDbfMissingShxAndCorruptShpAreRefusedClearly) {
  test::TempDir dir;
  EXPECT_NE(std::string(open_error((dir / "none.shp").string()).what()).find("file not found"),
            std::string::npos);

  write_parcels(dir / "nodbf.shp");
  fs::remove(dir / "nodbf.dbf");
  EXPECT_NE(std::string(open_error((dir / "nodbf.shp").string()).what()).find(".dbf file is missing"),
            std::string::npos);

  write_parcels(dir / "noshx.shp");
  fs::remove(dir / "noshx.shx");
  EXPECT_NE(std::string(open_error((dir / "noshx.shp").string()).what()).find(".shx file is missing"),
            std::string::npos);

  test::write_text(dir / "corrupt.shp", "this is not a shapefile at all, just text");
  test::write_text(dir / "corrupt.shx", "nor is this");
  write_parcels(dir / "tmp.shp");
  fs::copy_file(dir / "tmp.dbf", dir / "corrupt.dbf");
  Error e = open_error((dir / "corrupt.shp").string());
  EXPECT_EQ(e.kind(), ErrorKind::input_open);
  EXPECT_NE(std::string(e.what()).find("corrupt.shp"), std::string::npos) << e.what();
}

TEST(Source, DriverOutsideTheAllowlistIsRefusedByName) {
  test::TempDir dir;
  test::write_text(
      dir / "p.kml",
      "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document></Document></kml>");
  Error e = open_error((dir / "p.kml").string());
  EXPECT_NE(std::string(e.what()).find("does not accept"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("KML"), std::string::npos) << e.what();
}

TEST(Source, MultiLayerSourceNeedsALayerName) {
  test::TempDir dir;
  test::LayerSpec a;
  a.driver = "GPKG";
  a.layer = "a";
  test::write_layer(dir / "m.gpkg", a);
  io::init_gdal();
  {
    io::DatasetPtr ds(GDALDataset::Open((dir / "m.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ds->CreateLayer("b", nullptr, wkbPolygon, nullptr);
  }
  EXPECT_NE(std::string(open_error((dir / "m.gpkg").string()).what()).find("name one with layer"),
            std::string::npos);
  LayerSource named = source((dir / "m.gpkg").string());
  named.layer = "b";
  EXPECT_EQ(io::open_source(named, io::SourceRole::polygons).layer_name(), "b");
  named.layer = "c";
  try {
    io::open_source(named, io::SourceRole::polygons);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no layer named 'c'"), std::string::npos);
  }
}

TEST(Source, GbkCsvIsRecodedBeforeItIsParsed) {
  test::TempDir dir;
  // 企业名称,税收 / 湖州某厂,12.5 in GBK
  test::write_text(dir / "e.csv",
                   "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6,tax\n\xBA\xFE\xD6\xDD\xC4\xB3\xB3\xA7,12.5\n");
  LayerSource s = source((dir / "e.csv").string());
  s.logical = "enterprises";
  io::OpenedSource src = io::open_source(s, io::SourceRole::table);
  EXPECT_EQ(src.encoding().name, "GB18030");
  // A table CSV is parsed by the reader (RULES.md 21: its header may sit below a title), not by GDAL.
  EXPECT_EQ(src.driver(), "CSV");
  EXPECT_EQ(src.layer_name(), "e");
  EXPECT_EQ(src.layer(), nullptr);
  EXPECT_EQ(src.csv_text(), "企业名称,tax\n湖州某厂,12.5\n");
}
