#include "landrenew/io/crs.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>

#include <ogr_srs_api.h>

#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"

namespace landrenew::io {

const char* to_string(GkDatum d) noexcept {
  switch (d) {
    case GkDatum::cgcs2000:
      return "CGCS2000";
    case GkDatum::xian1980:
      return "Xian 1980";
    case GkDatum::beijing1954:
      return "Beijing 1954";
  }
  return "CGCS2000";
}

int GaussKruger::zone() const noexcept {
  const double width = three_degree ? 3.0 : 6.0;
  return static_cast<int>(
      std::lround(three_degree ? central_meridian / width : (central_meridian + 3.0) / width));
}

namespace {

std::optional<GkDatum> datum_of(const OGRSpatialReference& srs) {
  const char* name = srs.GetAttrValue("DATUM");
  const std::string key = field_name_key(name ? name : "");
  if (key.find("CHINA2000") != std::string::npos || key.find("CGCS2000") != std::string::npos ||
      key.find("CHINAGEODETIC") != std::string::npos)
    return GkDatum::cgcs2000;
  if (key.find("XIAN1980") != std::string::npos || key.find("XIAN80") != std::string::npos ||
      key.find("XI'AN1980") != std::string::npos)
    return GkDatum::xian1980;
  if (key.find("BEIJING1954") != std::string::npos || key.find("BEIJING54") != std::string::npos)
    return GkDatum::beijing1954;
  // No usable datum name: fall back to the ellipsoid.
  OGRErr err = OGRERR_NONE;
  const double a = srs.GetSemiMajor(&err);
  const double inv_f = srs.GetInvFlattening(&err);
  if (std::abs(a - 6378137.0) < 0.01 && std::abs(inv_f - 298.257222101) < 1e-6) return GkDatum::cgcs2000;
  if (std::abs(a - 6378140.0) < 0.01) return GkDatum::xian1980;
  if (std::abs(a - 6378245.0) < 0.01) return GkDatum::beijing1954;
  return std::nullopt;
}

std::string fmt_m(double v) {
  char buf[64];
  // Whole metres; a wild value (1e300) in short scientific form rather than 301 digits.
  std::snprintf(buf, sizeof buf, std::abs(v) < 1e12 ? "%.0f" : "%.3g", v);
  return buf;
}

std::string epsg_label(int code) {
  OGRSpatialReference s;
  if (s.importFromEPSG(code) != OGRERR_NONE) return "EPSG:" + std::to_string(code);
  return "EPSG:" + std::to_string(code) + " (" + (s.GetName() ? s.GetName() : "") + ")";
}

}  // namespace

std::optional<GaussKruger> identify_gauss_kruger(const OGRSpatialReference& srs) {
  if (!srs.IsProjected()) return std::nullopt;
  const char* proj = srs.GetAttrValue("PROJECTION");
  if (!proj || std::string_view(proj) != SRS_PT_TRANSVERSE_MERCATOR) return std::nullopt;
  if (std::abs(srs.GetNormProjParm(SRS_PP_SCALE_FACTOR, 1.0) - 1.0) > 1e-9) return std::nullopt;
  if (std::abs(srs.GetNormProjParm(SRS_PP_FALSE_NORTHING, 0.0)) > 1e-6) return std::nullopt;
  auto datum = datum_of(srs);
  if (!datum) return std::nullopt;
  GaussKruger gk;
  gk.datum = *datum;
  gk.central_meridian = srs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, 0.0);
  gk.false_easting = srs.GetNormProjParm(SRS_PP_FALSE_EASTING, 0.0);
  const long cm = std::lround(gk.central_meridian);
  if (gk.zone_prefixed()) {
    // The prefix is the zone number: 13–23 are 6-degree zones, 25–45 3-degree zones in China.
    const long zone = std::lround(std::floor(gk.false_easting / 1e6));
    gk.three_degree = zone >= 24;
  } else {
    // CM 117 is both 3-degree zone 39 and 6-degree zone 20 (every odd multiple of 3 is ambiguous): the
    // CRS name settles it ("3-degree"/"3_Degree" vs a bare "Gauss-Kruger"/"GK"), 3-degree by default.
    if (cm % 6 == 3) {
      const std::string key = ascii_upper(srs.GetName() ? srs.GetName() : "");
      const bool says_three =
          key.find("3-DEGREE") != std::string::npos || key.find("3_DEGREE") != std::string::npos;
      const bool says_gk = key.find("GAUSS") != std::string::npos || key.find("_GK_") != std::string::npos;
      gk.three_degree = says_three || !says_gk;
    }
  }
  return gk;
}

