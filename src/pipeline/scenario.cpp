// Scenarios: candidate parcels or clusters, what renewing them would add to the freed tally (RULES.md 16–17)
// and to each park's FAR at an assumed target FAR (RULES.md 9).
#include "landrenew/pipeline/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/sha256.hpp"
#include "landrenew/core/text.hpp"

#include "config/toml_reader.hpp"

namespace landrenew {
namespace fs = std::filesystem;

namespace {

using Kind = ScenarioCandidate::Kind;

[[noreturn]] void fail_at(const fs::path& file, int line, const std::string& message) {
  ErrorContext c{.file = file.string()};
  if (line > 0) c.line = line;
  throw Error(ErrorKind::project, message, c);
}

double target_far(detail::TomlReader& t, std::string_view key) {
  const auto v = t.number(key);
  if (!std::isfinite(*v) || *v <= 0) t.fail(key, tr("must be a floor-area ratio above 0"));
  return *v;
}

int year(detail::TomlReader& t, std::string_view key) {
  const auto v = t.integer(key);
  if (*v < 1900 || *v > 2200) t.fail(key, tr("must be a year such as 2027"));
  return static_cast<int>(*v);
}

std::string mode(detail::TomlReader& t, std::string_view key) {
  const std::string v(trim(*t.string(key)));
  if (v.empty()) t.fail(key, tr("must name a renewal mode, such as \"拆除重建\""));
  return v;
}

}  // namespace

ScenarioSpec parse_scenario(const std::string& text, const fs::path& file) {
  const std::string name = file.string();
  const toml::table root = detail::parse_toml(text, name, ErrorKind::project);
  detail::TomlReader t(root, name, ErrorKind::project);
  ScenarioSpec s;
  s.file = file;
  s.sha256 = sha256_hex(text);
  if (auto v = t.string("name")) s.name = *v;
  if (t.has("target_far")) s.target_far = target_far(t, "target_far");
  if (t.has("mode")) s.mode = mode(t, "mode");
  if (t.has("year")) s.year = year(t, "year");

  // `parcels = [...]` and `clusters = [...]`: each id with its own line.
  for (const auto& [key, kind] : {std::pair{"parcels", Kind::parcel}, std::pair{"clusters", Kind::cluster}}) {
    if (!t.string_array(key)) continue;  // checks the type
    for (const auto& e : *root[key].as_array()) {
      ScenarioCandidate c;
      c.kind = kind;
      c.id = std::string(trim(e.value_or(std::string())));
      c.line = static_cast<int>(e.source().begin.line);
      if (c.id.empty()) fail_at(file, c.line, trf("'{1}': an empty id", key));
      s.candidates.push_back(std::move(c));
    }
  }
  // [[candidate]] tables, with overrides.
  for (auto& ct : t.table_array("candidate")) {
    ScenarioCandidate c;
    c.line = ct.line();
    const auto parcel = ct.string("parcel");
    const auto cluster = ct.string("cluster");
    if (parcel && cluster) ct.fail("cluster", tr("give parcel or cluster, not both"));
    if (!parcel && !cluster) ct.fail("", tr("[[candidate]] needs parcel = \"ZDDM\" or cluster = \"LP0001\""));
    c.kind = parcel ? Kind::parcel : Kind::cluster;
    c.id = std::string(trim(parcel ? *parcel : *cluster));
    if (c.id.empty()) ct.fail(parcel ? "parcel" : "cluster", tr("is empty"));
    if (ct.has("target_far")) c.target_far = target_far(ct, "target_far");
    if (ct.has("mode")) c.mode = mode(ct, "mode");
    if (ct.has("year")) c.year = year(ct, "year");
    ct.reject_unknown_keys({"parcel", "cluster", "target_far", "mode", "year"});
    s.candidates.push_back(std::move(c));
  }
  t.reject_unknown_keys({"name", "target_far", "mode", "year", "parcels", "clusters", "candidate"});
  // File order: the order the planners wrote them in (ties in attribution go to the earlier line).
  std::stable_sort(s.candidates.begin(), s.candidates.end(),
                   [](const ScenarioCandidate& x, const ScenarioCandidate& y) { return x.line < y.line; });

  if (s.candidates.empty())
    fail_at(
        file, 0,
        tr("lists no candidates: give parcels = [\"ZDDM\", …], clusters = [\"LP0001\", …] or [[candidate]]"));
  std::map<std::pair<Kind, std::string>, int> seen;
  for (const auto& c : s.candidates) {
    const auto [it, fresh] = seen.emplace(std::pair{c.kind, c.id}, c.line);
    if (!fresh)
      fail_at(file, c.line,
              c.kind == Kind::parcel
                  ? trf("parcel '{1}' is listed twice (first on line {2})", c.id, it->second)
                  : trf("cluster '{1}' is listed twice (first on line {2})", c.id, it->second));
    if (!c.target_far && !s.target_far)
      fail_at(file, c.line,
              c.kind == Kind::parcel
                  ? trf("parcel '{1}' has no target FAR: set target_far at the top of the file or in its "
                        "[[candidate]]",
                        c.id)
                  : trf("cluster '{1}' has no target FAR: set target_far at the top of the file or in its "
                        "[[candidate]]",
                        c.id));
  }
  return s;
}

ScenarioSpec load_scenario(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) fail_at(file, 0, tr("scenario file not found"));
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) fail_at(file, 0, tr("cannot read the scenario file"));
  const std::string text = buf.str();
  if (text.size() > (1u << 24)) fail_at(file, 0, tr("is over 16 MiB: not a scenario file"));
  if (!is_valid_utf8(text)) fail_at(file, 0, tr("is not UTF-8 text (save it as UTF-8)"));
  return parse_scenario(text, file);
}

