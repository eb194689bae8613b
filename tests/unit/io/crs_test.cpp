#include "landrenew/io/crs.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

using namespace landrenew;
using namespace landrenew::io;

namespace {
SrsPtr epsg(int code) {
  SrsPtr s = make_srs();
  s->importFromEPSG(code);
  return s;
}
OGREnvelope box(double x0, double y0, double x1, double y1) {
  OGREnvelope e;
  e.MinX = x0;
  e.MinY = y0;
  e.MaxX = x1;
  e.MaxY = y1;
  return e;
}
}  // namespace

TEST(AnalysisCrs, NearestThreeDegreeCentralMeridianWithoutZonePrefix) {
  EXPECT_EQ(analysis_epsg_for_longitude(119.93), 4549);  // Huzhou → CM 120E
  EXPECT_EQ(analysis_epsg_for_longitude(121.6), 4550);   // Ningbo: 121.6 / 3 = 40.53 → CM 123E
  EXPECT_EQ(analysis_epsg_for_longitude(118.4), 4548);   // CM 117E
  EXPECT_EQ(analysis_epsg_for_longitude(60), 4534);      // clamped to CM 75E
}

TEST(GaussKrugerEpsg, TableMatchesTheEpsgRegistry) {
  EXPECT_EQ(gauss_kruger_epsg(GkDatum::cgcs2000, true, false, 120), 4549);
  EXPECT_EQ(gauss_kruger_epsg(GkDatum::cgcs2000, true, true, 120), 4528);
  EXPECT_EQ(gauss_kruger_epsg(GkDatum::cgcs2000, false, true, 117), 4498);  // zone 20
  EXPECT_EQ(gauss_kruger_epsg(GkDatum::cgcs2000, false, false, 117), 4509);
  EXPECT_EQ(gauss_kruger_epsg(GkDatum::xian1980, true, false, 120), 2385);
  EXPECT_EQ(gauss_kruger_epsg(GkDatum::beijing1954, true, true, 120), 2416);
  EXPECT_FALSE(gauss_kruger_epsg(GkDatum::cgcs2000, true, false, 121));
  // Every code the table gives is a real EPSG CRS whose name carries the datum and the right zone/CM.
  for (int cm = 75; cm <= 135; cm += 3) {
    for (bool prefixed : {false, true}) {
      auto code = gauss_kruger_epsg(GkDatum::cgcs2000, true, prefixed, cm);
      ASSERT_TRUE(code);
      SrsPtr s = epsg(*code);
      auto gk = identify_gauss_kruger(*s);
      ASSERT_TRUE(gk) << *code;
      EXPECT_EQ(gk->central_meridian, cm) << *code;
      EXPECT_EQ(gk->zone_prefixed(), prefixed) << *code;
      EXPECT_TRUE(gk->three_degree) << *code;
    }
  }
}

TEST(IdentifyGaussKruger, RecognisesDatumsAndSixDegreeZones) {
  EXPECT_EQ(identify_gauss_kruger(*epsg(2385))->datum, GkDatum::xian1980);
  EXPECT_EQ(identify_gauss_kruger(*epsg(2437))->datum, GkDatum::beijing1954);
  auto six = identify_gauss_kruger(*epsg(4509));  // CGCS2000 / Gauss-Kruger CM 117E (6-degree)
  ASSERT_TRUE(six);
  EXPECT_FALSE(six->three_degree);
  EXPECT_FALSE(identify_gauss_kruger(*epsg(4490)));   // geographic
  EXPECT_FALSE(identify_gauss_kruger(*epsg(32650)));  // UTM: scale 0.9996
}

TEST(CheckCoordinatesFit, ZonePrefixedEastingsUnder4549AreRefusedNaming4528) {
  try {
    check_coordinates_fit(*epsg(4549), box(40498000, 3400000, 40530000, 3430000), {.file = "p.shp"});
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input_data);
    EXPECT_NE(std::string(e.what()).find("EPSG:4528"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("p.shp"), std::string::npos);
  }
}

TEST(CheckCoordinatesFit, PlainEastingsUnder4528AreRefusedNaming4549) {
  try {
    check_coordinates_fit(*epsg(4528), box(498000, 3400000, 530000, 3430000), {});
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("EPSG:4549"), std::string::npos) << e.what();
  }
}

