#include "landrenew/io/table.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <cpl_conv.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/gdal.hpp"

namespace landrenew::io {

namespace {

// The first rows a header is looked for in (RULES.md 21: titles and units rows sit above it).
constexpr std::size_t kHeaderSearchRows = 30;

// RULES.md 21: the words that make a row a note (its first non-blank cell begins with one) or a total (a
// cell, without spaces and punctuation, is or ends with one). Declared once, here.
constexpr std::array<std::string_view, 5> kNoteWords = {"注", "备注", "说明", "数据来源", "填表"};
constexpr std::array<std::string_view, 3> kTotalWords = {"合计", "小计", "总计"};

bool blank(std::string_view cell) {
  for (const char c : cell)  // fast path: any printable ASCII character
    if (c > ' ' && c < 0x7F) return false;
  return normalise_identifier(cell).empty();  // NBSP, U+3000 and friends are blank too
}

// Header names for a block of one or two rows. In a merged header the group name ("经济效益指标") is only
// in the top-left cell of its merge: a blank top cell over a named bottom cell takes the group name on
// its left; a named top cell over a blank bottom one is a column merged downwards.
void join_names(const RawSheet& s, std::size_t first, std::size_t last, Header& h) {
  const std::size_t n = s.columns();
  h.names.assign(n, "");
  h.bottom.assign(n, "");
  h.first = first;
  h.last = last;
  std::string group;
  for (std::size_t c = 0; c < n; ++c) {
    const std::string b(trim(s.cell(last, c)));
    if (first == last) {
      h.names[c] = h.bottom[c] = b;
      continue;
    }
    std::string top(trim(s.cell(first, c)));
    if (top.empty() && !b.empty()) top = group;
    group = b.empty() ? std::string() : top;
    h.names[c] = b.empty() ? top : top.empty() ? b : top + " " + b;
    h.bottom[c] = b.empty() ? top : b;
  }
}

// How many logical fields the header names: explicit mappings first (×1000), then default names.
std::size_t score(const Header& h, const LayerSchema& schema,
                  const std::map<std::string, std::string>& mapped, std::size_t* explicit_named,
                  std::size_t* default_named) {
  std::size_t ex = 0, df = 0;
  for (const auto& field : schema.fields) {
    if (auto it = mapped.find(std::string(field.name)); it != mapped.end()) {
      ex += header_column(h, it->second) >= 0 ? 1 : 0;
      continue;
    }
    for (auto candidate : field.defaults)
      if (header_column(h, candidate) >= 0) {
        ++df;
        break;
      }
  }
  if (explicit_named) *explicit_named = ex;
  if (default_named) *default_named = df;
  return ex * 1000 + df;
}

Text rows_above(const RawSheet& s, std::size_t first) {
  if (first == 0) return {};
  bool titles = false, blanks = false;
  for (std::size_t r = 0; r < first; ++r) {
    bool empty = true;
    for (const auto& c : s.cells[r])
      empty = empty && blank(c);
    (empty ? blanks : titles) = true;
  }
  const Text what = titles && blanks ? tr_both("title and blank") : titles ? tr_both("title") : tr_both("blank");
  return first == 1 ? tr_both(" (row {1} above it: {2})", s.row[0], what)
                    : tr_both(" (rows {1}–{2} above it: {3})", s.row[0], s.row[first - 1], what);
}

void describe(const RawSheet& s, Header& h, const LayerSchema& schema,
              const std::map<std::string, std::string>& mapped, const Text& how) {
  std::size_t ex = 0, df = 0;
  score(h, schema, mapped, &ex, &df);
  h.named = ex + df;
  h.wanted = mapped.size();
  const Text rows = h.first == h.last ? tr_both("row {1}", s.row[h.first])
                                      : tr_both("rows {1}–{2} (merged)", s.row[h.first], s.row[h.last]);
  const Text named = mapped.empty() ? tr_both("{1} columns by their default names", df)
                     : df ? tr_both("{1} of {2} mapped columns and {3} by default names", ex, mapped.size(), df)
                          : tr_both("{1} of {2} mapped columns", ex, mapped.size());
  h.why = tr_both("{1}{2} — {3}names {4}", rows, rows_above(s, h.first), how, named);
}

}  // namespace

std::string_view RawSheet::cell(std::size_t r, std::size_t c) const {
  const auto& line = cells[r];
  return c < line.size() ? std::string_view(line[c]) : std::string_view();
}

std::size_t RawSheet::columns() const {
  std::size_t n = 0;
  for (const auto& line : cells)
    n = std::max(n, line.size());
  return n;
}

bool is_office_table(std::string_view driver) {
  return driver == "CSV" || driver == "XLSX" || driver == "ODS" || driver == "XLS";
}

RawSheet read_sheet(OGRLayer& layer, std::string name) {
  RawSheet s;
  s.name = std::move(name);
  layer.ResetReading();
  for (;;) {
    FeaturePtr f(layer.GetNextFeature());
    if (!f) break;
    std::vector<std::string> cells(static_cast<std::size_t>(f->GetFieldCount()));
    for (int i = 0; i < f->GetFieldCount(); ++i)
      if (f->IsFieldSetAndNotNull(i)) cells[static_cast<std::size_t>(i)] = f->GetFieldAsString(i);
    s.row.push_back(f->GetFID());
    s.cells.push_back(std::move(cells));
  }
  while (!s.cells.empty() && std::all_of(s.cells.back().begin(), s.cells.back().end(), blank)) {
    s.cells.pop_back();
    s.row.pop_back();
  }
  return s;
}

RawSheet parse_csv(std::string_view text, std::string name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  // The delimiter: the candidate most frequent in the first 30 lines (GDAL's CSV driver looks at one line,
  // which may be a title).
  char delimiter = ',';
  {
    std::size_t lines = 0, end = 0;
    while (end < text.size() && lines < 30)
      if (text[end++] == '\n') ++lines;
    std::size_t best = 0;
    for (const char d : {',', ';', '\t', '|'}) {
      const auto n =
          static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(end), d));
      if (n > best) best = n, delimiter = d;
    }
  }
  RawSheet s;
  s.name = std::move(name);
  std::vector<std::string> record(1);
  std::int64_t line = 1, start = 1;
  bool quoted = false, any = false;
  const auto flush = [&] {
    s.row.push_back(start);
    if (!any) record.assign(1, "");
    s.cells.push_back(std::move(record));
    record.assign(1, "");
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        record.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        record.back() += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = any = true;
    } else if (c == delimiter) {
      record.emplace_back();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      flush();
      start = ++line;
    } else {
      record.back() += c;
      any = true;
    }
  }
  if (any) flush();
  while (!s.cells.empty() && std::all_of(s.cells.back().begin(), s.cells.back().end(), blank)) {
    s.cells.pop_back();
    s.row.pop_back();
  }
  return s;
}

