// GCJ-02 web-map boundaries (issue 18 item 5): the demo's districts shifted into GCJ-02, as a web-map
// download has them, come back to the demo's figures with crs = "GCJ-02" — each district's industrial and
// freed mu within 1e-4, its polygon within 1 cm of the demo's — and are hundreds of metres off without it.
#include "landrenew/io/webmap.hpp"

#include <fstream>
#include <regex>

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
// Every [lon, lat] of a GeoJSON geometry's coordinates through `f`.
void each_position(json& coords, const std::function<void(json&)>& f) {
  if (coords.is_array() && coords.size() >= 2 && coords[0].is_number()) {
    f(coords);
    return;
  }
  for (auto& c : coords)
    each_position(c, f);
}

// Each district polygon's centroid in landrenew.gpkg (analysis CRS, metres), by code.
std::map<std::string, std::pair<double, double>> district_centroids(const fs::path& out) {
  landrenew::io::init_gdal();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open((out / "landrenew.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  std::map<std::string, std::pair<double, double>> c;
  for (auto& f : *ds->GetLayerByName("districts")) {
    OGRPoint p;
    f->GetGeometryRef()->Centroid(&p);
    c[f->GetFieldAsString("code")] = {p.getX(), p.getY()};
  }
  return c;
}

std::map<std::string, double> district_mu(const json& s) {
  std::map<std::string, double> out;
  for (const auto& d : s["districts"])
    out[d["code"]] = d["industrial_mu"].get<double>();
  return out;
}
}  // namespace

TEST(WebMap, DemoDistrictsInGcj02ReturnToTheDemosFiguresWithCrsGcj02) {
  landrenew::test::TempDir dir;
  const fs::path data = dir / "data";
  fs::copy(demo_dir, data, fs::copy_options::recursive);
  json districts;
  {
    std::ifstream in(demo_dir / "districts.geojson");
    districts = json::parse(in);
  }
  districts.erase("crs");  // a web-map export declares nothing: GeoJSON's default, WGS 84
  for (auto& f : districts["features"])
    each_position(f["geometry"]["coordinates"], [](json& p) {
      const auto g = landrenew::io::wgs84_to_gcj02({p[0].get<double>(), p[1].get<double>()});
      p[0] = g.lon;
      p[1] = g.lat;
    });
  std::ofstream(data / "districts.geojson") << districts.dump();
  const json demo = run_summary(demo_dir / "project.toml", dir / "demo");
  const json shifted = run_summary(data / "project.toml", dir / "shifted");

  const std::string project = read_file(data / "project.toml");
  std::ofstream(data / "project.toml")
      << std::regex_replace(project, std::regex("path = \"districts.geojson\"\n"),
                            "path = \"districts.geojson\"\ncrs = \"GCJ-02\"\n");
  const json back = run_summary(data / "project.toml", dir / "back");

  const auto d0 = district_mu(demo), d1 = district_mu(shifted), d2 = district_mu(back);
  ASSERT_EQ(d0.size(), 5u);
  double worst_shifted = 0;
  for (const auto& [code, mu] : d0) {
    EXPECT_NEAR(d2.at(code), mu, 1e-4 * mu) << code;
    worst_shifted = std::max(worst_shifted, std::abs(d1.at(code) - mu) / mu);
  }
  // The demo has no industrial parcel within a few hundred metres of a district boundary, so its figures do
  // not move with the shift (worst relative change measured: 0); the boundaries themselves do.
  EXPECT_LE(worst_shifted, 1e-4);
  const auto c0 = district_centroids(dir / "demo"), c1 = district_centroids(dir / "shifted"),
             c2 = district_centroids(dir / "back");
  for (const auto& [code, p] : c0) {
    const double off = std::hypot(c1.at(code).first - p.first, c1.at(code).second - p.second);
    const double back_off = std::hypot(c2.at(code).first - p.first, c2.at(code).second - p.second);
    EXPECT_GT(off, 300.0) << code;      // GCJ-02 taken as WGS 84: several hundred metres off in Zhejiang
    EXPECT_LT(back_off, 0.01) << code;  // with crs = "GCJ-02": within 1 cm of the demo's boundaries
  }
  // Every parcel in the same district: the freed and industrial tallies by district are the demo's too.
  for (const auto& [code, mu] : demo["freed"]["by_district"].items())
    EXPECT_NEAR(back["freed"]["by_district"][code].get<double>(), mu.get<double>(),
                1e-4 * (1 + mu.get<double>()));
  EXPECT_EQ(back["enterprises"]["evaluated"], demo["enterprises"]["evaluated"]);

  auto [code, text] = run(bin + " check " + quote(data / "project.toml"));
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find("GCJ-02 web-map coordinates, taken back to WGS 84"), std::string::npos) << text;
}
