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

/// `parts` joined with `separator` between them ("a, b, c"), for lists in messages.
std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ");

/// Splits a multi-valued cell ("A;B", "A、B", "A，B", "A/B") into trimmed, non-empty parts.
std::vector<std::string> split_list(std::string_view s);

/// Splits a cell listing parcel codes (RULES.md 23): separators 、，,；;/ (full-width forms too), | (as
/// split_list), any whitespace and line breaks; each part normalised as an identifier (normalise_identifier),
/// empty parts dropped, each code once in the order first listed. The register (RULES.md 23) and the
/// enterprise table's parcel-code column (RULES.md 10) both read their cells with it.
std::vector<std::string> split_parcel_codes(std::string_view s);

/// A name (enterprise, holder) as compared: NFKC without whitespace, punctuation (so full- and half-width
/// brackets alike) and control characters, ASCII upper-cased. "湖州（长兴）ABC 有限公司" and
/// "湖州(长兴)abc有限公司" give the same key.
std::string name_key(std::string_view s);

/// Parses a plain decimal number ("12", "-3.5", "1.2e3", surrounding spaces allowed). Anything else —
/// "N/A", "—", "1,234", "12万", "", NaN, infinities — is nullopt (RULES.md 11: the caller reports it).
std::optional<double> parse_plain_number(std::string_view s);

/// A number as offices type it into a table (RULES.md 21): after Unicode NFKC (full-width digits and
/// punctuation to ASCII), surrounding whitespace (U+00A0, U+3000 too) dropped, thousands separators in valid
/// groups of three ("1,234.50"; "1,2" is not a number), and with `share` a trailing % (12% → 0.12). Anything
/// else — "/", "暂无", "-", "N/A", "12万" — is nullopt, as in parse_plain_number (RULES.md 11).
std::optional<double> parse_table_number(std::string_view s, bool share = false);

/// An identifier (credit code, parcel code, record id, land-use code) as it is compared (RULES.md 21):
/// Unicode NFKC, every whitespace character removed (U+00A0, U+3000, U+2002.., tabs, line breaks),
/// upper-cased. Text that is not valid UTF-8 is only trimmed and ASCII upper-cased.
std::string normalise_identifier(std::string_view s);

/// Unicode NFKC of valid UTF-8 (full-width forms to ASCII, U+3000 and U+00A0 to a space); other text as is.
std::string nfkc(std::string_view s);

/// The text after NFKC without whitespace, punctuation and control characters ("合 计", "合计：" → "合计"),
/// for recognising the words of RULES.md 21 (totals) however they are spaced.
std::string letters_only(std::string_view s);

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

/// Normalises a user-given encoding name ("gbk", "utf8", "936") to an iconv name, or throws Error(project).
std::string normalise_encoding_name(std::string_view name);

}  // namespace landrenew