namespace {

// Ground bookkeeping for the scenario: geometries with their envelopes, searched linearly (a scenario has
// tens of candidates; the ledger's pieces are filtered by envelope first).
struct Ground {
  std::vector<const GEOSGeometry*> geometry;
  std::vector<geom::Envelope> envelope;
  void add(const GEOSGeometry* g) {
    geometry.push_back(g);
    envelope.push_back(geom::envelope(g));
  }
};

geom::Geometry checked(geom::Geometry g, const char* what) {
  if (!g) throw Error(ErrorKind::internal, trf("GEOS {1} failed: {2}", what, geom::last_error()));
  return g;
}

// `g` minus the ground of `taken` that overlaps it; nullptr when nothing is left.
geom::Geometry minus(const GEOSGeometry* g, const Ground& taken) {
  const geom::Envelope e = geom::envelope(g);
  std::vector<const GEOSGeometry*> near;
  for (std::size_t k = 0; k < taken.geometry.size(); ++k)
    if (e.overlaps_interior(taken.envelope[k])) near.push_back(taken.geometry[k]);
  if (near.empty()) return geom::clone(g);
  geom::Geometry cut = near.size() == 1 ? geom::clone(near.front()) : geom::union_of(near);
  geom::Geometry rest =
      checked(geom::Geometry(GEOSDifference_r(geom::context(), g, cut.get())), "difference");
  return geom::polygonal_parts(rest.get());
}

double area_of(const geom::Geometry& g) {
  return g ? geom::area(g.get()) : 0.0;
}

int period_year(const std::string& text, const char* key) {
  const auto d = parse_date(text);
  if (!d) throw Error(ErrorKind::profile, trf("[freed] {1} '{2}' is not a date", key, text));
  return d->year;
}

// Parcels by id (ZDDM) and by FID, and clusters by id: how a scenario file names its candidates.
struct CandidateIds {
  std::map<std::string, std::vector<std::size_t>> by_id;
  std::map<std::int64_t, std::size_t> by_fid;
  std::map<std::string, std::size_t> cluster_by_id;
};

CandidateIds candidate_ids(const Analysis& a) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  CandidateIds ids;
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    const std::string id(trim(parcels.id(p)));
    if (!id.empty()) ids.by_id[id].push_back(p);
    ids.by_fid.emplace(parcels.fid[p], p);
  }
  for (std::size_t c = 0; c < a.clusters.size(); ++c)
    ids.cluster_by_id.emplace(a.clusters[c].id, c);
  return ids;
}

