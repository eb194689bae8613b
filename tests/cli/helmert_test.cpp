// The project file's `helmert` (a bureau's 7-parameter transformation, done by PROJ): the demo's parcels
// taken to Xian 1980 with known parameters come back to the demo's positions (within 1 mm) and figures;
// without the parameters the same layer keeps the legacy-datum warning.
#include <fstream>
#include <regex>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

#include "cli_fixtures.hpp"
#include "fixtures.hpp"

using namespace landrenew::test;  // bin, demo_dir, run, quote, run_summary, ...
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
// Written out by hand (not by landrenew's helmert_pipeline): Xian 1980 GK CM 120E → CGCS2000 GK CM 120E.
const char* kPipeline =
    "+proj=pipeline +step +inv +proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +a=6378140 "
    "+rf=298.257 "
    "+step +proj=cart +a=6378140 +rf=298.257 "
    "+step +proj=helmert +x=-19.1 +y=150.2 +z=82.4 +rx=1.2 +ry=-0.5 +rz=2.1 +s=-1.5 "
    "+convention=coordinate_frame "
    "+step +inv +proj=cart +a=6378137 +rf=298.257222101 "
    "+step +proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +a=6378137 +rf=298.257222101";
const char* kHelmert =
    "helmert = { x = -19.1, y = 150.2, z = 82.4, rx = 1.2, ry = -0.5, rz = 2.1, s = -1.5, "
    "convention = \"coordinate_frame\" }\n";

// PROJ inverts a Helmert step with the transposed rotation matrix, which undoes the small-angle forward step
// only to rotation² × radius (about a millimetre for 2"): the test data are made by the exact inverse of the
// forward pipeline instead, PROJ's inverse refined by fixed-point iteration until the forward pipeline gives
// back the demo's coordinates.
class ExactInverse : public OGRCoordinateTransformation {
 public:
  ExactInverse(OGRCoordinateTransformation* inverse, OGRCoordinateTransformation* forward)
      : m_inverse(inverse), m_forward(forward) {}
  OGRSpatialReference* GetSourceCS() override { return m_inverse->GetSourceCS(); }
  OGRSpatialReference* GetTargetCS() override { return m_inverse->GetTargetCS(); }
  int Transform(int n, double* x, double* y, double* z, double* t, int* ok) override {
    std::vector<double> tx(x, x + n), ty(y, y + n);
    if (!m_inverse->Transform(n, x, y, z, t, ok)) return FALSE;
    for (int round = 0; round < 5; ++round) {
      std::vector<double> fx(x, x + n), fy(y, y + n);
      if (!m_forward->Transform(n, fx.data(), fy.data(), nullptr, nullptr, nullptr)) return FALSE;
      for (int i = 0; i < n; ++i) {
        x[i] += tx[i] - fx[i];
        y[i] += ty[i] - fy[i];
      }
    }
    return TRUE;
  }
  OGRCoordinateTransformation* Clone() const override { return nullptr; }
  OGRCoordinateTransformation* GetInverse() const override { return nullptr; }

 private:
  OGRCoordinateTransformation* m_inverse;
  OGRCoordinateTransformation* m_forward;
};

// The demo's parcels.shp (EPSG:4549) rewritten in Xian 1980 (EPSG:2385) by the exact inverse of kPipeline.
void to_xian1980(const fs::path& shp) {
  landrenew::io::init_gdal();
  OGRSpatialReference xian, cgcs;
  xian.importFromEPSG(2385);
  cgcs.importFromEPSG(4549);
  xian.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  cgcs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationOptions options;
  options.SetCoordinateOperation(kPipeline, true);  // inverse: CGCS2000 → Xian 1980
  landrenew::io::TransformPtr inverse(OGRCreateCoordinateTransformation(&cgcs, &xian, options));
  OGRCoordinateTransformationOptions forward_options;
  forward_options.SetCoordinateOperation(kPipeline, false);
  landrenew::io::TransformPtr forward(OGRCreateCoordinateTransformation(&xian, &cgcs, forward_options));
  ASSERT_TRUE(inverse && forward);
  ExactInverse exact(inverse.get(), forward.get());
  OGRCoordinateTransformation* ct = &exact;
  {
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open(shp.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& f : *layer) {
      OGRGeometry* g = f->GetGeometryRef();
      if (!g) continue;
      ASSERT_EQ(g->transform(ct), OGRERR_NONE);
      ASSERT_EQ(layer->SetFeature(f.get()), OGRERR_NONE);
    }
  }
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT1_ESRI", nullptr};
  xian.exportToWkt(&wkt, opts);
  fs::path prj = shp;
  prj.replace_extension(".prj");
  std::ofstream(prj, std::ios::trunc) << wkt;
  CPLFree(wkt);
}

