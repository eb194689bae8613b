#pragma once
// tables.xlsx (CONTRACT.md): the tables of a run for Excel, one sheet per table with Chinese column headers.
//
// The workbook is written by XlsxWriter, row by row straight into the zip (GDAL's CPL zip functions), so a
// provincial run's half a million rows are never held as a second copy in memory. Office Open XML as Excel
// and LibreOffice write it: a bold header row that stays in view (frozen pane) with an AutoFilter over the
// table, column widths from the header and the first rows as they show, text cells as shared strings, each
// number shown in its column's format (number_format()), and every sheet printed landscape, one page wide,
// with the header row repeated on each page.
//
// Formula injection: every text cell is a shared string (<c t="s">) and no formula element (<f>) is ever
// written, so a name such as "=1+1", "+86…", "-" or "@x" is text to Excel and LibreOffice and is kept
// exactly as the data has it — no quote or prefix is added (tests/output checks the XML). Numbers are
// written unrounded, as in summary.json (shortest text that reads back as the same double).
//
// Excel's limits are kept: a sheet holds at most 1,048,576 rows, so a longer table continues on sheets
// named "质量问题(2)", "质量问题(3)", … with the same header; a cell holds at most 32,767 characters, so a
// longer text is cut there and ends in "…" (the GeoPackage keeps the whole text). Broken UTF-8 and control
// characters become U+FFFD (XML 1.0 cannot carry them).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/out/gpkg.hpp"

namespace landrenew::out {

struct Column {
  std::string header;  ///< Chinese header (the field name in the sheet)
  FieldType type = FieldType::text;
};

struct Sheet {
  std::string name;  ///< at most 31 characters, none of []:*?/\ (Excel's rules)
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;  ///< cells follow `columns`
};

/// The Excel number format code of `column` ("" for General), read from the unit its header declares; the
/// cell keeps its unrounded value, only what shows is rounded. A real column: in 亩, 平方米 or 万元 (万元/亩,
/// 万元/人, …) "#,##0.00"; in 吨标准煤/万元 "0.000"; in 米 "0.00"; in another unit General. Without a unit:
/// a FAR (容积率…) or building coverage (…系数) "0.000"; a score (…得分) "0.0"; a share (…比例, …率,
/// …强度), which tables.xlsx always holds as a fraction, "0.0%". An integer column whose header ends in 数 is
/// a count, "#,##0"; a year, row or feature number stays General. Text columns are General.
std::string_view number_format(const Column& column);

/// Excel's most rows on one sheet, the header row included.
inline constexpr std::size_t kXlsxMaxRows = 1'048'576;
/// Excel's most characters (UTF-16 code units) in one cell.
inline constexpr std::size_t kXlsxMaxCellChars = 32'767;

/// Streams a workbook to `file`: begin_sheet(), add_row() for each row, and finish(). Output goes into the
/// zip as it comes; what stays in memory is the shared-string table and the first rows of the open sheet (for
/// the column widths). Without finish() (an exception on the way), the destructor closes and removes the
/// partial file. Throws Error(output) naming the file and sheet.
class XlsxWriter {
 public:
  /// Creates `file`, which must not exist. `max_rows` (header included) is Excel's limit; tests pass less.
  explicit XlsxWriter(const std::filesystem::path& file, std::size_t max_rows = kXlsxMaxRows);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  /// Starts a sheet (and ends the previous one). `name`: at most 31 characters, none of []:*?/\ (throws
  /// otherwise), and not a name used before. The header row is written even when no row follows.
  void begin_sheet(const std::string& name, const std::vector<Column>& columns);
  /// Adds a row to the open sheet; cells follow its columns (missing cells are empty, extra ones an error).
  /// A null or non-finite number is an empty cell.
  void add_row(const std::vector<Value>& row);
  /// begin_sheet() and add_row() for a sheet held whole.
  void add_sheet(const Sheet& sheet);
  /// Ends the last sheet and writes the workbook, styles and shared strings; the file is complete after it.
  void finish();

  /// How many sheets have been started, continuation sheets included.
  std::size_t sheet_count() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

/// Writes `sheets` to `file` (which must not exist), each with its header row. Throws Error(output).
void write_xlsx(const std::vector<Sheet>& sheets, const std::filesystem::path& file);

/// tables.xlsx: 园区, 行政区, 腾出(年度), 腾出(行政区), 腾出(模式) from `summary` (summary.json), and 连片,
/// 企业, 质量问题 from the layers of `gpkg` (landrenew.gpkg), with its Chinese aliases as headers, streamed
/// from the layers.
void write_tables_xlsx(const nlohmann::ordered_json& summary, const std::filesystem::path& gpkg,
                       const std::filesystem::path& file);

}  // namespace landrenew::out
