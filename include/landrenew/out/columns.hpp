#pragma once
// The columns of every result layer of landrenew.gpkg (docs/outputs.md), declared once in
// src/out/geopackage.cpp with the value each takes: the GeoPackage writer writes them, gpkg_data_columns and
// the QGIS styles take their aliases from them, tables.xlsx its headers and how it shows each value.
#include <string_view>
#include <vector>

#include "landrenew/out/gpkg.hpp"

namespace landrenew::out {

/// How tables.xlsx shows a column (the GeoPackage always keeps the raw value).
enum class Display {
  raw,          ///< the value as it is
  yes_no,       ///< an integer 0/1 flag as 否/是
  admission,    ///< an admission outcome key in Chinese (admission_zh)
  link_method,  ///< an enterprise link method key in Chinese (link_method_label)
  severity,     ///< a finding severity in Chinese
  action,       ///< what was done with the feature, in Chinese
  finding_kind, ///< the key as it is, followed by a column "问题类型(中文)" with its Chinese label
};

struct ColumnSpec {
  std::string_view name;      ///< snake_case ASCII field name
  FieldType type = FieldType::text;
  std::string_view alias_zh;  ///< Chinese alias
  Display display = Display::raw;
};

/// A result layer of landrenew.gpkg: its table name, geometry, Chinese identifier and description
/// (gpkg_contents).
struct LayerSpec {
  std::string_view name;
  GeometryKind kind = GeometryKind::polygon;
  std::string_view title_zh;
  std::string_view description;
};

/// The result layers in the order a run writes them (docs/outputs.md); their columns: output_columns.
const std::vector<LayerSpec>& output_layers();

/// Starts result layer `name` in `w` with its declared kind, identifier, description and columns; throws
/// Error(internal) for a name that is no result layer.
LayerWriter& start_layer(GpkgWriter& w, std::string_view name);

/// The columns of result layer `layer` in the order they are written; null for a name that is no result layer.
const std::vector<ColumnSpec>* output_columns(std::string_view layer);

/// The Chinese alias of column `column` of result layer `layer`, as every output heads it; throws
/// Error(internal) for a column the layer does not declare.
std::string column_alias(std::string_view layer, std::string_view column);

}  // namespace landrenew::out
