#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

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
