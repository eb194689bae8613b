#include "landrenew/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utf8proc.h>

#include <cpl_conv.h>
#include <cpl_string.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

namespace landrenew {

bool is_valid_utf8(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte first, 0xC0/0xC1 overlong lead, or > 0xF4
    }
    if (end - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    p += len;
  }
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view ideographic_space = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n' ||
                       s.front() == '\v' || s.front() == '\f'))
      s.remove_prefix(1);
    else if (s.starts_with(ideographic_space))
      s.remove_prefix(ideographic_space.size());
    else
      break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' ||
                       s.back() == '\v' || s.back() == '\f'))
      s.remove_suffix(1);
    else if (s.ends_with(ideographic_space))
      s.remove_suffix(ideographic_space.size());
    else
      break;
  }
  return s;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string field_name_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Full-width forms U+FF01..U+FF5E are EF BC 81..EF BD 9E and map to ASCII 0x21..0x7E.
    if (c == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      const std::uint32_t cp = ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        char a = static_cast<char>(cp - 0xFF01 + 0x21);
        if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
        out += a;
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') {  // U+3000
      i += 3;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '_') {
      ++i;
      continue;
    }
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c);
    ++i;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::vector<std::string> split_list(std::string_view s) {
  // Separators: ; , / | and the Chinese 、，； (UTF-8 E3 80 81, EF BC 8C, EF BC 9B).
  std::vector<std::string> parts;
  std::string current;
  auto flush = [&] {
    auto t = trim(current);
    if (!t.empty()) parts.emplace_back(t);
    current.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == ';' || c == ',' || c == '/' || c == '|') {
      flush();
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x81" || s.substr(i, 3) == "\xEF\xBC\x8C" ||
               s.substr(i, 3) == "\xEF\xBC\x9B") {
      flush();
      i += 3;
    } else {
      current += c;
      ++i;
    }
  }
  flush();
  return parts;
}

std::optional<double> parse_plain_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  // from_chars accepts "inf"/"nan" and hex forms: allow only digits, one point, sign and exponent.
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+'))
      return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string nfkc(std::string_view s) {
  if (s.empty() || !is_valid_utf8(s)) return std::string(s);
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  std::string result =
      n >= 0 ? std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n)) : std::string(s);
  std::free(out);
  return result;
}

namespace {
// Calls `f(codepoint, bytes)` for each code point of valid UTF-8.
template <class F>
void each_codepoint(std::string_view s, F&& f) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return;
    f(cp, std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)));
    p += n;
    left -= n;
  }
}

bool is_space_codepoint(utf8proc_int32_t cp) {
  const auto c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
         (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xFEFF || cp == 0x200B;
}

// "1,234,567" (groups of three after a first group of one to three digits) without its commas.
std::optional<std::string> without_thousands(std::string_view s) {
  if (s.find(',') == std::string_view::npos) return std::string(s);
  std::string_view sign;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    sign = s.substr(0, 1);
    s.remove_prefix(1);
  }
  const std::size_t point = s.find('.');
  const std::string_view whole = s.substr(0, point);
  const std::string_view rest = point == std::string_view::npos ? std::string_view() : s.substr(point);
  if (rest.find(',') != std::string_view::npos) return std::nullopt;
  std::string digits(sign);
  std::size_t group = 0;
  bool first = true;
  for (std::size_t i = 0; i <= whole.size(); ++i) {
    if (i == whole.size() || whole[i] == ',') {
      if (first ? (group < 1 || group > 3) : group != 3) return std::nullopt;
      first = false;
      group = 0;
      continue;
    }
    if (whole[i] < '0' || whole[i] > '9') return std::nullopt;
    digits += whole[i];
    ++group;
  }
  return digits + std::string(rest);
}
}  // namespace

std::optional<double> parse_table_number(std::string_view s, bool share) {
  // NFKC turns full-width digits, ，．％ and U+3000 into ASCII; NBSP becomes a space too.
  std::string text;
  each_codepoint(nfkc(s), [&](utf8proc_int32_t cp, std::string_view bytes) {
    text += is_space_codepoint(cp) ? std::string_view(" ") : bytes;
  });
  std::string_view t = trim(text);
  bool percent = false;
  if (share && t.ends_with('%')) {
    percent = true;
    t = trim(t.substr(0, t.size() - 1));
  }
  auto plain = without_thousands(t);
  if (!plain) return std::nullopt;
  auto v = parse_plain_number(*plain);
  if (v && percent) *v /= 100.0;
  return v;
}

