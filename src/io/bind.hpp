#pragma once
// Binding logical fields to a source's columns, shared by the readers of GDAL layers and of office tables.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "landrenew/config/project.hpp"
#include "landrenew/config/schema.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew::io {

/// Binds the logical fields of `schema` to the columns `find_column` finds (their names in
/// info.source_fields): explicit mappings must exist (else Error input_data), defaults are tried in order,
/// a required field without a column is Error(input_data). Fills info.fields and info.unmapped; returns
/// logical field → column index. `note` ends the messages (an office table's header row).
std::vector<std::pair<std::string, int>> bind_fields(const LayerSchema& schema, const LayerSource& src,
                                                     LayerInfo& info,
                                                     const std::function<int(std::string_view)>& find_column,
                                                     const std::string& note);

}  // namespace landrenew::io
