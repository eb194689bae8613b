#include "landrenew/pipeline/coverage.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/geom/overlaps.hpp"
#include "landrenew/pipeline/analysis.hpp"

namespace landrenew {

namespace {

// Why a criterion lacks data on a parcel (RULES.md 14, 20; the conditions of flag_low_efficiency).
const char* why_not_evaluable(std::string_view criterion) {
  if (criterion == "far_below_minimum")
    return "no industry code with a minimum FAR (the parcel's own, or its main enterprise's), or no buildings "
           "after renewal";
  if (criterion == "coverage_below_minimum") return "no buildings after renewal";
  if (criterion == "enterprise_class")
    return "no linked enterprise, or a linked enterprise without a class for lack of data";
  if (criterion == "wuwei")
    return "no register dates, or in production under a contracted 亩均税收 without the actual one";
  if (criterion == "tax_per_mu_below") return "no linked enterprise with a tax figure (or no district mean)";
  if (criterion == "admission_standard")
    return "no supply date, or an indicator of the standard unknown and none failing";
  return "";
}

std::string mu_text(double m2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", mu_from_m2(m2));
  return buf;
}

std::string share_text(double part, double whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
  return buf;
}

void criterion_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  const double industrial_m2 = a.check.parcels.industrial_m2;
  for (const char* c : rules::kCriteria) {
    auto it = a.by_criterion.find(c);
    if (it == a.by_criterion.end() || !it->second.enabled || it->second.not_evaluable_parcels == 0) continue;
    const CriterionTally& t = it->second;
    HeadlineWarning w{std::string("not_evaluable_") + c, t.not_evaluable_parcels, mu_from_m2(t.not_evaluable_m2),
                      ""};
    std::string message = std::string(rules::criterion_label_zh(c)) + " (" + c + ") ";
    if (t.evaluated_parcels == 0)
      message += "could be evaluated on no industrial parcel (its 0 means not evaluated, not none found)";
    else
      message += "could not be evaluated on " + std::to_string(t.not_evaluable_parcels) +
                 " industrial parcels, " + mu_text(t.not_evaluable_m2) + " of " + mu_text(industrial_m2) +
                 " mu (" + share_text(t.not_evaluable_m2, industrial_m2) + ")";
    message += std::string(" — lacking: ") + why_not_evaluable(c);
    w.message = message;
    out.push_back(std::move(w));
  }
}

void rejected_warning(const Analysis& a, std::vector<HeadlineWarning>& out) {
  const Inputs& in = a.check.inputs;
  HeadlineWarning w{std::string(kind_key(FindingKind::features_rejected)), 0, 0.0, ""};
  std::string layers;
  for (const PolygonLayer* layer : in.polygon_layers())
    if (layer->counts.rejected > 0) {
      w.count += layer->counts.rejected;
      layers += (layers.empty() ? "" : ", ") + layer->info.logical + " " + std::to_string(layer->counts.rejected);
    }
  if (w.count == 0) return;
  w.message = std::to_string(w.count) + " features have no usable geometry and are in no figure (RULES.md 3): " +
              layers;
  out.push_back(std::move(w));
}

void enterprise_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  if (!a.mujun) return;
  std::map<std::string, std::size_t> why;
  for (const rules::MujunScore& s : a.mujun->enterprises)
    if (s.lacks_data) ++why[s.reason.rfind("size class", 0) == 0 ? "size class matches no group" : s.reason];
  const std::size_t n = a.mujun->lacking_data();
  if (n == 0) return;
  std::string detail;
  for (const auto& [reason, count] : why)
    detail += (detail.empty() ? "" : ", ") + reason + " " + std::to_string(count);
  out.push_back({std::string(kind_key(FindingKind::enterprise_not_classified)), n, 0.0,
                 std::to_string(n) + " enterprise rows get no 亩均 class for lack of data (" + detail +
                     "); the class counts leave them out"});
}