int header_column(const Header& h, std::string_view name) {
  for (std::size_t i = 0; i < h.names.size(); ++i)
    if (h.names[i] == name) return static_cast<int>(i);
  const std::string key = field_name_key(name);
  if (key.empty()) return -1;
  for (std::size_t i = 0; i < h.names.size(); ++i)
    if (field_name_key(h.names[i]) == key) return static_cast<int>(i);
  // RULES.md 21: a bottom-row name stands for its column when no other column has it.
  int found = -1;
  for (std::size_t i = 0; i < h.bottom.size(); ++i)
    if (field_name_key(h.bottom[i]) == key) {
      if (found >= 0) return -1;
      found = static_cast<int>(i);
    }
  return found;
}

Header find_header(const RawSheet& s, const LayerSchema& schema,
                   const std::map<std::string, std::string>& mapped, HeaderPin pin) {
  Header best;
  if (s.size() == 0) {
    best.why = tr_both("the sheet is empty");
    return best;
  }
  const int depth = pin.rows > 0 ? pin.rows : 0;
  if (pin.row > 0) {
    const auto at = std::find(s.row.begin(), s.row.end(), static_cast<std::int64_t>(pin.row));
    const std::size_t first = static_cast<std::size_t>(at - s.row.begin());
    const std::size_t rows = static_cast<std::size_t>(std::max(depth, 1));
    if (at == s.row.end() || first + rows > s.size())
      throw Error(ErrorKind::project,
                  rows > 1 ? trf("header_row = {1} with header_rows = {2} is beyond the sheet '{3}' (its last row "
                                 "is {4})",
                                 pin.row, rows, s.name, s.row.back())
                           : trf("header_row = {1} is beyond the sheet '{2}' (its last row is {3})", pin.row, s.name,
                                 s.row.back()));
    join_names(s, first, first + rows - 1, best);
    describe(s, best, schema, mapped, tr_both("pinned by header_row; "));
    return best;
  }
  // RULES.md 21: the header is the row (or merged block of rows) whose cells name the mapped columns.
  std::size_t best_score = 0, best_rows = 0;
  bool found = false;
  const std::size_t limit = std::min(s.size(), kHeaderSearchRows);
  for (std::size_t r = 0; r < limit; ++r) {
    for (std::size_t rows = 1; rows <= 2; ++rows) {
      if ((depth > 0 && rows != static_cast<std::size_t>(depth)) || r + rows > s.size()) continue;
      Header h;
      join_names(s, r, r + rows - 1, h);
      const std::size_t sc = score(h, schema, mapped, nullptr, nullptr);
      // Ties go to a single row (a title above the header joins with it without naming more), then the
      // earlier one.
      if (sc > best_score || (found && sc == best_score && rows < best_rows)) {
        best_score = sc;
        best_rows = rows;
        best = std::move(h);
        found = true;
      }
    }
  }
  if (!found) {
    std::size_t first = 0;
    while (first + 1 < s.size() && std::all_of(s.cells[first].begin(), s.cells[first].end(), blank))
      ++first;
    join_names(s, first, first, best);
    describe(s, best, schema, mapped,
             tr_both("no row among the first 30 names a mapped column, the first non-blank is taken; "));
    return best;
  }
  describe(s, best, schema, mapped, Text());
  return best;
}

