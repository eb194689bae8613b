// Reads a finished run's output folder (summary.json, manifest.json, landrenew.gpkg) and prints what an
// annual audit starts from.
//   read_summary /tmp/out
#include <cstdio>

#include "landrenew/audit/diff.hpp"
#include "landrenew/core/error.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: read_summary OUT_DIR\n");
    return 2;
  }
  try {
    const landrenew::diff::RunOutput run = landrenew::diff::read_run_output(argv[1]);
    std::printf("landrenew %s, profile %s, run %s\n", run.tool_version.c_str(), run.profile_name.c_str(),
                run.started_utc.c_str());
    std::printf("industrial     %zu parcels, %.2f mu\n", run.industrial_parcels, run.industrial_mu);
    std::printf("low-efficiency %zu parcels, %.2f mu\n", run.low_parcels, run.low_mu);
    std::printf("freed          %.2f of %.0f mu, %zu records\n", run.freed_mu, run.goal_mu, run.records_counted);
    for (const auto& park : run.parks) {
      if (park.uplift)
        std::printf("park %s: FAR %+.3f%s\n", park.name.c_str(), *park.uplift,
                    park.meets_target ? " (meets the +0.5 target)" : "");
      else
        std::printf("park %s: FAR uplift not evaluable\n", park.name.c_str());
    }
  } catch (const landrenew::Error& e) {
    std::fprintf(stderr, "read_summary: %s\n", e.what());
    return landrenew::exit_code(e.kind());
  }
}
