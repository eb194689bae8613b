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

#include "landrenew/audit/diff.hpp"
#include "landrenew/config/profile.hpp"
#include "landrenew/config/project.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/job.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/postgis.hpp"
#include "landrenew/pipeline/check.hpp"
#include "landrenew/pipeline/init.hpp"
#include "landrenew/pipeline/scenario.hpp"

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 done (also when data problems were found and reported); 2 bad command line; "
    "3 project file; 4 policy profile; 5 an input cannot be opened; 6 an input cannot be used as it is; "
    "7 an output cannot be written; 8 internal error.";

int fail(const std::string& message, int code) {
  std::cerr << "landrenew: " << message << "\n";
  return code;
}

// Each subcommand: its options, declared once on the parser, and what it does with them.

struct CheckCommand {
  std::string project;
  std::size_t examples = 3;
  bool quiet = false;
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    cmd = app.add_subcommand("check",
                             "Read and validate the inputs a project file names (encoding, CRS, geometry, "
                             "fields, codes) and print the findings; writes nothing.");
    cmd->add_option("PROJECT_FILE", project, "The project file (TOML)")->required();
    cmd->add_option("--examples", examples, "Findings printed per kind and layer (default 3; 0 for counts only)");
    cmd->add_flag("-q,--quiet", quiet, "Print only the accounting lines and totals");
    cmd->footer(kExitCodes);
  }
  int run() const {
    const landrenew::CheckResult result = landrenew::run_check(landrenew::load_project(project));
    landrenew::write_check_report(std::cout, result, {quiet ? 0 : examples});
    return 0;
  }
};

struct RunCommand {
  std::string project, out, scenario;
  bool overwrite = false, progress = false, quiet = false, verbose = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  landrenew::out::PostgisTarget pg_target;
  CLI::Option* pg_output = nullptr;
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    std::string files;
    for (const auto& f : landrenew::out::output_files())
      files += "\n  " + std::string(f.name) + std::string(24 - std::min<std::size_t>(f.name.size(), 22), ' ') +
               std::string(f.what);
    cmd = app.add_subcommand("run",
                             "The main job: read every input, apply the policy profile, write the outputs "
                             "to OUT_DIR:" + files);
    cmd->add_option("PROJECT_FILE", project, "The project file (TOML)")->required();
    cmd->add_option("-o,--output", out, "Output folder (OUT_DIR); written in full or not at all")->required();
    cmd->add_flag("--overwrite", overwrite, "Replace OUT_DIR if it exists");
    cmd->add_flag("--progress", progress, "Show GDAL-style progress (0...10...20...) while running");
    cmd->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    cmd->add_flag("-v,--verbose", verbose, "Log each stage with the time since the start on stderr");
    cmd->add_option("--threads", threads,
                    "Threads to use (default: the number of cores); the results are the same whatever "
                    "the number")
        ->check(CLI::Range(1u, 256u));
    cmd->add_option("--scenario", scenario,
                    "Scenario file (TOML): candidate parcels or clusters and a target FAR; writes scenario.json "
                    "with what they would add to the freed tally and to each park's FAR");
    pg_output = cmd->add_option(
        "--pg-output", pg_target.connection,
        "Also copy every layer of landrenew.gpkg into PostGIS, in one transaction, once the outputs are "
        "complete: a connection PG:\"dbname=... host=... user=...\" (nothing else is accepted)");
    cmd->add_option("--pg-schema", pg_target.schema,
                    "Schema for --pg-output (default: landrenew), created if missing; its tables are replaced")
        ->needs(pg_output);
    cmd->footer(kExitCodes);
  }

  landrenew::RunRequest request(int argc, char** argv, double& shown) const {
    landrenew::RunRequest r{.project_file = project,
                            .output_dir = out,
                            .overwrite = overwrite,
                            .scenario_file = scenario,
                            .threads = threads};
    if (pg_output->count() > 0) r.postgis = pg_target;
    for (int i = 0; i < argc; ++i)  // --pg-output's password removed
      r.command_line += (i ? " " : "") + landrenew::io::redact_connection(argv[i]);
    const auto started = std::chrono::steady_clock::now();
    if (verbose)
      r.log = [started](const std::string& step) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "landrenew: [%7.2f s] %s\n", s, step.c_str());
      };
    // GDAL-style "0...10...20..." on stdout, as ogr2ogr --progress does; it only ever moves forward.
    if (progress)
      r.progress = [&shown](std::string_view, double f) {
        if (f <= shown) return;
        shown = f;
        GDALTermProgress(f, nullptr, nullptr);
      };
    return r;
  }

  int run(int argc, char** argv) const {
    double shown = 0;
    const landrenew::RunRequest req = request(argc, argv, shown);
    landrenew::RunResult result = landrenew::run_job(req);
    if (progress) GDALTermProgress(1.0, nullptr, nullptr);
    if (!quiet) landrenew::out::write_run_summary(std::cout, result.analysis, out);
    if (!quiet && req.postgis)
      std::cout << "postgis          " << result.postgis_tables.size() << " tables in schema "
                << landrenew::out::quote_identifier(pg_target.schema) << " of "
                << landrenew::io::redact_connection(pg_target.connection) << "\n";
    if (!quiet && result.scenario) landrenew::write_scenario_summary(std::cout, *result.scenario);
#ifndef __SANITIZE_ADDRESS__
    // Freeing millions of geometries one by one takes seconds at province scale, and the process ends
    // here anyway: the analysis is handed to the exit. (Under AddressSanitizer it is freed, so that the
    // leak check still sees every object of it released.)
    new landrenew::RunResult(std::move(result));
#endif
    return 0;
  }
};

