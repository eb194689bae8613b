// tables.xlsx: the figures of summary.json and the long tables of landrenew.gpkg as Excel sheets, streamed
// into an Office Open XML workbook.
#include "landrenew/out/xlsx.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/columns.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/rules/enterprises.hpp"
#include "landrenew/rules/low_efficiency.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

using F = FieldType;

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// "A", "B", …, "Z", "AA", … for column index 0, 1, ….
std::string column_letters(std::size_t index) {
  std::string s;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

/// `text` escaped for an XML text node, with broken UTF-8 and control characters replaced, and cut to Excel's
/// cell limit (ending in "…") when longer. Excel counts UTF-16 code units: a 4-byte character is two, an
/// entity
/// (&amp;) one.
std::string cell_text(std::string_view text) {
  std::string escaped = html_escape(text);
  if (escaped.size() <= kXlsxMaxCellChars) return escaped;  // never more units than bytes
  std::size_t units = 0, cut = std::string::npos;
  for (std::size_t i = 0; i < escaped.size();) {
    const auto c = static_cast<unsigned char>(escaped[i]);
    std::size_t len = 1;
    if (c == '&') {
      len = escaped.find(';', i) - i + 1;
    } else if (c >= 0xC0) {
      while (i + len < escaped.size() && (static_cast<unsigned char>(escaped[i + len]) & 0xC0) == 0x80)
        ++len;
    }
    const std::size_t u = c >= 0xF0 ? 2 : 1;
    if (cut == std::string::npos && units + u > kXlsxMaxCellChars - 1) cut = i;  // room for the "…"
    units += u;
    i += len;
  }
  if (units <= kXlsxMaxCellChars) return escaped;
  escaped.resize(cut);
  return escaped + "\xE2\x80\xA6";
}

/// How wide a text shows in Excel's default font: CJK and other wide characters count two.
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80)
      ++w;
    else if (c >= 0xC0)
      w += 2;
  }
  return w;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string format_double(double v) {
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), r.ptr);
}

/// A number format of tables.xlsx: its Excel code and how a value shows under it (for the column widths).
struct NumberFormat {
  std::string_view code;
  int decimals;
  bool grouped;  ///< thousands separators
  bool percent;  ///< the value is a fraction shown times 100 with "%"
};

// Every format tables.xlsx uses, in the order of their numFmt ids (164, …) and cell formats (s="3", …).
constexpr std::array<NumberFormat, 6> kNumberFormats = {{
    {"#,##0.00", 2, true, false},  // mu, m², 万元: as report.html shows them
    {"#,##0", 0, true, false},     // counts
    {"0.000", 3, false, false},    // FAR, building coverage, energy per 万元 (the 0.52 test)
    {"0.00", 2, false, false},     // metres: coordinates, storey heights
    {"0.0", 1, false, false},      // scores, to one place as report.html
    {"0.0%", 1, false, true},      // shares stored as fractions (0.253 shows as 25.3%)
}};
constexpr int kGeneral = -1;
// Cell formats (cellXfs): 0 the default, 1 the bold wrapped header, 2 wrapped text, then one per number
// format.
constexpr std::size_t kHeaderStyle = 1;
constexpr std::size_t kWrapStyle = 2;
constexpr std::size_t kFirstNumberStyle = 3;
/// The widest a column gets, in characters; longer text wraps. Printed one page wide, every character of
/// width makes the whole page smaller, so a long note wraps rather than widening its column to 60.
constexpr std::size_t kMaxWidth = 40;

/// The unit `header` declares in brackets at its end ("面积(亩)" → "亩"), "" when none.
std::string_view header_unit(std::string_view header) {
  if (!header.ends_with(")")) return {};
  const std::size_t open = header.rfind('(');
  return open == std::string_view::npos ? std::string_view{}
                                        : header.substr(open + 1, header.size() - open - 2);
}

/// Index into kNumberFormats of `column`, or kGeneral; see number_format().
int format_index(const Column& column) {
  const std::string_view h = column.header;
  if (column.type == FieldType::integer) return h.ends_with("数") ? 1 : kGeneral;
  if (column.type != FieldType::real) return kGeneral;
  const std::string_view unit = header_unit(h);
  if (unit == "亩" || unit == "平方米" || unit.starts_with("万元")) return 0;
  if (unit == "吨标准煤/万元") return 2;
  if (unit == "米") return 3;
  if (!unit.empty()) return kGeneral;
  if (h.find("容积率") != std::string_view::npos || h.find("系数") != std::string_view::npos) return 2;
  if (h.ends_with("得分")) return 4;
  if (h.ends_with("比例") || h.ends_with("率") || h.ends_with("强度")) return 5;
  return kGeneral;
}

