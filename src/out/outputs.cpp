#include "landrenew/out/outputs.hpp"

#include <cstdio>
#include <exception>
#include <fstream>
#include <future>
#include <ostream>

#include <cpl_conv.h>

#include "landrenew/core/error.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/out/xlsx.hpp"

namespace landrenew::out {
namespace fs = std::filesystem;

namespace {
void write_json(const fs::path& file, const nlohmann::ordered_json& j) {
  std::ofstream out(file, std::ios::binary);
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (!out) throw Error(ErrorKind::output, "cannot write the file", {.file = file.string()});
}
}  // namespace

const std::vector<OutputFile>& output_files() {
  static const std::vector<OutputFile> files = {
      {file::gpkg, "every result layer, styled, with Chinese aliases"},
      {file::summary, "every headline figure (CONTRACT.md keys)"},
      {file::manifest, "tool, profile and inputs with their SHA-256"},
      {file::tables, "the figures and the long tables as sheets"},
      {file::report, "the report in Chinese, one file"},
      {file::qgis, "a QGIS project showing landrenew.gpkg"},
      {file::scenario, "with --scenario: the scenario's figures"},
  };
  return files;
}

void write_outputs(const Analysis& a, const fs::path& dir, const RunInfo& run) {
  // GeoPackages record a "last change" time; pin it to the as-of date so that the same inputs give the same
  // bytes.
  const std::string stamp = a.as_of.iso() + "T00:00:00.000Z";
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", stamp.c_str());
  const auto step = [&](std::string_view name) {
    if (run.log) run.log("writing " + std::string(name));
  };
  const auto at = [&](std::string_view name) { return dir / name; };
  step(file::gpkg);
  try {
    write_geopackage(a, at(file::gpkg), run.threads >= 2);
  } catch (...) {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    throw;
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  step(std::string(file::summary) + " and " + std::string(file::manifest));
  const nlohmann::ordered_json summary = summary_json(a), manifest = manifest_json(a, run);
  write_json(at(file::summary), summary);
  write_json(at(file::manifest), manifest);
  step(file::qgis);
  write_qgis_project(a, at(file::gpkg), at(file::qgis));
  const auto xlsx = [&] { write_tables_xlsx(summary, at(file::gpkg), at(file::tables)); };
  const auto report = [&] {
    write_report_html(a, summary, manifest, at(file::gpkg), at(file::report));
  };
  if (run.threads >= 2) {
    // Two files, each from its own read-only handle on landrenew.gpkg: the workbook on a second thread.
    step(std::string(file::tables) + " and " + std::string(file::report) + " (two threads)");
    auto workbook = std::async(std::launch::async, xlsx);
    std::exception_ptr report_error;
    try {
      report();
    } catch (...) {
      report_error = std::current_exception();
    }
    workbook.get();  // the workbook's error first, as on one thread
    if (report_error) std::rethrow_exception(report_error);
  } else {
    step(file::tables);
    xlsx();
    step(file::report);
    report();
  }
  if (run.scenario) write_scenario_json(at(file::scenario), *run.scenario);
}

void write_run_summary(std::ostream& out, const Analysis& a, const std::string& out_dir) {
  const auto s = summary_json(a);
  const auto num = [](const nlohmann::ordered_json& v, const char* format) {
    if (v.is_null()) return std::string("—");
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v.get<double>());
    return std::string(buf);
  };
  const auto& in = a.check.inputs;
  out << "landrenew run — " << in.project.name << " (as of " << a.as_of.iso() << ", profile "
      << in.profile.name << ")\n";
  for (const auto& [layer, c] : s["inputs"].items())
    out << "  " << layer << ": read " << c["read"] << " = used " << c["used"] << " + rejected "
        << c["rejected"] << "; repaired " << c["repaired"] << "\n";
  out << "industrial land  " << s["industrial"]["parcels"] << " parcels, "
      << num(s["industrial"]["mu"], "%.2f") << " mu\n";
  const auto& low = s["low_efficiency"];
  out << "low-efficiency   " << low["parcels"] << " parcels, " << num(low["mu"], "%.2f")
      << " mu; by criterion, with the industrial land it could be evaluated on (RULES.md 20):\n";
  const double industrial_mu = s["industrial"]["mu"].get<double>();
  for (const auto& [c, v] : low["by_criterion"].items()) {
    char name[64];
    std::snprintf(name, sizeof name, "  %-24s", c.c_str());
    out << name;
    if (!v["enabled"].get<bool>()) {
      out << "disabled in the profile\n";
    } else if (v["evaluated"]["parcels"].get<std::size_t>() == 0) {
      out << "not evaluable: no industrial parcel has the data it needs\n";
    } else {
      const double evaluated = v["evaluated"]["mu"].get<double>();
      char line[160];
      std::snprintf(line, sizeof line, "%6zu parcels %10.2f mu   evaluated on %.2f of %.2f mu (%.1f%%)\n",
                    v["parcels"].get<std::size_t>(), v["mu"].get<double>(), evaluated, industrial_mu,
                    industrial_mu > 0 ? 100.0 * evaluated / industrial_mu : 0.0);
      out << line;
    }
  }
  std::size_t candidates = 0;
  for (const auto& c : s["clusters"])
    candidates += c["candidate"].get<bool>() ? 1 : 0;
  out << "clusters         " << s["clusters"].size() << " (" << candidates << " candidates for 连片整治)\n";
  const auto& e = s["enterprises"];
  if (!e.contains("rows")) {
    out << "enterprises      no 亩均 table in the project\n";
  } else if (e["evaluated"].get<std::size_t>() == 0) {
    // RULES.md 20: no class could be given, so the class counts are not figures.
    out << "enterprises      not evaluable: none of " << e["rows"] << " rows could be classified ("
        << e["not_evaluable"] << " lack data; " << e["linked"] << " linked to a parcel)\n";
  } else {
    out << "enterprises      evaluated " << e["evaluated"] << " of " << e["rows"] << " rows: A " << e["classes"]["A"]
        << ", B " << e["classes"]["B"] << ", C " << e["classes"]["C"] << ", D " << e["classes"]["D"]
        << "; outside parks " << e["outside_parks"] << " of " << e["linked"] << " linked";
    if (e["not_evaluable"].get<std::size_t>() > 0) out << "; " << e["not_evaluable"] << " lack data for a class";
    out << "\n";
  }
  const auto& f = s["freed"];
  out << "freed            " << num(f["mu"], "%.2f") << " of " << num(f["goal_mu"], "%.0f") << " mu ("
      << num(f["progress"].get<double>() * 100.0, "%.1f") << "%), " << f["records_counted"]
      << " records counted\n";
  std::size_t meets = 0;
  for (const auto& p : s["parks"])
    meets += p["meets_target"].get<bool>() ? 1 : 0;
  out << "parks            " << meets << " of " << s["parks"].size() << " meet the FAR +"
      << num(in.profile.far_uplift_target, "%.1f") << " target\n";
  for (const auto& p : s["parks"])
    out << "  " << p["id"].get<std::string>() << " " << p["name"].get<std::string>() << ": FAR "
        << num(p["far_before"], "%.3f") << " → " << num(p["far_after"], "%.3f") << " ("
        << num(p["uplift"], "%+.3f") << ")" << (p["meets_target"].get<bool>() ? " ✓" : "") << "\n";
  out << "findings         " << s["findings"]["total"] << "\n";
  const auto& warnings = s["findings"]["warnings"];
  if (!warnings.empty()) {
    out << "warnings         " << warnings.size()
        << " that change a headline figure (summary.json findings.warnings; report.html 数据覆盖):\n";
    for (const auto& w : warnings)
      out << "  ! " << w[current_language() == Language::zh ? "message_zh" : "message"].get<std::string>()
          << "\n";
  }
  out << "outputs          " << out_dir << "\n";
}

}  // namespace landrenew::out
