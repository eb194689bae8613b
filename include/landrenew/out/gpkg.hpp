#pragma once
// Writing result layers to a GeoPackage: ASCII snake_case names with Chinese aliases, polygons promoted to
// multipolygons, features written in batched transactions, the spatial index built once at the end.
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

/// Sets field `index` of `f` to `v` (null, integer, real or text).
void set_field(OGRFeature& f, int index, const Value& v);

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
  void write(io::FeaturePtr f, const std::vector<Value>& values);
  GpkgWriter* m_owner;
  OGRLayer* m_layer;
  GeometryKind m_kind;
  std::size_t m_fields;
  std::size_t m_count = 0;
};

/// Writes a new GeoPackage. With `background`, a second thread inserts the features while the calling
/// thread builds the next ones; the dataset is used by one thread at a time and the operations come in the
/// same order, so the bytes are the same either way.
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
  /// The dataset, once the current layer is ended and everything added so far is written.
  GDALDataset* dataset();
  /// Ends the current layer, builds the spatial indexes and closes the file. Throws Error(output) on failure.
  void close();

 private:
  friend class LayerWriter;
  void end_layer();
  void maybe_commit();
  void insert(OGRLayer* layer, OGRFeature& f);     // on whichever thread writes
  void submit(OGRLayer* layer, io::FeaturePtr f);  // to the writing thread, or run here
  void hand_over();                                // the chunk being built, to the writing thread
  void drain();                                    // waits for the writing thread; rethrows its error
  void stop_worker() noexcept;
  void worker_loop();
  std::filesystem::path m_file;
  io::DatasetPtr m_ds;
  io::SrsPtr m_srs;
  std::unique_ptr<LayerWriter> m_current;
  std::size_t m_in_transaction = 0;
  // The boxes of the layers with geometries, for their spatial indexes (written by close()); the current
  // layer's is the last, filled by whichever thread inserts.
  std::vector<SpatialIndex> m_indexes;
  bool m_indexing = false;
  // The writing thread and its bounded queue of chunks.
  struct Job {
    OGRLayer* layer;
    io::FeaturePtr feature;
  };
  std::thread m_worker;
  std::mutex m_mutex;
  std::condition_variable m_wake_worker, m_wake_caller;
  std::vector<Job> m_filling;
  std::deque<std::vector<Job>> m_queue;
  bool m_busy = false, m_stop = false;
  std::exception_ptr m_error;
  std::string m_current_date;  ///< OGR_CURRENT_DATE of the creating thread, for the writing thread
};

}  // namespace landrenew::out