/// `v` as Excel shows it under format `f` (up to the digits of an exact half, which only width needs).
std::string shown_number(double v, const NumberFormat& f) {
  std::string s = format_number(f.percent ? v * 100 : v, f.decimals);
  if (!f.grouped) std::erase(s, ',');
  return f.percent ? s + "%" : s;
}

/// How many lines `text` takes wrapped in a column `width` characters wide, wrapped as Excel and LibreOffice
/// do: at a line break, after a space or ;,/- or a wide (CJK) character; a piece longer than a line is cut.
std::size_t wrapped_lines(std::string_view text, std::size_t width) {
  const std::size_t room = std::max<std::size_t>(width, 1);  // a width is so many digits besides the margins
  std::size_t lines = 1, used = 0, piece = 0;                // piece: the unbreakable text being read
  const auto place = [&] {
    if (used > 0 && used + piece > room) {
      ++lines;
      used = 0;
    }
    for (; piece > room; piece -= room)
      ++lines;
    used += piece;
    piece = 0;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      place();
      ++lines;
      used = 0;
    } else if (c >= 0xC0) {
      piece += 2;
      place();
    } else if (c < 0x80) {
      ++piece;
      if (c == ' ' || c == ';' || c == ',' || c == '/' || c == '-') place();
    }
  }
  place();
  return lines;
}

/// The attributes of a <row> holding `lines` lines of wrapped text: 15 points a line (the default font's
/// row), at most Excel's 409. Nothing for one line. The height is written because LibreOffice keeps the
/// default height of a row whose text wraps, and the lines would print over each other.
std::string row_height(std::size_t lines) {
  if (lines <= 1) return "";
  return " ht=\"" + std::to_string(std::min<std::size_t>(lines * 15, 409)) + "\" customHeight=\"1\"";
}

// Number formats: kNumberFormats, ids from 164 (the first free for custom codes). Fonts: the default and
// its bold. Cell formats: the default, the bold header, wrapped text, then one per number format; a cell's
// text stands at the top, so that a row made tall by wrapped text still reads across (the Normal style says
// so too: LibreOffice takes a cell without s="…" from it).
std::string styles_xml() {
  const auto xf = [](std::size_t num_fmt, int font, std::string_view alignment) {
    return "<xf numFmtId=\"" + std::to_string(num_fmt) + "\" fontId=\"" + std::to_string(font) +
           "\" fillId=\"0\" borderId=\"0\" xfId=\"0\"" + (num_fmt ? " applyNumberFormat=\"1\"" : "") +
           (font ? " applyFont=\"1\"" : "") + " applyAlignment=\"1\"><alignment " + std::string(alignment) +
           "/></xf>";
  };
  std::string num_fmts = "<numFmts count=\"" + std::to_string(kNumberFormats.size()) + "\">";
  std::string xfs = xf(0, 0, "vertical=\"top\"") + xf(0, 1, "vertical=\"center\" wrapText=\"1\"") +
                    xf(0, 0, "vertical=\"top\" wrapText=\"1\"");
  for (std::size_t i = 0; i < kNumberFormats.size(); ++i) {
    num_fmts += "<numFmt numFmtId=\"" + std::to_string(164 + i) + "\" formatCode=\"" +
                html_escape(kNumberFormats[i].code) + "\"/>";
    xfs += xf(164 + i, 0, "vertical=\"top\"");
  }
  num_fmts += "</numFmts>";
  return std::string(kXmlHead) + "<styleSheet xmlns=\"" + kMainNs + "\">" + num_fmts +
         "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
         "</font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
         "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill "
         "patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/><top/>"
         "<bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" "
         "fontId=\"0\" fillId=\"0\" borderId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>"
         "</cellStyleXfs><cellXfs count=\"" +
         std::to_string(kFirstNumberStyle + kNumberFormats.size()) + "\">" + xfs +
         "</cellXfs>"
         "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
         "</cellStyles></styleSheet>";
}

}  // namespace

std::string_view number_format(const Column& column) {
  const int i = format_index(column);
  return i == kGeneral ? std::string_view{} : kNumberFormats[static_cast<std::size_t>(i)].code;
}

