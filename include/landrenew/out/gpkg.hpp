#pragma once
// Writing result layers to a GeoPackage: ASCII snake_case names with Chinese aliases, polygons promoted to
// multipolygons, features written in batched transactions, the spatial index built once at the end.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "landrenew/geom/geos.hpp"
#include "landrenew/io/gdal.hpp"

namespace landrenew::out {

/// Opens a finished landrenew.gpkg read-only, for the outputs made from it (QGIS project, tables.xlsx,
/// report.html); throws Error (output) naming the file when it cannot.
io::DatasetPtr open_result_gpkg(const std::filesystem::path& gpkg);

enum class FieldType { integer, real, text };
enum class GeometryKind { none, polygon, point };

struct FieldSpec {
  std::string name;  ///< snake_case ASCII
  FieldType type = FieldType::text;
  std::string alias_zh;  ///< Chinese alias (GeoPackage gpkg_data_columns, shown by QGIS)
};

/// A cell: null, integer, real or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// Optional helpers to build cells.
Value opt(const std::optional<double>& v);
Value opt(const std::optional<std::size_t>& v);
Value text_or_null(const std::string& s);

class GpkgWriter;

class LayerWriter {
 public:
  /// Adds a feature; `geometry` may be null (a table row, or a feature without geometry). Values follow the
  /// layer's fields in order.
  void add(const GEOSGeometry* geometry, const std::vector<Value>& values);
  /// Adds a point feature.
  void add_point(double x, double y, const std::vector<Value>& values);
  std::size_t count() const noexcept { return m_count; }

 private:
  friend class GpkgWriter;
  LayerWriter(GpkgWriter* owner, OGRLayer* layer, GeometryKind kind, std::size_t fields)
      : m_owner(owner), m_layer(layer), m_kind(kind), m_fields(fields) {}
  void write(OGRFeature& f, const std::vector<Value>& values);
  GpkgWriter* m_owner;
  OGRLayer* m_layer;
  GeometryKind m_kind;
  std::size_t m_fields;
  std::size_t m_count = 0;
};

class GpkgWriter {
 public:
  /// Creates `file` (which must not exist). `srs` is the analysis CRS.
  GpkgWriter(const std::filesystem::path& file, const OGRSpatialReference& srs);
  ~GpkgWriter();
  GpkgWriter(const GpkgWriter&) = delete;
  GpkgWriter& operator=(const GpkgWriter&) = delete;

  /// Starts a layer (and ends the previous one). `description` goes to gpkg_contents.
  LayerWriter& layer(const std::string& name, GeometryKind kind, const std::vector<FieldSpec>& fields,
                     const std::string& identifier_zh, const std::string& description);
  /// Runs SQL on the GeoPackage (layer_styles and the like).
  void execute(const std::string& sql);
  GDALDataset* dataset() noexcept { return m_ds.get(); }
  /// Ends the current layer, builds the spatial indexes and closes the file. Throws Error(output) on failure.
  void close();

 private:
  friend class LayerWriter;
  void end_layer();
  void maybe_commit();
  std::filesystem::path m_file;
  io::DatasetPtr m_ds;
  io::SrsPtr m_srs;
  std::unique_ptr<LayerWriter> m_current;
  std::vector<std::pair<std::string, GeometryKind>> m_layers;
  std::size_t m_in_transaction = 0;
};

}  // namespace landrenew::out
