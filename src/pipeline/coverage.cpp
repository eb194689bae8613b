#include "landrenew/pipeline/coverage.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/geom/overlaps.hpp"
#include "landrenew/pipeline/analysis.hpp"

namespace landrenew {

namespace {

// Why a criterion lacks data on a parcel (RULES.md 14, 20; the conditions of flag_low_efficiency): a msgid.
const char* why_not_evaluable(std::string_view criterion) {
  if (criterion == "far_below_minimum")
    return N_("no industry code with a minimum FAR (the parcel's own, or its main enterprise's), or no buildings "
              "after renewal");
  if (criterion == "coverage_below_minimum") return N_("no buildings after renewal");
  if (criterion == "enterprise_class")
    return N_("no linked enterprise, or a linked enterprise without a class for lack of data");
  if (criterion == "wuwei")
    return N_("no register dates, or in production under a contracted 亩均税收 without the actual one");
  if (criterion == "tax_per_mu_below") return N_("no linked enterprise with a tax figure (or no district mean)");
  if (criterion == "admission_standard")
    return N_("no supply date, or an indicator of the standard unknown and none failing");
  return "";
}

Text mu_text(double m2) {
  return quantity(mu_from_m2(m2), 2);
}

/// A percentage with one decimal ("12.5%"), as the warnings have always written it.
std::string percent(double fraction, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, 100.0 * fraction);
  return buf;
}

std::string share_text(double part, double whole) {
  return percent(whole > 0 ? part / whole : 0.0);
}

/// "a 3, b 2": names as they are, each with its count (the same in both languages).
std::string counted_list(const std::map<std::string, std::size_t>& counts) {
  std::string out;
  for (const auto& [name, n] : counts)
    out += (out.empty() ? "" : ", ") + name + " " + std::to_string(n);
  return out;
}

void criterion_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  const double industrial_m2 = a.check.parcels.industrial_m2;
  for (const char* c : rules::kCriteria) {
    auto it = a.by_criterion.find(c);
    if (it == a.by_criterion.end() || !it->second.enabled || it->second.not_evaluable_parcels == 0) continue;
    const CriterionTally& t = it->second;
    HeadlineWarning w{std::string("not_evaluable_") + c, t.not_evaluable_parcels, mu_from_m2(t.not_evaluable_m2),
                      {}};
    const std::string label = rules::criterion_label_zh(c);
    const Text lacking = tr_both(why_not_evaluable(c));
    if (t.evaluated_parcels == 0)
      w.message = tr_both(
          "{1} ({2}) could be evaluated on no industrial parcel (its 0 means not evaluated, not none found) — "
          "lacking: {3}",
          label, c, lacking);
    else
      w.message = tr_both(
          "{1} ({2}) could not be evaluated on {3} industrial parcels, {4} of {5} mu ({6}) — lacking: {7}", label,
          c, t.not_evaluable_parcels, mu_text(t.not_evaluable_m2), mu_text(industrial_m2),
          share_text(t.not_evaluable_m2, industrial_m2), lacking);
    out.push_back(std::move(w));
  }
}

void rejected_warning(const Analysis& a, std::vector<HeadlineWarning>& out) {
  const Inputs& in = a.check.inputs;
  HeadlineWarning w{std::string(kind_key(FindingKind::features_rejected)), 0, 0.0, {}};
  std::string layers;
  for (const PolygonLayer* layer : in.polygon_layers())
    if (layer->counts.rejected > 0) {
      w.count += layer->counts.rejected;
      layers += (layers.empty() ? "" : ", ") + layer->info.logical + " " + std::to_string(layer->counts.rejected);
    }
  if (w.count == 0) return;
  w.message =
      tr_both("{1} features have no usable geometry and are in no figure (RULES.md 3): {2}", w.count, layers);
  out.push_back(std::move(w));
}

void enterprise_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  if (!a.mujun) return;
  // MujunScore::reason is the English msgid of rules/mujun.cpp (a size class is named in it: one line for all).
  std::map<std::string, std::size_t> why;
  for (const rules::MujunScore& s : a.mujun->enterprises)
    if (s.lacks_data) ++why[s.reason.rfind("size class", 0) == 0 ? N_("size class matches no group") : s.reason];
  const std::size_t n = a.mujun->lacking_data();
  if (n == 0) return;
  Text detail;
  for (const auto& [reason, count] : why) {
    const Text r = tr_both(reason.c_str());
    const std::string c = " " + std::to_string(count);
    detail = detail.empty() ? Text{r.en + c, r.zh + c} : tr_both("{1}, {2}", detail, Text{r.en + c, r.zh + c});
  }
  out.push_back({std::string(kind_key(FindingKind::enterprise_not_classified)), n, 0.0,
                 tr_both("{1} enterprise rows get no 亩均 class for lack of data ({2}); the class counts leave "
                         "them out",
                         n, detail)});
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
                 no_parcel ? tr_both("{1} register records do not count for want of a usable date, mode or parcel "
                                     "code (no date {2}, unparseable date {3}, no mode {4}, mode not in the "
                                     "counting set {5}, no geometry and no known parcel code {6}); freed land "
                                     "leaves them out",
                                     n, no_date, bad_date, no_mode, other_mode, no_parcel)
                           : tr_both("{1} register records do not count for want of a usable date or mode (no "
                                     "date {2}, unparseable date {3}, no mode {4}, mode not in the counting set "
                                     "{5}); freed land leaves them out",
                                     n, no_date, bad_date, no_mode, other_mode)});
}

