#pragma once
// Small text helpers shared by readers and rules. All strings inside landrenew are UTF-8.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace landrenew {

/// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// Trims ASCII whitespace and the ideographic space U+3000 from both ends.
std::string_view trim(std::string_view s) noexcept;

/// Uppercases ASCII letters only (codes such as "m1" → "M1"); other bytes are kept.
std::string ascii_upper(std::string_view s);

/// A key for comparing field names the way people write them: ASCII uppercased; spaces dropped; full-width
/// forms （）［］：，and full-width letters/digits folded to ASCII. "实缴税金（万元）" matches
/// "实缴税金(万元)".
std::string field_name_key(std::string_view s);

/// Splits a multi-valued cell ("A;B", "A、B", "A，B", "A/B") into trimmed, non-empty parts.
std::vector<std::string> split_list(std::string_view s);

/// Parses a plain decimal number ("12", "-3.5", "1.2e3", surrounding spaces allowed). Anything else —
/// "N/A", "—", "1,234", "12万", "", NaN, infinities — is nullopt (RULES.md 11: the caller reports it).
std::optional<double> parse_plain_number(std::string_view s);

/// `v` printed with a printf format for one double (e.g. "%.2f"), for the text summaries.
std::string format_number(double v, const char* format = "%.2f");
/// The same, or "—" when there is no value (a FAR where a zone has no industrial land).
std::string format_number_or_dash(const std::optional<double>& v, const char* format = "%.3f");

/// `"na""me"`: an SQL identifier (PostgreSQL, SQLite), always quoted, inner double quotes doubled.
std::string sql_identifier(std::string_view name);
/// `'it''s'`: text in single quotes, inner single quotes doubled (an SQLite/SQL-standard string literal; an
/// Excel sheet name in a reference).
std::string single_quoted(std::string_view text);

/// Converts `bytes` from `encoding` (an iconv name such as "GB18030") to UTF-8 using GDAL's CPLRecode.
std::string recode_to_utf8(std::string_view bytes, const std::string& encoding);

}  // namespace landrenew
