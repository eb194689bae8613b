#pragma once
// Every finding kind, declared once (issue 19): the stable key written in outputs (Finding::kind,
// qa_findings, summary.json findings.by_kind), its severity, its Chinese label (report, workbook, QGIS
// legend) and, for the kinds that change a headline figure (RULES.md 20), the line summary.json
// findings.warnings gives their count. Emitters name a kind by its enumerator (FindingReporter takes a
// FindingKind); readers of a key look it up here. Adding a kind: one enumerator and one row below, in the
// same place (a static_assert checks the order).
#include <cstddef>
#include <span>
#include <string_view>

#include "landrenew/core/findings.hpp"

namespace landrenew {

enum class FindingKind : unsigned char {
  // reading (io/reader.cpp, io/table_reader.cpp, inputs.cpp; geometry: RULES.md 3; rows: RULES.md 21)
  path_backslashes,
  crs_no_datum_shift,
  encoding_lossy,
  read_error,
  geometry_unreadable,
  geometry_null,
  geometry_empty,
  geometry_non_finite,
  geometry_not_polygonal,
  geometry_out_of_range,
  geometry_transform_failed,
  geometry_invalid_ring,
  geometry_empty_after_repair,
  geometry_repaired,
  geometry_null_kept,
  row_blank,
  row_note,
  row_total,
  row_no_identifier,
  row_other_year,
  bad_year,
  // values (RULES.md 11, 22)
  bad_number,
  bad_date,
  date_partial,
  implausible_value,
  // parcels (parcels.cpp; RULES.md 4, 24)
  duplicate_id,
  duplicate_geometry,
  overlap,
  area_mismatch,
  landuse_missing,
  landuse_unknown,
  landuse_looks_industrial,
  landuse_ambiguous,
  // buildings (rules/buildings.cpp; RULES.md 6-7)
  building_gfa_unknown,
  building_split_failed,
  // enterprises (rules/enterprises.cpp, rules/mujun.cpp; RULES.md 10)
  credit_code_missing,
  credit_code_invalid,
  credit_code_duplicate,
  enterprise_unlinked,
  enterprise_linked_by_name,
  enterprise_parcel_code_unknown,
  organisation_code_ambiguous,
  mujun_no_base,
  // register (register.cpp, rules/freed.cpp; RULES.md 16, 23)
  renewal_not_counted,
  parcel_code_unknown,
  register_footprint_from_codes,
  parcel_codes_disagree,
  // headline warnings only: no Finding carries these keys (coverage.cpp makes them from the analysis)
  features_rejected,
  enterprise_not_classified,
  renewal_records_unusable,
  landuse_ambiguous_by_layer,
  count_,  ///< not a kind: how many there are
};

struct FindingKindInfo {
  enum class Use {
    finding,        ///< a Finding carries it
    headline_only,  ///< only a headline warning's key (coverage.cpp makes it from the analysis)
  };
  FindingKind kind;
  std::string_view key;  ///< stable snake_case code, written in every output
  Use use = Use::finding;
  Severity severity = Severity::warning;  ///< of every finding of the kind
  std::string_view label_zh;  ///< never empty (the report, the workbook and the QGIS legend show it)
  /// For a kind that changes a headline figure (RULES.md 20): what its count counts and what it does to the
  /// figures, "N <headline> (layers)" in summary.json findings.warnings; empty for the others.
  std::string_view headline;
};

namespace detail {
using K = FindingKind;
using S = Severity;
using Use = FindingKindInfo::Use;
inline constexpr FindingKindInfo kFindingKinds[] = {
    // reading (io/reader.cpp, io/table_reader.cpp, inputs.cpp; geometry: RULES.md 3; rows: RULES.md 21)
    {K::path_backslashes, "path_backslashes", Use::finding, S::warning, "路径使用了反斜杠",
     N_("input paths are written with Windows backslashes and were read with / instead: check that each names"
        " the file meant")},
    {K::crs_no_datum_shift, "crs_no_datum_shift", Use::finding, S::warning, "旧坐标系未做基准转换",
     N_("layers are on Xian 1980 or Beijing 1954, taken without a datum shift: tens of metres off in "
        "Zhejiang")},
    {K::encoding_lossy, "encoding_lossy", Use::finding, S::warning, "文字无法完整解码",
     N_("layers have text that could not be decoded: names and codes may be garbled")},
    {K::read_error, "read_error", Use::finding, S::warning, "读取时GDAL报错", ""},
    {K::geometry_unreadable, "geometry_unreadable", Use::finding, S::error, "图形无法读取(文件损坏)", ""},
    {K::geometry_null, "geometry_null", Use::finding, S::error, "缺少图形", ""},
    {K::geometry_empty, "geometry_empty", Use::finding, S::error, "图形为空", ""},
    {K::geometry_non_finite, "geometry_non_finite", Use::finding, S::error, "坐标不是有限值", ""},
    {K::geometry_not_polygonal, "geometry_not_polygonal", Use::finding, S::error, "不是面状图形", ""},
    {K::geometry_out_of_range, "geometry_out_of_range", Use::finding, S::error, "坐标超出坐标系范围", ""},
    {K::geometry_transform_failed, "geometry_transform_failed", Use::finding, S::error, "坐标转换失败", ""},
    {K::geometry_invalid_ring, "geometry_invalid_ring", Use::finding, S::error, "图形环无效", ""},
    {K::geometry_empty_after_repair, "geometry_empty_after_repair", Use::finding, S::error, "修复后图形为空",
     ""},
    {K::geometry_repaired, "geometry_repaired", Use::finding, S::warning, "图形已自动修复", ""},
    {K::geometry_null_kept, "geometry_null_kept", Use::finding, S::warning, "台账项目缺少图形(按宗地代码)",
     ""},
    {K::row_blank, "row_blank", Use::finding, S::info, "空行(不计入)", ""},
    {K::row_note, "row_note", Use::finding, S::info, "注释说明行(不计入)", ""},
    {K::row_total, "row_total", Use::finding, S::info, "合计小计行(不计入)", ""},
    {K::row_no_identifier, "row_no_identifier", Use::finding, S::info, "无信用代码和名称的行(不计入)", ""},
    {K::row_other_year, "row_other_year", Use::finding, S::info, "非评价年度的行(不计入)", ""},
    {K::bad_year, "bad_year", Use::finding, S::warning, "年度无法识别",
     N_("enterprise rows have a blank or unreadable year: evaluated with the evaluation year's rows (RULES.md"
        " 21)")},
    // values (RULES.md 11, 22)
    {K::bad_number, "bad_number", Use::finding, S::warning, "数值无法识别",
     N_("cells that are not numbers, or negative: those values are treated as missing")},
    {K::bad_date, "bad_date", Use::finding, S::warning, "日期无法识别",
     N_("dates that do not parse: treated as missing (a register record without a date does not count)")},
    {K::date_partial, "date_partial", Use::finding, S::info, "日期只有年或月",
     N_("register dates give only a month or a year: each counted as the last day of it (RULES.md 22), which "
        "may move the record across the audit date, a year or an attribution tie")},
    {K::implausible_value, "implausible_value", Use::finding, S::warning, "数值明显不合理",
     N_("values above the profile's plausible limits: treated as missing")},
    // parcels (parcels.cpp; RULES.md 4, 24)
    {K::duplicate_id, "duplicate_id", Use::finding, S::warning, "编号重复", ""},
    {K::duplicate_geometry, "duplicate_geometry", Use::finding, S::warning, "图形重复", ""},
    {K::overlap, "overlap", Use::finding, S::warning, "宗地相互重叠", ""},
    {K::area_mismatch, "area_mismatch", Use::finding, S::info, "登记面积与图形面积不符", ""},
    {K::landuse_missing, "landuse_missing", Use::finding, S::warning, "缺少地类编码",
     N_("parcels have no land-use code: not counted as industrial")},
    {K::landuse_unknown, "landuse_unknown", Use::finding, S::warning, "地类编码无法识别",
     N_("parcels have a land-use code no scheme of the profile knows: not counted as industrial")},
    {K::landuse_looks_industrial, "landuse_looks_industrial", Use::finding, S::warning,
     "地类值疑似工业用地(未计入)", ""},
    {K::landuse_ambiguous, "landuse_ambiguous", Use::finding, S::info, "地类编码有歧义", ""},
    // buildings (rules/buildings.cpp; RULES.md 6-7)
    {K::building_gfa_unknown, "building_gfa_unknown", Use::finding, S::warning, "建筑面积无法确定", ""},
    {K::building_split_failed, "building_split_failed", Use::finding, S::warning, "建筑面积分摊失败", ""},
    // enterprises (rules/enterprises.cpp, rules/mujun.cpp; RULES.md 10)
    {K::credit_code_missing, "credit_code_missing", Use::finding, S::warning, "缺少统一社会信用代码",
     N_("enterprise rows have no credit code: they link to no parcel")},
    {K::credit_code_invalid, "credit_code_invalid", Use::finding, S::info, "统一社会信用代码无效", ""},
    {K::credit_code_duplicate, "credit_code_duplicate", Use::finding, S::warning, "统一社会信用代码重复",
     N_("enterprise rows repeat a credit code of another row: both rows are evaluated")},
    {K::enterprise_unlinked, "enterprise_unlinked", Use::finding, S::warning, "企业未关联到宗地",
     N_("enterprise rows have a credit code that is on no parcel: no location, and no land unless the table "
        "gives it")},
    {K::enterprise_linked_by_name, "enterprise_linked_by_name", Use::finding, S::warning,
     "企业仅按权利人名称关联(待核实)",
     N_("enterprise rows are linked to parcels only by the holder's name (no code on either side): check "
        "each")},
    {K::enterprise_parcel_code_unknown, "enterprise_parcel_code_unknown", Use::finding, S::warning,
     "企业表宗地代码无对应宗地", ""},
    {K::organisation_code_ambiguous, "organisation_code_ambiguous", Use::finding, S::warning,
     "组织机构代码对应多个信用代码",
     N_("enterprise rows have an organisation code that is in two different credit codes: not linked by it")},
    {K::mujun_no_base, "mujun_no_base", Use::finding, S::info, "亩均指标无正的基准值", ""},
    // register (register.cpp, rules/freed.cpp; RULES.md 16, 23)
    {K::renewal_not_counted, "renewal_not_counted", Use::finding, S::info, "更新项目未计入腾出", ""},
    {K::parcel_code_unknown, "parcel_code_unknown", Use::finding, S::warning, "台账宗地代码无对应宗地",
     N_("register records list parcel codes that name no used parcel: a record without geometry takes only "
        "the parcels its other codes name, and with none it does not count")},
    {K::register_footprint_from_codes, "register_footprint_from_codes", Use::finding, S::warning,
     "项目范围按所列宗地代码确定",
     N_("register records have no geometry of their own: each footprint is the union of the parcels it lists "
        "(RULES.md 23)")},
    {K::parcel_codes_disagree, "parcel_codes_disagree", Use::finding, S::warning,
     "台账宗地代码与项目范围不符", ""},
    // headline warnings only: no Finding carries these keys (coverage.cpp makes them from the analysis)
    {K::features_rejected, "features_rejected", Use::headline_only, S::info, "要素无可用图形被剔除", ""},
    {K::enterprise_not_classified, "enterprise_not_classified", Use::headline_only, S::info,
     "企业缺数据未能分类", ""},
    {K::renewal_records_unusable, "renewal_records_unusable", Use::headline_only, S::info,
     "更新项目缺日期或模式未计入", ""},
    {K::landuse_ambiguous_by_layer, "landuse_ambiguous_by_layer", Use::headline_only, S::info,
     "歧义地类编码按图层其余编码判定", ""},
};

consteval bool kinds_in_order_and_labelled() {
  for (std::size_t i = 0; i < std::size(kFindingKinds); ++i) {
    const FindingKindInfo& k = kFindingKinds[i];
    if (static_cast<std::size_t>(k.kind) != i || k.key.empty() || k.label_zh.empty()) return false;
    if (k.use == Use::headline_only && !k.headline.empty()) return false;  // coverage.cpp writes those
  }
  return std::size(kFindingKinds) == static_cast<std::size_t>(FindingKind::count_);
}
static_assert(
    kinds_in_order_and_labelled(),
    "kFindingKinds: one row per FindingKind, in the enum's order, each with a key and a Chinese label");
}  // namespace detail

/// Every kind, in declaration order.
constexpr std::span<const FindingKindInfo> finding_kinds() noexcept {
  return detail::kFindingKinds;
}
constexpr const FindingKindInfo& kind_info(FindingKind k) noexcept {
  return detail::kFindingKinds[static_cast<std::size_t>(k)];
}
/// The key written in outputs ("bad_number").
constexpr std::string_view kind_key(FindingKind k) noexcept {
  return kind_info(k).key;
}
/// The kind with this key, or nullptr.
const FindingKindInfo* find_finding_kind(std::string_view key) noexcept;

}  // namespace landrenew
