#include "landrenew/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <cpl_conv.h>
#include <cpl_string.h>

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

}  // namespace landrenew
