#pragma once
// tables.xlsx (CONTRACT.md): the tables of a run for Excel, written through GDAL's XLSX driver, one sheet per
// table with Chinese column headers.
//
// Formula injection: GDAL's XLSX writer stores every text cell as a shared string (<c t="s">) and never
// writes a formula element (<f>), so a name such as "=1+1", "+86…", "-" or "@x" is text to Excel and
// LibreOffice and is kept exactly as the data has it — no quote or prefix is added (tests/output checks the
// XML). Numbers are written unrounded, as in summary.json.
#include <filesystem>
#include <string>
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

/// Writes `sheets` to `file` (which must not exist). A sheet without rows has no header row either (GDAL
/// writes headers only above data). Throws Error(output).
void write_xlsx(const std::vector<Sheet>& sheets, const std::filesystem::path& file);

/// The sheets of tables.xlsx: 园区, 行政区, 腾出(年度), 腾出(行政区), 腾出(模式) from `summary`
/// (summary.json), and 连片, 企业, 质量问题 from the layers of `gpkg` (landrenew.gpkg), with its Chinese
/// aliases as headers.
std::vector<Sheet> table_sheets(const nlohmann::ordered_json& summary, const std::filesystem::path& gpkg);

/// write_xlsx(table_sheets(summary, gpkg), file).
void write_tables_xlsx(const nlohmann::ordered_json& summary, const std::filesystem::path& gpkg,
                       const std::filesystem::path& file);

}  // namespace landrenew::out
