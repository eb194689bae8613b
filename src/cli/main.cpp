// The landrenew command line: parses arguments, calls the library, and turns an Error into one line on
// stderr and a documented exit code (docs/commands.md "Exit codes"). Nothing else lives here.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <regex>
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
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/job.hpp"
#include "landrenew/out/merge.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/partition.hpp"
#include "landrenew/out/postgis.hpp"
#include "landrenew/pipeline/check.hpp"
#include "landrenew/pipeline/init.hpp"
#include "landrenew/pipeline/scenario.hpp"

namespace {

using landrenew::N_, landrenew::tr, landrenew::trf;

constexpr const char* kExitCodes =
    N_("Exit codes: 0 done (also when data problems were found and reported); 2 bad command line; "
       "3 project file; 4 policy profile; 5 an input cannot be opened; 6 an input cannot be used as it is; "
       "7 an output cannot be written; 8 internal error.");

/// The language of what is printed (issue 21): --lang zh|en wherever it is on the command line (read before
/// the options are declared, so that --help is in it too), else the environment as GNU gettext reads it.
landrenew::Language printed_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    std::string_view value;
    if (a == "--lang" && i + 1 < argc)
      value = argv[i + 1];
    else if (a.starts_with("--lang="))
      value = a.substr(7);
    else
      continue;
    if (value == "zh") return landrenew::Language::zh;
    if (value == "en") return landrenew::Language::en;
  }
  return landrenew::language_from_environment();
}

/// The groups of the help screens, in the printed language: a subcommand's help flag is made before the
/// option defaults reach it, so every option still in CLI11's "Options" group is moved.
void translate_groups(CLI::App& app) {
  for (CLI::Option* o : app.get_options([](const CLI::Option* o) { return o->get_group() == "Options"; }))
    o->group(tr("Options"));
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->group(tr("Subcommands"));
    translate_groups(*sub);
  }
}

/// CLI11's parse errors, in the printed language: the common ones by their shape, others as CLI11 says them.
std::string parse_error_text(const CLI::ParseError& e) {
  static const std::pair<std::regex, const char*> known[] = {
      {std::regex("(\\S+) is required"), N_("{1} is required")},
      {std::regex("A subcommand is required"),
       N_("a subcommand is required (init, check, run, diff, profile)")},
      {std::regex("The following arguments? (?:was|were) not expected: (.*)"),
       N_("not expected on the command line: {1}")},
      {std::regex("(\\S+): (.*) not in (\\{.*\\})"), N_("{1}: '{2}' is not one of {3}")},
      {std::regex("(\\S+): Value (.*) not in range (\\S+) to (\\S+)"),
       N_("{1}: {2} is not between {3} and {4}")},
      {std::regex("Could not convert: (\\S+) = (.*)"), N_("{1}: '{2}' is not a number of the kind it takes")},
      {std::regex("(\\S+) requires (\\S+)"), N_("{1} needs {2}")},
  };
  const std::string what = e.what();
  std::smatch m;
  for (const auto& [shape, msgid] : known)
    if (std::regex_match(what, m, shape)) {
      std::vector<std::string> a(m.begin() + 1, m.end());
      a.resize(4);
      return trf(msgid, a[0], a[1], a[2], a[3]);
    }
  return what;
}