std::optional<int> gauss_kruger_epsg(GkDatum datum, bool three_degree, bool zone_prefixed, double cm_deg) {
  const long cm = std::lround(cm_deg);
  if (three_degree) {
    if (cm % 3 != 0 || cm < 75 || cm > 135) return std::nullopt;
    const int i = static_cast<int>(cm / 3 - 25);  // zone 25 (CM 75E) .. zone 45 (CM 135E)
    switch (datum) {
      case GkDatum::cgcs2000:
        return (zone_prefixed ? 4513 : 4534) + i;
      case GkDatum::xian1980:
        return (zone_prefixed ? 2349 : 2370) + i;
      case GkDatum::beijing1954:
        return (zone_prefixed ? 2401 : 2422) + i;
    }
  } else {
    if ((cm + 3) % 6 != 0 || cm < 75 || cm > 135) return std::nullopt;
    const int i = static_cast<int>((cm + 3) / 6 - 13);  // zone 13 (CM 75E) .. zone 23 (CM 135E)
    switch (datum) {
      case GkDatum::cgcs2000:
        return (zone_prefixed ? 4491 : 4502) + i;
      case GkDatum::xian1980:
        return (zone_prefixed ? 2327 : 2338) + i;
      case GkDatum::beijing1954:
        return (zone_prefixed ? 21413 : 21453) + i;
    }
  }
  return std::nullopt;
}

int analysis_epsg_for_longitude(double longitude) {
  long cm = std::lround(longitude / 3.0) * 3;
  if (cm < 75) cm = 75;
  if (cm > 135) cm = 135;
  return 4534 + static_cast<int>((cm - 75) / 3);
}

SrsPtr srs_from_user_string(const std::string& text) {
  SrsPtr srs = make_srs();
  GdalMessageCapture capture;
  if (srs->SetFromUserInput(text.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) !=
      OGRERR_NONE) {
    throw Error(ErrorKind::project,
                capture.last_error().empty()
                    ? trf("cannot understand the CRS '{1}' (give it as EPSG:4549, WKT or a PROJ string)", text)
                    : trf("cannot understand the CRS '{1}' (give it as EPSG:4549, WKT or a PROJ string): {2}", text,
                          capture.last_error()));
  }
  return srs;
}

std::string describe_srs(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  const std::string name = srs.GetName() ? srs.GetName() : "unnamed CRS";
  if (auth && code) return std::string(auth) + ":" + code + " (" + name + ")";
  GdalMessageCapture capture;  // FindBestMatch may complain about the PROJ database; that is not our error
  if (OGRSpatialReference* match = srs.FindBestMatch(90)) {
    std::string out = name;
    const char* ma = match->GetAuthorityName(nullptr);
    const char* mc = match->GetAuthorityCode(nullptr);
    if (ma && mc) out += ", equivalent to " + std::string(ma) + ":" + mc;
    match->Release();
    return out;
  }
  return name;
}

std::optional<std::string> legacy_datum(const OGRSpatialReference& srs) {
  auto d = datum_of(srs);
  if (d && *d != GkDatum::cgcs2000) return std::string(to_string(*d));
  return std::nullopt;
}

