#pragma once
// The logical layers and fields landrenew reads, with the source column names it recognises by default
// (DOMAIN.md §11: the common Chinese schemas). A project file maps a logical field to a source column only
// where the defaults do not find it.
#include <string>
#include <string_view>
#include <vector>

namespace landrenew {

enum class FieldKind {
  text,    ///< kept as text (ids, names, codes)
  number,  ///< parsed by the rule that uses it (bad cells become findings there)
  date,    ///< a date field, or text holding a date (parsed by the rule that uses it)
};

struct LogicalField {
  std::string_view name;                   ///< snake_case, used in the project file and outputs
  std::vector<std::string_view> defaults;  ///< source column names recognised without a mapping, in order
  FieldKind kind = FieldKind::text;
  bool required = false;
  std::string_view label_zh;  ///< Chinese label for reports and field aliases
};

struct LayerSchema {
  std::string_view name;  ///< "parcels", "buildings_before", ...
  std::string_view label_zh;
  bool geometry = true;  ///< polygon layer (true) or table (false)
  bool required = false;
  std::vector<LogicalField> fields;
  bool has_units = false;  ///< takes a [layer.units] table (money columns)

  const LogicalField* field(std::string_view name) const;
};

/// Every logical layer, in the order landrenew reads them.
const std::vector<LayerSchema>& layer_schemas();
const LayerSchema* find_layer_schema(std::string_view name);

/// Money fields of the enterprise table whose unit must be stated ([enterprises.units]; DOMAIN.md §2).
const std::vector<std::string_view>& money_fields();

}  // namespace landrenew