TEST(CheckCoordinatesFit, FittingCoordinatesPassAndSwappedAxesAreNamed) {
  EXPECT_NO_THROW(check_coordinates_fit(*epsg(4549), box(420000, 3360000, 540000, 3450000), {}));
  EXPECT_NO_THROW(check_coordinates_fit(*epsg(4528), box(40420000, 3360000, 40540000, 3450000), {}));
  EXPECT_NO_THROW(check_coordinates_fit(*epsg(4490), box(119.2, 30.3, 120.5, 31.2), {}));
  try {
    check_coordinates_fit(*epsg(4549), box(3360000, 420000, 3450000, 540000), {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("swapped"), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_coordinates_fit(*epsg(4490), box(500000, 3400000, 500100, 3400100), {}), Error);
  EXPECT_THROW(check_coordinates_fit(*epsg(4549), box(119.2, 30.3, 120.5, 31.2), {}), Error);
}

TEST(LegacyDatum, XianAndBeijingAreNamedCgcs2000IsNot) {
  EXPECT_EQ(legacy_datum(*epsg(2385)), "Xian 1980");
  EXPECT_EQ(legacy_datum(*epsg(2437)), "Beijing 1954");
  EXPECT_FALSE(legacy_datum(*epsg(4549)));
}

TEST(DescribeSrs, GivesEpsgCodeAndName) {
  EXPECT_EQ(describe_srs(*epsg(4549)), "EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)");
}

// A bureau's 7-parameter transformation (project file `helmert`), done by PROJ via geocentric cartesian
// coordinates. The expected values come from GDAL's Python bindings on the PROJ pipeline written out by hand
// (Xian 1980 GK CM 120E → CGCS2000 GK CM 120E, x=-19.1 y=150.2 z=82.4 m, rx=1.2 ry=-0.5 rz=2.1", s=-1.5 ppm,
// made-up parameters of realistic size): osr.CoordinateTransformation(EPSG:2385, EPSG:4549, options with
// SetOperation("+proj=pipeline +step +inv +proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +a=6378140
// +rf=298.257 +step +proj=cart +a=6378140 +rf=298.257 +step +proj=helmert ... +step +inv +proj=cart +a=6378137
// +rf=298.257222101 +step +proj=tmerc ... +a=6378137 +rf=298.257222101")).TransformPoint(490000, 3400000).
TEST(Crs, HelmertPipelineMatchesPrecomputedValuesForBothConventions) {
  using namespace landrenew;
  auto xian = io::srs_from_user_string("EPSG:2385");
  auto cgcs = io::srs_from_user_string("EPSG:4549");
  xian->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  cgcs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  Helmert h{-19.1, 150.2, 82.4, 1.2, -0.5, 2.1, -1.5, "coordinate_frame"};
  const double expected[2][2] = {{490066.904389525, 3399797.200879683}, {490090.49282577547, 3399945.8131392607}};
  for (int k = 0; k < 2; ++k) {
    h.convention = k == 0 ? "coordinate_frame" : "position_vector";
    OGRCoordinateTransformationOptions options;
    options.SetCoordinateOperation(io::helmert_pipeline(*xian, *cgcs, h).c_str(), false);
    io::TransformPtr ct(OGRCreateCoordinateTransformation(xian.get(), cgcs.get(), options));
    ASSERT_TRUE(ct) << io::helmert_pipeline(*xian, *cgcs, h);
    double x = 490000.0, y = 3400000.0;
    ASSERT_TRUE(ct->Transform(1, &x, &y));
    EXPECT_NEAR(x, expected[k][0], 0.001) << h.convention;  // within 1 mm
    EXPECT_NEAR(y, expected[k][1], 0.001) << h.convention;
  }
}

// Issue 21: a CRS refusal is printed in the language of the moment.
TEST(CheckCoordinatesFit, RefusalIsChineseWhenTheLanguageIsChinese) {
  auto srs = io::srs_from_user_string("EPSG:4549");
  OGREnvelope e;
  e.MinX = 40500000;
  e.MaxX = 40510000;
  e.MinY = 3400000;
  e.MaxY = 3410000;
  set_language(Language::zh);
  std::string what, crs;
  try {
    io::check_coordinates_fit(*srs, e, {.file = "p.shp", .layer = "p"});
  } catch (const Error& x) {
    what = x.what();
  }
  try {
    io::srs_from_user_string("not a crs");
  } catch (const Error& x) {
    crs = x.what();
  }
  set_language(Language::en);
  EXPECT_EQ(what.rfind("p.shp: 图层“p”: 声明为 EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)（东偏移 500000 m，不带带号），"
                       "但东坐标 40500000–40510000 m 带有带号 40：数据符合 EPSG:4528",
                       0),
            0u)
      << what;
  EXPECT_NE(what.find("请在项目文件中为该图层设置 crs = \"EPSG:4528\""), std::string::npos) << what;
  EXPECT_EQ(crs.rfind("无法识别坐标系“not a crs”（请写成 EPSG:4549、WKT 或 PROJ 字符串）", 0), 0u) << crs;
}
