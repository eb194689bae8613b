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

double union_m2(const PolygonLayer& parcels, const std::vector<std::size_t>& members) {
  if (members.empty()) return 0;
  std::vector<const GEOSGeometry*> g;
  std::vector<double> areas;
  for (auto p : members) {
    g.push_back(parcels.geometry[p].get());
    areas.push_back(parcels.area_m2[p]);
  }
  return geom::analyse_overlaps(g, areas).union_m2;
}

// ---- Tally: what the warnings are made of, over what the run owns (RULES.md 20, 26) ----

void tally_criteria(const Analysis& a, CoverageTally& t) {
  for (const char* c : rules::kCriteria) {
    auto it = a.by_criterion.find(c);
    if (it == a.by_criterion.end()) continue;
    const CriterionTally& ct = it->second;
    t.criteria[c] = {ct.enabled, ct.evaluated_parcels, ct.not_evaluable_parcels, ct.not_evaluable_m2};
  }
}

void tally_enterprises(const Analysis& a, CoverageTally& t) {
  if (!a.mujun) return;
  t.enterprises = true;
  // MujunScore::reason is the English msgid of rules/mujun.cpp (a size class is named in it: one line for all).
  for (std::size_t e = 0; e < a.mujun->enterprises.size(); ++e) {
    const rules::MujunScore& s = a.mujun->enterprises[e];
    if (s.lacks_data && a.owns_enterprise(e))
      ++t.not_classified[s.reason.rfind("size class", 0) == 0 ? N_("size class matches no group") : s.reason];
  }
}

void tally_register(const Analysis& a, CoverageTally& t) {
  if (!a.freed) return;
  t.records = true;
  // Records left out for want of data (rule 16), not by rule (outside the period, after the audit, not done).
  CoverageTally::Register& u = t.unusable;
  for (std::size_t i = 0; i < a.freed->records.size(); ++i) {
    const rules::RecordStatus& r = a.freed->records[i];
    const bool date = r.fails(rules::NotCounted::no_date) || r.fails(rules::NotCounted::bad_date);
    const bool mode = r.fails(rules::NotCounted::no_mode) || r.fails(rules::NotCounted::mode_not_counted);
    const bool parcel = r.fails(rules::NotCounted::no_parcel_code);  // RULES.md 23
    if ((!date && !mode && !parcel) || !a.owns_feature(a.check.inputs.renewal->info.logical, i)) continue;
    ++u.records;
    u.no_parcel += parcel ? 1 : 0;
    u.no_date += r.fails(rules::NotCounted::no_date) ? 1 : 0;
    u.bad_date += r.fails(rules::NotCounted::bad_date) ? 1 : 0;
    u.no_mode += r.fails(rules::NotCounted::no_mode) ? 1 : 0;
    u.other_mode += r.fails(rules::NotCounted::mode_not_counted) ? 1 : 0;
  }
}

// The finding kinds that leave a value, a link or a feature out of the figures (RULES.md 20: those with a
// headline line in finding_kinds.hpp, one declaration for the summary, screen, report and workbook): count,
// the layers they are on, and the land of the parcels they name.
void tally_findings(const Analysis& a, CoverageTally& t) {
  const Inputs& in = a.check.inputs;
  const PolygonLayer& parcels = in.parcels;
  std::unordered_map<std::int64_t, std::size_t> parcel_of_fid;
  for (std::size_t p = 0; p < parcels.size(); ++p)
    parcel_of_fid.emplace(parcels.fid[p], p);
  for (const FindingKindInfo& info : finding_kinds()) {
    if (info.headline.empty()) continue;
    const std::string_view kind = info.key;
    CoverageTally::Kind k;
    std::set<std::size_t> touched;
    for (const Finding& f : in.findings.items()) {
      if (f.kind != kind) continue;
      ++k.count;
      ++k.layers[f.layer];
      if (f.layer == parcels.info.logical && f.fid >= 0)
        if (auto it = parcel_of_fid.find(f.fid); it != parcel_of_fid.end()) touched.insert(it->second);
    }
    if (k.count == 0) continue;
    k.m2 = union_m2(parcels, std::vector<std::size_t>(touched.begin(), touched.end()));
    t.kinds[std::string(kind)] = std::move(k);
  }
}

