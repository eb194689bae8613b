#pragma once
// Reading one input into memory (layer.hpp): field mapping, CRS resolution and checks, transformation into
// the analysis CRS, validation and repair — with every feature accounted for (RULES.md 1, 3).
#include <memory>

#include "landrenew/config/project.hpp"
#include "landrenew/config/schema.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/io/layer.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/io/table.hpp"
#include "landrenew/io/webmap.hpp"

namespace landrenew::io {

/// How a polygon layer is read.
struct ReadOptions {
  /// With 2 or more, a large shapefile or GeoPackage table is read as two ranges of FIDs at once, each with
  /// its own dataset, and the ranges are joined in FID order: the same features, attributes and findings in
  /// the same order as one pass.
  unsigned threads = 1;
  /// Layers with fewer features (as the source declares) are read in one pass.
  std::size_t split_from = 100'000;
  /// A feature without geometry (null or empty) is kept as an empty polygon of area 0, with a finding
  /// `geometry_null_kept`, instead of being rejected: a register record's footprint may then come from the
  /// parcel codes it lists (RULES.md 23).
  bool keep_null_geometry = false;
};

class InputLayer {
 public:
  /// Opens the source, binds its columns to logical fields and, for polygon layers, settles the CRS of its
  /// coordinates and checks that they fit it. Throws Error(input_open / input_data / project).
  static InputLayer open(const LayerSource& src, const LayerSchema& schema);

  const LayerInfo& info() const noexcept { return m_info; }
  /// CRS of the source coordinates (declared, or from the project file); null for tables.
  const OGRSpatialReference* srs() const noexcept { return m_srs.get(); }
  /// Extent in the source CRS (from the source's header where it has one).
  const OGREnvelope& extent() const noexcept { return m_extent; }

  /// Reads every feature: transforms into `analysis`, repairs or rejects each geometry (findings), keeps the
  /// mapped attributes. Layer-level warnings (legacy datum, lossy decoding) become findings too.
  PolygonLayer read_polygons(const OGRSpatialReference& analysis, Findings& findings,
                             const Progress& progress = {}, const ReadOptions& options = {});

  /// Reads a table (no geometry): the mapped columns of every record. Rows that are not records (blank,
  /// notes, totals, no identifier) and, with a year column, other years' rows are findings, counted as
  /// rejected (RULES.md 21).
  TableLayer read_table(Findings& findings, const Progress& progress = {});

 private:
  /// A stretch of the layer: FIDs in [begin, end) (-1: open), read after `count_base` features of the
  /// stretches before it (for messages); `first` adds the layer-level findings.
  struct Range {
    std::int64_t begin = -1, end = -1;
    std::size_t count_base = 0;
    bool first = true;
    bool keep_null = false;  ///< ReadOptions::keep_null_geometry
  };
  PolygonLayer read_range(const OGRSpatialReference& analysis, Findings& findings, const Progress& progress,
                          const Range& range);
  /// The transformation from the layer's CRS to `analysis` (the project's Helmert parameters, a web-map
  /// datum undone), null when they are the same; `how` says which for LayerInfo::crs_transform.
  TransformPtr transformation_to(const OGRSpatialReference& analysis, const ErrorContext& where,
                                 Text& how) const;
  /// Appends a feature read: its FID, geometry, area, repair flag and the bound columns' values.
  void keep_feature(PolygonLayer& out, OGRFeature& f, geom::Geometry geometry, bool repaired, Findings& findings);
  /// The FID at which to cut the layer in two, or -1 when it is read in one pass.
  std::int64_t split_fid(std::size_t split_from);
  void seek(const Range& range);

  /// A sheet of an office table (CSV, XLSX, ODS, XLS): its cells, its header and its columns.
  struct Sheet {
    RawSheet raw;
    Header header;
    std::vector<std::pair<std::string, int>> bindings;
  };
  std::vector<Sheet> m_sheets;
  /// Reads the sheets of an office table, finds each one's header and binds its columns (RULES.md 21).
  void open_office_table(const LayerSource& src, const LayerSchema& schema);
  /// The columns of a layer GDAL reads (recoded when GDAL cannot convert them) bound to the schema's fields.
  void bind_gdal_columns(const LayerSource& src, const LayerSchema& schema);
  /// The layer's CRS: the project's (a web-map datum included), else the declared one; none is refused.
  void choose_crs(const LayerSource& src, const ErrorContext& where);
  /// The layer's extent, judged on the bulk of its features when a few lie outside the CRS's area.
  void read_extent(const ErrorContext& where);
  /// The datum shift: the project's Helmert parameters, or a legacy datum to shift to CGCS2000.
  void choose_datum_shift(const LayerSource& src, const ErrorContext& where);
  /// A table row read: `cells` every cell (to sort the row), `values` the bound ones in m_bindings' order.
  struct StagedRow {
    std::int64_t row = 0;
    std::string sheet;
    std::vector<std::optional<std::string>> values;
  };
  /// Sorts a row: a record is staged, anything else is a finding (RULES.md 21).
  void stage_row(std::int64_t row, const std::string& sheet, const std::vector<std::string>& cells,
                 std::vector<std::optional<std::string>> values, std::vector<StagedRow>& staged,
                 TableLayer& out, Findings& findings) const;
  /// With a year column, rejects the rows of other years than the evaluation year (RULES.md 21).
  void keep_evaluation_year(std::vector<StagedRow>& staged, TableLayer& out, Findings& findings) const;
  /// Reads a GeoPackage, DBF or PostgreSQL table through GDAL.
  void read_gdal_rows(std::vector<StagedRow>& staged, TableLayer& out, Findings& findings);

  LayerSource m_src;
  OpenedSource m_source;
  LayerInfo m_info;
  const LayerSchema* m_schema = nullptr;
  std::vector<std::pair<std::string, int>> m_bindings;  ///< logical field → source field index
  SrsPtr m_srs;
  OGREnvelope m_extent;
  std::optional<WebMapDatum> m_web_map;  ///< the project's crs is GCJ-02 or BD-09 (webmap.hpp)
  std::optional<Helmert> m_helmert;  ///< the project's helmert: the layer's datum → CGCS2000 by PROJ
  bool m_legacy_datum = false;
  std::string m_legacy_name;
  bool m_invalid_utf8_reported = false;
  std::unique_ptr<TextRecoder> m_recoder;  ///< DBF text GDAL passes unconverted (OpenedSource::recode_from)
  std::vector<int> m_text_fields;          ///< the text columns m_recoder converts
  bool m_lossy_reported = false;
  std::string checked_utf8(std::string text, int index, std::int64_t fid, Findings& findings);
  /// Converts every text field of a feature just read to UTF-8 in place, as GDAL would have.
  void recode_text(OGRFeature& f, Findings& findings);
  /// Once per layer: a finding when the converter has had to skip bytes.
  void report_lossy_recoding(Findings& findings);
};

}  // namespace landrenew::io
