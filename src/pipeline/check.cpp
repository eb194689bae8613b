#include "landrenew/pipeline/check.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>

#include "landrenew/core/date.hpp"
#include "landrenew/core/units.hpp"

namespace landrenew {

CheckResult run_check(const Project& project, const LoadOptions& options) {
  CheckResult r{load_inputs(project, options), {}};
  Inputs& in = r.inputs;
  const LayerSource* src = project.layer("parcels");
  r.parcels = rules::assess_parcels(in.parcels, in.profile, src ? src->landuse_scheme : "", in.findings,
                                    options.threads);
  if (in.enterprises) {
    r.enterprises = rules::link_enterprises(*in.enterprises, *project.layer("enterprises"), in.parcels,
                                            in.findings, options.threads);
    rules::screen_implausible(*r.enterprises, *in.enterprises, in.profile.plausibility, in.findings);
  }
  if (in.renewal) {
    // The project's audit date was checked when the project was read (a real YYYY-MM-DD date).
    const std::optional<Date> audit = project.audit_date ? parse_date(*project.audit_date) : std::nullopt;
    r.renewal =
        rules::classify_records(*in.renewal, in.profile.freed, audit, in.findings, in.renewal_parcels);
  }
  if (in.districts) rules::report_duplicate_ids(*in.districts, field_name(DistrictField::code), in.findings);
  if (in.parks) rules::report_duplicate_ids(*in.parks, field_name(ParkField::id), in.findings);
  return r;
}

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void write_layer_header(std::ostream& out, const LayerInfo& info) {
  out << "\n[" << info.logical << "] " << info.display << " — layer '" << info.layer_name << "', "
      << info.driver << (info.label.empty() ? "" : ", " + info.label) << "\n";
  out << "  encoding  " << info.encoding.name << " — " << info.encoding.source.shown() << "\n";
  if (!info.crs_source.empty())
    out << "  crs       " << info.crs_source << ", " << info.crs_origin.shown() << "; " << info.crs_transform.shown()
        << "\n";
  out << "  fields   ";
  for (const auto& b : info.fields)
    out << " " << b.logical << "=" << b.source << (b.explicit_mapping ? "" : "*");
  out << "\n";
  if (!info.unmapped.empty()) {
    out << "  unmapped ";
    for (const auto& u : info.unmapped)
      out << " " << u;
    out << "\n";
  }
}

// RULES.md 21: which row is the header and why, and every row read accounted for.
void write_table_rows(std::ostream& out, const TableLayer& t, std::size_t linked, const std::string& how) {
  if (!t.info.header.empty()) out << "  header    " << t.info.header.shown() << "\n";
  const RowTally& n = t.tally;
  out << "  rows      read " << t.counts.read << " = records " << t.counts.used << " + not records "
      << t.counts.rejected << " (blank " << n.blank << ", notes " << n.notes << ", totals " << n.totals
      << ", other years " << n.other_years << ", no identifier " << n.no_identifier << ")";
  if (t.evaluation_year) out << "; year " << *t.evaluation_year;
  out << "; linked to parcels " << linked << how << "\n";
}

// `rows`: the layer is an office table (its findings' fid is the sheet row).
void write_findings(std::ostream& out, const Findings& findings, const std::string& layer,
                    std::size_t examples, bool rows) {
  std::map<std::string, std::vector<const Finding*>> by_kind;
  for (const auto* f : findings.of_layer(layer))
    by_kind[f->kind].push_back(f);
  if (by_kind.empty()) {
    out << "  findings  none\n";
    return;
  }
  out << "  findings ";
  for (const auto& [kind, list] : by_kind)
    out << " " << kind << " " << list.size() << ";";
  out << "\n";
  for (const auto& [kind, list] : by_kind) {
    for (std::size_t k = 0; k < list.size() && k < examples; ++k) {
      const Finding& f = *list[k];
      out << "    " << kind << ": ";
      if (!f.sheet.empty()) out << "sheet '" << f.sheet << "' ";
      if (f.fid >= 0) out << (rows ? "row " : "fid ") << f.fid;
      if (!f.feature_id.empty()) out << " (" << f.feature_id << ")";
      if (!f.field.empty()) out << " [" << f.field << "]";
      // A table finding names its sheet in the message too (for the QA layer); here it is said once.
      std::string_view message = f.message.shown();
      if (const std::string in = trf(N_("sheet '{1}': {2}"), f.sheet, "");
          !f.sheet.empty() && message.starts_with(in))
        message.remove_prefix(in.size());
      out << (f.fid >= 0 || !f.feature_id.empty() ? ": " : "") << message;
      if (!std::isnan(f.x)) out << " at (" << fmt("%.2f", f.x) << ", " << fmt("%.2f", f.y) << ")";
      out << "\n";
    }
    if (list.size() > examples && examples > 0)
      out << "    " << kind << ": … and " << (list.size() - examples) << " more\n";
  }
}

// RULES.md 16 as `run` counts it: counted records, and the others by reason (a record may fail several).
void write_record_tally(std::ostream& out, const std::vector<rules::RecordStatus>& records) {
  static constexpr std::pair<rules::NotCounted, const char*> reasons[] = {
      {rules::NotCounted::no_date, "no date"},
      {rules::NotCounted::bad_date, "unparseable date"},
      {rules::NotCounted::outside_period, "outside the period"},
      {rules::NotCounted::after_audit, "after the audit date"},
      {rules::NotCounted::no_mode, "no mode"},
      {rules::NotCounted::mode_not_counted, "mode not counted"},
      {rules::NotCounted::no_status, "no status"},
      {rules::NotCounted::status_not_completed, "not completed"},
      {rules::NotCounted::no_parcel_code, "no known parcel code"}};
  std::size_t counted = 0;
  for (const auto& s : records)
    counted += s.counted ? 1 : 0;
  out << "  records   " << records.size() << " = counted " << counted << " + not counted "
      << records.size() - counted;
  std::string detail;
  for (const auto& [flag, label] : reasons) {
    std::size_t n = 0;
    for (const auto& s : records)
      n += s.fails(flag) ? 1 : 0;
    if (n) detail += (detail.empty() ? "" : ", ") + std::string(label) + " " + std::to_string(n);
  }
  out << (detail.empty() ? "" : " (" + detail + ")");
  std::size_t month = 0, year = 0;
  for (const auto& s : records) {
    month += s.date && s.date_precision == DatePrecision::month ? 1 : 0;
    year += s.date && s.date_precision == DatePrecision::year ? 1 : 0;
  }
  if (month + year > 0)  // RULES.md 22
    out << "; partial dates taken as the last day: month only " << month << ", year only " << year;
  out << "\n";
}

}  // namespace

