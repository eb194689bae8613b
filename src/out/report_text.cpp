// Words and numbers of the outputs people read: escaping, number format, Chinese names of codes.
#include <cmath>
#include <cstdio>
#include <map>

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
  static const std::map<std::string, std::string, std::less<>> names = {
      {"area_mismatch", "登记面积与图形面积不符"},
      {"bad_date", "日期无法识别"},
      {"bad_number", "数值无法识别"},
      {"bad_year", "年度无法识别"},
      {"building_gfa_unknown", "建筑面积无法确定"},
      {"building_split_failed", "建筑面积分摊失败"},
      {"credit_code_invalid", "统一社会信用代码无效"},
      {"credit_code_duplicate", "统一社会信用代码重复"},
      {"crs_no_datum_shift", "旧坐标系未做基准转换"},
      {"credit_code_missing", "缺少统一社会信用代码"},
      {"encoding_lossy", "文字无法完整解码"},
      {"enterprise_not_classified", "企业缺数据未能分类"},
      {"features_rejected", "要素无可用图形被剔除"},
      {"renewal_records_unusable", "更新项目缺日期或模式未计入"},
      {"date_partial", "日期只有年或月"},
      {"duplicate_geometry", "图形重复"},
      {"duplicate_id", "编号重复"},
      {"enterprise_unlinked", "企业未关联到宗地"},
      {"geometry_empty", "图形为空"},
      {"geometry_empty_after_repair", "修复后图形为空"},
      {"geometry_invalid_ring", "图形环无效"},
      {"geometry_non_finite", "坐标不是有限值"},
      {"geometry_not_polygonal", "不是面状图形"},
      {"geometry_null", "缺少图形"},
      {"geometry_null_kept", "台账项目缺少图形(按宗地代码)"},
      {"geometry_out_of_range", "坐标超出坐标系范围"},
      {"geometry_repaired", "图形已自动修复"},
      {"geometry_transform_failed", "坐标转换失败"},
      {"geometry_unreadable", "图形无法读取(文件损坏)"},
      {"implausible_value", "数值明显不合理"},
      {"landuse_ambiguous", "地类编码有歧义"},
      {"landuse_ambiguous_by_layer", "歧义地类编码按图层其余编码判定"},
      {"landuse_looks_industrial", "地类值疑似工业用地(未计入)"},
      {"landuse_missing", "缺少地类编码"},
      {"landuse_unknown", "地类编码无法识别"},
      {"overlap", "宗地相互重叠"},
      {"path_backslashes", "路径使用了反斜杠"},
      {"read_error", "读取时GDAL报错"},
      {"parcel_code_unknown", "台账宗地代码无对应宗地"},
      {"parcel_codes_disagree", "台账宗地代码与项目范围不符"},
      {"register_footprint_from_codes", "项目范围按所列宗地代码确定"},
      {"renewal_not_counted", "更新项目未计入腾出"},
      {"row_blank", "空行(不计入)"},
      {"row_no_identifier", "无信用代码和名称的行(不计入)"},
      {"row_note", "注释说明行(不计入)"},
      {"row_other_year", "非评价年度的行(不计入)"},
      {"row_total", "合计小计行(不计入)"},
      // issue 18: enterprise links beyond the parcel's credit code
      {"enterprise_linked_by_name", "企业仅按权利人名称关联(待核实)"},
      {"enterprise_parcel_code_unknown", "企业表宗地代码无对应宗地"},
      {"organisation_code_ambiguous", "组织机构代码对应多个信用代码"},
  };
  if (kind.starts_with("not_evaluable_")) {  // RULES.md 20: one per low-efficiency criterion
    const char* zh = criterion_label_zh(kind.substr(std::string_view("not_evaluable_").size()));
    return *zh ? std::string("无法评价：") + zh : std::string();
  }
  const auto it = names.find(kind);
  return it == names.end() ? std::string() : it->second;
}

std::string admission_zh(std::string_view outcome) {
  if (outcome == "pass") return "通过";
  if (outcome == "fail") return "未通过";
  if (outcome == "unknown") return "无法判定";
  return std::string(outcome);
}

}  // namespace landrenew::out