// Why this writer and not Debian's libxlsxwriter (issue 19, step 8), measured on 2026-12-05: the same
// interface on libxlsxwriter 1.1.4 in constant-memory mode wrote the province preset's tables.xlsx
// (write_tables_xlsx alone, 3 alternating runs, load average ~10 on 2 cores) in 56.8/55.8/45.5 s against this
// writer's 48.8/56.9/43.8 s (CPU 62.3 s against 59.0 s in all: +6 %, within the 20 %), peak memory
// 124 MB against 366 MB, 91.5 MB against 89.7 MB of file. It is not used because the cell values would
// change: Debian builds it to print numbers with "%.16G", so 4,020 of the demo's 11,507 numbers lose their
// 17th significant digit (0.30000000000000004 reads back as 0.3; LibreOffice then shows some of them
// differently in the 15th digit), and it writes an empty text as a blank cell. docs/performance.md has the
// figures.
struct XlsxWriter::Impl {
  struct Part {
    std::string name;
    std::size_t rows = 0;  ///< header included
    std::size_t columns = 0;
  };

  fs::path file;
  void* zip = nullptr;
  bool entry_open = false;
  bool finished = false;
  std::string buffer;
  io::GdalMessageCapture capture;

  std::vector<Part> parts;
  std::set<std::string> names_used;  ///< ASCII upper-cased: Excel compares sheet names without case
  // The open sheet.
  std::string base_name;
  std::vector<Column> columns;
  std::vector<std::string> letters;
  std::vector<int> formats;                 ///< per column: index into kNumberFormats or kGeneral
  std::vector<std::size_t> widths;          ///< per column, set when the first part's head is written
  std::vector<bool> wrap;                   ///< per column: its text is wider than kMaxWidth and wraps
  std::vector<std::vector<Value>> pending;  ///< rows held until the column widths are set
  bool open = false, head_written = false;
  std::size_t continuation = 1;
  std::size_t max_rows = kXlsxMaxRows;

  // Shared strings, in order of first use.
  std::unordered_map<std::string, std::uint32_t> string_index;
  std::vector<const std::string*> strings;
  std::uint64_t string_refs = 0;

  static constexpr std::size_t kFlushBytes = 1 << 20;
  static constexpr std::size_t kWidthRows = 200;

  Error fail(const std::string& what, const std::string& sheet = "") const {
    return Error(ErrorKind::output,
                 capture.last_error().empty() ? what : trf("{1}: {2}", what, capture.last_error()),
                 {.file = file.string(), .layer = sheet});
  }

  void open_entry(const std::string& name) {
    if (CPLCreateFileInZip(zip, name.c_str(), nullptr) != CE_None)
      throw fail(trf("cannot add {1} to the workbook", name));
    entry_open = true;
  }
  void flush() {
    if (buffer.empty()) return;
    if (CPLWriteFileInZip(zip, buffer.data(), static_cast<int>(buffer.size())) != CE_None)
      throw fail(tr("cannot write the workbook (disk full?)"));
    buffer.clear();
  }
  void write(std::string_view s) {
    buffer.append(s);
    if (buffer.size() >= kFlushBytes) flush();
  }
  void close_entry() {
    flush();
    entry_open = false;
    if (CPLCloseFileInZip(zip) != CE_None) throw fail(tr("cannot write the workbook"));
  }
  void whole_entry(const std::string& name, const std::string& text) {
    open_entry(name);
    write(text);
    close_entry();
  }

  std::uint32_t intern(const std::string& s) {
    ++string_refs;
    const auto [it, added] = string_index.try_emplace(s, static_cast<std::uint32_t>(strings.size()));
    if (added) strings.push_back(&it->first);
    return it->second;
  }

