// Reading office tables (RULES.md 21): the sheets, their headers, and the rows that are and are not records.
// The GDAL path for GeoPackage, DBF and PostgreSQL tables is in reader.cpp (read_gdal_rows).
#include <set>

#include "landrenew/core/error.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/finding_reporter.hpp"
#include "landrenew/io/reader.hpp"
#include "landrenew/io/table.hpp"

#include "io/bind.hpp"

namespace landrenew::io {

void InputLayer::open_office_table(const LayerSource& src, const LayerSchema& schema) {
  const std::vector<std::string> names =
      src.sheets.empty() ? std::vector<std::string>{m_info.layer_name} : src.sheets;
  const bool several = names.size() > 1;
  const ErrorContext where{.file = m_info.display, .layer = m_info.layer_name};
  for (const auto& name : names) {
    Sheet s;
    if (m_info.driver == "CSV") {
      s.raw = parse_csv(m_source.csv_text(), name);
    } else {
      OGRLayer* layer = m_source.dataset()->GetLayerByName(name.c_str());
      if (!layer) {
        std::vector<std::string> have;
        for (OGRLayer* l : m_source.dataset()->GetLayers())
          have.emplace_back(l->GetName());
        throw Error(ErrorKind::input_open, trf("no sheet named '{1}'; it has: {2}", name, join(have)), where);
      }
      GdalMessageCapture capture;
      s.raw = read_sheet(*layer, name);
      for (const auto& msg : capture.messages())
        if (msg.level >= CE_Failure)
          throw Error(ErrorKind::input_open,
                      trf("reading sheet '{1}' stopped after {2} rows: {3} (the file is corrupt or truncated)",
                          name, s.raw.size(), msg.text),
                      where);
    }
    try {
      s.header = find_header(s.raw, schema, src.fields, {src.header_row, src.header_rows});
    } catch (const Error& e) {
      throw Error(ErrorKind::project, e.detail(), where);
    }
    const Text why = several ? tr_both("sheet '{1}': {2}", name, s.header.why) : s.header.why;
    m_info.header = m_info.header.empty() ? why : tr_both("{1}; {2}", m_info.header, why);
    // The messages name the header row taken, so that the user can pin another (RULES.md 21).
    const std::string note =
        several ? trf(" (sheet '{1}': header {2}; if that is not the header, set header_row = N in [{3}])", name,
                      s.header.why, src.logical)
                : trf(" (header {1}; if that is not the header, set header_row = N in [{2}])", s.header.why,
                      src.logical);
    LayerInfo info = m_info;
    info.fields.clear();
    info.unmapped.clear();
    info.source_fields = s.header.names;
    const Header& header = s.header;
    s.bindings = bind_fields(
        schema, src, info, [&](std::string_view n) { return header_column(header, n); }, note);
    if (m_sheets.empty()) {
      m_info.fields = info.fields;
      m_info.unmapped = info.unmapped;
      m_info.source_fields = info.source_fields;
      m_bindings = s.bindings;
    } else if (info.unmapped != m_info.unmapped) {
      throw Error(ErrorKind::input_data,
                  trf("sheet '{1}' does not have the columns of sheet '{2}' (all sheets of one table must bind "
                      "the same fields); unbound here: {3}; there: {4}",
                      name, names.front(), join(info.unmapped), join(m_info.unmapped)),
                  where);
    }
    m_sheets.push_back(std::move(s));
  }
  if (several) m_info.layer_name = join(names);
}

void InputLayer::stage_row(std::int64_t row, const std::string& sheet, const std::vector<std::string>& cells,
                           std::vector<std::optional<std::string>> values, std::vector<StagedRow>& staged,
                           TableLayer& out, Findings& findings) const {
  ++out.counts.read;
  bool identified = false;
  for (std::size_t b = 0; b < m_bindings.size(); ++b)
    identified = identified || (is_identifier_field(m_bindings[b].first) && values[b] &&
                                !normalise_identifier(*values[b]).empty());
  const RowKind kind = classify_row(cells, identified);
  if (kind == RowKind::record) {
    ++out.counts.used;
    staged.push_back({row, sheet, std::move(values)});
    return;
  }
  // RULES.md 21: a row that is not a record is a finding, never evaluated.
  ++out.counts.rejected;
  ++(kind == RowKind::blank   ? out.tally.blank
     : kind == RowKind::note  ? out.tally.notes
     : kind == RowKind::total ? out.tally.totals
                              : out.tally.no_identifier);
  const std::string text = kind == RowKind::blank ? std::string() : row_text(cells);
  FindingReporter(findings, m_info.logical)
      .source_row(row, sheet, "", row_finding_kind(kind),
                  kind == RowKind::blank  ? tr_both("a blank row, not a record")
                  : kind == RowKind::note ? tr_both("a note, not a record: {1}", text)
                  : kind == RowKind::total
                      ? tr_both("a total, not a record: {1}", text)
                      : tr_both("a row without credit code or name, not a record: {1}", text),
                  "", Action::rejected);
}

void InputLayer::keep_evaluation_year(std::vector<StagedRow>& staged, TableLayer& out,
                                      Findings& findings) const {
  const auto at = [&](EnterpriseField logical) -> int {
    for (std::size_t b = 0; b < m_bindings.size(); ++b)
      if (m_bindings[b].first == field_name(logical)) return static_cast<int>(b);
    return -1;
  };
  const int y = at(EnterpriseField::year), code = at(EnterpriseField::credit_code);
  if (y < 0) return;
  std::set<int> present;
  for (const auto& r : staged)
    if (auto v = r.values[static_cast<std::size_t>(y)]; v && parse_year(*v)) present.insert(*parse_year(*v));
  std::string source;
  for (const auto& b : m_info.fields)
    if (b.logical == "year") source = b.source;
  if (m_src.evaluation_year && !present.empty() && !present.count(*m_src.evaluation_year)) {
    std::string years;
    for (int p : present)
      years += (years.empty() ? "" : ", ") + std::to_string(p);
    throw Error(
        ErrorKind::input_data,
        trf("evaluation_year = {1} but the year column has {2}", *m_src.evaluation_year, years),
        {.file = m_info.display, .layer = m_info.layer_name, .field = source});
  }
  if (present.empty() && !m_src.evaluation_year) return;  // no year anywhere: nothing to choose between
  const int year = m_src.evaluation_year.value_or(present.empty() ? 0 : *present.rbegin());
  out.evaluation_year = year;
  std::vector<StagedRow> kept;
  FindingReporter report(findings, m_info.logical);
  for (auto& r : staged) {
    const auto& cell = r.values[static_cast<std::size_t>(y)];
    const int parsed = cell ? parse_year(*cell).value_or(0) : 0;  // 0: blank or not a year
    const auto& id = code >= 0 ? r.values[static_cast<std::size_t>(code)] : std::optional<std::string>();
    const std::string row_id = id ? std::string(trim(*id)) : "";
    if (parsed && parsed != year) {
      ++out.counts.rejected;
      --out.counts.used;
      ++out.tally.other_years;
      report.source_row(r.row, r.sheet, row_id, FindingKind::row_other_year,
                        tr_both("year {1}, not the evaluation year {2}: not evaluated", parsed, year),
                        source, Action::rejected);
      continue;
    }
    if (!parsed) {
      // Decided: a row whose year is blank or unreadable is kept (its data may well be this year's), and
      // said so, rather than dropped unseen.
      report.source_row(
          r.row, r.sheet, row_id, FindingKind::bad_year,
          cell && !trim(*cell).empty()
              ? tr_both("year '{1}' is not a year: the row is evaluated with the {2} rows", std::string(trim(*cell)),
                        year)
              : tr_both("no year: the row is evaluated with the {1} rows", year),
          source, Action::none);
    }
    kept.push_back(std::move(r));
  }
  staged = std::move(kept);
}

TableLayer InputLayer::read_table(Findings& findings, const Progress& progress) {
  TableLayer out;
  out.info = m_info;
  for (const auto& [name, index] : m_bindings)
    out.attributes.column(name);
  std::vector<StagedRow> staged;
  if (m_sheets.empty()) {
    read_gdal_rows(staged, out, findings);
  } else {
    // Rows as the spreadsheet shows them (io::read_sheet, io::parse_csv); the records start below the header.
    const bool several = m_sheets.size() > 1;
    for (const Sheet& s : m_sheets) {
      for (std::size_t r = s.header.last + 1; r < s.raw.size(); ++r) {
        std::vector<std::optional<std::string>> values;
        for (const auto& [name, column] : s.bindings) {
          const std::string_view cell = s.raw.cell(r, static_cast<std::size_t>(column));
          values.emplace_back(cell.empty() ? std::nullopt : std::optional<std::string>(cell));
        }
        stage_row(s.raw.row[r], several ? s.raw.name : "", s.raw.cells[r], std::move(values), staged, out,
                  findings);
      }
    }
  }
  keep_evaluation_year(staged, out, findings);
  for (const auto& r : staged) {
    out.row.push_back(r.row);
    if (!r.sheet.empty()) out.sheet.push_back(r.sheet);
    for (std::size_t b = 0; b < m_bindings.size(); ++b) {
      const auto& v = r.values[b];
      out.attributes.column(m_bindings[b].first).push(v ? std::optional<std::string_view>(*v) : std::nullopt);
    }
  }
  if (progress) progress("read " + m_info.logical, 1.0);
  return out;
}

}  // namespace landrenew::io
