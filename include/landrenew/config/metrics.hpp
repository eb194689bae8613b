#pragma once
// The per-mu and per-unit indicators of DOMAIN.md §4, by name. Profiles refer to them by these names.
#include <optional>
#include <string_view>
#include <vector>

namespace landrenew {

enum class Metric {
  tax_per_mu,                ///< 亩均税收 = tax ÷ land (万元/亩)
  value_added_per_mu,        ///< 亩均增加值 = value added ÷ land (万元/亩)
  output_per_mu,             ///< 亩均产出 = revenue ÷ land (万元/亩)
  value_added_per_energy,    ///< 单位能耗增加值 = value added ÷ energy (万元/吨标准煤)
  value_added_per_emission,  ///< 单位排放增加值 = value added ÷ emissions (万元/吨)
  labour_productivity,       ///< 全员劳动生产率 = value added ÷ employees (万元/人)
  rd_intensity,              ///< R&D 强度 = R&D spending ÷ revenue (ratio)
  tax_per_electricity,       ///< 单位电耗税收 = tax ÷ electricity (万元/万千瓦时)
  energy_per_value_added,    ///< 单位工业增加值能耗 = energy ÷ value added (吨标准煤/万元)
  investment_per_mu,         ///< 投资强度 = fixed-asset investment ÷ land (万元/亩)
  far,                       ///< 容积率 (parcel, after snapshot; RULES.md 8)
};

struct MetricInfo {
  Metric metric;
  std::string_view name;      ///< snake_case, as in profiles and output fields
  std::string_view label_zh;  ///< with unit
  bool enterprise;            ///< computed per enterprise from the 亩均 table
};

const std::vector<MetricInfo>& metric_table();
std::optional<Metric> metric_from_name(std::string_view name);
const MetricInfo& metric_info(Metric m);

}  // namespace landrenew