/// CLI11's own words in the help screens, in the printed language.
void translate_help_labels(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label :
       {N_("Usage"), N_("OPTIONS"), N_("Options"), N_("Subcommands"), N_("Positionals"), N_("REQUIRED"),
        N_("SUBCOMMAND"), N_("TEXT"), N_("UINT"), N_("INT"), N_("Excludes"), N_("Needs")})
    f->label(label, tr(label));
}

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
                             tr("Read and validate the inputs a project file names (encoding, CRS, geometry, "
                                "fields, codes) and print the findings; writes nothing."));
    cmd->add_option("PROJECT_FILE", project, tr("The project file (TOML)"))->required();
    cmd->add_option("--examples", examples,
                    tr("Findings printed per kind and layer (default 3; 0 for counts only)"));
    cmd->add_flag("-q,--quiet", quiet, tr("Print only the accounting lines and totals"));
    cmd->footer(tr(kExitCodes));
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
      files += "\n  " + std::string(f.name) +
               std::string(24 - std::min<std::size_t>(f.name.size(), 22), ' ') +
               tr(f.what.data());  // a literal: null-terminated
    cmd = app.add_subcommand("run", tr("The main job: read every input, apply the policy profile, write the "
                                       "outputs to OUT_DIR:") +
                                        files);
    cmd->add_option("PROJECT_FILE", project, tr("The project file (TOML)"))->required();
    cmd->add_option("-o,--output", out, tr("Output folder (OUT_DIR); written in full or not at all"))
        ->required();
    cmd->add_flag("--overwrite", overwrite, tr("Replace OUT_DIR if it exists"));
    cmd->add_flag("--progress", progress, tr("Show GDAL-style progress (0...10...20...) while running"));
    cmd->add_flag("-q,--quiet", quiet, tr("Print nothing but errors"));
    cmd->add_flag("-v,--verbose", verbose, tr("Log each stage with the time since the start on stderr"));
    cmd->add_option("--threads", threads,
                    tr("Threads to use (default: the number of cores); the results are the same whatever "
                       "the number"))
        ->check(CLI::Range(1u, 256u));
    cmd->add_option(
        "--scenario", scenario,
        tr("Scenario file (TOML): candidate parcels or clusters and a target FAR; writes scenario.json "
           "with what they would add to the freed tally and to each park's FAR"));
    pg_output = cmd->add_option(
        "--pg-output", pg_target.connection,
        tr("Also copy every layer of landrenew.gpkg into PostGIS, in one transaction, once the outputs are "
           "complete: a connection PG:\"dbname=... host=... user=...\" (nothing else is accepted)"));
    cmd->add_option(
           "--pg-schema", pg_target.schema,
           tr("Schema for --pg-output (default: landrenew), created if missing; its tables are replaced"))
        ->needs(pg_output);
    cmd->footer(tr(kExitCodes));
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
      std::cout << trf(N_("postgis          {1} tables in schema {2} of {3}"), result.postgis_tables.size(),
                       landrenew::out::quote_identifier(pg_target.schema),
                       landrenew::io::redact_connection(pg_target.connection))
                << "\n";
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
    cmd = app.add_subcommand("init", tr("Propose a project file: which of a folder's files are the parcels, "
                                        "building snapshots, districts, "
                                        "parks, register and 亩均 table, and each layer's field mapping as "
                                        "check would make it; every guess "
                                        "is marked 请确认 / confirm. Without -o the file is printed."));
    cmd->add_option("FOLDER", folder, tr("A folder of the bureau's files, scanned for the roles not given"));
    cmd->add_option("-o,--output", out,
                    tr("The project file to write (refused if it exists, unless --force)"));
    cmd->add_option(
           "--layer", layers,
           tr("ROLE=SOURCE: the layer of a role (parcels, buildings_before, buildings_after, districts, "
              "parks, renewal, enterprises); SOURCE a path or path|layername=NAME; repeatable"))
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--field", fields, tr("ROLE.KEY=COLUMN: a field mapping of a --layer; repeatable"))
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--profile", profile, tr("The policy profile the file names (default huzhou-2023)"));
    cmd->add_option("--audit-date", audit_date, tr("The audit date the file sets (YYYY-MM-DD)"));
    cmd->add_flag("--json", json,
                  tr("Print what was found as JSON (roles, paths, fields) instead of the file"));
    cmd->add_flag("--force", force, tr("Replace an existing project file"));
    cmd->footer(tr(kExitCodes));
  }
  int run() const {
    using landrenew::Error, landrenew::ErrorKind;
    if (folder.empty() && layers.empty())
      throw Error(ErrorKind::usage, tr("init: give a FOLDER to scan, or --layer ROLE=SOURCE"));
    if (!audit_date.empty() && !landrenew::is_iso_date(audit_date))
      throw Error(ErrorKind::usage, trf(N_("--audit-date '{1}': write YYYY-MM-DD"), audit_date));
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
      std::cerr << "landrenew: "
                << trf(N_("wrote {1} ({2} layers); check it, then: landrenew check {1}"), out,
                       result.layers.size())
                << "\n";
    return 0;
  }
};

