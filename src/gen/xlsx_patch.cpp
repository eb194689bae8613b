#include "xlsx_patch.hpp"

#include <algorithm>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "error.hpp"
#include "gdal_util.hpp"

namespace landrenew::gen {

std::string cell_ref(int row, int column) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row);
}

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Entries in the order GDAL writes them; anything else found in the archive follows, sorted.
std::vector<std::string> entry_order(const std::string& path) {
  std::vector<std::string> order = {
      "[Content_Types].xml", "_rels/.rels",          "docProps/app.xml",
      "docProps/core.xml",   "xl/workbook.xml",      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",       "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"};
  char** listing = VSIReadDirRecursive(("/vsizip/" + path).c_str());
  std::vector<std::string> found;
  for (char** it = listing; it && *it; ++it) {
    const std::string name = *it;
    VSIStatBufL st;
    if (VSIStatL(("/vsizip/" + path + "/" + name).c_str(), &st) == 0 && !VSI_ISDIR(st.st_mode))
      found.push_back(name);
  }
  CSLDestroy(listing);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const auto& n : order) {
    if (std::find(found.begin(), found.end(), n) != found.end()) out.push_back(n);
  }
  for (const auto& n : found) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

}  // namespace

void patch_xlsx_text_cells(const std::string& path, std::vector<TextCell> cells) {
  if (cells.empty()) return;
  std::sort(cells.begin(), cells.end(), [](const TextCell& a, const TextCell& b) {
    return a.row != b.row ? a.row < b.row : a.column < b.column;
  });
  const std::string sheet_name = "xl/worksheets/sheet1.xml";
  const std::string sheet = read_file("/vsizip/" + path + "/" + sheet_name);
  // One pass: rows and cells appear in order in the sheet, so each search starts where the last ended.
  std::string patched;
  patched.reserve(sheet.size() + cells.size() * 40);
  std::size_t pos = 0;
  for (const auto& c : cells) {
    const std::string open = "<c r=\"" + cell_ref(c.row, c.column) + "\"";
    const std::size_t start = sheet.find(open, pos);
    if (start == std::string::npos) throw GenError("xlsx: cell " + cell_ref(c.row, c.column) + " not found");
    const std::size_t end = sheet.find("</c>", start);
    if (end == std::string::npos) throw GenError("xlsx: cell " + cell_ref(c.row, c.column) + " not closed");
    patched.append(sheet, pos, start - pos);
    patched += open + " t=\"inlineStr\"><is><t>" + xml_escape(c.text) + "</t></is></c>";
    pos = end + 4;
  }
  patched.append(sheet, pos, std::string::npos);

  // /vsizip/ finds the archive by its extension, so the temporary name must not contain ".xlsx".
  const std::string tmp = path.substr(0, path.rfind('.')) + "-patched.zip";
  {
    const std::vector<std::string> entries = entry_order(path);
    VSILFILE* zip = VSIFOpenExL(("/vsizip/" + tmp).c_str(), "wb", true);
    if (!zip) throw GenError("cannot create " + tmp);
    for (const auto& name : entries) {
      const std::string data = name == sheet_name ? patched : read_file("/vsizip/" + path + "/" + name);
      write_file("/vsizip/" + tmp + "/" + name, data);
    }
    if (VSIFCloseL(zip) != 0) throw GenError("cannot finish " + tmp);
  }
  if (VSIRename(tmp.c_str(), path.c_str()) != 0) throw GenError("cannot replace " + path);
}

}  // namespace landrenew::gen
