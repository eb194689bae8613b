#pragma once
// GDAL's XLSX writer types a cell by its column's field type, but real 亩均 sheets have a few text cells
// ("—", "N/A") in numeric columns. This rewrites the written workbook with those cells as inline
// strings, through GDAL's /vsizip/ (zip entries get no timestamps, so the file stays reproducible).

#include <string>
#include <vector>

namespace landrenew::gen {

struct TextCell {
  int row = 0;       // 1-based sheet row
  int column = 0;    // 0-based column
  std::string text;  // UTF-8
};

std::string cell_ref(int row, int column);
void patch_xlsx_text_cells(const std::string& path, std::vector<TextCell> cells);

}  // namespace landrenew::gen
