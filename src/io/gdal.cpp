#include "landrenew/io/gdal.hpp"

#include <mutex>
#include <set>

#include <cpl_error.h>
#include <cpl_http.h>
#include <ogr_srs_api.h>

namespace landrenew::io {

SrsPtr make_srs(const OGRSpatialReference* clone_of) {
  SrsPtr srs(clone_of ? clone_of->Clone() : new OGRSpatialReference());
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

namespace {
// Messages raised outside any capture (GDAL's background warnings) are dropped rather than printed:
// every call site that can fail opens a capture and turns what matters into an Error or a finding.
void CPL_STDCALL quiet_handler(CPLErr, CPLErrorNum, const char*) {}

// Every HTTP request GDAL would make (CPLHTTPFetch: a GeoJSON "crs" of type "link", a CRS given as a URL,
// WFS and the like) fails here instead, whatever a driver or a file asks for.
CPLHTTPResult* refuse_http(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc,
                           void*, void*) {
  auto* result = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
  result->nStatus = 1;
  result->pszErrBuf = CPLStrdup(CPLSPrintf("landrenew never reads the network (refused %s)", url ? url : ""));
  return result;
}
}  // namespace

void init_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(quiet_handler);
    // Never write .aux.xml side-car files next to the bureau's inputs.
    CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
    // No network at run time: PROJ grids from the CDN are off, and so are GDAL's HTTP features.
    OSRSetPROJEnableNetwork(FALSE);
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "{noext}.landrenew-none");
    CPLHTTPSetFetchCallback(refuse_http, nullptr);
    // /vsicurl/ and friends do not go through CPLHTTPFetch: send them to a proxy that cannot exist, and let
    // no request be retried or wait.
    CPLSetConfigOption("GDAL_HTTP_PROXY", "127.0.0.1:1");
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
    CPLSetConfigOption("GDAL_HTTP_CONNECTTIMEOUT", "1");
    // A shapefile without .shx is refused (a clear error) rather than silently rebuilt.
    CPLSetConfigOption("SHAPE_RESTORE_SHX", "NO");
  });
}

GdalMessageCapture::GdalMessageCapture() {
  CPLPushErrorHandlerEx(&GdalMessageCapture::handler, this);
}

GdalMessageCapture::~GdalMessageCapture() {
  CPLPopErrorHandler();
}

void CPL_STDCALL GdalMessageCapture::handler(CPLErr level, CPLErrorNum code, const char* text) {
  if (level == CE_Debug) return;
  auto* self = static_cast<GdalMessageCapture*>(CPLGetErrorHandlerUserData());
  if (!self) return;
  if (self->m_messages.size() < 1000) self->m_messages.push_back({level, code, text ? text : ""});
}

std::string GdalMessageCapture::last_error() const {
  for (auto it = m_messages.rbegin(); it != m_messages.rend(); ++it)
    if (it->level >= CE_Failure) return it->text;
  return m_messages.empty() ? std::string() : m_messages.back().text;
}

std::string GdalMessageCapture::joined(std::size_t max) const {
  std::string out;
  std::set<std::string> seen;
  for (const auto& m : m_messages) {
    if (!seen.insert(m.text).second) continue;
    if (seen.size() > max) break;
    if (!out.empty()) out += "; ";
    out += m.text;
  }
  return out;
}

}  // namespace landrenew::io