void register_warning(const Analysis& a, std::vector<HeadlineWarning>& out) {
  if (!a.freed) return;
  // Records left out for want of data (rule 16), not by rule (outside the period, after the audit, not done).
  std::size_t no_date = 0, bad_date = 0, no_mode = 0, other_mode = 0, no_parcel = 0, n = 0;
  for (const rules::RecordStatus& r : a.freed->records) {
    const bool date = r.fails(rules::NotCounted::no_date) || r.fails(rules::NotCounted::bad_date);
    const bool mode = r.fails(rules::NotCounted::no_mode) || r.fails(rules::NotCounted::mode_not_counted);
    const bool parcel = r.fails(rules::NotCounted::no_parcel_code);  // RULES.md 23
    if (!date && !mode && !parcel) continue;
    ++n;
    no_parcel += parcel ? 1 : 0;
    no_date += r.fails(rules::NotCounted::no_date) ? 1 : 0;
    bad_date += r.fails(rules::NotCounted::bad_date) ? 1 : 0;
    no_mode += r.fails(rules::NotCounted::no_mode) ? 1 : 0;
    other_mode += r.fails(rules::NotCounted::mode_not_counted) ? 1 : 0;
  }
  if (n == 0) return;
  out.push_back({std::string(kind_key(FindingKind::renewal_records_unusable)), n, 0.0,
                 std::to_string(n) + " register records do not count for want of a usable date" +
                     (no_parcel ? ", mode or parcel code" : " or mode") + " (no date " +
                     std::to_string(no_date) + ", unparseable date " + std::to_string(bad_date) +
                     ", no mode " + std::to_string(no_mode) + ", mode not in the counting set " +
                     std::to_string(other_mode) +
                     (no_parcel ? ", no geometry and no known parcel code " + std::to_string(no_parcel)
                                : std::string()) +
                     "); freed land leaves them out"});
}

// RULES.md 25: a layer whose share on the layer it describes the same ground as is below the profile's
// threshold, with the constant shift that explains it when there is one.
void agreement_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  for (const rules::AgreementCheck& c : a.agreement) {
    if (!c.warned()) continue;
    char buf[256];
    if (c.below())
      std::snprintf(buf, sizeof buf, "only %.1f%% of the area of %s lies on %s (profile threshold %.1f%%)",
                    100 * c.share, c.layer.c_str(), c.reference.c_str(), 100 * c.threshold);
    else  // a web-map datum explains the little disagreement there is (agreement.hpp kWebMapResidual)
      std::snprintf(buf, sizeof buf,
                    "%.4f%% of the area of %s does not lie on %s, as it should (profile threshold %.1f%% "
                    "is met), and moving the whole layer by a web-map datum's offset removes most of that",
                    100 * (1 - c.share), c.layer.c_str(), c.reference.c_str(), 100 * c.threshold);
    std::string message = buf;
    if (c.shift_reported) {
      const int digits = c.web_map ? 4 : 1;  // a few parcels in thousands need the places to show
      std::snprintf(buf, sizeof buf,
                    "; a constant shift explains it: %s lie %.0f m east and %.0f m north of %s (moved by that, "
                    "%.*f%% of %s%zu lies on them, against %.*f%% unmoved)",
                    c.reference.c_str(), c.shift->offset.x, c.shift->offset.y, c.layer.c_str(), digits,
                    100 * c.shift->share_at_offset, c.web_map ? "all " : "a sample of ", c.shift->sample, digits,
                    100 * c.shift->share_at_zero);
      message += buf;
    }
    message += "; likely cause: " + c.likely_cause;
    out.push_back({"agreement_" + c.key, c.features, 0.0, std::move(message)});
  }
}