void check_coordinates_fit(const OGRSpatialReference& srs, const OGREnvelope& e, const ErrorContext& where) {
  if (!e.IsInit()) return;  // an empty layer has no coordinates to check
  const std::string declared = describe_srs(srs);
  const std::string range = fmt_m(e.MinX) + "–" + fmt_m(e.MaxX);
  if (srs.IsGeographic()) {
    if (std::abs(e.MinX) > 180 || std::abs(e.MaxX) > 180 || std::abs(e.MinY) > 90 || std::abs(e.MaxY) > 90)
      throw Error(
          ErrorKind::input_data,
          trf("declares the geographic CRS {1} but its coordinates (x {2}) are not degrees; the data are "
              "probably projected — set the layer's crs in the project file",
              declared, range),
          where);
    return;
  }
  if (!srs.IsProjected()) return;
  if (std::abs(e.MaxX) <= 180 && std::abs(e.MinX) <= 180 && std::abs(e.MaxY) <= 90 && std::abs(e.MinY) <= 90)
    throw Error(
        ErrorKind::input_data,
        trf("declares the projected CRS {1} but its coordinates (x {2}) look like degrees; the data are probably "
            "lon/lat (EPSG:4490) — set the layer's crs in the project file",
            declared, range),
        where);
  auto gk = identify_gauss_kruger(srs);
  if (!gk) return;

  const double fe = gk->false_easting;
  const bool data_prefixed = e.MinX >= 1e7 && e.MaxX < 1e8;  // zones 10..99; 1e300 is no zone at all
  const bool data_plain = e.MaxX < 1.5e6 && e.MinX > -5e5;
  if (!gk->zone_prefixed() && data_prefixed) {
    const long zone = std::lround(std::floor(e.MinX / 1e6));
    const bool three = zone >= 24;
    const double cm = three ? 3.0 * static_cast<double>(zone) : 6.0 * static_cast<double>(zone) - 3.0;
    auto fit = gauss_kruger_epsg(gk->datum, three, true, cm);
    throw Error(
        ErrorKind::input_data,
        fit ? trf("declares {1} (false easting {2} m, no zone prefix) but its eastings {3} m carry the zone prefix "
                  "{4}: the data fit {5}; set crs = \"EPSG:{6}\" for this layer in the project file",
                  declared, fmt_m(fe), range, zone, epsg_label(*fit), *fit)
            : trf("declares {1} (false easting {2} m, no zone prefix) but its eastings {3} m carry the zone prefix "
                  "{4}: no CGCS2000/Xian 1980/Beijing 1954 GK zone {4} exists",
                  declared, fmt_m(fe), range, zone),
        where);
  }
  if (gk->zone_prefixed() && data_plain) {
    auto fit = gauss_kruger_epsg(gk->datum, gk->three_degree, false, gk->central_meridian);
    throw Error(ErrorKind::input_data,
                fit ? trf("declares {1} (false easting {2} m, zone prefix {3}) but its eastings {4} m have no zone "
                          "prefix: the data fit {5}; set crs = \"EPSG:{6}\" for this layer in the project file",
                          declared, fmt_m(fe), std::lround(std::floor(fe / 1e6)), range, epsg_label(*fit), *fit)
                    : trf("declares {1} (false easting {2} m, zone prefix {3}) but its eastings {4} m have no zone "
                          "prefix",
                          declared, fmt_m(fe), std::lround(std::floor(fe / 1e6)), range),
                where);
  }
  if (gk->zone_prefixed() && data_prefixed && std::floor(e.MinX / 1e6) != std::floor(fe / 1e6)) {
    const long zone = std::lround(std::floor(e.MinX / 1e6));
    const bool three = zone >= 24;
    auto fit =
        gauss_kruger_epsg(gk->datum, three, true,
                          three ? 3.0 * static_cast<double>(zone) : 6.0 * static_cast<double>(zone) - 3.0);
    throw Error(ErrorKind::input_data,
                fit ? trf("declares {1} (zone {2}) but its eastings {3} m are in zone {4}: the data fit {5}", declared,
                          std::lround(std::floor(fe / 1e6)), range, zone, epsg_label(*fit))
                    : trf("declares {1} (zone {2}) but its eastings {3} m are in zone {4}", declared,
                          std::lround(std::floor(fe / 1e6)), range, zone),
                where);
  }
  // A GK zone is at most ~3° × 111 km wide on either side of the central meridian (much less at Chinese
  // latitudes): eastings more than 700 km from the false easting, or northings outside China, do not fit.
  const bool eastings_ok = e.MinX > fe - 7e5 && e.MaxX < fe + 7e5;
  const bool northings_ok = e.MinY > 1.5e6 && e.MaxY < 6.2e6;
  if (!eastings_ok || !northings_ok) {
    const bool swapped = e.MinY > fe - 7e5 && e.MaxY < fe + 7e5 && e.MinX > 1.5e6 && e.MaxX < 6.2e6;
    throw Error(ErrorKind::input_data,
                swapped ? trf("declares {1} but its coordinates (x {2}, y {3}–{4}) are not in that CRS's zone over "
                              "China; x and y look swapped (northing first)",
                              declared, range, fmt_m(e.MinY), fmt_m(e.MaxY))
                        : trf("declares {1} but its coordinates (x {2}, y {3}–{4}) are not in that CRS's zone over "
                              "China",
                              declared, range, fmt_m(e.MinY), fmt_m(e.MaxY)),
                where);
  }
}