// The parcels a candidate names (unsorted); an unknown id stops the run with the candidate's line.
std::vector<std::size_t> candidate_parcels(const Analysis& a, const ScenarioSpec& spec,
                                           const ScenarioCandidate& c, const CandidateIds& ids,
                                           std::vector<Text>& notes) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const auto& by_id = ids.by_id;
  const auto& by_fid = ids.by_fid;
  const auto& cluster_by_id = ids.cluster_by_id;
  std::vector<std::size_t> found;
  if (c.kind == Kind::parcel) {
    if (auto it = by_id.find(c.id); it != by_id.end()) {
      found = it->second;
      if (found.size() > 1)
        notes.push_back(tr_both("parcel id {1} names {2} parcels (a repeated ZDDM): all of them are taken",
                                c.id, found.size()));
    } else if (c.id.rfind("fid ", 0) == 0 && by_fid.count(std::atoll(c.id.c_str() + 4))) {
      found = {by_fid.at(std::atoll(c.id.c_str() + 4))};  // parcels without an id, as outputs name them
    } else {
      fail_at(spec.file, c.line,
              trf("parcel '{1}' is not in the parcel layer ({2})", c.id, parcels.info.display));
    }
  } else {
    const auto it = cluster_by_id.find(c.id);
    if (it == cluster_by_id.end())
      fail_at(spec.file, c.line,
              a.clusters.empty() ? trf("cluster '{1}' is not a cluster of this run (it has none)", c.id)
                                 : trf("cluster '{1}' is not a cluster of this run ({2}…{3})", c.id,
                                       a.clusters.front().id, a.clusters.back().id));
    found = a.clusters[it->second].parcels;
  }
  return found;
}

// Counts a candidate's industrial parcels with their GFA now and at the target FAR; a parcel that is not
// industrial is noted and adds nothing.
void tally_candidate_parcels(const Analysis& a, const std::vector<bool>& industrial,
                             ScenarioCandidateResult& res, std::vector<Text>& notes) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const ScenarioCandidate& c = res.candidate;
  for (auto p : res.parcels) {
    if (industrial[p]) {
      ++res.industrial_parcels;
      res.gfa_current_m2 += a.after ? a.after->parcel_gfa_m2[p] : 0.0;
      res.gfa_scenario_m2 += res.target_far * parcels.area_m2[p];
    } else {
      const std::string parcel =
          parcels.id(p).empty() ? "fid " + std::to_string(parcels.fid[p]) : parcels.id(p);
      notes.push_back(
          c.kind == Kind::parcel
              ? tr_both("parcel {1}: parcel {2} is not industrial land and adds nothing", c.id, parcel)
              : tr_both("cluster {1}: parcel {2} is not industrial land and adds nothing", c.id, parcel));
    }
  }
}

// RULES.md 16 for a planned completion: the mode matched exactly, the year within the period. Returns why
// the candidate does not count (empty when it counts).
std::vector<Text> why_not_counted(const Profile& profile, const ScenarioCandidateResult& res, int first_year,
                                  int last_year) {
  std::vector<Text> why;
  if (std::find(profile.freed.counting_modes.begin(), profile.freed.counting_modes.end(), res.mode) ==
      profile.freed.counting_modes.end())
    why.push_back(tr_both("mode '{1}' is not counted", res.mode));
  if (res.year < first_year || res.year > last_year)
    why.push_back(tr_both("year {1} outside {2}..{3}", res.year, first_year, last_year));
  return why;
}

// Resolves every candidate of the file into r.candidates, in file order, before any geometry work.
void resolve_candidates(const Analysis& a, const ScenarioSpec& spec, const std::vector<bool>& industrial,
                        int first_year, int last_year, ScenarioResult& r) {
  const CandidateIds ids = candidate_ids(a);
  const int default_year = spec.year.value_or(a.as_of.year + 1);
  r.default_year = default_year;
  for (const auto& c : spec.candidates) {
    ScenarioCandidateResult res;
    res.candidate = c;
    res.target_far = c.target_far ? *c.target_far : spec.target_far.value_or(0.0);
    res.mode = c.mode.value_or(spec.mode);
    res.year = c.year.value_or(default_year);
    res.parcels = candidate_parcels(a, spec, c, ids, r.notes);
    std::sort(res.parcels.begin(), res.parcels.end());
    tally_candidate_parcels(a, industrial, res, r.notes);
    const std::vector<Text> why = why_not_counted(a.check.inputs.profile, res, first_year, last_year);
    res.counted = why.empty();
    for (const auto& w : why)
      res.reason = res.reason.empty() ? w : tr_both("{1}; {2}", res.reason, w);
    r.candidates.push_back(std::move(res));
  }
}