// RULES.md 24: the land-use values that look industrial but are no code of the profile's schemes, and the
// ambiguous codes the layer's other codes decided otherwise than the profile would have, each value with its
// own parcels (a partition's: those it owns) and their land.
void tally_landuse(const Analysis& a, CoverageTally& t) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const auto& landuse = a.check.parcels.landuse;
  const bool profile_counts = a.check.inputs.profile.ambiguous_is_industrial;
  std::map<std::pair<bool, std::string>, std::vector<std::size_t>> by_value;  // (by layer?, value)
  for (std::size_t p = 0; p < landuse.size() && p < parcels.size(); ++p) {
    const rules::LanduseMatch& m = landuse[p];
    if (!a.owns_parcel(p)) continue;
    if (m.status == rules::LanduseMatch::Status::looks_industrial)
      by_value[{false, m.value}].push_back(p);
    else if (m.status == rules::LanduseMatch::Status::ambiguous && m.by_layer &&
             m.counts_as_industrial != profile_counts)
      by_value[{true, m.value}].push_back(p);
  }
  for (const auto& [key, members] : by_value) {
    const rules::LanduseMatch& m = landuse[members.front()];
    t.landuse[key] = {m.scheme, m.resembles, m.counts_as_industrial, members.size(), union_m2(parcels, members)};
  }
}

// ---- Render: the warnings from a tally ----

void criterion_warnings(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  const double industrial_m2 = t.industrial_m2;
  for (const char* c : rules::kCriteria) {
    auto it = t.criteria.find(c);
    if (it == t.criteria.end() || !it->second.enabled || it->second.not_evaluable_parcels == 0) continue;
    const CoverageTally::Criterion& ct = it->second;
    HeadlineWarning w{std::string("not_evaluable_") + c, ct.not_evaluable_parcels,
                      mu_from_m2(ct.not_evaluable_m2), {}};
    const std::string label = rules::criterion_label_zh(c);
    const Text lacking = tr_both(why_not_evaluable(c));
    if (ct.evaluated_parcels == 0)
      w.message = tr_both(
          "{1} ({2}) could be evaluated on no industrial parcel (its 0 means not evaluated, not none found) — "
          "lacking: {3}",
          label, c, lacking);
    else
      w.message = tr_both(
          "{1} ({2}) could not be evaluated on {3} industrial parcels, {4} of {5} mu ({6}) — lacking: {7}", label,
          c, ct.not_evaluable_parcels, mu_text(ct.not_evaluable_m2), mu_text(industrial_m2),
          share_text(ct.not_evaluable_m2, industrial_m2), lacking);
    out.push_back(std::move(w));
  }
}

void rejected_warning(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  HeadlineWarning w{std::string(kind_key(FindingKind::features_rejected)), 0, 0.0, {}};
  std::string layers;
  for (const auto& [layer, rejected] : t.rejected)
    if (rejected > 0) {
      w.count += rejected;
      layers += (layers.empty() ? "" : ", ") + layer + " " + std::to_string(rejected);
    }
  if (w.count == 0) return;
  w.message =
      tr_both("{1} features have no usable geometry and are in no figure (RULES.md 3): {2}", w.count, layers);
  out.push_back(std::move(w));
}

void enterprise_warnings(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  if (!t.enterprises) return;
  std::size_t n = 0;
  for (const auto& [reason, count] : t.not_classified)
    n += count;
  if (n == 0) return;
  Text detail;
  for (const auto& [reason, count] : t.not_classified) {
    const Text r = tr_both(reason.c_str());
    const std::string c = " " + std::to_string(count);
    detail = detail.empty() ? Text{r.en + c, r.zh + c} : tr_both("{1}, {2}", detail, Text{r.en + c, r.zh + c});
  }
  out.push_back({std::string(kind_key(FindingKind::enterprise_not_classified)), n, 0.0,
                 tr_both("{1} enterprise rows get no 亩均 class for lack of data ({2}); the class counts leave "
                         "them out",
                         n, detail)});
}

