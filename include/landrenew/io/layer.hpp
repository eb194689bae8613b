#pragma once
// Inputs in memory after reading: geometry in the analysis CRS, repaired; attributes by logical field.
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "landrenew/config/schema.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/io/encoding.hpp"

namespace landrenew {

/// Progress callback: fraction done in [0, 1] of the named stage.
using Progress = std::function<void(std::string_view stage, double fraction)>;

/// A text column stored compactly (one buffer and offsets), with nulls.
class TextColumn {
 public:
  void push(std::optional<std::string_view> value);
  std::optional<std::string_view> get(std::size_t row) const;
  std::size_t size() const noexcept { return m_null.size(); }
  void reserve(std::size_t rows);
  /// Adds the rows of `other` after these.
  void append(const TextColumn& other);

 private:
  std::string m_data;
  std::vector<std::uint64_t> m_end;
  std::vector<bool> m_null;
};

/// A logical field bound to a source column.
struct FieldBinding {
  std::string logical;
  std::string source;
  bool explicit_mapping = false;  ///< named in the project file (else found by the defaults)
};

/// What was found out while opening and reading one input, for the report and the manifest.
struct LayerInfo {
  std::string logical;  ///< "parcels", ...
  std::string path;     ///< resolved path or PG: connection (password removed)
  std::string display;  ///< as written in the project file
  std::string layer_name;
  std::string driver;
  std::string label;
  io::EncodingInfo encoding;
  std::string crs_source;  ///< description of the CRS used for the source coordinates
  /// "declared by the source", "set in the project file (source declares none)", ... (both languages)
  Text crs_origin;
  Text crs_transform;  ///< "transformed to EPSG:4549 (...)" or "already in the analysis CRS" (both languages)
  /// Read in geographic (lon/lat) coordinates without a web-map datum undone: what a web-map download would be.
  bool lonlat_source = false;
  std::vector<FieldBinding> fields;
  std::vector<std::string> unmapped;       ///< logical fields with no source column
  std::vector<std::string> source_fields;  ///< every column of the source, in order
  std::int64_t declared_count = -1;        ///< feature count the source declares (-1 unknown)
  /// Office tables: the header row(s) taken and why, per sheet (RULES.md 21); empty for other sources.
  Text header;
};

/// The source column the logical field `logical` is bound to, or `logical` itself when it is not bound: the
/// column a finding names (errors and findings name the file, layer, feature and field).
std::string source_field(const LayerInfo& info, std::string_view logical);

/// A logical field declared as an enumerator with its layer's schema (schema.hpp: ParcelField,
/// RegisterField).
template <class F>
concept DeclaredField = std::is_enum_v<F> && requires(F f) {
  { field_name(f) } -> std::convertible_to<std::string_view>;
};

template <DeclaredField F>
std::string source_field(const LayerInfo& info, F field) {
  return source_field(info, field_name(field));
}

/// read = used + rejected; repaired features are among the used ones (RULES.md 3).
struct LayerCounts {
  std::size_t read = 0;
  std::size_t used = 0;
  std::size_t repaired = 0;
  std::size_t rejected = 0;
};

/// Attributes by logical field name, for the used features (or rows) only.
class Attributes {
 public:
  TextColumn& column(const std::string& logical) { return m_columns[logical]; }
  const TextColumn* find(std::string_view logical) const;
  bool has(std::string_view logical) const { return find(logical) != nullptr; }
  std::optional<std::string_view> get(std::string_view logical, std::size_t row) const;
  /// The same by a declared field (a misspelt one does not compile).
  template <DeclaredField F>
  const TextColumn* find(F field) const {
    return find(field_name(field));
  }
  template <DeclaredField F>
  bool has(F field) const {
    return has(field_name(field));
  }
  template <DeclaredField F>
  std::optional<std::string_view> get(F field, std::size_t row) const {
    return get(field_name(field), row);
  }
  /// Adds the rows of `other` after these, column by column (a column only one side has is added).
  void append(const Attributes& other);

 private:
  std::map<std::string, TextColumn, std::less<>> m_columns;
};

/// A polygon input: used features only, geometry valid and in the analysis CRS.
struct PolygonLayer {
  LayerInfo info;
  LayerCounts counts;
  std::vector<std::int64_t> fid;         ///< source FID of each used feature
  std::vector<geom::Geometry> geometry;  ///< repaired, polygonal, analysis CRS
  std::vector<double> area_m2;           ///< planar area in the analysis CRS
  std::vector<bool> repaired;            ///< the geometry was repaired
  Attributes attributes;

  std::size_t size() const noexcept { return fid.size(); }
  /// The mapped id of feature `i`, or "" when the layer has no id field.
  std::string id(std::size_t i) const;
  /// Adds the features and counts of `other` (read from the same source, later FIDs) after these; `info`
  /// stays.
  void append(PolygonLayer&& other);
};

/// Rows of a table that are not records, by why (RULES.md 21); each is also a finding.
struct RowTally {
  std::size_t blank = 0, notes = 0, totals = 0, other_years = 0, no_identifier = 0;
};

/// A table input (the 亩均 enterprise table): its records. read = used (records) + rejected (RowTally).
struct TableLayer {
  LayerInfo info;
  LayerCounts counts;
  RowTally tally;
  std::vector<std::int64_t> row;       ///< sheet row as the spreadsheet shows it, or source FID
  std::vector<std::string> sheet;      ///< per row, its sheet when several are read as one table; else empty
  std::optional<int> evaluation_year;  ///< the year whose rows these are, when there is a year column
  Attributes attributes;
  std::size_t size() const noexcept { return row.size(); }
  /// "row 5", or "sheet '规下企业' row 5" when several sheets are read as one table.
  std::string where(std::size_t i) const;
  /// The sheet of row `i`, or "" with one sheet.
  std::string sheet_of(std::size_t i) const { return i < sheet.size() ? sheet[i] : std::string(); }
};

}  // namespace landrenew