// RULES.md 25, the constant shift that explains a layer's disagreement: "; a constant shift explains it: …".
Text shift_sentence(const rules::AgreementCheck& c, const Text& before) {
  const int digits = c.web_map ? 4 : 1;  // a few parcels in thousands need the places to show
  char east[32], north[32];
  std::snprintf(east, sizeof east, "%.0f", c.shift->offset.x);
  std::snprintf(north, sizeof north, "%.0f", c.shift->offset.y);
  const std::string moved = percent(c.shift->share_at_offset, digits);
  const std::string unmoved = percent(c.shift->share_at_zero, digits);
  if (c.web_map)
    return tr_both("{1}; a constant shift explains it: {2} lie {3} m east and {4} m north of {5} (moved by that, "
                   "{6} of all {7} lies on them, against {8} unmoved)",
                   before, c.reference, east, north, c.layer, moved, c.shift->sample, unmoved);
  return tr_both("{1}; a constant shift explains it: {2} lie {3} m east and {4} m north of {5} (moved by that, "
                 "{6} of a sample of {7} lies on them, against {8} unmoved)",
                 before, c.reference, east, north, c.layer, moved, c.shift->sample, unmoved);
}

// RULES.md 25: a layer whose share on the layer it describes the same ground as is below the profile's
// threshold, with the constant shift that explains it when there is one.
void agreement_warnings(const Analysis& a, std::vector<HeadlineWarning>& out) {
  for (const rules::AgreementCheck& c : a.agreement) {
    if (!c.warned()) continue;
    Text message =
        c.below()
            ? tr_both("only {1} of the area of {2} lies on {3} (profile threshold {4})", percent(c.share),
                      c.layer, c.reference, percent(c.threshold))
            // a web-map datum explains the little disagreement there is (agreement.hpp kWebMapResidual)
            : tr_both("{1} of the area of {2} does not lie on {3}, as it should (profile threshold {4} is met), "
                      "and moving the whole layer by a web-map datum's offset removes most of that",
                      percent(1 - c.share, 4), c.layer, c.reference, percent(c.threshold));
    if (c.shift_reported) message = shift_sentence(c, message);
    out.push_back({"agreement_" + c.key, c.features, 0.0,
                   tr_both("{1}; likely cause: {2}", message, c.likely_cause)});
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
    // The headline is a msgid (N_ in finding_kinds.hpp): "N <headline> (layers)".
    const Text headline = tr_both(info.headline.data());
    const std::string where = counted_list(layers);
    Text message = m2 > 0 ? tr_both("{1} {2} ({3}); the parcels concerned cover {4} mu", count, headline, where,
                                    mu_text(m2))
                          : tr_both("{1} {2} ({3})", count, headline, where);
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
    const Text land = tr_both("{1} parcels, {2} mu", members.size(), mu_text(m2));
    if (by_layer)
      out.push_back({std::string(kind_key(FindingKind::landuse_ambiguous_by_layer)), members.size(),
                     mu_from_m2(m2),
                     m.counts_as_industrial
                         ? tr_both("land-use code '{1}' is decided by the layer's other codes, which all fit {2}: "
                                   "{3} counted as industrial (the profile alone would count them otherwise; pin "
                                   "a scheme with landuse_scheme)",
                                   value, m.scheme, land)
                         : tr_both("land-use code '{1}' is decided by the layer's other codes, which all fit {2}: "
                                   "{3} counted as not industrial (the profile alone would count them otherwise; "
                                   "pin a scheme with landuse_scheme)",
                                   value, m.scheme, land)});
    else
      out.push_back({std::string(kind_key(FindingKind::landuse_looks_industrial)), members.size(),
                     mu_from_m2(m2),
                     tr_both("land-use value '{1}' looks industrial ({2}) but is no code of the profile's schemes: "
                             "{3} not counted as industrial (map it in the profile's [landuse.values] if it is)",
                             value,
                             m.resembles == "工业" ? tr_both("contains 工业") : tr_both("like {1}", m.resembles),
                             land)});
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