std::string letters_only(std::string_view s) {
  std::string out;
  each_codepoint(nfkc(s), [&](utf8proc_int32_t cp, std::string_view bytes) {
    const auto cat = utf8proc_category(cp);
    const bool drop = (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO) ||
                      (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP) ||
                      cat == UTF8PROC_CATEGORY_CC;
    if (!drop) out += bytes;
  });
  return out;
}

std::string normalise_identifier(std::string_view s) {
  if (!is_valid_utf8(s)) return ascii_upper(trim(s));
  std::string out;
  each_codepoint(nfkc(s), [&](utf8proc_int32_t cp, std::string_view bytes) {
    if (is_space_codepoint(cp)) return;
    const utf8proc_int32_t up = utf8proc_toupper(cp);
    if (up == cp) {
      out += bytes;
      return;
    }
    utf8proc_uint8_t buf[4];
    const auto n = utf8proc_encode_char(up, buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
  });
  return out;
}

std::vector<std::string> split_parcel_codes(std::string_view s) {
  // RULES.md 23: 、，,；;/ whitespace and line breaks (| as split_list). After NFKC the full-width ，；／ are
  // ASCII; 、 stays.
  std::vector<std::string> parts;
  std::string current;
  const auto flush = [&] {
    std::string code = normalise_identifier(current);
    current.clear();
    if (!code.empty() && std::find(parts.begin(), parts.end(), code) == parts.end())
      parts.push_back(std::move(code));
  };
  const auto separator = [](char32_t cp) {
    return cp == ',' || cp == ';' || cp == '/' || cp == '|' || cp == 0x3001;
  };
  if (!is_valid_utf8(s)) {
    for (const char c : s)
      if (separator(static_cast<unsigned char>(c)) || c == ' ' || (c >= '\t' && c <= '\r'))
        flush();
      else
        current += c;
  } else {
    each_codepoint(nfkc(s), [&](utf8proc_int32_t cp, std::string_view bytes) {
      if (separator(static_cast<char32_t>(cp)) || is_space_codepoint(cp))
        flush();
      else
        current += bytes;
    });
  }
  flush();
  return parts;
}

std::string name_key(std::string_view s) {
  return ascii_upper(is_valid_utf8(s) ? letters_only(s) : std::string(trim(s)));
}

std::string recode_to_utf8(std::string_view bytes, const std::string& encoding) {
  const std::string in(bytes);
  char* out = CPLRecode(in.c_str(), encoding.c_str(), CPL_ENC_UTF8);
  std::string result = out ? out : "";
  CPLFree(out);
  return result;
}

std::string format_number(double v, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string format_number_or_dash(const std::optional<double>& v, const char* format) {
  return v ? format_number(*v, format) : std::string("—");
}

namespace {
// `text` between two `quote`s, each `quote` inside doubled.
std::string quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  for (const char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}
}  // namespace

std::string sql_identifier(std::string_view name) {
  return quoted(name, '"');
}

std::string single_quoted(std::string_view text) {
  return quoted(text, '\'');
}

std::string normalise_encoding_name(std::string_view name) {
  std::string key = field_name_key(trim(name));
  std::string compact;
  for (char c : key)
    if (c != '-') compact += c;
  if (compact == "UTF8") return "UTF-8";
  if (compact == "GBK" || compact == "CP936" || compact == "936" || compact == "WINDOWS936" ||
      compact == "MS936")
    return "CP936";
  if (compact == "GB18030" || compact == "54936") return "GB18030";
  if (compact == "GB2312" || compact == "EUCCN" || compact == "20936") return "GB2312";
  if (compact == "BIG5" || compact == "CP950" || compact == "950") return "CP950";
  if (compact == "LATIN1" || compact == "ISO88591" || compact == "28591") return "ISO-8859-1";
  if (compact == "CP1252" || compact == "WINDOWS1252" || compact == "1252") return "CP1252";
  throw Error(ErrorKind::project,
              trf("unknown encoding '{1}' (use UTF-8, GBK, GB18030, GB2312, BIG5, LATIN1 or CP1252)", name));
}

}  // namespace landrenew
