#pragma once
// Tables as offices make them (RULES.md 21): a spreadsheet or CSV read as a grid of text cells, its header
// found by what its cells name (title and units rows above it, a two-row merged header), and its rows
// sorted into records and rows that are not records (blank, notes, totals, no identifier).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ogrsf_frmts.h>

#include "landrenew/config/schema.hpp"
#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/core/i18n.hpp"

namespace landrenew::io {

/// A sheet (or a CSV file) as text cells. `row` is the sheet row as the office program shows it (1-based),
/// never renumbered: findings cite it. A blank cell is "".
struct RawSheet {
  std::string name;
  std::vector<std::int64_t> row;
  std::vector<std::vector<std::string>> cells;
  std::size_t size() const noexcept { return row.size(); }
  /// The cell, or "" beyond the row's end.
  std::string_view cell(std::size_t r, std::size_t c) const;
  std::size_t columns() const;
};

/// The formats whose first row is not reliably the header: read as a grid and their header found (CSV,
/// XLSX, ODS, XLS). GeoPackage, DBF and PostgreSQL tables have real column names.
bool is_office_table(std::string_view driver);

/// Every row of a sheet opened without headers (GDAL XLSX/ODS HEADERS=DISABLE, XLS OGR_XLS_HEADERS=DISABLE,
/// all as strings): for these drivers the FID is the sheet row, leading blank rows included (checked on
/// GDAL 3.6). Blank rows after the last non-blank one are dropped (formatted but empty rows).
RawSheet read_sheet(OGRLayer& layer, std::string name);

/// A CSV text (UTF-8) parsed as RFC 4180 (quotes, doubled quotes, line breaks in quotes), the delimiter
/// being the one of , ; tab | that occurs most in the first 30 lines. `row` is the line a record starts on.
RawSheet parse_csv(std::string_view utf8, std::string name);

/// Where the project file pins the header (`header_row`, `header_rows`); 0 = find it.
struct HeaderPin {
  int row = 0;
  int rows = 0;
};

/// The header of a sheet and why it was taken.
struct Header {
  std::size_t first = 0, last = 0;  ///< index of its first and last row in the RawSheet
  std::vector<std::string> names;  ///< per column: the joined name ("经济效益指标 实缴税金(万元)")
  std::vector<std::string> bottom;  ///< per column: the bottom row's own name ("实缴税金(万元)")
  std::size_t named = 0;            ///< logical fields its cells name
  std::size_t wanted = 0;           ///< logical fields mapped in the project or with default names
  Text why;  ///< "row 3 (rows 1–2 above it: title) — names 12 of 13 mapped columns" (both languages)
};

/// The header: the row, or two-row block, among the first 30 whose cells name the most mapped (or default)
/// columns of `schema` — ties to a single row, then the earlier (RULES.md 21); or the pinned rows.
/// `mapped`: logical field → column name from the project file. Throws Error(project) for a pin beyond the
/// sheet.
Header find_header(const RawSheet& sheet, const LayerSchema& schema,
                   const std::map<std::string, std::string>& mapped, HeaderPin pin);

/// The column `name` denotes in `header`: the joined name, else the one column whose bottom-row name it is;
/// -1 when none (or several bottom names match).
int header_column(const Header& header, std::string_view name);

/// What a table row is (RULES.md 21).
enum class RowKind { record, blank, note, total, no_identifier };
/// The finding kind of a row that is not a record: row_blank, row_note, row_total, row_no_identifier.
FindingKind row_finding_kind(RowKind kind);

/// True when the text begins like a note: 注, 备注, 说明, 数据来源, 填表.
bool is_note_text(std::string_view cell);
/// True when the text, without spaces and punctuation, is or ends with 合计, 小计 or 总计.
bool is_total_text(std::string_view cell);
/// Sorts a row: blank, a note (by its first non-blank cell), a total (any cell), else a record when
/// `has_identifier`.
RowKind classify_row(const std::vector<std::string>& cells, bool has_identifier);
/// The row's non-blank cells joined with " | " (cut at about 160 bytes), for findings.
std::string row_text(const std::vector<std::string>& cells);

/// GDAL 3.6 reads a spreadsheet's header and cell types from configuration options (its open options are not
/// honoured): while this object lives, on this thread, XLSX, ODS and XLS sheets are read without a header
/// and every cell as text.
class OfficeTableOptions {
 public:
  OfficeTableOptions();
  ~OfficeTableOptions();
  OfficeTableOptions(const OfficeTableOptions&) = delete;
  OfficeTableOptions& operator=(const OfficeTableOptions&) = delete;
};

/// The logical fields that identify a record (RULES.md 21: a credit code, parcel code or record id; in an
/// enterprise table an enterprise name also counts).
bool is_identifier_field(std::string_view logical);

/// A year cell: "2024", "2024年", "2024.0", " 2024 " (full-width digits too); nullopt otherwise.
std::optional<int> parse_year(std::string_view cell);

}  // namespace landrenew::io