  std::string part_name() const {
    if (continuation == 1) return base_name;
    const std::string suffix = "(" + std::to_string(continuation) + ")";
    // Cut the base name at a character so that the continuation's name stays within Excel's 31 characters.
    std::string base = base_name;
    while (!base.empty() && code_points(base) + suffix.size() > 31) {
      while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80)
        base.pop_back();
      if (!base.empty()) base.pop_back();
    }
    return base + suffix;
  }

  /// Claims a sheet name; Excel compares them without case.
  void claim(const std::string& name) {
    if (!names_used.insert(ascii_upper(name)).second) throw fail(tr("two sheets are named alike"), name);
  }

  /// How wide `v` shows in column `c`: text as it is, a number as its column's format shows it (General
  /// shows at most about 11 characters).
  std::size_t value_width(const Value& v, std::size_t c) const {
    if (const auto* s = std::get_if<std::string>(&v)) return display_width(*s);
    const int f = formats[c];
    if (const auto* d = std::get_if<double>(&v); d && std::isfinite(*d))
      return f == kGeneral ? std::min<std::size_t>(format_double(*d).size(), 12)
                           : shown_number(*d, kNumberFormats[static_cast<std::size_t>(f)]).size();
    if (const auto* i = std::get_if<std::int64_t>(&v))
      return f == kGeneral
                 ? std::to_string(*i).size()
                 : shown_number(static_cast<double>(*i), kNumberFormats[static_cast<std::size_t>(f)]).size();
    return 0;
  }

  /// Column widths in characters from the header and the held rows as they show, CJK counting two, two more
  /// for the margins: at least 8, at most kMaxWidth (wider text wraps). The header wraps onto a second line
  /// rather than widen a column of short numbers, so it asks for half its width when longer than 12, plus two
  /// for the AutoFilter button. The same widths serve the continuation sheets.
  void set_widths() {
    widths.clear();
    wrap.clear();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::size_t header = display_width(columns[c].header);
      std::size_t w = (header <= 12 ? header : std::max<std::size_t>(12, (header + 1) / 2)) + 2;
      for (const auto& row : pending)
        if (c < row.size()) w = std::max(w, value_width(row[c], c));
      widths.push_back(std::clamp<std::size_t>(w + 2, 8, kMaxWidth));
      wrap.push_back(w + 2 > kMaxWidth);
    }
  }

  void write_head() {
    Part part{part_name(), 0, columns.size()};
    if (continuation > 1) claim(part.name);
    open_entry("xl/worksheets/sheet" + std::to_string(parts.size() + 1) + ".xml");
    std::string head = kXmlHead;
    head += "<worksheet xmlns=\"";
    head += kMainNs;
    head += "\" xmlns:r=\"";
    head += kRelNs;
    // CT_Worksheet's order: sheetPr, sheetViews, sheetFormatPr, cols, sheetData, autoFilter, printOptions,
    // pageMargins, pageSetup, headerFooter. fitToPage: print one page wide (pageSetup in end_part).
    head += "\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews><sheetView workbookViewId=\"0\"";
    if (parts.empty()) head += " tabSelected=\"1\"";
    head +=
        "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        "<sheetFormatPr defaultRowHeight=\"15\"/>";
    if (continuation == 1) set_widths();
    if (!columns.empty()) {
      head += "<cols>";
      for (std::size_t c = 0; c < columns.size(); ++c)
        head += "<col min=\"" + std::to_string(c + 1) + "\" max=\"" + std::to_string(c + 1) + "\" width=\"" +
                std::to_string(widths[c]) + "\" customWidth=\"1\"/>";
      head += "</cols>";
    }
    std::size_t lines = 1;
    for (std::size_t c = 0; c < columns.size(); ++c)
      lines = std::max(lines, wrapped_lines(columns[c].header, widths[c] - 2));  // the AutoFilter button
    head += "<sheetData><row r=\"1\"" + row_height(lines) + ">";
    for (std::size_t c = 0; c < columns.size(); ++c)
      head += "<c r=\"" + letters[c] + "1\" s=\"" + std::to_string(kHeaderStyle) + "\" t=\"s\"><v>" +
              std::to_string(intern(columns[c].header)) + "</v></c>";
    head += "</row>";
    write(head);
    part.rows = 1;
    parts.push_back(std::move(part));
    head_written = true;
  }

  void write_row(const std::vector<Value>& row) {
    Part& part = parts.back();
    const std::string r = std::to_string(part.rows + 1);
    std::size_t lines = 1;
    for (std::size_t c = 0; c < row.size(); ++c)
      if (const auto* s = std::get_if<std::string>(&row[c]); s && wrap[c])
        lines = std::max(lines, wrapped_lines(*s, widths[c]));
    std::string xml = "<row r=\"" + r + "\"" + row_height(lines) + ">";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const Value& v = row[c];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (const auto* d = std::get_if<double>(&v); d && !std::isfinite(*d)) continue;
      xml += "<c r=\"";
      xml += letters[c];
      xml += r;
      if (std::holds_alternative<std::string>(v) ? wrap[c] : formats[c] != kGeneral) {
        xml += "\" s=\"";
        xml += std::to_string(std::holds_alternative<std::string>(v)
                                  ? kWrapStyle
                                  : kFirstNumberStyle + static_cast<std::size_t>(formats[c]));
      }
      if (const auto* s = std::get_if<std::string>(&v)) {
        xml += "\" t=\"s\"><v>";
        xml += std::to_string(intern(*s));
      } else if (const auto* d = std::get_if<double>(&v)) {
        xml += "\"><v>";
        xml += format_double(*d);
      } else {
        xml += "\"><v>";
        xml += std::to_string(std::get<std::int64_t>(v));
      }
      xml += "</v></c>";
    }
    xml += "</row>";
    write(xml);
    ++part.rows;
  }

  void end_part() {
    if (!head_written) write_head();
    std::string tail = "</sheetData>";
    const Part& part = parts.back();
    if (part.columns > 0)
      tail += "<autoFilter ref=\"A1:" + letters[part.columns - 1] + std::to_string(part.rows) + "\"/>";
    // Printed like report.html: landscape A4 (paperSize 9) with narrow margins, one page wide and as many
    // tall as the rows need, ruled, the header row on every page (Print_Titles in workbook.xml), and the
    // sheet's name and page number at the foot.
    tail +=
        "<printOptions gridLines=\"1\"/>"
        "<pageMargins left=\"0.25\" right=\"0.25\" top=\"0.5\" bottom=\"0.5\" header=\"0.3\" footer=\"0.3\"/>"
        "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        "<headerFooter><oddFooter>&amp;C&amp;A — 第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>"
        "</worksheet>";
    write(tail);
    close_entry();
    head_written = false;
  }

  void end_sheet() {
    if (!open) return;
    for (const auto& row : pending)
      add(row);
    pending.clear();
    end_part();
    open = false;
  }

  void add(const std::vector<Value>& row) {
    if (!head_written) write_head();
    if (parts.back().rows == max_rows) {
      end_part();
      ++continuation;
      write_head();
    }
    write_row(row);
  }
};

