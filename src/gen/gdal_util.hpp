#pragma once
// Small RAII wrappers over the GDAL/OGR handles the generator uses, and the writing helpers that make
// GDAL's output byte-for-byte reproducible.

#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "geometry.hpp"

namespace landrenew::gen {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const {
    if (ds) GDALClose(ds);
  }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// Sets a GDAL configuration option for the lifetime of the object and restores the previous value.
class ScopedConfig {
 public:
  ScopedConfig(const char* key, const char* value);
  ~ScopedConfig();
  ScopedConfig(const ScopedConfig&) = delete;
  ScopedConfig& operator=(const ScopedConfig&) = delete;

 private:
  std::string m_key;
  std::string m_old;
  bool m_had_old = false;
};

// A NULL-terminated list of KEY=VALUE strings owned by the object (GDAL's CSL options).
class Options {
 public:
  Options() = default;
  Options(std::initializer_list<std::string> items) : m_items(items) {}
  char** get();

 private:
  std::vector<std::string> m_items;
  std::vector<char*> m_ptrs;
};

// EPSG spatial reference with lon/lat (x = east) axis order whatever EPSG declares.
OGRSpatialReference make_srs(int epsg);

DatasetPtr create_dataset(const std::string& driver, const std::string& path, Options options = {});

// Projected CGCS2000 (EPSG:4549) <-> geographic CGCS2000 (EPSG:4490), both in traditional GIS order.
class Projector {
 public:
  Projector();
  Pt to_projected(double lon, double lat) const;
  Pt to_geographic(Pt p) const;

 private:
  OGRSpatialReference m_geo;
  OGRSpatialReference m_proj;
  TransformPtr m_fwd;
  TransformPtr m_inv;
};

// Commits a dataset's transaction every `batch` features written to any of its layers (GeoPackage
// writes are slow without one, and one transaction per dataset is all SQLite allows).
class Transactions {
 public:
  Transactions(GDALDataset* ds, long batch) : m_ds(ds), m_batch(batch) {}
  void before_write();
  void after_write();
  void finish();

 private:
  GDALDataset* m_ds;
  long m_batch;
  long m_pending = 0;
  bool m_active = false;
};

class LayerWriter {
 public:
  LayerWriter(OGRLayer* layer, Transactions* tx) : m_layer(layer), m_tx(tx) {}
  OGRFeatureDefn* defn() const { return m_layer->GetLayerDefn(); }
  // Writes the feature and returns its FID as GDAL reports it.
  long long write(OGRFeature& f);
  long long count() const { return m_count; }

 private:
  OGRLayer* m_layer;
  Transactions* m_tx;
  long long m_count = 0;
};

void add_field(OGRLayer* layer, const char* name, OGRFieldType type, int width = 0, int precision = 0,
               OGRFieldSubType subtype = OFSTNone);

std::unique_ptr<OGRPolygon> to_ogr(const Polygon& p);
std::unique_ptr<OGRPolygon> to_ogr(const Ring& r);
std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& m);

// GDAL's shapefile writer stamps today's date into the DBF header (bytes 1-3); reproducible files need a
// fixed one. Also forces the language driver id (byte 29) to 0, which is what GBK files from bureaus carry.
void patch_dbf_header(const std::string& dbf_path, int year, int month, int day);

// Reads a whole file through GDAL's virtual file system.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& data);

// UTF-8 -> GBK (CP936) through GDAL's iconv-backed recoder.
std::string to_gbk(const std::string& utf8);

}  // namespace landrenew::gen