struct DiffCommand {
  std::string old_dir, new_dir, json_file;
  std::size_t limit = 20;
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    cmd = app.add_subcommand(
        "diff", tr("Compare two runs from their output folders (the annual audit): parcels newly "
                   "or no longer flagged, freed ground, renewal records added, changed or removed, "
                   "parks across the +0.5 line, input hashes; totals reconcile."));
    cmd->add_option("OLD_OUT_DIR", old_dir, tr("Output folder of the earlier run"))->required();
    cmd->add_option("NEW_OUT_DIR", new_dir, tr("Output folder of the later run"))->required();
    cmd->add_option("--json", json_file,
                    tr("Write the full comparison as JSON to this file ('-' for stdout)"));
    cmd->add_option("--limit", limit, tr("Lines printed per list (default 20; 0 for all)"));
    cmd->footer(tr(kExitCodes));
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

struct PartitionCommand {
  std::string project, out, by = "district";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    cmd = app.add_subcommand(
        "partition", tr("Cut a project into one project per district, to run on several machines (docs/rules.md §26): "
                        "each reads its own parcels, buildings and records and a margin around them; then run "
                        "each with `landrenew run` and recombine them with `landrenew merge`."));
    cmd->add_option("PROJECT_FILE", project, tr("The project file (TOML)"))->required();
    cmd->add_option("-o,--output", out,
                    tr("Folder to write (must not exist): plan.json, profile.toml and one folder per partition"))
        ->required();
    cmd->add_option("--by", by, tr("What the partitions are: district (the district layer's polygons)"))
        ->check(CLI::IsMember({"district"}));
    cmd->add_option("--threads", threads, tr("Threads to use while reading the whole project once"))
        ->check(CLI::Range(1u, 256u));
    cmd->footer(tr(kExitCodes));
  }
  int run() const {
    landrenew::out::PartitionOptions options{.by = by};
    options.load.threads = threads;
    const landrenew::out::PartitionPlan plan = landrenew::out::write_partitions(landrenew::load_project(project), out, options);
    for (const auto& e : plan.partitions) {
      const auto& [own, margin] = e.features.at("parcels");
      std::cout << trf(N_("partition {1} {2} {3}: {4} parcels and a margin of {5}"), e.rank, e.id, e.name, own,
                       margin)
                << "\n";
    }
    std::cout << trf(N_("wrote {1} partitions to {2} (plan.json); run each with: landrenew run {2}/ID/project.toml "
                        "-o RUNS/ID, then: landrenew merge RUNS/* -o OUT_DIR"),
                     plan.partitions.size(), out)
              << "\n";
    return 0;
  }
};

struct MergeCommand {
  std::vector<std::string> runs;
  std::string out;
  bool overwrite = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  CLI::App* cmd = nullptr;

  void declare(CLI::App& app) {
    cmd = app.add_subcommand("merge", tr("Recombine the output folders of a partitioned run's partitions into "
                                         "the figures of one run (docs/rules.md §26)."));
    cmd->add_option("RUN_DIR", runs, tr("Output folders of every partition's run"))->required();
    cmd->add_option("-o,--output", out, tr("Output folder (OUT_DIR); written in full or not at all"))->required();
    cmd->add_flag("--overwrite", overwrite, tr("Replace OUT_DIR if it exists"));
    cmd->add_option("--threads", threads, tr("Threads to use"))->check(CLI::Range(1u, 256u));
    cmd->footer(tr(kExitCodes));
  }
  int run() const {
    std::vector<std::filesystem::path> dirs(runs.begin(), runs.end());
    const landrenew::out::MergeResult r =
        landrenew::out::merge_partitions(dirs, out, {.overwrite = overwrite, .threads = threads});
    const auto& s = r.summary;
    std::cout << trf(N_("merged {1} partitions into {2}"), dirs.size(), out) << "\n"
              << trf(N_("industrial land  {1} parcels, {2} mu"), s["industrial"]["parcels"].get<std::size_t>(),
                     landrenew::quantity(s["industrial"]["mu"].get<double>()))
              << "\n"
              << trf(N_("low-efficiency   {1} parcels, {2} mu"), s["low_efficiency"]["parcels"].get<std::size_t>(),
                     landrenew::quantity(s["low_efficiency"]["mu"].get<double>()))
              << "\n"
              << trf(N_("freed            {1} mu"), landrenew::quantity(s["freed"]["mu"].get<double>())) << "\n";
    if (r.cross_overlap_m2 > 0)
      std::cout << trf(N_("warning          industrial parcels of two partitions overlap on {1} m² ({2} mu): "
                          "industrial land counts it once; low-efficiency land, criteria, zone areas and FAR may "
                          "count up to that twice (summary.json merge.cross_partition_overlap_m2)"),
                       landrenew::quantity(r.cross_overlap_m2), landrenew::quantity(r.cross_overlap_mu, 4))
                << "\n";
    const auto listed = [](const std::vector<std::string>& keys) {
      std::string list;
      for (const auto& k : keys)
        list += (list.empty() ? "" : ", ") + k;
      return list;
    };
    if (!r.not_merged.empty())
      std::cout << trf(N_("not merged yet   {1} (left out of summary.json; run the whole project for them)"),
                       listed(r.not_merged))
                << "\n";
    if (!r.not_estimated.empty())  // RULES.md 26: the shift search moves a sample of the whole layer
      std::cout << trf(N_("not estimated    {1} (a partitioned run cannot estimate them: null in summary.json; "
                          "run the whole project for them)"),
                       listed(r.not_estimated))
                << "\n";
    if (!r.warnings.empty()) {  // RULES.md 20, as `landrenew run` prints them
      std::cout << trf(N_("warnings         {1} that change a headline figure (summary.json findings.warnings; "
                          "report.html "
                          "数据覆盖):"),
                       r.warnings.size())
                << "\n";
      for (const auto& w : r.warnings)
        std::cout << "  ! " << (landrenew::current_language() == landrenew::Language::zh ? w.message.zh : w.message.en)
                  << "\n";
    }
    return 0;
  }
};

