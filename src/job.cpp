#include "landrenew/job.hpp"

#include <chrono>
#include <ctime>

#include "landrenew/config/project.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/staging.hpp"

namespace landrenew {

RunResult run_job(const RunRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_utc = utc_now();
  const Project project = load_project(request.project_file);
  std::optional<ScenarioSpec> scenario_spec;
  if (!request.scenario_file.empty()) scenario_spec = load_scenario(request.scenario_file);
  if (request.postgis) out::check_postgis_target(*request.postgis);
  out::StagingDir staging(request.output_dir, request.overwrite);  // refuse an existing OUT_DIR before the work
  if (request.postgis) out::probe_postgis_target(*request.postgis);  // an unreachable database: before the work

  LoadOptions options;
  options.threads = request.threads;
  options.log = request.log;
  options.progress = request.progress;
  RunResult result{analyse(project, options), std::nullopt, {}};
  if (scenario_spec) result.scenario = evaluate_scenario(result.analysis, *scenario_spec);

  out::RunInfo info;
  if (result.scenario) info.scenario = &*result.scenario;
  info.command_line = request.command_line;
  info.started_utc = started_utc;
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.log = request.log;
  info.threads = request.threads;
  out::write_outputs(result.analysis, staging.path(), info);
  // Into PostGIS from the finished GeoPackage; OUT_DIR is committed only when that worked too.
  if (request.postgis) {
    if (request.log) request.log(tr("copying the result layers into PostGIS"));
    result.postgis_tables = out::write_postgis(staging.path() / out::file::gpkg, *request.postgis);
  }
  if (request.log) request.log(tr("done"));
  staging.commit();
  return result;
}

}  // namespace landrenew
