#include "landrenew/pipeline/check.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>

#include "landrenew/config/schema.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"

namespace landrenew {

CheckResult run_check(const Project& project, const LoadOptions& options) {
  CheckResult r{load_inputs(project, options), {}};
  Inputs& in = r.inputs;
  const LayerSource* src = project.layer("parcels");
  r.parcels = rules::assess_parcels(in.parcels, in.profile, src ? src->landuse_scheme : "", in.findings,
                                    options.threads, src && src->landuse_codes ? &*src->landuse_codes : nullptr);
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

// What the readers explain (encoding, CRS, header row) is printed as they made it: a Text in both languages
// or, for the source CRS (its PROJ name, also written in manifest.json), that string.
const std::string& shown(const std::string& s) {
  return s;
}
const std::string& shown(const Text& t) {
  return t.shown();
}

/// "[parcels]" in English; the role's Chinese name beside its key in Chinese.
std::string role_heading(const std::string& logical) {
  const LayerSchema* schema = find_layer_schema(logical);
  if (current_language() == Language::en || !schema) return "[" + logical + "]";
  return "[" + std::string(schema->label_zh) + " " + logical + "]";
}

void write_layer_header(std::ostream& out, const LayerInfo& info) {
  out << "\n"
      << trf(N_("{1} {2} — layer '{3}', {4}"), role_heading(info.logical), info.display, info.layer_name,
             info.driver + (info.label.empty() ? "" : ", " + info.label))
      << "\n";
  out << trf(N_("  encoding  {1} — {2}"), info.encoding.name, shown(info.encoding.source)) << "\n";
  if (!shown(info.crs_source).empty())
    out << trf(N_("  crs       {1}, {2}; {3}"), shown(info.crs_source), shown(info.crs_origin),
               shown(info.crs_transform))
        << "\n";
  std::string fields;
  for (const auto& b : info.fields)
    fields += " " + b.logical + "=" + b.source + (b.explicit_mapping ? "" : "*");
  out << trf(N_("  fields   {1}"), fields) << "\n";
  if (!info.unmapped.empty()) {
    std::string unmapped;
    for (const auto& u : info.unmapped)
      unmapped += " " + u;
    out << trf(N_("  unmapped {1}"), unmapped) << "\n";
  }
}

// RULES.md 21: which row is the header and why, and every row read accounted for.
void write_table_rows(std::ostream& out, const TableLayer& t, std::size_t linked, const std::string& how) {
  if (!shown(t.info.header).empty()) out << trf(N_("  header    {1}"), shown(t.info.header)) << "\n";
  const RowTally& n = t.tally;
  out << trf(N_("  rows      read {1} = records {2} + not records {3} (blank {4}, notes {5}, totals {6}, other "
                "years {7}, no identifier {8})"),
             t.counts.read, t.counts.used, t.counts.rejected, n.blank, n.notes, n.totals, n.other_years,
             n.no_identifier);
  if (t.evaluation_year) out << trf(N_("; year {1}"), *t.evaluation_year);
  out << trf(N_("; linked to parcels {1}{2}"), linked, how) << "\n";
}

/// A finding kind as the screen names it: its key, and in Chinese its label before it.
std::string kind_shown(const std::string& key) {
  const FindingKindInfo* info = find_finding_kind(key);
  if (current_language() == Language::en || !info) return key;
  return std::string(info->label_zh) + "(" + key + ")";
}

void write_finding_line(std::ostream& out, const std::string& kind, const Finding& f, bool rows) {
  std::string who;
  if (!f.sheet.empty()) who += trf(N_("sheet '{1}' "), f.sheet);
  if (f.fid >= 0) who += rows ? trf(N_("row {1}"), f.fid) : trf(N_("fid {1}"), f.fid);
  if (!f.feature_id.empty()) who += " (" + f.feature_id + ")";
  if (!f.field.empty()) who += " [" + f.field + "]";
  // A table finding names its sheet in the message too (for the QA layer); here it is said once.
  std::string_view message = f.message.shown();
  if (const std::string in = trf(N_("sheet '{1}': {2}"), f.sheet, "");
      !f.sheet.empty() && message.starts_with(in))
    message.remove_prefix(in.size());
  if (f.fid >= 0 || !f.feature_id.empty())
    out << trf(N_("    {1}: {2}: {3}"), kind, who, message);
  else
    out << trf(N_("    {1}: {2}{3}"), kind, who, message);
  if (!std::isnan(f.x)) out << trf(N_(" at ({1}, {2})"), fmt("%.2f", f.x), fmt("%.2f", f.y));
  out << "\n";
}

// `rows`: the layer is an office table (its findings' fid is the sheet row).
void write_findings(std::ostream& out, const Findings& findings, const std::string& layer,
                    std::size_t examples, bool rows) {
  std::map<std::string, std::vector<const Finding*>> by_kind;
  for (const auto* f : findings.of_layer(layer))
    by_kind[f->kind].push_back(f);
  if (by_kind.empty()) {
    out << tr("  findings  none") << "\n";
    return;
  }
  std::string counts;
  for (const auto& [kind, list] : by_kind)
    counts += trf(N_(" {1} {2};"), kind_shown(kind), list.size());
  out << trf(N_("  findings {1}"), counts) << "\n";
  for (const auto& [kind, list] : by_kind) {
    for (std::size_t k = 0; k < list.size() && k < examples; ++k)
      write_finding_line(out, kind, *list[k], rows);
    if (list.size() > examples && examples > 0)
      out << trf(N_("    {1}: … and {2} more"), kind, list.size() - examples) << "\n";
  }
}

// RULES.md 16 as `run` counts it: counted records, and the others by reason (a record may fail several).
void write_record_tally(std::ostream& out, const std::vector<rules::RecordStatus>& records) {
  static constexpr std::pair<rules::NotCounted, const char*> reasons[] = {
      {rules::NotCounted::no_date, N_("no date")},
      {rules::NotCounted::bad_date, N_("unparseable date")},
      {rules::NotCounted::outside_period, N_("outside the period")},
      {rules::NotCounted::after_audit, N_("after the audit date")},
      {rules::NotCounted::no_mode, N_("no mode")},
      {rules::NotCounted::mode_not_counted, N_("mode not counted")},
      {rules::NotCounted::no_status, N_("no status")},
      {rules::NotCounted::status_not_completed, N_("not completed")},
      {rules::NotCounted::no_parcel_code, N_("no known parcel code")}};
  std::size_t counted = 0;
  for (const auto& s : records)
    counted += s.counted ? 1 : 0;
  std::string detail;
  for (const auto& [flag, label] : reasons) {
    std::size_t n = 0;
    for (const auto& s : records)
      n += s.fails(flag) ? 1 : 0;
    if (n) detail += (detail.empty() ? "" : tr(", ")) + trf(N_("{1} {2}"), tr(label), n);
  }
  out << trf(N_("  records   {1} = counted {2} + not counted {3}"), records.size(), counted,
             records.size() - counted);
  if (!detail.empty()) out << trf(N_(" ({1})"), detail);
  std::size_t month = 0, year = 0;
  for (const auto& s : records) {
    month += s.date && s.date_precision == DatePrecision::month ? 1 : 0;
    year += s.date && s.date_precision == DatePrecision::year ? 1 : 0;
  }
  if (month + year > 0)  // RULES.md 22
    out << trf(N_("; partial dates taken as the last day: month only {1}, year only {2}"), month, year);
  out << "\n";
}

void write_heading(std::ostream& out, const Inputs& in) {
  out << trf(N_("landrenew check — {1}"), in.project.name) << "\n";
  out << trf(N_("project   {1}"), in.project.file.string()) << "\n";
  out << trf(N_("profile   {1} {2} ({3}, sha256 {4})"), in.profile.name, in.profile.version,
             tr(in.profile.origin.c_str()),
             in.profile.sha256.substr(0, 12))
      << "\n";
  out << trf(N_("analysis  {1} — {2}"), in.crs.description, shown(in.crs.reason)) << "\n";
  out << tr("(* = column found by the default names; others are mapped in the project file)") << "\n";
}

void write_enterprises(std::ostream& out, const CheckResult& r, const ReportOptions& options) {
  const Inputs& in = r.inputs;
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

void write_totals(std::ostream& out, const CheckResult& r) {
  const Inputs& in = r.inputs;
  const rules::ParcelAssessment& p = r.parcels;
  double sum = 0;
  for (auto i : p.industrial)
    sum += in.parcels.area_m2[i];
  out << "\n"
      << trf(N_("industrial parcels: {1} of {2} used parcels, {3} mu (area of their union; the sum of parts is "
                "{4} mu)"),
             p.industrial.size(), in.parcels.size(), quantity(p.industrial_mu()), quantity(mu_from_m2(sum)))
      << "\n";
  for (const auto& [scheme, n] : p.by_scheme)
    out << "  " << trf(N_("{1}: {2} parcels"), scheme, n) << "\n";
  std::size_t errors = 0, warnings = 0, infos = 0;
  for (const auto& f : in.findings.items()) {
    if (f.severity == Severity::error)
      ++errors;
    else if (f.severity == Severity::warning)
      ++warnings;
    else
      ++infos;
  }
  out << trf(N_("findings: {1} ({2} errors, {3} warnings, {4} notes)"), in.findings.size(), errors, warnings,
             infos)
      << "\n";
}

}  // namespace

void write_check_report(std::ostream& out, const CheckResult& r, const ReportOptions& options) {
  const Inputs& in = r.inputs;
  write_heading(out, in);
  for (const PolygonLayer* layer : in.polygon_layers()) {
    write_layer_header(out, layer->info);
    const LayerCounts& c = layer->counts;
    out << trf(N_("  features  read {1} = used {2} + rejected {3}; repaired {4}"), c.read, c.used, c.rejected,
               c.repaired)
        << "\n";
    if (!shown(layer->info.header).empty())  // a register table
      out << trf(N_("  header    {1}"), shown(layer->info.header)) << "\n";
    if (layer == &*in.renewal) write_record_tally(out, r.renewal);
    write_findings(out, in.findings, layer->info.logical, options.examples_per_kind,
                   !shown(layer->info.header).empty());  // a register table (RULES.md 23)
  }
  if (in.enterprises) write_enterprises(out, r, options);
  write_totals(out, r);
}

}  // namespace landrenew