void register_warning(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  if (!t.records) return;
  const CoverageTally::Register& u = t.unusable;
  const std::size_t n = u.records;
  if (n == 0) return;
  out.push_back({std::string(kind_key(FindingKind::renewal_records_unusable)), n, 0.0,
                 u.no_parcel ? tr_both("{1} register records do not count for want of a usable date, mode or "
                                       "parcel code (no date {2}, unparseable date {3}, no mode {4}, mode not in "
                                       "the counting set {5}, no geometry and no known parcel code {6}); freed "
                                       "land leaves them out",
                                       n, u.no_date, u.bad_date, u.no_mode, u.other_mode, u.no_parcel)
                             : tr_both("{1} register records do not count for want of a usable date or mode (no "
                                       "date {2}, unparseable date {3}, no mode {4}, mode not in the counting set "
                                       "{5}); freed land leaves them out",
                                       n, u.no_date, u.bad_date, u.no_mode, u.other_mode)});
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
void agreement_warnings(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  for (const rules::AgreementCheck& c : t.agreement) {
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

void finding_warnings(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  for (const FindingKindInfo& info : finding_kinds()) {
    if (info.headline.empty()) continue;
    const auto it = t.kinds.find(std::string(info.key));
    if (it == t.kinds.end() || it->second.count == 0) continue;
    const CoverageTally::Kind& k = it->second;
    // The headline is a msgid (N_ in finding_kinds.hpp): "N <headline> (layers)".
    const Text headline = tr_both(info.headline.data());
    const std::string where = counted_list(k.layers);
    Text message = k.m2 > 0 ? tr_both("{1} {2} ({3}); the parcels concerned cover {4} mu", k.count, headline,
                                      where, mu_text(k.m2))
                            : tr_both("{1} {2} ({3})", k.count, headline, where);
    out.push_back({std::string(info.key), k.count, mu_from_m2(k.m2), std::move(message)});
  }
}

// RULES.md 24: each distinct land-use value that looks industrial but is no code of the profile's schemes is
// a warning of its own (landuse_looks_industrial), with its parcels and their land; so is each ambiguous code
// the layer's other codes decided otherwise than the profile would have (landuse_ambiguous_by_layer).
// finding_warnings counts per kind, so these are made here, in the order of their values (the sort below
// keeps it for equal land).
void landuse_value_warnings(const CoverageTally& t, std::vector<HeadlineWarning>& out) {
  for (const auto& [key, m] : t.landuse) {
    const auto& [by_layer, value] = key;
    const Text land = tr_both("{1} parcels, {2} mu", m.parcels, mu_text(m.m2));
    if (by_layer)
      out.push_back({std::string(kind_key(FindingKind::landuse_ambiguous_by_layer)), m.parcels, mu_from_m2(m.m2),
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
      out.push_back({std::string(kind_key(FindingKind::landuse_looks_industrial)), m.parcels, mu_from_m2(m.m2),
                     tr_both("land-use value '{1}' looks industrial ({2}) but is no code of the profile's schemes: "
                             "{3} not counted as industrial (map it in the profile's [landuse.values] if it is)",
                             value,
                             m.resembles == "工业" ? tr_both("contains 工业") : tr_both("like {1}", m.resembles),
                             land)});
  }
}

}  // namespace

CoverageTally& CoverageTally::operator+=(const CoverageTally& o) {
  industrial_m2 += o.industrial_m2;
  for (const auto& [key, c] : o.criteria) {
    auto [it, added] = criteria.emplace(key, c);
    if (added) continue;
    it->second.evaluated_parcels += c.evaluated_parcels;
    it->second.not_evaluable_parcels += c.not_evaluable_parcels;
    it->second.not_evaluable_m2 += c.not_evaluable_m2;
  }
  for (const auto& [layer, n] : o.rejected) {
    auto it = std::find_if(rejected.begin(), rejected.end(), [&](const auto& r) { return r.first == layer; });
    if (it == rejected.end()) rejected.emplace_back(layer, n);
    else it->second += n;
  }
  enterprises = enterprises || o.enterprises;
  for (const auto& [reason, n] : o.not_classified)
    not_classified[reason] += n;
  records = records || o.records;
  unusable.records += o.unusable.records;
  unusable.no_date += o.unusable.no_date;
  unusable.bad_date += o.unusable.bad_date;
  unusable.no_mode += o.unusable.no_mode;
  unusable.other_mode += o.unusable.other_mode;
  unusable.no_parcel += o.unusable.no_parcel;
  for (const auto& [kind, k] : o.kinds) {
    Kind& mine = kinds[kind];
    mine.count += k.count;
    for (const auto& [layer, n] : k.layers)
      mine.layers[layer] += n;
    mine.m2 += k.m2;  // unions of each partition's own parcels: exact but for parcels of two that overlap
  }
  for (const auto& [key, v] : o.landuse) {
    auto [it, added] = landuse.emplace(key, v);
    if (added) continue;
    it->second.parcels += v.parcels;
    it->second.m2 += v.m2;  // likewise
  }
  return *this;
}

CoverageTally coverage_tally(const Analysis& a) {
  CoverageTally t;
  t.industrial_m2 = a.check.parcels.industrial_m2;
  tally_criteria(a, t);
  for (const PolygonLayer* layer : a.check.inputs.polygon_layers())
    t.rejected.emplace_back(layer->info.logical, layer->counts.rejected);
  tally_enterprises(a, t);
  tally_register(a, t);
  tally_findings(a, t);
  tally_landuse(a, t);
  t.agreement = a.agreement;
  return t;
}

std::vector<HeadlineWarning> render_warnings(const CoverageTally& t) {
  std::vector<HeadlineWarning> out;
  criterion_warnings(t, out);
  rejected_warning(t, out);
  enterprise_warnings(t, out);
  register_warning(t, out);
  finding_warnings(t, out);
  landuse_value_warnings(t, out);
  agreement_warnings(t, out);
  std::stable_sort(out.begin(), out.end(), [](const HeadlineWarning& x, const HeadlineWarning& y) {
    if (x.mu != y.mu) return x.mu > y.mu;
    if (x.count != y.count) return x.count > y.count;
    return x.kind < y.kind;
  });
  return out;
}

std::vector<HeadlineWarning> headline_warnings(const Analysis& a) {
  return render_warnings(coverage_tally(a));
}

}  // namespace landrenew
