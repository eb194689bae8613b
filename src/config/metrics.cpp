#include "landrenew/config/metrics.hpp"

namespace landrenew {

const std::vector<MetricInfo>& metric_table() {
  static const std::vector<MetricInfo> table = {
      {Metric::tax_per_mu, "tax_per_mu", "亩均税收(万元/亩)", true},
      {Metric::value_added_per_mu, "value_added_per_mu", "亩均增加值(万元/亩)", true},
      {Metric::output_per_mu, "output_per_mu", "亩均产出(万元/亩)", true},
      {Metric::value_added_per_energy, "value_added_per_energy", "单位能耗增加值(万元/吨标准煤)", true},
      {Metric::value_added_per_emission, "value_added_per_emission", "单位排放增加值(万元/吨)", true},
      {Metric::labour_productivity, "labour_productivity", "全员劳动生产率(万元/人)", true},
      {Metric::rd_intensity, "rd_intensity", "研发经费投入强度", true},
      {Metric::tax_per_electricity, "tax_per_electricity", "单位电耗税收(万元/万千瓦时)", true},
      {Metric::energy_per_value_added, "energy_per_value_added", "单位工业增加值能耗(吨标准煤/万元)", true},
      {Metric::investment_per_mu, "investment_per_mu", "投资强度(万元/亩)", true},
      {Metric::far, "far", "容积率", false},
  };
  return table;
}

std::optional<Metric> metric_from_name(std::string_view name) {
  for (const auto& m : metric_table())
    if (m.name == name) return m.metric;
  return std::nullopt;
}

const MetricInfo& metric_info(Metric m) {
  for (const auto& info : metric_table())
    if (info.metric == m) return info;
  return metric_table().front();
}

}  // namespace landrenew