// Adds a candidate's new ground to the scenario's totals by year, mode, district and park (split by area).
void add_to_totals(const Analysis& a, const ScenarioCandidateResult& res, const GEOSGeometry* fresh,
                   ScenarioResult& r) {
  r.added_m2 += res.adds_m2;
  r.added_by_year_m2[res.year] += res.adds_m2;
  r.added_by_mode_m2[res.mode] += res.adds_m2;
  double inside = 0;
  if (a.districts)
    for (const auto& [z, m2] : a.districts->overlaps(fresh)) {
      r.added_by_district_m2[a.districts->id(z)] += m2;
      inside += m2;
    }
  r.added_outside_districts_m2 += a.districts ? std::max(0.0, res.adds_m2 - inside) : 0.0;
  if (a.parks)
    for (const auto& [z, m2] : a.parks->overlaps(fresh))
      r.added_by_park_m2[a.parks->id(z)] += m2;
}

// RULES.md 17: earliest completion first, then file order; ground already freed or taken by an earlier
// candidate is not counted again. Returns each parcel's target FAR: the first candidate's in that order.
std::vector<std::optional<double>> attribute_ground(const Analysis& a, const std::vector<bool>& industrial,
                                                    ScenarioResult& r) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  std::vector<std::size_t> order(r.candidates.size());
  for (std::size_t k = 0; k < order.size(); ++k)
    order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return r.candidates[x].year < r.candidates[y].year; });
  Ground freed, taken;
  if (a.freed)
    for (const auto& piece : a.freed->pieces)
      freed.add(piece.geometry.get());
  std::vector<geom::Geometry> fresh_ground;  // owns what `taken` points to
  std::vector<std::optional<double>> parcel_target(parcels.size());
  for (auto k : order) {
    ScenarioCandidateResult& res = r.candidates[k];
    std::vector<const GEOSGeometry*> parts;
    for (auto p : res.parcels)
      if (industrial[p]) {
        parts.push_back(parcels.geometry[p].get());
        if (!parcel_target[p]) parcel_target[p] = res.target_far;
      }
    if (parts.empty()) continue;
    geom::Geometry ground = parts.size() == 1 ? geom::clone(parts.front()) : geom::union_of(parts);
    res.industrial_m2 = geom::area(ground.get());
    geom::Geometry rest = minus(ground.get(), freed);
    const double rest_m2 = area_of(rest);
    res.already_freed_m2 = std::max(0.0, res.industrial_m2 - rest_m2);
    if (!res.counted || !rest) continue;
    geom::Geometry fresh = minus(rest.get(), taken);
    res.adds_m2 = area_of(fresh);
    res.earlier_candidates_m2 = std::max(0.0, rest_m2 - res.adds_m2);
    if (!fresh || res.adds_m2 <= 0) continue;
    add_to_totals(a, res, fresh.get(), r);
    taken.add(fresh.get());
    fresh_ground.push_back(std::move(fresh));
  }
  return parcel_target;
}

// The after snapshot park FAR is computed on: the parcels_after layer when the project gives one, else the
// parcels.
struct AfterSnapshot {
  bool own;
  const PolygonLayer& parcels;
  const std::vector<std::size_t>& industrial;
  const rules::SnapshotResult* result;
};

AfterSnapshot after_snapshot(const Analysis& a) {
  const Inputs& in = a.check.inputs;
  const bool own = in.parcels_after.has_value();
  const PolygonLayer& after_parcels = own ? *in.parcels_after : in.parcels;
  const std::vector<std::size_t>& after_industrial = own ? a.industrial_after : a.check.parcels.industrial;
  const rules::SnapshotResult* after = a.after_own ? &*a.after_own : a.after ? &*a.after : nullptr;
  return {own, after_parcels, after_industrial, after};
}

// The target FAR of each parcel of the after snapshot: the parcels' own, or with a separate parcels_after
// layer, those of its industrial parcels matched to the candidates' by parcel id.
std::vector<std::optional<double>> after_targets(const Analysis& a, const AfterSnapshot& snap,
                                                 const std::vector<std::optional<double>>& parcel_target,
                                                 std::vector<Text>& notes) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const std::size_t n = parcels.size();
  const PolygonLayer& after_parcels = snap.parcels;
  std::vector<std::optional<double>> after_target(after_parcels.size());
  if (!snap.own) {
    after_target = parcel_target;
  } else {
    std::map<std::string, double> target_by_id;
    for (std::size_t p = 0; p < n; ++p)
      if (parcel_target[p]) {
        const std::string id(trim(parcels.id(p)));
        if (id.empty())
          notes.push_back(
              tr_both("parcel fid {1} has no id to find it in parcels_after: its park FAR is not changed",
                      parcels.fid[p]));
        else
          target_by_id.emplace(id, *parcel_target[p]);
      }
    for (auto p : snap.industrial)
      if (auto it = target_by_id.find(std::string(trim(after_parcels.id(p)))); it != target_by_id.end())
        after_target[p] = it->second;
  }
  return after_target;
}