struct InitCommand {
  std::string folder, out, profile = "huzhou-2023", audit_date;
  std::vector<std::string> layers, fields;
  bool json = false, force = false;
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    cmd = app.add_subcommand(
        "init",
        "Propose a project file: which of a folder's files are the parcels, building snapshots, districts, "
        "parks, register and 亩均 table, and each layer's field mapping as check would make it; every guess "
        "is marked 请确认 / confirm. Without -o the file is printed.");
    cmd->add_option("FOLDER", folder, "A folder of the bureau's files, scanned for the roles not given");
    cmd->add_option("-o,--output", out, "The project file to write (refused if it exists, unless --force)");
    cmd->add_option(
           "--layer", layers,
           "ROLE=SOURCE: the layer of a role (parcels, buildings_before, buildings_after, districts, "
           "parks, renewal, enterprises); SOURCE a path or path|layername=NAME; repeatable")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--field", fields, "ROLE.KEY=COLUMN: a field mapping of a --layer; repeatable")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--profile", profile, "The policy profile the file names (default huzhou-2023)");
    cmd->add_option("--audit-date", audit_date, "The audit date the file sets (YYYY-MM-DD)");
    cmd->add_flag("--json", json, "Print what was found as JSON (roles, paths, fields) instead of the file");
    cmd->add_flag("--force", force, "Replace an existing project file");
    cmd->footer(kExitCodes);
  }
  int run() const {
    using landrenew::Error, landrenew::ErrorKind;
    if (folder.empty() && layers.empty())
      throw Error(ErrorKind::usage, "init: give a FOLDER to scan, or --layer ROLE=SOURCE");
    if (!audit_date.empty() && !landrenew::is_iso_date(audit_date))
      throw Error(ErrorKind::usage, "--audit-date '" + audit_date + "': write YYYY-MM-DD");
    landrenew::InitRequest request;
    if (!folder.empty()) request.folder = folder;
    request.layers = layers;
    request.fields = fields;
    request.profile = profile;
    request.audit_date = audit_date;
    const landrenew::InitResult result = landrenew::propose_project(request);
    const std::filesystem::path dir =
        out.empty() ? std::filesystem::current_path() : std::filesystem::absolute(out).parent_path();
    const std::string text = landrenew::project_file_text(result, request, dir);
    if (!out.empty()) landrenew::write_project_file(out, text, force);
    if (json)
      std::cout << landrenew::init_json(
                       result, out.empty() ? std::nullopt : std::optional<std::filesystem::path>(out))
                       .dump(2)
                << "\n";
    else if (out.empty())
      std::cout << text;
    else
      std::cerr << "landrenew: wrote " << out << " (" << result.layers.size()
                << " layers); check it, then: landrenew check " << out << "\n";
    return 0;
  }
};