double centre_longitude(const OGRSpatialReference& srs, const OGREnvelope& e) {
  double x = (e.MinX + e.MaxX) / 2.0;
  double y = (e.MinY + e.MaxY) / 2.0;
  if (srs.IsGeographic()) return x;
  SrsPtr geog(srs.CloneGeogCS());
  geog->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  GdalMessageCapture capture;
  TransformPtr ct(OGRCreateCoordinateTransformation(&srs, geog.get()));
  if (!ct || !ct->Transform(1, &x, &y))
    throw Error(ErrorKind::input_data,
                trf("cannot find the longitude of the layer's centre: {1}", capture.last_error()));
  return x;
}

namespace {
// One end of the pipeline: `srs` to radians lon/lat on its own ellipsoid ("+inv" steps) or back.
std::string crs_steps(const OGRSpatialReference& srs, bool inverse) {
  char* text = nullptr;
  if (srs.exportToProj4(&text) != OGRERR_NONE || !text) {
    CPLFree(text);
    throw Error(ErrorKind::project, trf("helmert: the layer's CRS {1} has no PROJ string", describe_srs(srs)));
  }
  std::string proj = text;
  CPLFree(text);
  for (const char* drop : {" +no_defs", " +type=crs", " +towgs84=0,0,0,0,0,0,0"})
    if (auto at = proj.find(drop); at != std::string::npos) proj.erase(at, std::string(drop).size());
  if (srs.IsGeographic())  // degrees, east first
    return inverse ? " +step +proj=unitconvert +xy_in=deg +xy_out=rad" : " +step +proj=unitconvert +xy_in=rad +xy_out=deg";
  return std::string(" +step ") + (inverse ? "+inv " : "") + proj;
}

std::string ellipsoid(const OGRSpatialReference& srs) {
  OGRErr err = OGRERR_NONE;
  char buf[96];
  std::snprintf(buf, sizeof buf, " +a=%.17g +rf=%.17g", srs.GetSemiMajor(&err), srs.GetInvFlattening(&err));
  return buf;
}
}  // namespace

std::string helmert_pipeline(const OGRSpatialReference& source, const OGRSpatialReference& target,
                             const Helmert& h) {
  char helmert[320];
  std::snprintf(helmert, sizeof helmert,
                " +step +proj=helmert +x=%.17g +y=%.17g +z=%.17g +rx=%.17g +ry=%.17g +rz=%.17g +s=%.17g "
                "+convention=%s",
                h.x, h.y, h.z, h.rx, h.ry, h.rz, h.s, h.convention.c_str());
  return "+proj=pipeline" + crs_steps(source, true) + " +step +proj=cart" + ellipsoid(source) + helmert +
         " +step +inv +proj=cart" + ellipsoid(target) + crs_steps(target, false);
}

}  // namespace landrenew::io
