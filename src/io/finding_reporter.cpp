#include "landrenew/io/finding_reporter.hpp"

#include <algorithm>

#include "landrenew/core/text.hpp"

namespace landrenew {

namespace {

std::string written(std::string_view id, FeatureIdForm form) {
  switch (form) {
    case FeatureIdForm::as_read:
      return std::string(id);
    case FeatureIdForm::trimmed:
      return std::string(trim(id));
  }
  return std::string(id);
}

// RULES.md 21: several sheets read as one table repeat row numbers, so a row's finding names its sheet.
/// A table finding names its sheet first when the table was read from several (check strips it again).
Text in_sheet(const std::string& sheet, Text message) {
  return sheet.empty() ? message : tr_both(N_("sheet '{1}': {2}"), sheet, message);
}

}  // namespace

const FindingKindInfo* find_finding_kind(std::string_view key) noexcept {
  const auto kinds = finding_kinds();
  const auto it =
      std::find_if(kinds.begin(), kinds.end(), [&](const FindingKindInfo& k) { return k.key == key; });
  return it == kinds.end() ? nullptr : &*it;
}

FindingReporter::FindingReporter(Findings& sink, const PolygonLayer& layer, FeatureIdForm id)
    : FindingReporter(sink, layer.info.logical, layer, id) {}

FindingReporter::FindingReporter(Findings& sink, std::string name, const PolygonLayer& layer,
                                 FeatureIdForm id)
    : m_sink(&sink), m_name(std::move(name)), m_polygons(&layer), m_id(id) {}

FindingReporter::FindingReporter(Findings& sink, const TableLayer& table, std::string_view id_field,
                                 FeatureIdForm id)
    : m_sink(&sink), m_name(table.info.logical), m_table(&table), m_id_field(id_field), m_id(id) {}

FindingReporter::FindingReporter(Findings& sink, std::string name) : m_sink(&sink), m_name(std::move(name)) {}

Finding FindingReporter::base(FindingKind kind, Text message, std::string field, Action action) const {
  const FindingKindInfo& k = kind_info(kind);
  Finding f;
  f.severity = k.severity;
  f.kind = std::string(k.key);
  f.layer = m_name;
  f.field = std::move(field);
  f.message = std::move(message);
  f.action = action;
  return f;
}

Finding FindingReporter::make_feature(std::size_t i, FindingKind kind, Text message, std::string field,
                                      Action action) const {
  Finding f = base(kind, std::move(message), std::move(field), action);
  f.fid = m_polygons->fid[i];
  f.feature_id = written(m_polygons->id(i), m_id);
  if (auto p = geom::point_on_surface(m_polygons->geometry[i].get())) {
    f.x = p->x;
    f.y = p->y;
  }
  return f;
}

void FindingReporter::feature(std::size_t i, FindingKind kind, Text message, std::string field,
                              Action action) {
  m_sink->add(make_feature(i, kind, std::move(message), std::move(field), action));
}

void FindingReporter::row(std::size_t i, FindingKind kind, Text message, std::string field, Action action) {
  Finding f = base(kind, Text(), std::move(field), action);
  f.fid = m_table->row[i];
  f.sheet = m_table->sheet_of(i);
  f.message = in_sheet(f.sheet, std::move(message));
  if (auto c = m_table->attributes.get(m_id_field, i)) f.feature_id = written(*c, m_id);
  m_sink->add(std::move(f));
}

void FindingReporter::source_feature(std::int64_t fid, std::string feature_id, FindingKind kind, Text message,
                                     std::string field, Action action, double x, double y) {
  Finding f = base(kind, std::move(message), std::move(field), action);
  f.fid = fid;
  f.feature_id = std::move(feature_id);
  f.x = x;
  f.y = y;
  m_sink->add(std::move(f));
}

void FindingReporter::source_row(std::int64_t row, const std::string& sheet, std::string feature_id,
                                 FindingKind kind, Text message, std::string field, Action action) {
  Finding f = base(kind, in_sheet(sheet, std::move(message)), std::move(field), action);
  f.fid = row;
  f.feature_id = std::move(feature_id);
  f.sheet = sheet;
  m_sink->add(std::move(f));
}

void FindingReporter::layer_wide(FindingKind kind, Text message, std::string field, Action action) {
  m_sink->add(base(kind, std::move(message), std::move(field), action));
}

}  // namespace landrenew