struct ProfileCommand {
  std::string ref;
  CLI::App* show = nullptr;
  CLI::App* check = nullptr;

  void declare(CLI::App& app) {
    auto* cmd =
        app.add_subcommand("profile", tr("Show or check a policy profile (a built-in name or a file)."));
    cmd->require_subcommand(1);
    show = cmd->add_subcommand("show",
                               tr("Print the profile resolved: every value, defaults and base applied."));
    show->add_option("PROFILE", ref, tr("huzhou-2023, or the path of a profile file"))->required();
    check = cmd->add_subcommand("check", tr("Check a profile: unknown keys, wrong types and impossible "
                                            "values are reported with line numbers."));
    check->add_option("PROFILE", ref, tr("huzhou-2023, or the path of a profile file"))->required();
    cmd->footer(tr(kExitCodes));
  }
  int run() const {
    if (*show) {
      std::cout << landrenew::resolved_profile_toml(landrenew::load_profile(ref));
      return 0;
    }
    const landrenew::Profile p = landrenew::load_profile(ref);
    std::cout << trf(N_("profile {1} {2} ({3}): ok, sha256 {4}"), p.name, p.version, tr(p.origin.c_str()), p.sha256)
              << "\n";
    return 0;
  }
};

}  // namespace

int main(int argc, char** argv) {
  landrenew::set_language(printed_language(argc, argv));
  CLI::App app{"landrenew " + std::string(landrenew::version()) + " — " +
               tr("industrial land renewal analysis (湖州 2023–2027 工业全域有机更新)")};
  app.name("landrenew");
  translate_help_labels(app);
  app.option_defaults()->group(tr("Options"));
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
  app.footer(tr(kExitCodes));
  std::string lang;
  app.add_option(
         "--lang", lang,
         tr("Language of what is printed: zh (简体中文) or en; without it, LANGUAGE, LC_ALL, LC_MESSAGES "
            "and LANG decide, as for GNU programs (English when they say nothing). Output files are the "
            "same in both."))
      ->check(CLI::IsMember({"zh", "en"}));
  app.fallthrough();  // --lang also after the subcommand
  app.set_version_flag("--version", std::string("landrenew ") + std::string(landrenew::version()),
                       tr("Display program version information and exit"));
  app.require_subcommand(1);
  CheckCommand check;
  RunCommand run;
  DiffCommand diff;
  ProfileCommand profile;
  InitCommand init;
  PartitionCommand partition;
  MergeCommand merge;
  init.declare(app);
  check.declare(app);
  run.declare(app);
  diff.declare(app);
  profile.declare(app);
  partition.declare(app);
  merge.declare(app);
  translate_groups(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(trf(N_("{1} (see landrenew --help)"), parse_error_text(e)),
                landrenew::exit_code(landrenew::ErrorKind::usage));
  }

  try {
    if (*check.cmd) return check.run();
    if (*run.cmd) return run.run(argc, argv);
    if (*diff.cmd) return diff.run();
    if (*init.cmd) return init.run();
    if (*partition.cmd) return partition.run();
    if (*merge.cmd) return merge.run();
    return profile.run();
  } catch (const landrenew::Error& e) {
    return fail(e.what(), landrenew::exit_code(e.kind()));
  } catch (const std::bad_alloc&) {
    return fail(tr("out of memory"), landrenew::exit_code(landrenew::ErrorKind::internal));
  } catch (const std::exception& e) {
    return fail(trf(N_("internal error: {1}"), e.what()),
                landrenew::exit_code(landrenew::ErrorKind::internal));
  }
}
