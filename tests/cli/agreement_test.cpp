// RULES.md 25 end to end: the demo's parcel layer moved 150 m east gives headline warnings with the shift
// (within 10 m), and the demo itself warns about nothing.
#include <fstream>

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
// Adds a constant to every coordinate (the slip of a wrong false easting).
class Offset : public OGRCoordinateTransformation {
 public:
  Offset(double dx, double dy) : m_dx(dx), m_dy(dy) {}
  OGRSpatialReference* GetSourceCS() override { return nullptr; }
  OGRSpatialReference* GetTargetCS() override { return nullptr; }
  int Transform(int n, double* x, double* y, double*, double*, int* ok) override {
    for (int i = 0; i < n; ++i) {
      x[i] += m_dx;
      y[i] += m_dy;
      if (ok) ok[i] = TRUE;
    }
    return TRUE;
  }
  OGRCoordinateTransformation* Clone() const override { return new Offset(m_dx, m_dy); }
  OGRCoordinateTransformation* GetInverse() const override { return new Offset(-m_dx, -m_dy); }

 private:
  double m_dx, m_dy;
};

void move_shapefile(const fs::path& shp, double dx, double dy) {
  landrenew::io::init_gdal();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(shp.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  Offset move(dx, dy);
  for (auto& f : *layer) {
    OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    g->transform(&move);
    ASSERT_EQ(layer->SetFeature(f.get()), OGRERR_NONE);
  }
}

const json* warning(const json& s, const std::string& kind) {
  for (const auto& w : s["findings"]["warnings"])
    if (w["kind"] == kind) return &w;
  return nullptr;
}
}  // namespace

TEST(Agreement, DemoLayersAgreeAboveEveryThreshold) {
  landrenew::test::TempDir dir;
  const json s = run_summary(demo_dir / "project.toml", dir / "out");
  for (const char* key : {"buildings_in_parcels", "parcels_in_districts", "register_on_industrial"}) {
    const json& a = s["agreement"][key];
    EXPECT_GE(a["share"].get<double>(), a["threshold"].get<double>()) << key;
    EXPECT_TRUE(a["shift_m"].is_null()) << key;
    EXPECT_EQ(warning(s, std::string("agreement_") + key), nullptr) << key;
  }
  // Measured on the demo: 99.8% of the building footprint on parcels, every industrial parcel in the district
  // its code names, 97.7% of the counted register area on industrial parcels.
  EXPECT_NEAR(s["agreement"]["buildings_in_parcels"]["share"].get<double>(), 0.998, 0.001);
  EXPECT_EQ(s["agreement"]["parcels_in_districts"]["share"].get<double>(), 1.0);
  EXPECT_NEAR(s["agreement"]["register_on_industrial"]["share"].get<double>(), 0.977, 0.001);
}

TEST(Agreement, ParcelsMoved150mEastWarnWithTheShiftWithinTenMetres) {
  landrenew::test::TempDir dir;
  const fs::path data = dir / "data";
  fs::copy(demo_dir, data, fs::copy_options::recursive);
  move_shapefile(data / "parcels.shp", 150.0, 0.0);
  const json s = run_summary(data / "project.toml", dir / "out");
  // Buildings and register records are measured against the parcels: the parcels lie +150 m east of them.
  for (const char* key : {"buildings_in_parcels", "register_on_industrial"}) {
    const json& a = s["agreement"][key];
    EXPECT_LT(a["share"].get<double>(), a["threshold"].get<double>()) << key;
    ASSERT_TRUE(a["shift_m"].is_array()) << key;
    EXPECT_NEAR(a["shift_m"][0].get<double>(), 150.0, 10.0) << key;
    EXPECT_NEAR(a["shift_m"][1].get<double>(), 0.0, 10.0) << key;
    const json* w = warning(s, std::string("agreement_") + key);
    ASSERT_NE(w, nullptr) << key;
    EXPECT_NE((*w)["message"].get<std::string>().find("a constant shift explains it: "), std::string::npos);
  }
  EXPECT_EQ(s["agreement"]["buildings_in_parcels"]["layer"], "buildings_after");
  EXPECT_EQ(s["agreement"]["buildings_in_parcels"]["reference"], "parcels");
}
