#pragma once
// Writing result layers to a GeoPackage: ASCII snake_case names with Chinese aliases, polygons promoted to
// multipolygons, each layer's rows in one transaction, the spatial indexes built once at the end.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "landrenew/geom/geos.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/gpkg_rtree.hpp"

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

/// The GeoPackage binary of `g` (GeoPackage 1.2 §2.1.3) as GDAL 3.6 writes it for a layer of `kind`:
/// little-endian header with srs_id, an x/y envelope but for points and empty geometries, ISO WKB; polygons
/// as multipolygons. Empty when `g` is null. `box` receives the envelope of a non-empty geometry.
std::string gpkg_geometry(const GEOSGeometry* g, GeometryKind kind, std::int32_t srs_id,
                          std::optional<OGREnvelope>& box);

class GpkgWriter;
class SqliteConnection;
struct LayerSink;

class LayerWriter {
 public:
  /// Adds a feature; `geometry` may be null (a table row, or a feature without geometry). Values follow the
  /// layer's fields in order (missing ones are null); a polygon layer stores multipolygons.
  void add(const GEOSGeometry* geometry, std::vector<Value> values);
  /// Adds a point feature.
  void add_point(double x, double y, std::vector<Value> values);
  std::size_t count() const noexcept { return m_count; }

 private:
  friend class GpkgWriter;
  LayerWriter(GpkgWriter* owner, GeometryKind kind) : m_owner(owner), m_kind(kind) {}
  void write(std::string geometry, const OGREnvelope* box, std::vector<Value> values);
  GpkgWriter* m_owner;
  GeometryKind m_kind;
  std::size_t m_count = 0;
};

/// Writes a new GeoPackage. GDAL creates it and each layer's table (gpkg_contents, gpkg_geometry_columns,
/// the feature-count triggers); the field aliases go to gpkg_data_columns and the rows are inserted with
/// SQLite directly (geometries encoded here as GeoPackage binary, byte for byte what GDAL writes), each layer
/// in one transaction, then its extent and feature count are set; the spatial indexes (out/gpkg_rtree.hpp)
/// are written as the next layer starts and by close(). With `background`, a second thread inserts the
/// rows while the calling thread builds the next ones; the operations come in the same order, so the bytes
/// are the same either way.
class GpkgWriter {
 public:
  /// Creates `file` (which must not exist). `srs` is the analysis CRS.
  GpkgWriter(const std::filesystem::path& file, const OGRSpatialReference& srs, bool background = false);
  ~GpkgWriter();
  GpkgWriter(const GpkgWriter&) = delete;
  GpkgWriter& operator=(const GpkgWriter&) = delete;

  /// Starts a layer (and ends the previous one). `description` goes to gpkg_contents.
  LayerWriter& layer(const std::string& name, GeometryKind kind, const std::vector<FieldSpec>& fields,
                     const std::string& identifier_zh, const std::string& description);
  /// Runs SQL on the GeoPackage (layer_styles and the like).
  void execute(const std::string& sql);
  /// The dataset (GDAL's handle on the file), once the current layer is ended and written.
  GDALDataset* dataset();
  /// Ends the current layer, builds the spatial indexes and closes the file. Throws Error(output) on failure.
  void close();

 private:
  friend class LayerWriter;
  struct Row {
    std::int64_t fid = 0;
    std::string geometry;  ///< GeoPackage binary; empty for no geometry
    std::vector<Value> values;
  };
  // Work for the writing thread, done in order: spatial indexes of finished layers, then rows.
  struct Chunk {
    std::vector<SpatialIndex> indexes;
    std::vector<Row> rows;
    bool empty() const noexcept { return indexes.empty() && rows.empty(); }
  };
  void end_layer();
  void write_finished_indexes();  // the finished layers' indexes, on whichever thread writes
  void open_gdal();       // GDAL's handle, with the SQLite connection closed
  void close_gdal();      // what GDAL holds written to the file
  void insert(Row& row);  // on whichever thread writes
  void run(Chunk& chunk);  // on whichever thread writes
  void submit(Row row);    // to the writing thread, or run here
  void hand_over();       // the chunk being built, to the writing thread
  void drain();           // waits for the writing thread; rethrows its error
  void stop_worker() noexcept;
  void worker_loop();
  std::filesystem::path m_file;
  io::DatasetPtr m_ds;  ///< open while layers are created and styles written, closed while rows are inserted
  io::SrsPtr m_srs;
  std::int32_t m_srs_id = 0;  ///< the analysis CRS's srs_id in gpkg_spatial_ref_sys
  std::unique_ptr<SqliteConnection> m_db;
  std::unique_ptr<LayerSink> m_sink;  ///< the layer whose rows are being inserted
  std::unique_ptr<LayerWriter> m_current;
  // The boxes of the layers with geometries whose spatial indexes are not written yet; the current layer's is
  // the last. The others are written by the writing thread at the start of the next layer (while the calling
  // thread builds its rows) or by close().
  std::vector<SpatialIndex> m_indexes;
  // The writing thread and its bounded queue of chunks.
  std::thread m_worker;
  std::mutex m_mutex;
  std::condition_variable m_wake_worker, m_wake_caller;
  Chunk m_filling;
  std::deque<Chunk> m_queue;
  bool m_busy = false, m_stop = false;
  std::exception_ptr m_error;
};

}  // namespace landrenew::out