bool has_warning(const json& s, const std::string& kind) {
  for (const auto& w : s["findings"]["warnings"])
    if (w["kind"] == kind) return true;
  return false;
}

OGREnvelope parcel_extent(const fs::path& out) {
  landrenew::io::init_gdal();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open((out / "landrenew.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  OGREnvelope e;
  if (ds && ds->GetLayerByName("parcels") &&
      ds->GetLayerByName("parcels")->GetExtent(&e, TRUE) != OGRERR_NONE)
    return OGREnvelope();
  return e;
}
}  // namespace

TEST(Helmert, DemoParcelsOnXian1980ComeBackToTheDemoWithTheBureausParameters) {
  landrenew::test::TempDir dir;
  const fs::path data = dir / "data";
  fs::copy(demo_dir, data, fs::copy_options::recursive);
  to_xian1980(data / "parcels.shp");
  const json demo = run_summary(demo_dir / "project.toml", dir / "demo");

  // Without the parameters: projected without a datum shift, and said so.
  const json legacy = run_summary(data / "project.toml", dir / "legacy");
  EXPECT_TRUE(has_warning(legacy, "crs_no_datum_shift"));

  const std::string project = read_file(data / "project.toml");
  std::ofstream(data / "project.toml", std::ios::trunc) << std::regex_replace(
      project, std::regex("path = \"parcels.shp\"\n"), std::string("path = \"parcels.shp\"\n") + kHelmert);
  const json back = run_summary(data / "project.toml", dir / "back");
  EXPECT_FALSE(has_warning(back, "crs_no_datum_shift"));
  const OGREnvelope e0 = parcel_extent(dir / "demo"), e1 = parcel_extent(dir / "back");
  ASSERT_TRUE(e0.IsInit());
  EXPECT_NEAR(e1.MinX, e0.MinX, 0.001);  // within 1 mm of the demo's positions
  EXPECT_NEAR(e1.MaxX, e0.MaxX, 0.001);
  EXPECT_NEAR(e1.MinY, e0.MinY, 0.001);
  EXPECT_NEAR(e1.MaxY, e0.MaxY, 0.001);
  EXPECT_EQ(back["industrial"]["parcels"], demo["industrial"]["parcels"]);
  EXPECT_NEAR(back["industrial"]["mu"].get<double>(), demo["industrial"]["mu"].get<double>(), 1e-4);
  EXPECT_NEAR(back["freed"]["mu"].get<double>(), demo["freed"]["mu"].get<double>(), 1e-4);
}

TEST(Helmert, ParametersOnALayerNotOnALegacyDatumAreRefusedNamingTheLayer) {
  // The demo's parcels are on CGCS2000 (EPSG:4549, the analysis CRS): the parameters would be skipped there
  // and applied on another CGCS2000 zone, so they are refused (exit 3) instead of silently doing either.
  landrenew::test::TempDir dir;
  const fs::path data = dir / "data";
  fs::copy(demo_dir, data, fs::copy_options::recursive);
  const std::string project = read_file(data / "project.toml");
  std::ofstream(data / "project.toml", std::ios::trunc) << std::regex_replace(
      project, std::regex("path = \"parcels.shp\"\n"), std::string("path = \"parcels.shp\"\n") + kHelmert);
  auto [code, text] = run(bin + " run " + quote(data / "project.toml") + " -o " + quote(dir / "out") + " -q");
  EXPECT_EQ(code, 3) << text;
  EXPECT_NE(text.find("helmert is given"), std::string::npos) << text;
  EXPECT_NE(text.find("parcels.shp"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(dir / "out" / "summary.json"));
}