// The finding kinds that leave a value, a link or a feature out of the figures (RULES.md 20: those with a
// headline line in finding_kinds.hpp, one declaration for the summary, screen, report and workbook): count,
// the layers they are on, and the land of the parcels they name.
void finding_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  const Inputs& in = a.check.inputs;
  const PolygonLayer& parcels = in.parcels;
  std::unordered_map<std::int64_t, std::size_t> parcel_of_fid;
  for (std::size_t p = 0; p < parcels.size(); ++p)
    parcel_of_fid.emplace(parcels.fid[p], p);
  for (const FindingKindInfo& info : finding_kinds()) {
    if (info.headline.empty()) continue;
    const std::string_view kind = info.key;
    std::map<std::string, std::size_t> layers;
    std::set<std::size_t> touched;
    std::size_t count = 0;
    for (const Finding& f : in.findings.items()) {
      if (f.kind != kind) continue;
      ++count;
      ++layers[f.layer];
      if (f.layer == parcels.info.logical && f.fid >= 0)
        if (auto it = parcel_of_fid.find(f.fid); it != parcel_of_fid.end()) touched.insert(it->second);
    }
    if (count == 0) continue;
    double m2 = 0;
    if (!touched.empty()) {
      std::vector<const GEOSGeometry*> g;
      std::vector<double> areas;
      for (auto p : touched) {
        g.push_back(parcels.geometry[p].get());
        areas.push_back(parcels.area_m2[p]);
      }
      m2 = geom::analyse_overlaps(g, areas).union_m2;
    }
    std::string where;
    for (const auto& [layer, n] : layers)
      where += (where.empty() ? "" : ", ") + layer + " " + std::to_string(n);
    std::string message = std::to_string(count) + " " + std::string(info.headline) + " (" + where + ")";
    if (m2 > 0) message += "; the parcels concerned cover " + mu_text(m2) + " mu";
    out.push_back({std::string(kind), count, mu_from_m2(m2), std::move(message)});
  }
}

// RULES.md 24: each distinct land-use value that looks industrial but is no code of the profile's schemes is
// a warning of its own (landuse_looks_industrial), with its parcels and their land; so is each ambiguous code
// the layer's other codes decided otherwise than the profile would have (landuse_ambiguous_by_layer).
// finding_warnings counts per kind, so these are made here, in the order of their values (the sort below
// keeps it for equal land).
void landuse_value_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const auto& landuse = a.check.parcels.landuse;
  const bool profile_counts = a.check.inputs.profile.ambiguous_is_industrial;
  std::map<std::pair<bool, std::string>, std::vector<std::size_t>> by_value;  // (by layer?, value)
  for (std::size_t p = 0; p < landuse.size() && p < parcels.size(); ++p) {
    const rules::LanduseMatch& m = landuse[p];
    if (m.status == rules::LanduseMatch::Status::looks_industrial)
      by_value[{false, m.value}].push_back(p);
    else if (m.status == rules::LanduseMatch::Status::ambiguous && m.by_layer &&
             m.counts_as_industrial != profile_counts)
      by_value[{true, m.value}].push_back(p);
  }
  for (const auto& [key, members] : by_value) {
    const auto& [by_layer, value] = key;
    std::vector<const GEOSGeometry*> g;
    std::vector<double> areas;
    for (auto p : members) {
      g.push_back(parcels.geometry[p].get());
      areas.push_back(parcels.area_m2[p]);
    }
    const double m2 = geom::analyse_overlaps(g, areas).union_m2;
    const rules::LanduseMatch& m = landuse[members.front()];
    const std::string land = std::to_string(members.size()) + " parcels, " + mu_text(m2) + " mu";
    if (by_layer)
      out.push_back(
          {std::string(kind_key(FindingKind::landuse_ambiguous_by_layer)), members.size(), mu_from_m2(m2),
           "land-use code '" + value + "' is decided by the layer's other codes, which all fit " + m.scheme +
               ": " + land + " counted as " + (m.counts_as_industrial ? "industrial" : "not industrial") +
               " (the profile alone would count them otherwise; pin a scheme with landuse_scheme)"});
    else
      out.push_back({std::string(kind_key(FindingKind::landuse_looks_industrial)), members.size(),
                     mu_from_m2(m2),
                     "land-use value '" + value + "' looks industrial (" +
                         (m.resembles == "工业" ? std::string("contains 工业") : "like " + m.resembles) +
                         ") but is no code of the profile's schemes: " + land +
                         " not counted as industrial (map it in the profile's [landuse.values] if it is)"});
  }
}

}  // namespace

std::vector<HeadlineWarning> headline_warnings(const Analysis& a) {
  std::vector<HeadlineWarning> out;
  criterion_warnings(a, out);
  rejected_warning(a, out);
  enterprise_warnings(a, out);
  register_warning(a, out);
  finding_warnings(a, out);
  landuse_value_warnings(a, out);
  agreement_warnings(a, out);
  std::stable_sort(out.begin(), out.end(), [](const HeadlineWarning& x, const HeadlineWarning& y) {
    if (x.mu != y.mu) return x.mu > y.mu;
    if (x.count != y.count) return x.count > y.count;
    return x.kind < y.kind;
  });
  return out;
}

}  // namespace landrenew
