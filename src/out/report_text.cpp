// Words and numbers of the outputs people read: escaping, number format, Chinese names of codes.
#include <cmath>
#include <cstdio>

#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/rules/low_efficiency.hpp"

namespace landrenew::out {

namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence starting at s[i] (Unicode Table 3-7), or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return k < s.size() && at(k) >= lo && at(k) <= hi;
  };
  const unsigned c = at(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;  // no surrogates
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
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
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            out += kReplacement;
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(s, i);
    // U+FFFE and U+FFFF are not characters (XML 1.0 forbids them).
    if (n == 0 || (n == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                   static_cast<unsigned char>(s[i + 2]) >= 0xBE)) {
      out += kReplacement;
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string digits(buf);
  bool negative = digits[0] == '-';
  if (negative) digits.erase(0, 1);
  // "-0.00" reads as a loss where there is none.
  if (digits.find_first_not_of("0.") == std::string::npos) negative = false;
  const std::size_t dot = digits.find('.');
  std::string integer = digits.substr(0, dot), out;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) out += ',';
    out += integer[i];
  }
  if (dot != std::string::npos) out += digits.substr(dot);
  return (negative ? "-" : "") + out;
}

std::string finding_kind_zh(std::string_view kind) {
  if (kind.starts_with("not_evaluable_")) {  // RULES.md 20: one per low-efficiency criterion
    const char* zh = rules::criterion_label_zh(kind.substr(std::string_view("not_evaluable_").size()));
    return *zh ? std::string("无法评价：") + zh : std::string();
  }
  const FindingKindInfo* k = find_finding_kind(kind);  // the labels are declared with the kinds
  return k ? std::string(k->label_zh) : std::string();
}

std::string admission_zh(std::string_view outcome) {
  if (outcome == "pass") return "通过";
  if (outcome == "fail") return "未通过";
  if (outcome == "unknown") return "无法判定";
  return std::string(outcome);
}

}  // namespace landrenew::out
