// The landrenew command line: parses arguments, calls the library, and turns an Error into one line on
// stderr and a documented exit code (docs/commands.md "Exit codes"). Nothing else lives here.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <cpl_progress.h>

#include "landrenew/check.hpp"
#include "landrenew/diff.hpp"
#include "landrenew/error.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/job.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/postgis.hpp"
#include "landrenew/profile.hpp"
#include "landrenew/project.hpp"
#include "landrenew/scenario.hpp"
#include "landrenew/version.hpp"

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 done (also when data problems were found and reported); 2 bad command line; "
    "3 project file; 4 policy profile; 5 an input cannot be opened; 6 an input cannot be used as it is; "
    "7 an output cannot be written; 8 internal error.";

int fail(const std::string& message, int code) {
  std::cerr << "landrenew: " << message << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"landrenew " + std::string(landrenew::version()) +
               " — industrial land renewal analysis (湖州 2023–2027 工业全域有机更新)"};
  app.name("landrenew");
  app.footer(kExitCodes);
  app.set_version_flag("--version", std::string("landrenew ") + std::string(landrenew::version()));
  app.require_subcommand(1);

  std::string check_project;
  std::size_t examples = 3;
  bool quiet = false;
  auto* check = app.add_subcommand("check",
                                   "Read and validate the inputs a project file names (encoding, CRS, "
                                   "geometry, fields, codes) and print the findings; writes nothing.");
  check->add_option("PROJECT_FILE", check_project, "The project file (TOML)")->required();
  check->add_option("--examples", examples,
                    "Findings printed per kind and layer (default 3; 0 for counts only)");
  check->add_flag("-q,--quiet", quiet, "Print only the accounting lines and totals");
  check->footer(kExitCodes);

  std::string run_project, run_out, run_scenario;
  bool overwrite = false, progress = false, run_quiet = false, verbose = false;
  auto* run =
      app.add_subcommand("run",
                         "The main job: read every input, apply the policy profile, write the outputs "
                         "(landrenew.gpkg, summary.json, manifest.json) to OUT_DIR.");
  run->add_option("PROJECT_FILE", run_project, "The project file (TOML)")->required();
  run->add_option("-o,--output", run_out, "Output folder (OUT_DIR); written in full or not at all")
      ->required();
  run->add_flag("--overwrite", overwrite, "Replace OUT_DIR if it exists");
  run->add_flag("--progress", progress, "Show GDAL-style progress (0...10...20...) while running");
  run->add_flag("-q,--quiet", run_quiet, "Print nothing but errors");
  run->add_flag("-v,--verbose", verbose, "Log each stage with the time since the start on stderr");
  unsigned run_threads = std::max(1u, std::thread::hardware_concurrency());
  run->add_option("--threads", run_threads,
                  "Threads to use (default: the number of cores); the results are the same whatever "
                  "the number")
      ->check(CLI::Range(1u, 256u));
  run->add_option(
      "--scenario", run_scenario,
      "Scenario file (TOML): candidate parcels or clusters and a target FAR; writes scenario.json "
      "with what they would add to the freed tally and to each park's FAR");
  landrenew::out::PostgisTarget pg_target;
  auto* pg_output = run->add_option(
      "--pg-output", pg_target.connection,
      "Also copy every layer of landrenew.gpkg into PostGIS, in one transaction, once the outputs are "
      "complete: a connection PG:\"dbname=... host=... user=...\" (nothing else is accepted)");
  run->add_option("--pg-schema", pg_target.schema,
                  "Schema for --pg-output (default: landrenew), created if missing; its tables are replaced")
      ->needs(pg_output);
  run->footer(kExitCodes);

  std::string diff_old, diff_new, diff_json_file;
  std::size_t diff_limit = 20;
  auto* diff =
      app.add_subcommand("diff",
                         "Compare two runs from their output folders (the annual audit): parcels newly "
                         "or no longer flagged, freed ground, renewal records added, changed or removed, "
                         "parks across the +0.5 line, input hashes; totals reconcile.");
  diff->add_option("OLD_OUT_DIR", diff_old, "Output folder of the earlier run")->required();
  diff->add_option("NEW_OUT_DIR", diff_new, "Output folder of the later run")->required();
  diff->add_option("--json", diff_json_file,
                   "Write the full comparison as JSON to this file ('-' for stdout)");
  diff->add_option("--limit", diff_limit, "Lines printed per list (default 20; 0 for all)");
  diff->footer(kExitCodes);

  std::string profile_ref;
  auto* profile =
      app.add_subcommand("profile", "Show or check a policy profile (a built-in name or a file).");
  profile->require_subcommand(1);
  auto* profile_show =
      profile->add_subcommand("show", "Print the profile resolved: every value, defaults and base applied.");
  profile_show->add_option("PROFILE", profile_ref, "huzhou-2023, or the path of a profile file")->required();
  auto* profile_check = profile->add_subcommand(
      "check",
      "Check a profile: unknown keys, wrong types and impossible values are reported with line numbers.");
  profile_check->add_option("PROFILE", profile_ref, "huzhou-2023, or the path of a profile file")->required();
  profile->footer(kExitCodes);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(std::string(e.what()) + " (see landrenew --help)",
                landrenew::exit_code(landrenew::ErrorKind::usage));
  }

  try {
    if (*check) {
      landrenew::Project project = landrenew::load_project(check_project);
      landrenew::CheckResult result = landrenew::run_check(project);
      landrenew::write_check_report(std::cout, result, {quiet ? 0 : examples});
      return 0;
    }
    if (*run) {
      landrenew::RunRequest request{.project_file = run_project,
                                    .output_dir = run_out,
                                    .overwrite = overwrite,
                                    .scenario_file = run_scenario,
                                    .threads = run_threads};
      if (pg_output->count() > 0) request.postgis = pg_target;
      for (int i = 0; i < argc; ++i)  // --pg-output's password removed
        request.command_line += (i ? " " : "") + landrenew::io::redact_connection(argv[i]);
      const auto started = std::chrono::steady_clock::now();
      if (verbose)
        request.log = [started](const std::string& step) {
          const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          std::fprintf(stderr, "landrenew: [%7.2f s] %s\n", s, step.c_str());
        };
      // GDAL-style "0...10...20..." on stdout, as ogr2ogr --progress does; it only ever moves forward.
      double shown = 0;
      if (progress)
        request.progress = [&shown](std::string_view, double f) {
          if (f <= shown) return;
          shown = f;
          GDALTermProgress(f, nullptr, nullptr);
        };
      landrenew::RunResult result = landrenew::run_job(request);
      if (progress) GDALTermProgress(1.0, nullptr, nullptr);
      if (!run_quiet) landrenew::out::write_run_summary(std::cout, result.analysis, run_out);
      if (!run_quiet && request.postgis)
        std::cout << "postgis          " << result.postgis_tables.size() << " tables in schema "
                  << landrenew::out::quote_identifier(pg_target.schema) << " of "
                  << landrenew::io::redact_connection(pg_target.connection) << "\n";
      if (!run_quiet && result.scenario) landrenew::write_scenario_summary(std::cout, *result.scenario);
#ifndef __SANITIZE_ADDRESS__
      // Freeing millions of geometries one by one takes seconds at province scale, and the process ends
      // here anyway: the analysis is handed to the exit. (Under AddressSanitizer it is freed, so that the
      // leak check still sees every object of it released.)
      new landrenew::RunResult(std::move(result));
#endif
      return 0;
    }
    if (*diff) {
      const landrenew::diff::RunDiff d = landrenew::diff::diff_folders(diff_old, diff_new);
      if (diff_json_file == "-") {
        std::cout << landrenew::diff::diff_json(d).dump(2, ' ', false,
                                                        nlohmann::json::error_handler_t::replace)
                  << "\n";
        return 0;
      }
      if (!diff_json_file.empty()) landrenew::diff::write_diff_json(diff_json_file, d);
      landrenew::diff::write_diff_text(std::cout, d, diff_limit);
      return 0;
    }
    if (*profile_show) {
      std::cout << landrenew::resolved_profile_toml(landrenew::load_profile(profile_ref));
      return 0;
    }
    if (*profile_check) {
      const landrenew::Profile p = landrenew::load_profile(profile_ref);
      std::cout << "profile " << p.name << " " << p.version << " (" << p.origin << "): ok, sha256 "
                << p.sha256 << "\n";
      return 0;
    }
  } catch (const landrenew::Error& e) {
    return fail(e.what(), landrenew::exit_code(e.kind()));
  } catch (const std::bad_alloc&) {
    return fail("out of memory", landrenew::exit_code(landrenew::ErrorKind::internal));
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what(),
                landrenew::exit_code(landrenew::ErrorKind::internal));
  }
  return 0;
}
