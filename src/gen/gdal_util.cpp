#include "gdal_util.hpp"

#include <cstdio>
#include <cstring>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "error.hpp"

namespace landrenew::gen {

ScopedConfig::ScopedConfig(const char* key, const char* value) : m_key(key) {
  if (const char* old = CPLGetConfigOption(key, nullptr)) {
    m_old = old;
    m_had_old = true;
  }
  CPLSetConfigOption(key, value);
}

ScopedConfig::~ScopedConfig() {
  CPLSetConfigOption(m_key.c_str(), m_had_old ? m_old.c_str() : nullptr);
}

char** Options::get() {
  m_ptrs.clear();
  for (auto& s : m_items)
    m_ptrs.push_back(s.data());
  m_ptrs.push_back(nullptr);
  return m_ptrs.data();
}

OGRSpatialReference make_srs(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) throw GenError("cannot load EPSG:" + std::to_string(epsg));
  // EPSG declares northing/latitude first for both CGCS2000 CRSs; we always work east/north.
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

DatasetPtr create_dataset(const std::string& driver, const std::string& path, Options options) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!drv) throw GenError("GDAL driver " + driver + " is not available");
  DatasetPtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, options.get()));
  if (!ds) throw GenError("cannot create " + path + ": " + CPLGetLastErrorMsg());
  return ds;
}

Projector::Projector() : m_geo(make_srs(4490)), m_proj(make_srs(4549)) {
  m_fwd.reset(OGRCreateCoordinateTransformation(&m_geo, &m_proj));
  m_inv.reset(OGRCreateCoordinateTransformation(&m_proj, &m_geo));
  if (!m_fwd || !m_inv) throw GenError("cannot create the EPSG:4490 <-> EPSG:4549 transformation");
}

Pt Projector::to_projected(double lon, double lat) const {
  double x = lon, y = lat;
  if (!m_fwd->Transform(1, &x, &y)) throw GenError("projection to EPSG:4549 failed");
  return {x, y};
}

Pt Projector::to_geographic(Pt p) const {
  double x = p.x, y = p.y;
  if (!m_inv->Transform(1, &x, &y)) throw GenError("projection to EPSG:4490 failed");
  return {x, y};
}

void Transactions::before_write() {
  if (m_batch > 0 && !m_active) {
    if (m_ds->StartTransaction() != OGRERR_NONE) throw GenError("cannot start a transaction");
    m_active = true;
  }
}

void Transactions::after_write() {
  if (m_active && ++m_pending >= m_batch) {
    if (m_ds->CommitTransaction() != OGRERR_NONE) throw GenError("cannot commit a transaction");
    m_active = false;
    m_pending = 0;
  }
}

void Transactions::finish() {
  if (m_active) {
    if (m_ds->CommitTransaction() != OGRERR_NONE) throw GenError("cannot commit a transaction");
    m_active = false;
    m_pending = 0;
  }
}

long long LayerWriter::write(OGRFeature& f) {
  if (m_tx) m_tx->before_write();
  if (m_layer->CreateFeature(&f) != OGRERR_NONE) {
    throw GenError(std::string("cannot write a feature to ") + m_layer->GetName() + ": " +
                   CPLGetLastErrorMsg());
  }
  ++m_count;
  if (m_tx) m_tx->after_write();
  return f.GetFID();
}

void add_field(OGRLayer* layer, const char* name, OGRFieldType type, int width, int precision,
               OGRFieldSubType subtype) {
  OGRFieldDefn fd(name, type);
  fd.SetSubType(subtype);
  if (width > 0) fd.SetWidth(width);
  if (precision > 0) fd.SetPrecision(precision);
  if (layer->CreateField(&fd) != OGRERR_NONE) throw GenError(std::string("cannot create field ") + name);
}

namespace {
OGRLinearRing* make_ring(const Ring& r) {
  auto* ring = new OGRLinearRing();
  ring->setNumPoints(static_cast<int>(r.size()), FALSE);
  for (std::size_t i = 0; i < r.size(); ++i)
    ring->setPoint(static_cast<int>(i), r[i].x, r[i].y);
  return ring;
}
}  // namespace

std::unique_ptr<OGRPolygon> to_ogr(const Ring& r) {
  auto poly = std::make_unique<OGRPolygon>();
  poly->addRingDirectly(make_ring(r));
  return poly;
}

std::unique_ptr<OGRPolygon> to_ogr(const Polygon& p) {
  auto poly = to_ogr(p.outer);
  for (const auto& h : p.holes)
    poly->addRingDirectly(make_ring(h));
  return poly;
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& m) {
  auto mp = std::make_unique<OGRMultiPolygon>();
  for (const auto& p : m)
    mp->addGeometryDirectly(to_ogr(p).release());
  return mp;
}

void patch_dbf_header(const std::string& dbf_path, int year, int month, int day) {
  VSILFILE* fp = VSIFOpenL(dbf_path.c_str(), "r+b");
  if (!fp) throw GenError("cannot reopen " + dbf_path);
  const unsigned char date[3] = {static_cast<unsigned char>(year - 1900), static_cast<unsigned char>(month),
                                 static_cast<unsigned char>(day)};
  const unsigned char ldid = 0;
  bool ok = VSIFSeekL(fp, 1, SEEK_SET) == 0 && VSIFWriteL(date, 1, 3, fp) == 3;
  ok = ok && VSIFSeekL(fp, 29, SEEK_SET) == 0 && VSIFWriteL(&ldid, 1, 1, fp) == 1;
  ok = (VSIFCloseL(fp) == 0) && ok;
  if (!ok) throw GenError("cannot patch the header of " + dbf_path);
}

std::string read_file(const std::string& path) {
  GByte* buf = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, path.c_str(), &buf, &size, -1)) throw GenError("cannot read " + path);
  std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(size));
  VSIFree(buf);
  return out;
}

void write_file(const std::string& path, const std::string& data) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "wb");
  if (!fp) throw GenError("cannot create " + path);
  const bool ok = VSIFWriteL(data.data(), 1, data.size(), fp) == data.size();
  if (VSIFCloseL(fp) != 0 || !ok) throw GenError("cannot write " + path);
}

std::string to_gbk(const std::string& utf8) {
  char* out = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
  std::string s(out);
  CPLFree(out);
  return s;
}

}  // namespace landrenew::gen
