#pragma once
// Findings built one way (issue 19; libosmium's osmium::area::ProblemReporter is the model): a reporter is
// bound to one layer and fills what every finding about that layer carries — the layer's name, the feature's
// FID (or the table's row), its id, its sheet and a point on its geometry — so that an emitter says only what
// it found: the kind (declared in finding_kinds.hpp, which gives its severity), the message, the source field
// and what was done (Action).
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew {

/// How a feature's id is written in Finding::feature_id.
enum class FeatureIdForm {
  as_read,  ///< the id cell as read (PolygonLayer::id)
  trimmed,  ///< without surrounding white space
};

class FindingReporter {
 public:
  /// Features of a polygon layer, named by the layer's logical name.
  FindingReporter(Findings& sink, const PolygonLayer& layer, FeatureIdForm id = FeatureIdForm::as_read);
  /// Features of a polygon layer, under the name `name` (the register's findings are "renewal" even from a
  /// layer built without one).
  FindingReporter(Findings& sink, std::string name, const PolygonLayer& layer, FeatureIdForm id);
  /// Rows of a table; a row's id is its `id_field` cell, its sheet is named at the start of the message.
  FindingReporter(Findings& sink, const TableLayer& table, std::string_view id_field, FeatureIdForm id);
  /// A layer not in memory yet (the readers): layer-wide findings, source features and source rows.
  FindingReporter(Findings& sink, std::string name);

  const std::string& layer() const noexcept { return m_name; }

  /// Feature `i` of the polygon layer: its FID, id and a point on its surface (none for an empty geometry).
  Finding make_feature(std::size_t i, FindingKind kind, Text message, std::string field = {},
                       Action action = Action::none) const;
  void feature(std::size_t i, FindingKind kind, Text message, std::string field = {},
               Action action = Action::none);
  /// Row `i` of the table: its sheet row (TableLayer::row), id and sheet.
  void row(std::size_t i, FindingKind kind, Text message, std::string field = {},
           Action action = Action::none);
  /// A feature as the reader meets it (before it is a used feature): its source FID and id cell, and where
  /// GEOS located the problem, when it did.
  void source_feature(std::int64_t fid, std::string feature_id, FindingKind kind, Text message,
                      std::string field = {}, Action action = Action::none, double x = NAN, double y = NAN);
  /// A table row as the reader meets it: its sheet row, sheet ("" with one sheet) and id cell.
  void source_row(std::int64_t row, const std::string& sheet, std::string feature_id, FindingKind kind,
                  Text message, std::string field = {}, Action action = Action::none);
  /// The layer as a whole (no feature).
  void layer_wide(FindingKind kind, Text message, std::string field = {}, Action action = Action::none);
  /// A finding made by make_feature (and, for instance, located elsewhere).
  void add(Finding f) { m_sink->add(std::move(f)); }

 private:
  Finding base(FindingKind kind, Text message, std::string field, Action action) const;

  Findings* m_sink;
  std::string m_name;
  const PolygonLayer* m_polygons = nullptr;
  const TableLayer* m_table = nullptr;
  std::string m_id_field;
  FeatureIdForm m_id = FeatureIdForm::as_read;
};

}  // namespace landrenew