// Park `z` as the run found it and with the candidates' parcels rebuilt (RULES.md 9).
ScenarioPark scenario_park(const Analysis& a, std::size_t z,
                           const std::vector<std::optional<std::size_t>>& membership,
                           const AfterSnapshot& snap, const std::vector<std::optional<double>>& after_target,
                           const ScenarioResult& r) {
  const PolygonLayer& after_parcels = snap.parcels;
  const rules::SnapshotResult* after = snap.result;
  ScenarioPark park;
  park.id = a.parks->id(z);
  park.name = a.parks->name(z);
  const auto zf = std::find_if(a.park_far.begin(), a.park_far.end(),
                               [&](const rules::ZoneFar& f) { return f.id == park.id; });
  if (zf != a.park_far.end()) {
    park.area_m2 = zf->area_after_m2;
    park.gfa_after_m2 = zf->gfa_after_m2;
    park.far_before = zf->far_before;
    park.far_after = zf->far_after;
    park.uplift = zf->uplift;
    park.meets_target = zf->meets_target;
  }
  // Members in ascending parcel order, as zone_far sums them, so a park without candidates keeps its FAR
  // to the last bit.
  for (std::size_t p = 0; p < membership.size(); ++p) {
    if (membership[p] != z) continue;
    if (after_target[p]) {
      ++park.candidate_parcels;
      park.gfa_scenario_m2 += *after_target[p] * after_parcels.area_m2[p];
    } else {
      park.gfa_scenario_m2 += after ? after->parcel_gfa_m2[p] : 0.0;
    }
  }
  if (park.area_m2 > 0) park.far_scenario = park.gfa_scenario_m2 / park.area_m2;
  if (park.far_scenario && park.far_before) {
    park.uplift_scenario = *park.far_scenario - *park.far_before;
    park.meets_target_scenario = *park.uplift_scenario >= r.uplift_target - rules::kUpliftTolerance;
  }
  if (auto it = r.added_by_park_m2.find(park.id); it != r.added_by_park_m2.end())
    park.freed_added_m2 = it->second;
  return park;
}

}  // namespace

ScenarioResult evaluate_scenario(const Analysis& a, const ScenarioSpec& spec) {
  const Profile& profile = a.check.inputs.profile;

  ScenarioResult r;
  r.spec = spec;
  r.as_of = a.as_of.iso();
  r.uplift_target = profile.far_uplift_target;
  r.goal_mu = profile.freed.goal_mu;
  r.freed_current_m2 = a.freed ? a.freed->total_m2 : 0.0;
  const int first_year = period_year(profile.freed.period_start, "period_start");
  const int last_year = period_year(profile.freed.period_end, "period_end");

  std::vector<bool> industrial(a.check.inputs.parcels.size(), false);
  for (auto p : a.check.parcels.industrial)
    industrial[p] = true;
  // An unknown id stops the run with its line before any geometry work.
  resolve_candidates(a, spec, industrial, first_year, last_year, r);
  const std::vector<std::optional<double>> parcel_target = attribute_ground(a, industrial, r);

  // RULES.md 9 with the candidates' parcels at target FAR × area in the after snapshot. With a separate
  // parcels_after layer, its industrial parcels are matched to the candidates' by parcel id.
  if (!a.parks || a.park_far.empty()) {
    r.notes.push_back(tr_both("no park FAR: the project gives no parks or no buildings"));
    return r;
  }
  const AfterSnapshot snap = after_snapshot(a);
  const std::vector<std::optional<double>> after_target = after_targets(a, snap, parcel_target, r.notes);
  const auto membership = rules::parcel_zones(*a.parks, snap.parcels, snap.industrial, profile.park_majority);
  for (std::size_t z = 0; z < a.parks->size(); ++z)
    r.parks.push_back(scenario_park(a, z, membership, snap, after_target, r));
  return r;
}

}  // namespace landrenew
