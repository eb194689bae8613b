#include "landrenew/pipeline/analysis.hpp"

#include "landrenew/core/i18n.hpp"
#include "landrenew/core/sha256.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/pipeline/coverage.hpp"
#include "landrenew/pipeline/partition.hpp"

#include "pipeline/stages.hpp"

namespace landrenew {

Analysis analyse(const Project& project, const LoadOptions& options) {
  // Each stage logs its name and moves the run's progress to the share of the work done before it.
  const stages::Step step = [&](const std::string& name, double done) {
    if (options.log) options.log(tr(name.c_str()));  // the stage names are msgids (N_)
    if (options.progress) options.progress("run", done);
  };
  const unsigned threads = options.threads;
  if (threads >= 2) {
    // The manifest's SHA-256 of every input file, computed while the inputs are read and analysed.
    std::vector<std::filesystem::path> files{project.file};
    for (const auto& [name, src] : project.layers)
      if (!src.is_connection())
        for (auto& f : io::source_files(src.path))
          files.push_back(std::move(f));
    prefetch_sha256(std::move(files));
  }
  Analysis a;
  a.check = run_check(project, options);  // RULES.md 1–4, 16, 21–24: inputs read, parcels and records judged
  Inputs& in = a.check.inputs;
  const rules::ParcelAssessment& parcels = a.check.parcels;
  const Profile& profile = in.profile;
  stages::as_of(a, project);
  step(N_("zones"), 0.40);
  static_cast<ZonesResult&>(a) = stages::zones(in, parcels, {.park_majority = profile.park_majority}, threads);
  const LayerSource* after_src = project.layer("parcels_after");
  static_cast<BuildingsResult&>(a) =
      stages::buildings(in, parcels, after_src ? after_src->landuse_scheme : "", threads, step);
  if (in.enterprises) step(N_("enterprises"), 0.65);
  static_cast<EnterprisesResult&>(a) = stages::enterprises(
      std::move(a.check.enterprises), in.parcels, a, a,
      {.mujun = profile.mujun, .admission = profile.admission, .plan = profile.plan}, in.findings);
  step(N_("low-efficiency land"), 0.68);
  static_cast<ParcelFactsResult&>(a) = stages::parcel_facts(
      in.parcels, parcels.industrial, a, a, a,
      {.wuwei = profile.wuwei, .admission = profile.admission, .as_of = a.as_of}, in.findings, threads);
  static_cast<LowEfficiencyResult&>(a) =
      stages::low_efficiency(in.parcels, parcels, a.facts, rules::low_efficiency_config(profile), threads);
  step(N_("clusters"), 0.78);  // RULES.md 15
  a.clusters = rules::find_clusters(in.parcels, a.low_parcels, in.profile.cluster_gap_m,
                                    in.profile.cluster_min_mu, threads);
  if (a.before || a.after) step(N_("zone FAR"), 0.82);
  static_cast<ZoneFarResult&>(a) = stages::zone_far(
      in, parcels, a, a, {.park_majority = profile.park_majority, .uplift_target = profile.far_uplift_target},
      threads);
  if (in.renewal) {  // RULES.md 16–19, with the records as check classified them (their findings are in)
    step(N_("freed land"), 0.86);
    std::optional<Date> audit;
    if (project.audit_date) audit = a.as_of;
    a.freed =
        rules::compute_freed(*in.renewal, std::move(a.check.renewal), in.parcels, a.check.parcels.industrial,
                             a.districts ? &*a.districts : nullptr, a.parks ? &*a.parks : nullptr,
                             in.profile.park_majority, in.profile.freed, audit, threads);
  }
  step(N_("agreement"), 0.93);
  a.agreement = stages::agreement(in, a.check.parcels.industrial, a.freed, threads);  // RULES.md 25
  keep_partition_share(a, threads);  // RULES.md 26: a partition keeps its own share
  a.warnings = headline_warnings(a);  // RULES.md 20
  if (options.progress) options.progress("run", 0.95);
  return a;
}

namespace stages {

void as_of(Analysis& a, const Project& project) {
  if (project.audit_date) {
    a.as_of = *parse_date(*project.audit_date);
    a.as_of_source = "audit_date in the project file";
  } else {
    a.as_of = today_utc();
    a.as_of_source = "the run date (the project sets no audit_date)";
  }
}

}  // namespace stages

}  // namespace landrenew