struct DiffCommand {
  std::string old_dir, new_dir, json_file;
  std::size_t limit = 20;
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    cmd = app.add_subcommand("diff",
                             "Compare two runs from their output folders (the annual audit): parcels newly "
                             "or no longer flagged, freed ground, renewal records added, changed or removed, "
                             "parks across the +0.5 line, input hashes; totals reconcile.");
    cmd->add_option("OLD_OUT_DIR", old_dir, "Output folder of the earlier run")->required();
    cmd->add_option("NEW_OUT_DIR", new_dir, "Output folder of the later run")->required();
    cmd->add_option("--json", json_file, "Write the full comparison as JSON to this file ('-' for stdout)");
    cmd->add_option("--limit", limit, "Lines printed per list (default 20; 0 for all)");
    cmd->footer(kExitCodes);
  }
  int run() const {
    const landrenew::diff::RunDiff d = landrenew::diff::diff_folders(old_dir, new_dir);
    if (json_file == "-") {
      std::cout << landrenew::diff::diff_json(d).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
      return 0;
    }
    if (!json_file.empty()) landrenew::diff::write_diff_json(json_file, d);
    landrenew::diff::write_diff_text(std::cout, d, limit);
    return 0;
  }
};

struct ProfileCommand {
  std::string ref;
  CLI::App* show = nullptr;
  CLI::App* check = nullptr;

  void declare(CLI::App& app) {
    auto* cmd = app.add_subcommand("profile", "Show or check a policy profile (a built-in name or a file).");
    cmd->require_subcommand(1);
    show = cmd->add_subcommand("show", "Print the profile resolved: every value, defaults and base applied.");
    show->add_option("PROFILE", ref, "huzhou-2023, or the path of a profile file")->required();
    check = cmd->add_subcommand(
        "check", "Check a profile: unknown keys, wrong types and impossible values are reported with line numbers.");
    check->add_option("PROFILE", ref, "huzhou-2023, or the path of a profile file")->required();
    cmd->footer(kExitCodes);
  }
  int run() const {
    if (*show) {
      std::cout << landrenew::resolved_profile_toml(landrenew::load_profile(ref));
      return 0;
    }
    const landrenew::Profile p = landrenew::load_profile(ref);
    std::cout << "profile " << p.name << " " << p.version << " (" << p.origin << "): ok, sha256 " << p.sha256
              << "\n";
    return 0;
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"landrenew " + std::string(landrenew::version()) +
               " — industrial land renewal analysis (湖州 2023–2027 工业全域有机更新)"};
  app.name("landrenew");
  app.footer(kExitCodes);
  app.set_version_flag("--version", std::string("landrenew ") + std::string(landrenew::version()));
  app.require_subcommand(1);
  CheckCommand check;
  RunCommand run;
  DiffCommand diff;
  ProfileCommand profile;
  InitCommand init;
  init.declare(app);
  check.declare(app);
  run.declare(app);
  diff.declare(app);
  profile.declare(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(std::string(e.what()) + " (see landrenew --help)",
                landrenew::exit_code(landrenew::ErrorKind::usage));
  }

  try {
    if (*check.cmd) return check.run();
    if (*run.cmd) return run.run(argc, argv);
    if (*diff.cmd) return diff.run();
    if (*init.cmd) return init.run();
    return profile.run();
  } catch (const landrenew::Error& e) {
    return fail(e.what(), landrenew::exit_code(e.kind()));
  } catch (const std::bad_alloc&) {
    return fail("out of memory", landrenew::exit_code(landrenew::ErrorKind::internal));
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what(),
                landrenew::exit_code(landrenew::ErrorKind::internal));
  }
}