XlsxWriter::XlsxWriter(const fs::path& file, std::size_t max_rows) : m(std::make_unique<Impl>()) {
  io::init_gdal();
  m->file = file;
  m->max_rows = std::max<std::size_t>(max_rows, 2);
  if (std::error_code ec; fs::exists(file, ec)) throw m->fail(tr("the workbook exists already"));
  m->zip = CPLCreateZip(file.string().c_str(), nullptr);
  if (!m->zip) throw m->fail(tr("cannot create the workbook"));
}

XlsxWriter::~XlsxWriter() {
  if (!m || !m->zip) return;
  if (m->entry_open) CPLCloseFileInZip(m->zip);
  CPLCloseZip(m->zip);
  if (!m->finished) VSIUnlink(m->file.string().c_str());
}

std::size_t XlsxWriter::sheet_count() const noexcept {
  return m->parts.size() + (m->open && !m->head_written ? 1 : 0);
}

void XlsxWriter::begin_sheet(const std::string& name, const std::vector<Column>& columns) {
  if (m->finished) throw m->fail(tr("the workbook is finished already"), name);
  m->end_sheet();
  if (name.empty() || code_points(name) > 31 || name.find_first_of("[]:*?/\\") != std::string::npos ||
      name.front() == '\'' || name.back() == '\'' ||
      html_escape(name).find("\xEF\xBF\xBD") != std::string::npos)
    throw m->fail(
        tr("a sheet name must have 1 to 31 characters, none of []:*?/\\ and no apostrophe at either end"),
        name);
  m->claim(name);
  m->base_name = name;
  m->columns = columns;
  m->letters.clear();
  m->formats.clear();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    m->letters.push_back(column_letters(c));
    m->formats.push_back(format_index(columns[c]));
  }
  m->continuation = 1;
  m->open = true;
}

void XlsxWriter::add_row(const std::vector<Value>& row) {
  if (!m->open) throw m->fail(tr("a row before any sheet"));
  if (row.size() > m->columns.size())
    throw m->fail(trf("a row has {1} cells for {2} columns", row.size(), m->columns.size()), m->base_name);
  if (!m->head_written && m->pending.size() < Impl::kWidthRows) {
    m->pending.push_back(row);
    return;
  }
  if (!m->head_written) {
    for (const auto& r : m->pending)
      m->add(r);
    m->pending.clear();
  }
  m->add(row);
}

