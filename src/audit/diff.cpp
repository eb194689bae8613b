// `landrenew diff`: comparing two runs from their output folders. Parcels are matched by parcel_id (falling
// back to source_fid), records by record_id, parks by id; freed ground is compared as ground (RULES.md 17:
// the union of the pieces), so re-split pieces with the same ground add and remove nothing.
#include "landrenew/audit/diff.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/rules/zones.hpp"

#include "geom/index.hpp"

namespace landrenew::diff {
using namespace geom::index;  // R-tree boxes and disjoint sets (src/geom/index.hpp)

namespace {
constexpr double kFarTolerance = 1e-9;  // FAR printed to 3 decimals; below this is floating-point noise

std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  return out;
}

Reconciliation reconcile(double old_total, double added, double removed, double new_total, double tolerance) {
  Reconciliation r{old_total, added, removed, new_total};
  r.ok = std::abs(r.residual()) <= tolerance;
  return r;
}

// ---- Parcels and their low-efficiency flags ----

// Pairs (old index, new index) of matched parcels, and the statistics.
std::vector<std::pair<std::size_t, std::size_t>> match_parcels(const std::vector<OutputParcel>& o,
                                                               const std::vector<OutputParcel>& n,
                                                               ParcelMatch& m) {
  m.old_parcels = o.size();
  m.new_parcels = n.size();
  std::map<std::string, std::vector<std::size_t>> old_by_id, new_by_id;
  for (std::size_t i = 0; i < o.size(); ++i)
    old_by_id[o[i].parcel_id].push_back(i);
  for (std::size_t i = 0; i < n.size(); ++i)
    new_by_id[n[i].parcel_id].push_back(i);
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<bool> old_done(o.size(), false), new_done(n.size(), false);
  // A parcel_id unique in both runs names the same parcel.
  for (const auto& [id, olds] : old_by_id) {
    if (id.empty() || olds.size() != 1) continue;
    const auto it = new_by_id.find(id);
    if (it == new_by_id.end() || it->second.size() != 1) continue;
    pairs.emplace_back(olds.front(), it->second.front());
    old_done[olds.front()] = new_done[it->second.front()] = true;
    ++m.by_id;
  }
  // Missing or repeated ids (RULES.md 3 keeps duplicates): the same id and the same source FID.
  for (const auto& [id, olds] : old_by_id) {
    const auto it = new_by_id.find(id);
    if (it == new_by_id.end()) continue;
    std::map<std::int64_t, std::vector<std::size_t>> new_by_fid;
    for (auto j : it->second)
      if (!new_done[j]) new_by_fid[n[j].source_fid].push_back(j);
    for (auto i : olds) {
      if (old_done[i]) continue;
      auto f = new_by_fid.find(o[i].source_fid);
      if (f == new_by_fid.end() || f->second.empty()) continue;
      const std::size_t j = f->second.front();
      f->second.erase(f->second.begin());
      pairs.emplace_back(i, j);
      old_done[i] = new_done[j] = true;
      ++m.by_fid;
    }
  }
  m.unmatched_old = static_cast<std::size_t>(std::count(old_done.begin(), old_done.end(), false));
  m.unmatched_new = static_cast<std::size_t>(std::count(new_done.begin(), new_done.end(), false));
  std::sort(pairs.begin(), pairs.end());
  // Unmatched parcels, as pairs with the other side missing (npos), kept for the flag lists.
  for (std::size_t i = 0; i < o.size(); ++i)
    if (!old_done[i]) pairs.emplace_back(i, std::string::npos);
  for (std::size_t j = 0; j < n.size(); ++j)
    if (!new_done[j]) pairs.emplace_back(std::string::npos, j);
  return pairs;
}

FlagDiff compare_flags(const RunOutput& o, const RunOutput& n, std::vector<Text>& notes) {
  FlagDiff d;
  const auto pairs = match_parcels(o.parcels, n.parcels, d.match);
  constexpr std::size_t none = std::string::npos;
  for (const auto& [i, j] : pairs) {
    const OutputParcel* a = i == none ? nullptr : &o.parcels[i];
    const OutputParcel* b = j == none ? nullptr : &n.parcels[j];
    const bool was = a && a->low_efficiency, is = b && b->low_efficiency;
    if (!was && !is) continue;
    FlagChange c;
    c.parcel_id = a ? a->parcel_id : b->parcel_id;
    if (a) c.old_fid = a->source_fid;
    if (b) c.new_fid = b->source_fid;
    if (was) c.old_criteria = a->criteria;
    if (is) c.new_criteria = b->criteria;
    c.criteria_added = minus(c.new_criteria, c.old_criteria);
    c.criteria_removed = minus(c.old_criteria, c.new_criteria);
    if (is && !was)
      d.newly_flagged.push_back(std::move(c));
    else if (was && !is)
      d.no_longer_flagged.push_back(std::move(c));
    else if (!c.criteria_added.empty() || !c.criteria_removed.empty())
      d.criteria_changed.push_back(std::move(c));
  }
  d.parcels =
      reconcile(static_cast<double>(o.low_parcels), static_cast<double>(d.newly_flagged.size()),
                static_cast<double>(d.no_longer_flagged.size()), static_cast<double>(n.low_parcels), 0);
  d.mu = {o.low_mu, n.low_mu};
  std::set<std::string> criteria;
  for (const auto& [c, v] : o.low_by_criterion)
    criteria.insert(c);
  for (const auto& [c, v] : n.low_by_criterion)
    criteria.insert(c);
  for (const auto& c : criteria) {
    const auto get = [&](const RunOutput& r) {
      auto it = r.low_by_criterion.find(c);
      return it == r.low_by_criterion.end() ? std::pair<std::size_t, double>{0, 0.0} : it->second;
    };
    const auto a = get(o), b = get(n);
    d.by_criterion[c] = {{static_cast<double>(a.first), static_cast<double>(b.first)}, {a.second, b.second}};
  }
  for (const RunOutput* r : {&o, &n}) {
    const auto flagged = static_cast<std::size_t>(std::count_if(
        r->parcels.begin(), r->parcels.end(), [](const OutputParcel& p) { return p.low_efficiency; }));
    if (flagged != r->low_parcels)
      notes.push_back(tr_both("{1}: the parcels layer flags {2} parcels but summary.json says {3}",
                              r->dir.string(), flagged, r->low_parcels));
  }
  return d;
}

// ---- Freed ground ----

// Area of each piece of `pieces` not covered by `other` (pieces of one run are disjoint: RULES.md 17), added
// per attributed record. Pieces whose exact ground is in `other` are skipped without overlay.
double ground_not_in(const std::vector<OutputPiece>& pieces, const std::vector<OutputPiece>& other,
                     std::map<std::string, double>& by_record) {
  const auto ctx = geom::context();
  std::set<std::string> other_wkb;
  std::vector<Entry> entries;
  for (std::size_t k = 0; k < other.size(); ++k) {
    other_wkb.insert(other[k].wkb);
    entries.emplace_back(box_of(geom::envelope(other[k].geometry.get())), k);
  }
  const Tree tree(entries.begin(), entries.end());
  double total = 0;
  std::vector<Entry> hits;
  for (const auto& p : pieces) {
    if (other_wkb.count(p.wkb)) continue;
    const geom::Envelope e = geom::envelope(p.geometry.get());
    hits.clear();
    tree.query(bgi::intersects(box_of(e)), std::back_inserter(hits));
    std::sort(hits.begin(), hits.end(), [](const Entry& a, const Entry& b) { return a.second < b.second; });
    std::vector<const GEOSGeometry*> near;
    for (const auto& [box, k] : hits)
      if (e.overlaps_interior(geom::envelope(other[k].geometry.get())))
        near.push_back(other[k].geometry.get());
    double a = p.area_m2;
    if (!near.empty()) {
      geom::Geometry taken = near.size() == 1 ? geom::clone(near.front()) : geom::union_of(near);
      geom::Geometry rest(GEOSDifference_r(ctx, p.geometry.get(), taken.get()));
      if (!rest) throw Error(ErrorKind::internal, trf("GEOS difference failed: {1}", geom::last_error()));
      a = geom::area(rest.get());
    }
    if (a <= 0) continue;
    total += a;
    by_record[p.record_id] += a;
  }
  return total;
}

std::vector<RecordGround> by_record_list(const std::map<std::string, double>& m2) {
  std::vector<RecordGround> out;
  for (const auto& [id, a] : m2)
    if (mu_from_m2(a) > kReconcileMu) out.push_back({id, mu_from_m2(a)});
  std::sort(out.begin(), out.end(), [](const RecordGround& a, const RecordGround& b) {
    const int c = rules::compare_zone_ids(a.record_id, b.record_id);
    return c != 0 ? c < 0 : a.record_id < b.record_id;
  });
  return out;
}

std::map<std::string, Change> changes(const std::map<std::string, double>& a,
                                      const std::map<std::string, double>& b) {
  std::map<std::string, Change> out;
  for (const auto& [k, v] : a)
    out[k].old_value = v;
  for (const auto& [k, v] : b)
    out[k].new_value = v;
  return out;
}

FreedDiff compare_freed(const RunOutput& o, const RunOutput& n, std::vector<Text>& notes) {
  FreedDiff d;
  std::map<std::string, double> added, removed;
  d.added_m2 = ground_not_in(n.pieces, o.pieces, added);
  d.removed_m2 = ground_not_in(o.pieces, n.pieces, removed);
  d.added_by_record = by_record_list(added);
  d.removed_by_record = by_record_list(removed);
  d.mu = reconcile(o.freed_mu, mu_from_m2(d.added_m2), mu_from_m2(d.removed_m2), n.freed_mu, kReconcileMu);

  // Pieces: the same ground with the same attribution and coverage is unchanged.
  d.old_pieces = o.pieces.size();
  d.new_pieces = n.pieces.size();
  std::multiset<std::tuple<std::string, std::string, std::vector<std::string>>> old_keys;
  for (const auto& p : o.pieces)
    old_keys.insert({p.wkb, p.record_id, p.records});
  for (const auto& p : n.pieces) {
    auto it = old_keys.find({p.wkb, p.record_id, p.records});
    if (it == old_keys.end()) continue;
    old_keys.erase(it);
    ++d.unchanged_pieces;
  }
  d.added_pieces = d.new_pieces - d.unchanged_pieces;
  d.removed_pieces = d.old_pieces - d.unchanged_pieces;

  d.by_year = changes(o.freed_by_year, n.freed_by_year);
  d.by_district = changes(o.freed_by_district, n.freed_by_district);
  d.by_mode = changes(o.freed_by_mode, n.freed_by_mode);
  d.records_counted = {static_cast<double>(o.records_counted), static_cast<double>(n.records_counted)};

  for (const RunOutput* r : {&o, &n}) {
    double m2 = 0;
    for (const auto& p : r->pieces)
      m2 += p.area_m2;
    if (std::abs(mu_from_m2(m2) - r->freed_mu) > kReconcileMu)
      notes.push_back(tr_both("{1}: the freed layer's pieces add up to {2} mu but summary.json says {3}",
                              r->dir.string(), std::to_string(mu_from_m2(m2)), std::to_string(r->freed_mu)));
  }
  return d;
}

// ---- Renewal records ----

std::vector<std::string> record_changes(const OutputRecord& a, const OutputRecord& b) {
  std::vector<std::string> out;
  const auto differs = [](double x, double y) { return std::abs(x - y) > kReconcileMu; };
  if (a.mode != b.mode) out.push_back("mode");
  if (a.date != b.date) out.push_back("date");
  if (a.status != b.status) out.push_back("status");
  if (a.counted != b.counted) out.push_back("counted");
  if (differs(a.freed_mu, b.freed_mu)) out.push_back("freed_mu");
  if (differs(a.industrial_mu, b.industrial_mu)) out.push_back("industrial_mu");
  return out;
}

RecordDiff compare_records(const RunOutput& o, const RunOutput& n) {
  RecordDiff d;
  // Records by id; a repeated id pairs its k-th occurrence (by source FID) in each run.
  const auto by_id = [](const std::vector<OutputRecord>& v) {
    std::map<std::string, std::vector<std::size_t>> m;
    for (std::size_t i = 0; i < v.size(); ++i)
      m[v[i].record_id].push_back(i);
    for (auto& [id, list] : m)
      std::stable_sort(list.begin(), list.end(),
                       [&](std::size_t a, std::size_t b) { return v[a].source_fid < v[b].source_fid; });
    return m;
  };
  const auto old_ids = by_id(o.records), new_ids = by_id(n.records);
  std::set<std::string> ids;
  for (const auto& [id, v] : old_ids)
    ids.insert(id);
  for (const auto& [id, v] : new_ids)
    ids.insert(id);
  std::vector<std::string> ordered(ids.begin(), ids.end());
  std::sort(ordered.begin(), ordered.end(), [](const std::string& a, const std::string& b) {
    const int c = rules::compare_zone_ids(a, b);
    return c != 0 ? c < 0 : a < b;
  });
  std::size_t now_counted = 0, no_longer_counted = 0;
  static const std::vector<std::size_t> empty;
  for (const auto& id : ordered) {
    const auto oi = old_ids.find(id), ni = new_ids.find(id);
    const auto& ol = oi == old_ids.end() ? empty : oi->second;
    const auto& nl = ni == new_ids.end() ? empty : ni->second;
    for (std::size_t k = 0; k < std::max(ol.size(), nl.size()); ++k) {
      if (k >= nl.size()) {
        d.removed.push_back(o.records[ol[k]]);
        no_longer_counted += o.records[ol[k]].counted;
      } else if (k >= ol.size()) {
        d.added.push_back(n.records[nl[k]]);
        now_counted += n.records[nl[k]].counted;
      } else {
        const OutputRecord& a = o.records[ol[k]];
        const OutputRecord& b = n.records[nl[k]];
        if (a.counted != b.counted) (b.counted ? now_counted : no_longer_counted) += 1;
        auto fields = record_changes(a, b);
        if (!fields.empty()) d.changed.push_back({id, a, b, std::move(fields)});
      }
    }
  }
  d.records = reconcile(static_cast<double>(o.records.size()), static_cast<double>(d.added.size()),
                        static_cast<double>(d.removed.size()), static_cast<double>(n.records.size()), 0);
  d.counted = reconcile(static_cast<double>(o.records_counted), static_cast<double>(now_counted),
                        static_cast<double>(no_longer_counted), static_cast<double>(n.records_counted), 0);
  return d;
}

// ---- Parks ----

bool far_differs(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return true;
  return a && std::abs(*a - *b) > kFarTolerance;
}

std::vector<ParkChange> compare_parks(const RunOutput& o, const RunOutput& n) {
  std::vector<ParkChange> out;
  std::map<std::string, const OutputPark*> old_parks;
  for (const auto& p : o.parks)
    old_parks[p.id] = &p;
  std::set<std::string> seen;
  for (const auto& p : n.parks) {
    seen.insert(p.id);
    ParkChange c;
    c.id = p.id;
    c.name = p.name;
    c.new_park = p;
    if (auto it = old_parks.find(p.id); it != old_parks.end()) {
      const OutputPark& a = *it->second;
      c.old_park = a;
      if (a.meets_target != p.meets_target) c.crossed = p.meets_target ? 1 : -1;
      if (!c.crossed && !far_differs(a.far_before, p.far_before) && !far_differs(a.far_after, p.far_after) &&
          !far_differs(a.uplift, p.uplift))
        continue;
    }
    out.push_back(std::move(c));
  }
  for (const auto& p : o.parks)
    if (!seen.count(p.id)) out.push_back({p.id, p.name, p, std::nullopt, 0});
  std::sort(out.begin(), out.end(), [](const ParkChange& a, const ParkChange& b) {
    const int c = rules::compare_zone_ids(a.id, b.id);
    return c != 0 ? c < 0 : a.id < b.id;
  });
  return out;
}

// ---- Inputs (manifest.json) ----

std::vector<InputChange> compare_inputs(const RunOutput& o, const RunOutput& n) {
  std::vector<InputChange> out;
  const auto add = [&](std::string what, const std::string& a, const std::string& b) {
    if (a != b) out.push_back({std::move(what), a, b});
  };
  add("tool", o.tool_version, n.tool_version);
  add("as_of", o.as_of, n.as_of);
  add("profile " +
          (o.profile_name == n.profile_name ? n.profile_name : o.profile_name + " → " + n.profile_name),
      o.profile_sha256, n.profile_sha256);
  add("project", o.project_sha256, n.project_sha256);
  // Files by (layer, file name), in the order of the new manifest then the old one's leftovers.
  std::vector<std::pair<std::string, std::string>> keys;
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> sha;
  for (const RunOutput* r : {&n, &o})
    for (const auto& f : r->inputs) {
      const auto key = std::make_pair(f.layer, f.path);
      if (!sha.count(key)) keys.push_back(key);
      (r == &o ? sha[key].first : sha[key].second) = f.sha256;
    }
  for (const auto& key : keys)
    add(key.first + ": " + key.second, sha[key].first, sha[key].second);
  return out;
}

}  // namespace

bool RunDiff::reconciles() const noexcept {
  return low_efficiency.parcels.ok && freed.mu.ok && records.records.ok && records.counted.ok;
}

RunDiff compare_runs(const RunOutput& old_run, const RunOutput& new_run) {
  RunDiff d;
  d.old_dir = old_run.dir;
  d.new_dir = new_run.dir;
  d.old_as_of = old_run.as_of;
  d.new_as_of = new_run.as_of;
  d.inputs = compare_inputs(old_run, new_run);
  d.low_efficiency = compare_flags(old_run, new_run, d.notes);
  d.freed = compare_freed(old_run, new_run, d.notes);
  d.records = compare_records(old_run, new_run);
  d.parks = compare_parks(old_run, new_run);
  if (old_run.has_renewal != new_run.has_renewal)
    d.notes.push_back(old_run.has_renewal ? tr_both("only the old run has a renewal register")
                                          : tr_both("only the new run has a renewal register"));
  return d;
}

RunDiff diff_folders(const std::filesystem::path& old_dir, const std::filesystem::path& new_dir) {
  const RunOutput o = read_run_output(old_dir);
  const RunOutput n = read_run_output(new_dir);
  return compare_runs(o, n);
}

}  // namespace landrenew::diff
