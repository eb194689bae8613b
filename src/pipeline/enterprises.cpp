// RULES.md 10–13: the enterprise table's 亩均 classes and admission checks (stages.hpp).
#include "pipeline/stages.hpp"

namespace landrenew::stages {

void enterprises(Analysis& a) {
  Inputs& in = a.check.inputs;
  const Profile& profile = in.profile;
  const PolygonLayer& parcels = in.parcels;
  Findings& findings = in.findings;
  if (!in.enterprises) return;
  a.enterprises = std::move(a.check.enterprises);
  a.mujun = evaluate_mujun(*a.enterprises, profile, findings);
  const auto& items = a.enterprises->items;
  a.enterprise_admission.reserve(items.size());
  for (const Enterprise& e : items) {
    a.enterprise_admission.push_back(
        check_admission(profile.admission, [&](Metric m) -> std::optional<double> {
          if (m != Metric::far) return e.metric(m);
          if (!a.after || e.parcels.empty()) return std::nullopt;
          double gfa = 0, area = 0;  // FAR of the parcels it holds, after renewal
          for (auto p : e.parcels) {
            gfa += a.after->parcel_gfa_m2[p];
            area += parcels.area_m2[p];
          }
          return area > 0 ? std::optional<double>(gfa / area) : std::nullopt;
        }));
    a.enterprise_park.push_back(e.location ? a.parcel_park[*e.location] : std::nullopt);
    a.enterprise_district.push_back(e.location ? a.parcel_district[*e.location] : std::nullopt);
    auto intensity = e.metric(Metric::energy_per_value_added);
    a.green_channel.push_back(intensity && *intensity < profile.plan.green_channel_energy_per_value_added);
  }

  if (a.enterprises)
    a.plan = plan_metrics(*a.enterprises, a.enterprise_district, a.enterprise_park,
                          a.districts ? &*a.districts : nullptr, a.parks ? &*a.parks : nullptr, profile);
}

}  // namespace landrenew::stages