void XlsxWriter::finish() {
  if (m->finished) return;
  m->end_sheet();
  Impl& w = *m;
  const std::size_t n = w.parts.size();
  // Shared strings.
  w.open_entry("xl/sharedStrings.xml");
  w.write(std::string(kXmlHead) + "<sst xmlns=\"" + kMainNs + "\" count=\"" + std::to_string(w.string_refs) +
          "\" uniqueCount=\"" + std::to_string(w.strings.size()) + "\">");
  for (const std::string* s : w.strings) {
    const bool keep_space = !s->empty() && (std::isspace(static_cast<unsigned char>(s->front())) ||
                                            std::isspace(static_cast<unsigned char>(s->back())));
    w.write(keep_space ? "<si><t xml:space=\"preserve\">" : "<si><t>");
    w.write(cell_text(*s));
    w.write("</t></si>");
  }
  w.write("</sst>");
  w.close_entry();

  std::string workbook = std::string(kXmlHead) + "<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs +
                         "\"><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>";
  std::string filters;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = w.parts[i];
    workbook += "<sheet name=\"" + html_escape(p.name) + "\" sheetId=\"" + std::to_string(i + 1) +
                "\" r:id=\"rId" + std::to_string(i + 1) + "\"/>";
    if (p.columns == 0) continue;
    const std::string sheet = html_escape(single_quoted(p.name));
    filters += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + std::to_string(i) +
               "\" hidden=\"1\">" + sheet + "!$A$1:$" + column_letters(p.columns - 1) + "$" +
               std::to_string(p.rows) + "</definedName>";
    // The header row is printed on every page.
    filters += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"" + std::to_string(i) + "\">" +
               sheet + "!$1:$1</definedName>";
  }
  workbook += "</sheets>";
  if (!filters.empty()) workbook += "<definedNames>" + filters + "</definedNames>";
  workbook += "</workbook>";
  w.whole_entry("xl/workbook.xml", workbook);

  const std::string rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  std::string rels = std::string(kXmlHead) +
                     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t i = 0; i < n; ++i)
    rels += "<Relationship Id=\"rId" + std::to_string(i + 1) + "\" Type=\"" + rel_type +
            "worksheet\" Target=\"worksheets/sheet" + std::to_string(i + 1) + ".xml\"/>";
  rels += "<Relationship Id=\"rId" + std::to_string(n + 1) + "\" Type=\"" + rel_type +
          "styles\" Target=\"styles.xml\"/><Relationship Id=\"rId" + std::to_string(n + 2) + "\" Type=\"" +
          rel_type + "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
  w.whole_entry("xl/_rels/workbook.xml.rels", rels);

  w.whole_entry("xl/styles.xml", styles_xml());

  w.whole_entry("_rels/.rels",
                std::string(kXmlHead) +
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    "<Relationship Id=\"rId1\" Type=\"" +
                    rel_type + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");

  const std::string ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
  std::string types = std::string(kXmlHead) +
                      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                      "<Default Extension=\"rels\" "
                      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" +
                      ct + "sheet.main+xml\"/>";
  for (std::size_t i = 0; i < n; ++i)
    types += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i + 1) + ".xml\" ContentType=\"" +
             ct + "worksheet+xml\"/>";
  types += "<Override PartName=\"/xl/styles.xml\" ContentType=\"" + ct +
           "styles+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"" + ct +
           "sharedStrings+xml\"/></Types>";
  w.whole_entry("[Content_Types].xml", types);

  void* zip = w.zip;
  w.zip = nullptr;
  if (CPLCloseZip(zip) != CE_None) {
    VSIUnlink(w.file.string().c_str());
    throw w.fail(tr("cannot finish the workbook"));
  }
  w.finished = true;
}

void XlsxWriter::add_sheet(const Sheet& sheet) {
  begin_sheet(sheet.name, sheet.columns);
  for (const auto& row : sheet.rows)
    add_row(row);
}

void write_xlsx(const std::vector<Sheet>& sheets, const fs::path& file) {
  XlsxWriter w(file);
  for (const Sheet& s : sheets)
    w.add_sheet(s);
  w.finish();
}

