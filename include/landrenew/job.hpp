#pragma once
// landrenew::run_job: what `landrenew run` does, callable from the library — read and analyse a project,
// write every output into a staging folder beside OUT_DIR, optionally copy the layers into PostGIS, and
// commit OUT_DIR only when all of that worked (written in full or not at all).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "landrenew/out/postgis.hpp"
#include "landrenew/pipeline/analysis.hpp"
#include "landrenew/pipeline/scenario.hpp"

namespace landrenew {

/// One run, as `landrenew run` takes it from its options.
struct RunRequest {
  std::filesystem::path project_file;  ///< PROJECT_FILE (TOML)
  std::filesystem::path output_dir;    ///< OUT_DIR
  bool overwrite = false;              ///< `--overwrite`: replace an existing OUT_DIR
  std::filesystem::path scenario_file;  ///< `--scenario` (empty: none): scenario.json is written too
  std::optional<out::PostgisTarget> postgis;  ///< `--pg-output` / `--pg-schema`
  unsigned threads = 1;                       ///< `--threads` (≥ 1); the outputs are the same whatever it is
  std::string command_line;                   ///< for manifest.json (a password already removed)
  /// One line per stage (`--verbose`); may be empty.
  std::function<void(const std::string&)> log;
  /// Fraction done, only ever forward (`--progress`); may be empty.
  Progress progress;
};

/// What a committed run leaves besides OUT_DIR's files.
struct RunResult {
  Analysis analysis;
  std::optional<ScenarioResult> scenario;
  std::vector<out::PostgisLayerCount> postgis_tables;  ///< empty without a PostGIS target
};

/// Runs the main job. The checks that can fail early come before the work: the scenario file, the PostGIS
/// target's form, an OUT_DIR that exists without `overwrite`, then whether the database answers. Throws
/// Error (docs/commands.md "Exit codes" maps its kind); OUT_DIR is then left as it was.
RunResult run_job(const RunRequest& request);

}  // namespace landrenew
