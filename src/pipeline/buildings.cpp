// RULES.md 6–8: the building snapshots on the parcels (stages.hpp).
#include <future>

#include "landrenew/core/i18n.hpp"

#include "pipeline/stages.hpp"

namespace landrenew::stages {

BuildingsResult buildings(Inputs& in, const rules::ParcelAssessment& pa,
                          std::string_view parcels_after_scheme, unsigned threads, const Step& step) {
  const Profile& profile = in.profile;
  const PolygonLayer& parcels = in.parcels;
  const std::vector<std::size_t>& industrial = pa.industrial;
  Findings& findings = in.findings;
  BuildingsResult r;
  // With two threads the snapshot after renewal is analysed beside the one before: each builds its own
  // index and prepared parcels (GEOS contexts are per thread; the parcels are only read) and keeps its own
  // findings, appended in the order one thread would have found them.
  std::future<rules::SnapshotResult> after_lane;
  Findings after_findings;
  if (threads >= 2 && in.buildings_before && in.buildings_after)
    after_lane = std::async(std::launch::async, [&] {
      return rules::analyse_snapshot(*in.buildings_after, parcels, industrial, profile.buildings,
                                     after_findings);
    });
  if (in.buildings_before) {
    step(N_("buildings before"), 0.45);
    try {
      r.before =
          rules::analyse_snapshot(*in.buildings_before, parcels, industrial, profile.buildings, findings);
    } catch (...) {
      if (after_lane.valid()) after_lane.wait();  // it uses this frame
      throw;
    }
  }
  if (in.buildings_after) {
    step(N_("buildings after"), 0.55);
    if (after_lane.valid()) {
      r.after = after_lane.get();
      findings.append(after_findings);
    } else {
      r.after =
          rules::analyse_snapshot(*in.buildings_after, parcels, industrial, profile.buildings, findings);
    }
    if (in.parcels_after) {
      rules::ParcelAssessment after =
          rules::assess_parcels(*in.parcels_after, profile, std::string(parcels_after_scheme), findings);
      r.industrial_after = after.industrial;
      r.after_own = rules::analyse_snapshot(*in.buildings_after, *in.parcels_after, r.industrial_after,
                                            profile.buildings, findings);
    }
  }
  return r;
}

}  // namespace landrenew::stages
