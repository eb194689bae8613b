#pragma once
// Findings about the data (STYLE.md 3): invalid geometry, unknown code, bad number... are values, not
// exceptions. Each names the layer, the feature and what was done about it; the writer turns the list
// into a QA layer and the summary counts them.
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "landrenew/core/i18n.hpp"

namespace landrenew {

enum class Severity { info, warning, error };
const char* to_string(Severity s) noexcept;

/// What landrenew did with the feature the finding is about.
enum class Action {
  none,      ///< only reported; the feature is used as it is
  repaired,  ///< the geometry was repaired and the repaired geometry is used
  rejected,  ///< the feature is not used anywhere (RULES.md 3)
  ignored,   ///< a value (cell, field) was ignored; the feature is used without it
};
const char* to_string(Action a) noexcept;

struct Finding {
  Severity severity = Severity::warning;
  std::string kind;        ///< stable snake_case code, e.g. "geometry_repaired", "overlap"
  std::string layer;       ///< logical layer ("parcels", "buildings_before", ...)
  std::int64_t fid = -1;   ///< source FID (or data row for tables); -1 when the finding is about the layer
  std::string feature_id;  ///< mapped id field's value, when there is one
  std::string field;       ///< source field the finding is about, when there is one
  Text message;  ///< human-readable, in both languages, with the GEOS/GDAL reason where there is one
  Action action = Action::none;
  double x = NAN;  ///< location in the analysis CRS (NaN when unknown)
  double y = NAN;
  std::string sheet;  ///< a table's sheet, when several are read as one table (row numbers repeat)
};

/// A warning that changes a headline figure (RULES.md 20; summary.json findings.warnings).
struct HeadlineWarning {
  std::string kind;       ///< stable ASCII key, e.g. "not_evaluable_enterprise_class", "bad_number"
  std::size_t count = 0;  ///< parcels, rows, records or cells it is about (the message says which)
  double mu = 0;          ///< land it touches (area of the union of those parcels); 0 for rows and records
  Text message;
};

/// An append-only list of findings with counts by kind.
class Findings {
 public:
  void add(Finding f);
  const std::vector<Finding>& items() const noexcept { return m_items; }
  std::size_t size() const noexcept { return m_items.size(); }
  bool empty() const noexcept { return m_items.empty(); }
  /// Counts by kind, ordered by kind name (deterministic output).
  std::map<std::string, std::size_t> count_by_kind() const;
  /// Findings of one layer, in the order they were found.
  std::vector<const Finding*> of_layer(const std::string& layer) const;
  void append(const Findings& other);

 private:
  std::vector<Finding> m_items;
};

}  // namespace landrenew
