#pragma once
// QGIS styling of landrenew.gpkg: a default style (QML) per result layer in the GeoPackage's layer_styles
// table, and landrenew.qgs, a QGIS 3.22 project (Debian 12's QGIS) that opens every layer with the same style
// embedded — QGIS does not fall back to the GeoPackage's default style when it opens a project.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/context.hpp"

namespace landrenew::out {

/// A CJK font Debian ships (fonts-noto-cjk), named in every label and in the report, so that Chinese text
/// renders instead of empty boxes on a machine without Windows or macOS fonts.
inline constexpr const char* kCjkFont = "Noto Sans CJK SC";

/// A colour; written as QGIS writes colours, "r,g,b,a".
struct Rgba {
  int r = 0, g = 0, b = 0, a = 255;
};

enum class SymbolKind { fill, marker };

/// One QGIS simple symbol (SimpleFill or SimpleMarker): enough for every layer landrenew writes.
struct Symbol {
  Rgba fill{0, 0, 0, 0};  ///< alpha 0 = no fill
  Rgba stroke{35, 35, 35, 255};
  double stroke_mm = 0.26;
  const char* stroke_style = "solid";  ///< QGIS pen style: solid, dash, dot, dash dot, no
  const char* marker = "circle";       ///< marker shape (points)
  double size_mm = 2.0;                ///< marker diameter (points)
};

/// A category of a categorised renderer; `value` "" catches every other value (and NULL).
struct Category {
  std::string value;
  std::string label;
  Symbol symbol;
};

/// A class of a graduated renderer: lower ≤ v ≤ upper, the first matching range wins (as in QGIS).
struct Range {
  double lower = 0, upper = 0;
  std::string label;
  Symbol symbol;
};

struct Label {
  std::string expression;  ///< a QGIS expression
  double size_pt = 9;
  Rgba color{40, 40, 40, 255};
  bool bold = false;
  bool around = false;         ///< placed beside the point or centroid (else over the centroid)
  double max_denominator = 0;  ///< shown only at scales 1:max_denominator and closer (0 = at every scale)
};

/// Style of one layer of landrenew.gpkg.
struct LayerStyle {
  std::string layer;        ///< table name in landrenew.gpkg
  std::string title_zh;     ///< layer name in the project (its identifier in gpkg_contents)
  std::string description;  ///< layer_styles.description
  SymbolKind kind = SymbolKind::fill;
  bool geometry = true;    ///< false for a table: no renderer, aliases only
  bool graduated = false;  ///< graduated (ranges) instead of categorised (categories)
  std::string attribute;   ///< field name or QGIS expression the renderer classifies
  std::vector<Category> categories;
  std::vector<Range> ranges;
  std::optional<Label> label;
  double max_denominator = 0;  ///< layer drawn only at scales 1:max_denominator and closer (0 = always)
  bool visible = true;         ///< checked in the project's layer tree
  std::vector<std::pair<std::string, std::string>> aliases;  ///< field → Chinese alias, in field order
};

/// The styles of the layers of `gpkg` (a finished or merged landrenew.gpkg), top of the map first, with the
/// aliases out/columns.hpp declares — QGIS 3.22 reads field aliases only from a style.
std::vector<LayerStyle> layer_styles(const OutputContext& c, GDALDataset& gpkg);

/// The QML document of one style, as QGIS 3.22 writes it (the parts landrenew sets).
std::string style_qml(const LayerStyle& style);

/// The last step of write_geopackage, before the file is closed (its "last change" time pinned):
/// - gpkg_data_columns gets every field's Chinese alias: GDAL 3.6 keeps OGR alternative names in memory only
///   (3.7 writes this table itself; rows already there are kept);
/// - layer_styles (QGIS schema; f_table_catalog and f_table_schema '', not NULL) gets one default style per
///   layer, stamped with the as-of date so that the same inputs give the same bytes.
/// Throws Error(output).
void write_gpkg_styles(GpkgWriter& writer, const OutputContext& c);

/// Writes the QGIS project `qgs` opening the layers of `gpkg` (in the same folder) by relative path, each
/// with its style embedded, in the analysis CRS and zoomed to the parcels. Throws Error(output).
void write_qgis_project(const OutputContext& c, const std::filesystem::path& gpkg,
                        const std::filesystem::path& qgs);

}  // namespace landrenew::out
