#pragma once
// Opening inputs safely: only an allowlist of GDAL drivers, no network or virtual-file-system paths, the
// encoding decided before GDAL decodes any text (encoding.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "landrenew/config/project.hpp"
#include "landrenew/io/encoding.hpp"
#include "landrenew/io/gdal.hpp"

namespace landrenew::io {

enum class SourceRole { polygons, table };

/// GDAL drivers an input of this role may be opened with.
const std::vector<std::string>& allowed_drivers(SourceRole role);

/// Refuses (Error input_open) network URLs, GDAL virtual file systems (/vsicurl/, /vsizip/, ...) and
/// connection strings other than PG:.
void check_path_allowed(const std::string& path, const std::string& display);

/// A PG: connection string with any password replaced by ***, for messages and the manifest.
std::string redact_connection(const std::string& conn);

/// An opened input layer. Move-only; closes the dataset (and drops any recoded in-memory copy) when
/// destroyed.
class OpenedSource {
 public:
  OpenedSource() = default;
  OpenedSource(OpenedSource&&) noexcept = default;
  OpenedSource& operator=(OpenedSource&&) noexcept = default;
  ~OpenedSource();

  OGRLayer* layer() const noexcept { return m_layer; }
  GDALDataset* dataset() const noexcept { return m_dataset.get(); }
  const std::string& driver() const noexcept { return m_driver; }
  const std::string& layer_name() const noexcept { return m_layer_name; }
  const EncodingInfo& encoding() const noexcept { return m_encoding; }
  /// The encoding the reader converts the text of a shapefile's DBF from (io::TextRecoder): GDAL is told
  /// not to convert it. Empty when GDAL converts it, or it needs no converting.
  const std::string& recode_from() const noexcept { return m_recode_from; }
  /// Path or redacted connection, for messages.
  const std::string& where() const noexcept { return m_where; }
  /// A table CSV's text as UTF-8: it is parsed by the reader (io::parse_csv), not opened with GDAL, and
  /// then layer() and dataset() are null.
  const std::string& csv_text() const noexcept { return m_csv_text; }

  friend OpenedSource open_source(const LayerSource& src, SourceRole role);

/// The files that make up one input, sorted: a shapefile's parts, a File Geodatabase folder's files, or the
/// file itself (none for a connection or a missing file). These are hashed into manifest.json.
std::vector<std::filesystem::path> source_files(const std::string& path);

 private:
  DatasetPtr m_dataset;
  OGRLayer* m_layer = nullptr;
  std::string m_driver;
  std::string m_layer_name;
  EncodingInfo m_encoding;
  std::string m_recode_from;
  std::string m_where;
  std::string m_vsimem;  ///< in-memory UTF-8 copy of a non-UTF-8 CSV, unlinked on destruction
  std::string m_csv_text;
};

/// Opens `src` for `role`. Throws Error(input_open) naming the file (and layer) for a missing file, a
/// refused path or driver, a shapefile without .shx/.dbf, a corrupt file, or an unknown layer name.
OpenedSource open_source(const LayerSource& src, SourceRole role);

/// The files that make up one input, sorted: a shapefile's parts, a File Geodatabase folder's files, or the
/// file itself (none for a connection or a missing file). These are hashed into manifest.json.
std::vector<std::filesystem::path> source_files(const std::string& path);

}  // namespace landrenew::io