void write_check_report(std::ostream& out, const CheckResult& r, const ReportOptions& options) {
  const Inputs& in = r.inputs;
  out << "landrenew check — " << in.project.name << "\n";
  out << "project   " << in.project.file.string() << "\n";
  out << "profile   " << in.profile.name << " " << in.profile.version << " (" << in.profile.origin
      << ", sha256 " << in.profile.sha256.substr(0, 12) << ")\n";
  out << "analysis  " << in.crs.description << " — " << in.crs.reason << "\n";
  out << "(* = column found by the default names; others are mapped in the project file)\n";

  for (const PolygonLayer* layer : in.polygon_layers()) {
    write_layer_header(out, layer->info);
    const LayerCounts& c = layer->counts;
    out << "  features  read " << c.read << " = used " << c.used << " + rejected " << c.rejected
        << "; repaired " << c.repaired << "\n";
    if (!layer->info.header.empty()) out << "  header    " << layer->info.header.shown() << "\n";  // a register table
    if (layer == &*in.renewal) write_record_tally(out, r.renewal);
    write_findings(out, in.findings, layer->info.logical, options.examples_per_kind,
                   !layer->info.header.empty());  // a register table (RULES.md 23)
  }
  if (in.enterprises) {
    write_layer_header(out, in.enterprises->info);
    std::size_t linked = 0;
    std::map<rules::LinkMethod, std::size_t> by_method;
    if (r.enterprises)
      for (const auto& e : r.enterprises->items) {
        linked += e.location ? 1 : 0;
        ++by_method[e.link];
      }
    // Issue 18: how, when any row linked by another way than its credit code.
    std::string how;
    if (by_method[rules::LinkMethod::credit_code] < linked)
      for (const auto& m : rules::kLinkMethods)
        if (by_method[m.method] > 0)
          how += (how.empty() ? " (" : ", ") + std::string(m.key) + " " + std::to_string(by_method[m.method]);
    if (!how.empty()) how += ")";
    write_table_rows(out, *in.enterprises, linked, how);
    write_findings(out, in.findings, "enterprises", options.examples_per_kind, true);
  }

  const rules::ParcelAssessment& p = r.parcels;
  double sum = 0;
  for (auto i : p.industrial)
    sum += in.parcels.area_m2[i];
  out << "\nindustrial parcels: " << p.industrial.size() << " of " << in.parcels.size() << " used parcels, "
      << fmt("%.2f", p.industrial_mu()) << " mu (area of their union; the sum of parts is "
      << fmt("%.2f", mu_from_m2(sum)) << " mu)\n";
  for (const auto& [scheme, n] : p.by_scheme)
    out << "  " << scheme << ": " << n << " parcels\n";
  std::size_t errors = 0, warnings = 0, infos = 0;
  for (const auto& f : in.findings.items()) {
    if (f.severity == Severity::error)
      ++errors;
    else if (f.severity == Severity::warning)
      ++warnings;
    else
      ++infos;
  }
  out << "findings: " << in.findings.size() << " (" << errors << " errors, " << warnings << " warnings, "
      << infos << " notes)\n";
}

}  // namespace landrenew
