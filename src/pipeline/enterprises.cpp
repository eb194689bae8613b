// RULES.md 10–13: the enterprise table's 亩均 classes and admission checks (stages.hpp).
#include "pipeline/stages.hpp"

namespace landrenew::stages {

EnterprisesResult enterprises(std::optional<rules::EnterpriseSet> linked, const PolygonLayer& parcels,
                              const ZonesResult& zones, const BuildingsResult& buildings,
                              const EnterprisesConfig& config, Findings& findings) {
  EnterprisesResult r;
  if (!linked) return r;
  r.enterprises = std::move(linked);
  r.mujun = rules::evaluate_mujun(*r.enterprises, config.mujun, findings);
  const auto& items = r.enterprises->items;
  r.enterprise_admission.reserve(items.size());
  for (const rules::Enterprise& e : items) {
    r.enterprise_admission.push_back(
        rules::check_admission(config.admission, [&](Metric m) -> std::optional<double> {
          if (m != Metric::far) return e.metric(m);
          if (!buildings.after || e.parcels.empty()) return std::nullopt;
          double gfa = 0, area = 0;  // FAR of the parcels it holds, after renewal
          for (auto p : e.parcels) {
            gfa += buildings.after->parcel_gfa_m2[p];
            area += parcels.area_m2[p];
          }
          return area > 0 ? std::optional<double>(gfa / area) : std::nullopt;
        }));
    r.enterprise_park.push_back(e.location ? zones.parcel_park[*e.location] : std::nullopt);
    r.enterprise_district.push_back(e.location ? zones.parcel_district[*e.location] : std::nullopt);
    auto intensity = e.metric(Metric::energy_per_value_added);
    r.green_channel.push_back(intensity && *intensity < config.plan.green_channel_energy_per_value_added);
  }
  r.plan = rules::plan_metrics(*r.enterprises, r.enterprise_district, r.enterprise_park,
                               zones.districts ? &*zones.districts : nullptr,
                               zones.parks ? &*zones.parks : nullptr, config.plan, config.mujun.groups);
  return r;
}

}  // namespace landrenew::stages