namespace {
constexpr const char* kOfficeOptions[] = {"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES",
                                          "OGR_ODS_HEADERS",  "OGR_ODS_FIELD_TYPES",
                                          "OGR_XLS_HEADERS",  "OGR_XLS_FIELD_TYPES"};
}  // namespace

OfficeTableOptions::OfficeTableOptions() {
  for (const char* key : kOfficeOptions)
    CPLSetThreadLocalConfigOption(key, std::string_view(key).ends_with("HEADERS") ? "DISABLE" : "STRING");
}

OfficeTableOptions::~OfficeTableOptions() {
  for (const char* key : kOfficeOptions)
    CPLSetThreadLocalConfigOption(key, nullptr);
}

bool is_identifier_field(std::string_view logical) {
  return logical == "credit_code" || logical == "name" || logical == "id" || logical == "parcel_ids";
}

FindingKind row_finding_kind(RowKind kind) {
  switch (kind) {
    case RowKind::note:
      return FindingKind::row_note;
    case RowKind::total:
      return FindingKind::row_total;
    case RowKind::no_identifier:
      return FindingKind::row_no_identifier;
    case RowKind::blank:
    case RowKind::record:  // a record is no finding; called only for rows that are not records
      break;
  }
  return FindingKind::row_blank;
}

bool is_note_text(std::string_view cell) {
  const std::string t = letters_only(cell);
  return std::any_of(kNoteWords.begin(), kNoteWords.end(),
                     [&](std::string_view w) { return t.starts_with(w); });
}

bool is_total_text(std::string_view cell) {
  if (cell.find("计") == std::string_view::npos) return false;  // fast path: each word ends with 计
  const std::string t = letters_only(cell);
  return std::any_of(kTotalWords.begin(), kTotalWords.end(),
                     [&](std::string_view w) { return t.ends_with(w); });
}

RowKind classify_row(const std::vector<std::string>& cells, bool has_identifier) {
  const auto first = std::find_if(cells.begin(), cells.end(), [](const std::string& c) { return !blank(c); });
  if (first == cells.end()) return RowKind::blank;
  if (is_note_text(*first)) return RowKind::note;
  if (std::any_of(cells.begin(), cells.end(), [](const std::string& c) { return is_total_text(c); }))
    return RowKind::total;
  return has_identifier ? RowKind::record : RowKind::no_identifier;
}

std::string row_text(const std::vector<std::string>& cells) {
  std::string out;
  for (const auto& c : cells) {
    const auto t = trim(c);
    if (blank(t)) continue;
    if (!out.empty()) out += " | ";
    out += t;
    if (out.size() > 160) {
      // Cut on a UTF-8 boundary.
      std::size_t cut = 160;
      while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
        --cut;
      return out.substr(0, cut) + " …";
    }
  }
  return out;
}

std::optional<int> parse_year(std::string_view cell) {
  std::string t(trim(nfkc(cell)));
  if (t.ends_with("年")) t.resize(t.size() - std::string_view("年").size());
  const auto v = parse_plain_number(t);
  if (!v || *v != std::floor(*v) || *v < 1900 || *v > 2200) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace landrenew::io
