#include "landrenew/out/outputs.hpp"

#include <cstdio>
#include <exception>
#include <fstream>
#include <future>
#include <ostream>

#include <cpl_conv.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/out/context.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/out/xlsx.hpp"

namespace landrenew::out {
namespace fs = std::filesystem;

namespace {
void write_json(const fs::path& file, const nlohmann::ordered_json& j) {
  std::ofstream out(file, std::ios::binary);
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (!out) throw Error(ErrorKind::output, tr("cannot write the file"), {.file = file.string()});
}
}  // namespace

const std::vector<OutputFile>& output_files() {
  static const std::vector<OutputFile> files = {
      {file::gpkg, N_("every result layer, styled, with Chinese aliases")},
      {file::summary, N_("every headline figure (CONTRACT.md keys)")},
      {file::manifest, N_("tool, profile and inputs with their SHA-256")},
      {file::tables, N_("the figures and the long tables as sheets")},
      {file::report, N_("the report in Chinese, one file")},
      {file::qgis, N_("a QGIS project showing landrenew.gpkg")},
      {file::scenario, N_("with --scenario: the scenario's figures")},
  };
  return files;
}

void write_outputs(const Analysis& a, const fs::path& dir, const RunInfo& run) {
  // GeoPackages record a "last change" time; pin it to the as-of date so that the same inputs give the same
  // bytes.
  const std::string stamp = a.as_of.iso() + "T00:00:00.000Z";
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", stamp.c_str());
  const auto step = [&](std::string_view name) {
    if (run.log) run.log(trf("writing {1}", name));
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
  step(trf("{1} and {2}", file::summary, file::manifest));
  const nlohmann::ordered_json summary = summary_json(a), manifest = manifest_json(a, run);
  write_json(at(file::summary), summary);
  write_json(at(file::manifest), manifest);
  step(file::qgis);
  const OutputContext context = output_context(a);
  write_qgis_project(context, at(file::gpkg), at(file::qgis));
  const auto xlsx = [&] { write_tables_xlsx(summary, at(file::gpkg), at(file::tables)); };
  const auto report = [&] {
    write_report_html(context, summary, manifest, at(file::gpkg), at(file::report));
  };
  if (run.threads >= 2) {
    // Two files, each from its own read-only handle on landrenew.gpkg: the workbook on a second thread.
    step(trf("{1} and {2} (two threads)", file::tables, file::report));
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

OutputContext output_context(const Analysis& a) {
  const Inputs& in = a.check.inputs;
  OutputContext c{.project_name = in.project.name, .as_of = a.as_of, .profile = &in.profile, .crs = &in.crs};
  if (a.districts)
    for (std::size_t z = 0; z < a.districts->size(); ++z)
      c.districts.emplace_back(a.districts->id(z), a.districts->name(z));
  if (a.freed)
    for (const auto& [year, m2] : a.freed->by_year_m2)
      c.freed_years.insert(year);
  for (const Finding& f : in.findings.items())
    c.first_finding.emplace(f.kind, &f);
  return c;
}

void write_run_summary(std::ostream& out, const Analysis& a, const std::string& out_dir) {
  const auto s = summary_json(a);
  if (a.partition)  // docs/rules.md §26: these figures are one share, not the project's
    out << trf(N_("partition        {1} {2} ({3} of {4}): the figures below are this partition's share only; "
                  "add the partitions up with landrenew merge"),
               a.partition->spec.id, a.partition->spec.name, a.partition->spec.rank, a.partition->spec.count)
        << "\n";
  const auto num = [](const nlohmann::ordered_json& v, const char* format) {
    if (v.is_null()) return std::string("—");
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v.get<double>());
    return std::string(buf);
  };
  // 亩 as people read them (issue 21 item 4): thousands grouped in Chinese, as the report writes them; the
  // English screen as before.
  const auto qty = [](const nlohmann::ordered_json& v, int decimals) {
    return v.is_null() ? std::string("—") : quantity(v.get<double>(), decimals).shown();
  };
  const auto n = [](const nlohmann::ordered_json& v) { return v.dump(); };
  const auto& in = a.check.inputs;
  out << trf("landrenew run — {1} (as of {2}, profile {3})", in.project.name, a.as_of.iso(), in.profile.name)
      << "\n";
  for (const auto& [layer, c] : s["inputs"].items())
    out << trf("  {1}: read {2} = used {3} + rejected {4}; repaired {5}", layer, n(c["read"]), n(c["used"]),
               n(c["rejected"]), n(c["repaired"]))
        << "\n";
  out << trf("industrial land  {1} parcels, {2} mu", n(s["industrial"]["parcels"]),
             qty(s["industrial"]["mu"], 2))
      << "\n";
  const auto& low = s["low_efficiency"];
  out << trf("low-efficiency   {1} parcels, {2} mu; by criterion, with the industrial land it could be "
             "evaluated "
             "on (RULES.md 20):",
             n(low["parcels"]), qty(low["mu"], 2))
      << "\n";
  const double industrial_mu = s["industrial"]["mu"].get<double>();
  for (const auto& [c, v] : low["by_criterion"].items()) {
    char name[64];
    std::snprintf(name, sizeof name, "  %-24s", c.c_str());
    out << name;
    if (!v["enabled"].get<bool>()) {
      out << tr("disabled in the profile") << "\n";
    } else if (v["evaluated"]["parcels"].get<std::size_t>() == 0) {
      out << tr("not evaluable: no industrial parcel has the data it needs") << "\n";
    } else {
      const double evaluated = v["evaluated"]["mu"].get<double>();
      char parcels[32], mu[32], share[32];
      std::snprintf(parcels, sizeof parcels, "%6zu", v["parcels"].get<std::size_t>());
      std::snprintf(mu, sizeof mu, "%10.2f", v["mu"].get<double>());
      std::snprintf(share, sizeof share, "%.1f", industrial_mu > 0 ? 100.0 * evaluated / industrial_mu : 0.0);
      out << trf("{1} parcels {2} mu   evaluated on {3} of {4} mu ({5}%)", parcels, mu, qty(evaluated, 2),
                 qty(industrial_mu, 2), share)
          << "\n";
    }
  }
  std::size_t candidates = 0;
  for (const auto& c : s["clusters"])
    candidates += c["candidate"].get<bool>() ? 1 : 0;
  out << trf("clusters         {1} ({2} candidates for 连片整治)", s["clusters"].size(), candidates) << "\n";
  const auto& e = s["enterprises"];
  if (!e.contains("rows")) {
    out << tr("enterprises      no 亩均 table in the project") << "\n";
  } else if (e["evaluated"].get<std::size_t>() == 0) {
    // RULES.md 20: no class could be given, so the class counts are not figures.
    out << trf("enterprises      not evaluable: none of {1} rows could be classified ({2} lack data; {3} "
               "linked "
               "to a parcel)",
               n(e["rows"]), n(e["not_evaluable"]), n(e["linked"]))
        << "\n";
  } else {
    out << trf(
        "enterprises      evaluated {1} of {2} rows: A {3}, B {4}, C {5}, D {6}; outside parks {7} of {8} "
        "linked",
        n(e["evaluated"]), n(e["rows"]), n(e["classes"]["A"]), n(e["classes"]["B"]), n(e["classes"]["C"]),
        n(e["classes"]["D"]), n(e["outside_parks"]), n(e["linked"]));
    if (e["not_evaluable"].get<std::size_t>() > 0)
      out << trf("; {1} lack data for a class", n(e["not_evaluable"]));
    out << "\n";
  }
  const auto& f = s["freed"];
  out << trf("freed            {1} of {2} mu ({3}%), {4} records counted", qty(f["mu"], 2),
             qty(f["goal_mu"], 0), num(f["progress"].get<double>() * 100.0, "%.1f"), n(f["records_counted"]))
      << "\n";
  std::size_t meets = 0;
  for (const auto& p : s["parks"])
    meets += p["meets_target"].get<bool>() ? 1 : 0;
  out << trf("parks            {1} of {2} meet the FAR +{3} target", meets, s["parks"].size(),
             num(in.profile.far_uplift_target, "%.1f"))
      << "\n";
  for (const auto& p : s["parks"])
    out << trf("  {1} {2}: FAR {3} → {4} ({5}){6}", p["id"].get<std::string>(), p["name"].get<std::string>(),
               num(p["far_before"], "%.3f"), num(p["far_after"], "%.3f"), num(p["uplift"], "%+.3f"),
               p["meets_target"].get<bool>() ? " ✓" : "")
        << "\n";
  out << trf("findings         {1}", n(s["findings"]["total"])) << "\n";
  const auto& warnings = s["findings"]["warnings"];
  if (!warnings.empty()) {
    out << trf("warnings         {1} that change a headline figure (summary.json findings.warnings; "
               "report.html "
               "数据覆盖):",
               warnings.size())
        << "\n";
    for (const auto& w : warnings)
      out << "  ! " << w[current_language() == Language::zh ? "message_zh" : "message"].get<std::string>()
          << "\n";
  }
  out << trf("outputs          {1}", out_dir) << "\n";
}

}  // namespace landrenew::out
