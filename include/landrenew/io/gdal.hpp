#pragma once
// RAII over GDAL/OGR handles, GDAL's process set-up, and capture of GDAL's own messages so that they are
// attached to ours instead of printed on stderr (after libosmium's gdalcpp.hpp).
#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace landrenew::io {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const noexcept { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const noexcept { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct SrsReleaser {
  void operator()(OGRSpatialReference* s) const noexcept {
    if (s) s->Release();
  }
};
/// A reference-counted OGR spatial reference, always with GIS axis order (lon/lat, east/north: RULES.md 1).
using SrsPtr = std::unique_ptr<OGRSpatialReference, SrsReleaser>;

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* t) const noexcept {
    OGRCoordinateTransformation::DestroyCT(t);
  }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// Makes a new SRS with OAMS_TRADITIONAL_GIS_ORDER; `clone_of` may be null for an empty one.
SrsPtr make_srs(const OGRSpatialReference* clone_of = nullptr);

/// Registers drivers and sets the process-wide options landrenew relies on, once per process:
/// no network for PROJ, no .aux.xml files written beside inputs, GDAL messages routed to capture.
/// Safe to call many times and from many threads.
void init_gdal();

/// One message GDAL reported (CPLError).
struct GdalMessage {
  CPLErr level = CE_None;
  int code = 0;
  std::string text;
};

/// Collects every GDAL message raised on this thread while it lives (nested scopes each see their own).
class GdalMessageCapture {
 public:
  GdalMessageCapture();
  ~GdalMessageCapture();
  GdalMessageCapture(const GdalMessageCapture&) = delete;
  GdalMessageCapture& operator=(const GdalMessageCapture&) = delete;

  const std::vector<GdalMessage>& messages() const noexcept { return m_messages; }
  /// Text of the last failure-level message, or of the last message, or "".
  std::string last_error() const;
  /// All messages joined with "; ", de-duplicated, at most `max` of them.
  std::string joined(std::size_t max = 3) const;
  void clear() noexcept { m_messages.clear(); }

 private:
  static void CPL_STDCALL handler(CPLErr level, CPLErrorNum code, const char* text);
  std::vector<GdalMessage> m_messages;
};

}  // namespace landrenew::io