namespace {

Value num(const json& v) {
  return v.is_number() ? Value(v.get<double>()) : Value();
}
Value count(const json& v) {
  return v.is_number() ? Value(v.get<std::int64_t>()) : Value();
}
Value text(const json& v) {
  return v.is_string() ? Value(v.get<std::string>()) : Value();
}
Value yes_no(bool b) {
  return Value(std::string(b ? "是" : "否"));
}
const json& at(const json& j, const char* key) {
  static const json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

Sheet parks_sheet(const json& s) {
  Sheet sh{"园区",
           {{"园区编号", F::text},
            {"园区名称", F::text},
            {"工业用地面积(亩)", F::real},
            {"更新前工业宗地数", F::integer},
            {"现状工业宗地数", F::integer},
            {"更新前容积率", F::real},
            {"现状容积率", F::real},
            {"容积率提升", F::real},
            {"是否达到提升目标", F::text},
            {"腾出面积(亩)", F::real},
            {"说明", F::text}},
           {}};
  const json& by_park = at(at(s, "freed"), "by_park");
  for (const json& p : at(s, "parks")) {
    const std::string id = p.value("id", "");
    sh.rows.push_back({text(at(p, "id")), text(at(p, "name")), num(at(p, "industrial_mu")),
                       count(at(p, "parcels_before")), count(at(p, "parcels_after")),
                       num(at(p, "far_before")), num(at(p, "far_after")), num(at(p, "uplift")),
                       Value(std::string(p.value("meets_target", false) ? "达标" : "未达标")),
                       num(at(by_park, id.c_str())), text(at(p, "note"))});
  }
  return sh;
}

Sheet districts_sheet(const json& s) {
  Sheet sh{"行政区",
           {{"行政区代码", F::text},
            {"行政区名称", F::text},
            {"工业用地面积(亩)", F::real},
            {"腾出面积(亩)", F::real},
            {"腾出任务完成率", F::real},
            {"更新前容积率", F::real},
            {"现状容积率", F::real},
            {"容积率提升", F::real}},
           {}};
  const json& quota = at(at(s, "freed"), "district_quota_progress");
  for (const json& d : at(s, "districts")) {
    const std::string code = d.value("code", "");
    sh.rows.push_back({text(at(d, "code")), text(at(d, "name")), num(at(d, "industrial_mu")),
                       num(at(d, "freed_mu")), num(at(quota, code.c_str())), num(at(d, "far_before")),
                       num(at(d, "far_after")), num(at(d, "uplift"))});
  }
  return sh;
}

// RULES.md 20: per criterion the land it was evaluated on and the land it could not be, then the warnings
// that change a headline figure, as summary.json has them. A criterion evaluated nowhere has empty figures.
Sheet coverage_sheet(const json& s) {
  Sheet sh{"数据覆盖",
           {{"类别", F::text},
            {"名称", F::text},
            {"代码", F::text},
            {"宗地数或条数", F::integer},
            {"面积(亩)", F::real},
            {"可评价宗地数", F::integer},
            {"可评价面积(亩)", F::real},
            {"无法评价宗地数", F::integer},
            {"无法评价面积(亩)", F::real},
            {"说明", F::text}},
           {}};
  for (const auto& [c, v] : at(at(s, "low_efficiency"), "by_criterion").items()) {
    const bool enabled = !at(v, "enabled").is_boolean() || at(v, "enabled").get<bool>();
    const json& ev = at(v, "evaluated");
    const json& ne = at(v, "not_evaluable");
    const bool evaluated = enabled && at(ev, "parcels").is_number() && at(ev, "parcels").get<std::int64_t>() > 0;
    const char* zh = rules::criterion_label_zh(c);
    sh.rows.push_back({Value(std::string("认定依据")), Value(std::string(*zh ? zh : c)), Value(c),
                       evaluated ? count(at(v, "parcels")) : Value(), evaluated ? num(at(v, "mu")) : Value(),
                       count(at(ev, "parcels")), num(at(ev, "mu")), count(at(ne, "parcels")),
                       num(at(ne, "mu")),
                       Value(std::string(!enabled ? "未启用" : evaluated ? "已评价" : "无法评价"))});
  }
  for (const json& w : at(at(s, "findings"), "warnings")) {
    const std::string kind = w.value("kind", "");
    const std::string zh = finding_kind_zh(kind);
    sh.rows.push_back({Value(std::string("警告")), Value(zh.empty() ? kind : zh), Value(kind),
                       count(at(w, "count")), num(at(w, "mu")), Value(), Value(), Value(), Value(),
                       text(at(w, "message"))});
  }
  return sh;
}

std::vector<Sheet> freed_sheets(const json& s) {
  const json& f = at(s, "freed");
  const double goal = at(f, "goal_mu").is_number() ? at(f, "goal_mu").get<double>() : 0;
  const double total = at(f, "mu").is_number() ? at(f, "mu").get<double>() : 0;
  Sheet years{"腾出(年度)",
              {{"年度", F::integer},
               {"腾出面积(亩)", F::real},
               {"累计腾出(亩)", F::real},
               {"累计完成目标比例", F::real}},
              {}};
  double cumulative = 0;
  for (const auto& [year, mu] : at(f, "by_year").items()) {
    cumulative += mu.get<double>();
    years.rows.push_back({Value(static_cast<std::int64_t>(std::stoll(year))), num(mu), Value(cumulative),
                          goal > 0 ? Value(cumulative / goal) : Value()});
  }
  Sheet districts{"腾出(行政区)",
                  {{"行政区代码", F::text},
                   {"行政区名称", F::text},
                   {"腾出面积(亩)", F::real},
                   {"占腾出总面积比例", F::real}},
                  {}};
  std::map<std::string, std::string> names;
  for (const json& d : at(s, "districts"))
    names[d.value("code", "")] = d.value("name", "");
  for (const auto& [code, mu] : at(f, "by_district").items())
    districts.rows.push_back({Value(code), text(json(names[code])), num(mu),
                              total > 0 ? Value(mu.get<double>() / total) : Value()});
  // Ground outside every district polygon is freed too: its row makes the sheet add up to the total.
  if (const json& out = at(f, "outside_districts_mu"); out.is_number() && out.get<double>() > 0)
    districts.rows.push_back({Value(), Value(std::string("(不在任何行政区内)")), num(out),
                              total > 0 ? Value(out.get<double>() / total) : Value()});
  Sheet modes{
      "腾出(模式)", {{"更新模式", F::text}, {"腾出面积(亩)", F::real}, {"占腾出总面积比例", F::real}}, {}};
  for (const auto& [mode, mu] : at(f, "by_mode").items())
    modes.rows.push_back({Value(mode), num(mu), total > 0 ? Value(mu.get<double>() / total) : Value()});
  return {years, districts, modes};
}

std::string severity_zh(const std::string& s) {
  return s == "info" ? "提示" : s == "warning" ? "警告" : s == "error" ? "错误" : s;
}
std::string action_zh(const std::string& s) {
  return s == "none"       ? "仅报告"
         : s == "repaired" ? "已修复"
         : s == "rejected" ? "已剔除"
         : s == "ignored"  ? "已忽略"
                           : s;
}

/// A text column's value as tables.xlsx shows it (out/columns.hpp Display).
std::string shown_text(Display d, const std::string& s) {
  switch (d) {
    case Display::admission: return admission_zh(s);
    case Display::link_method:
      return std::string(rules::link_method_label(s));
    case Display::severity: return severity_zh(s);
    case Display::action: return action_zh(s);
    default: return s;
  }
}

/// The sheet's header: each result column by its alias, a flag as text, a finding kind followed by its
/// Chinese label, then the point's coordinates when asked.
std::vector<Column> sheet_columns(const std::vector<ColumnSpec>& spec, bool with_xy) {
  std::vector<Column> columns;
  for (const ColumnSpec& c : spec) {
    columns.push_back({std::string(c.alias_zh.empty() ? c.name : c.alias_zh),
                       c.display == Display::yes_no ? F::text : c.type});
    if (c.display == Display::finding_kind) columns.push_back({"问题类型(中文)", F::text});
  }
  if (with_xy) {
    columns.push_back({"坐标X(米)", F::real});
    columns.push_back({"坐标Y(米)", F::real});
  }
  return columns;
}

/// Streams one layer of landrenew.gpkg as a sheet, its columns as out/columns.hpp declares them; a missing
/// layer gives no sheet.
void layer_sheet(XlsxWriter& w, GDALDataset& ds, const char* layer_name, const std::string& sheet_name,
                 bool with_xy) {
  OGRLayer* layer = ds.GetLayerByName(layer_name);
  if (!layer) return;
  const std::vector<ColumnSpec>& spec = *output_columns(layer_name);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int n = defn->GetFieldCount();
  if (static_cast<std::size_t>(n) != spec.size())
    throw Error(ErrorKind::internal,
                trf("layer {1} of the result GeoPackage has {2} fields, its declaration {3}", layer_name, n,
                    spec.size()));
  w.begin_sheet(sheet_name, sheet_columns(spec, with_xy));
  layer->ResetReading();
  std::vector<Value> row;
  for (auto& f : *layer) {
    row.clear();
    for (int i = 0; i < n; ++i) {
      const ColumnSpec& c = spec[static_cast<std::size_t>(i)];
      const bool set = f->IsFieldSetAndNotNull(i);
      if (!set)
        row.emplace_back();
      else if (c.display == Display::yes_no)
        row.push_back(yes_no(f->GetFieldAsInteger64(i) != 0));
      else if (c.type == F::real)
        row.emplace_back(f->GetFieldAsDouble(i));
      else if (c.type == F::integer)
        row.emplace_back(static_cast<std::int64_t>(f->GetFieldAsInteger64(i)));
      else
        row.emplace_back(shown_text(c.display, f->GetFieldAsString(i)));
      if (c.display == Display::finding_kind) {
        const std::string s = set ? f->GetFieldAsString(i) : "";
        row.push_back(s.empty() ? Value() : Value(finding_kind_zh(s)));
      }
    }
    if (with_xy) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
        row.emplace_back(g->toPoint()->getX());
        row.emplace_back(g->toPoint()->getY());
      } else {
        row.emplace_back();
        row.emplace_back();
      }
    }
    w.add_row(row);
  }
}
}  // namespace

void write_tables_xlsx(const json& summary, const fs::path& gpkg, const fs::path& file) {
  std::vector<Sheet> small = {parks_sheet(summary), districts_sheet(summary)};
  for (Sheet& s : freed_sheets(summary))
    small.push_back(std::move(s));
  small.push_back(coverage_sheet(summary));
  const io::DatasetPtr ds = open_result_gpkg(gpkg);
  XlsxWriter w(file);
  for (const Sheet& s : small)
    w.add_sheet(s);
  layer_sheet(w, *ds, "clusters", "连片", false);
  layer_sheet(w, *ds, "renewal", "更新台账", false);
  layer_sheet(w, *ds, "enterprises", "企业", false);
  layer_sheet(w, *ds, "qa_findings", "质量问题", true);
  w.finish();
}

}  // namespace landrenew::out
