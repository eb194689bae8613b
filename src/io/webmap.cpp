#include "landrenew/io/webmap.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "landrenew/core/text.hpp"

namespace landrenew::io {

namespace {
constexpr double kPi = std::numbers::pi;
constexpr double kA = 6378245.0;                 // Krasovsky 1940 semi-major axis, as published
constexpr double kEe = 0.00669342162296594323;  // its first eccentricity squared
constexpr double kBdPi = kPi * 3000.0 / 180.0;

bool out_of_china(LonLat p) noexcept {
  return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

double shift_lat(double x, double y) noexcept {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double shift_lon(double x, double y) noexcept {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// The inverse of a forward function f near the identity: w ← w + (target − f(w)) until it stops moving.
template <class Forward>
LonLat invert(LonLat target, Forward f) noexcept {
  LonLat w = target;
  for (int i = 0; i < 50; ++i) {
    const LonLat g = f(w);
    const double dlon = target.lon - g.lon, dlat = target.lat - g.lat;
    w.lon += dlon;
    w.lat += dlat;
    if (std::fabs(dlon) < 1e-11 && std::fabs(dlat) < 1e-11) break;
  }
  return w;
}

// WGS 84 lon/lat → the analysis CRS through `then`, after the web-map datum is undone point by point.
class WebMapTransformation : public OGRCoordinateTransformation {
 public:
  WebMapTransformation(WebMapDatum datum, TransformPtr then) : m_datum(datum), m_then(std::move(then)) {}
  OGRSpatialReference* GetSourceCS() override { return m_then->GetSourceCS(); }
  OGRSpatialReference* GetTargetCS() override { return m_then->GetTargetCS(); }
  int Transform(int n, double* x, double* y, double* z, double* t, int* ok) override {
    for (int i = 0; i < n; ++i) {
      const LonLat w = to_wgs84(m_datum, {x[i], y[i]});
      x[i] = w.lon;
      y[i] = w.lat;
    }
    return m_then->Transform(n, x, y, z, t, ok);
  }
  OGRCoordinateTransformation* Clone() const override {
    return new WebMapTransformation(m_datum, TransformPtr(m_then->Clone()));
  }
  OGRCoordinateTransformation* GetInverse() const override { return nullptr; }  // not needed: one way only

 private:
  WebMapDatum m_datum;
  TransformPtr m_then;
};
}  // namespace

std::optional<WebMapDatum> web_map_datum(std::string_view crs) {
  std::string key = ascii_upper(trim(crs));
  std::erase(key, '-');
  if (key == "GCJ02") return WebMapDatum::gcj02;
  if (key == "BD09" || key == "BD09LL") return WebMapDatum::bd09;
  return std::nullopt;
}

const char* to_string(WebMapDatum d) noexcept {
  return d == WebMapDatum::gcj02 ? "GCJ-02" : "BD-09";
}

LonLat wgs84_to_gcj02(LonLat p) noexcept {
  if (out_of_china(p)) return p;
  double dlat = shift_lat(p.lon - 105.0, p.lat - 35.0);
  double dlon = shift_lon(p.lon - 105.0, p.lat - 35.0);
  const double rad = p.lat / 180.0 * kPi;
  double magic = std::sin(rad);
  magic = 1 - kEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kA * (1 - kEe)) / (magic * sqrt_magic) * kPi);
  dlon = (dlon * 180.0) / (kA / sqrt_magic * std::cos(rad) * kPi);
  return {p.lon + dlon, p.lat + dlat};
}

LonLat gcj02_to_bd09(LonLat p) noexcept {
  const double z = std::sqrt(p.lon * p.lon + p.lat * p.lat) + 0.00002 * std::sin(p.lat * kBdPi);
  const double theta = std::atan2(p.lat, p.lon) + 0.000003 * std::cos(p.lon * kBdPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat gcj02_to_wgs84(LonLat gcj) noexcept {
  if (out_of_china(gcj)) return gcj;
  return invert(gcj, wgs84_to_gcj02);
}

LonLat bd09_to_gcj02(LonLat bd) noexcept {
  return invert(bd, gcj02_to_bd09);
}

LonLat to_wgs84(WebMapDatum datum, LonLat p) noexcept {
  return gcj02_to_wgs84(datum == WebMapDatum::bd09 ? bd09_to_gcj02(p) : p);
}

TransformPtr web_map_transformation(WebMapDatum datum, TransformPtr then) {
  return TransformPtr(new WebMapTransformation(datum, std::move(then)));
}

}  // namespace landrenew::io
