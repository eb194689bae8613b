#include "landrenew/rules/freed.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <utility>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/core/units.hpp"

#include "core/parallel.hpp"
#include "geom/index.hpp"

namespace landrenew::rules {
using namespace geom::index;  // R-tree boxes and disjoint sets (src/geom/index.hpp)

namespace {
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::string trimmed(std::optional<std::string_view> cell) {
  return cell ? std::string(trim(*cell)) : std::string();
}

// Records are named by their id field, else by source FID (as the output layers name them).
std::string record_label(const PolygonLayer& r, std::size_t i) {
  std::string id(trim(r.id(i)));
  return id.empty() ? "fid " + std::to_string(r.fid[i]) : id;
}

bool contains(const std::vector<std::string>& set, const std::string& value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

Date period_date(const std::string& text, const char* key) {
  auto d = parse_date(text);
  if (!d) throw Error(ErrorKind::profile, trf("[freed] {1} '{2}' is not a date", key, text));
  return *d;
}

struct Part {
  geom::Geometry geometry;
  double area_m2 = 0;
};

// The polygons of `g` one by one, without slivers (RULES.md 17: only ground with positive area is kept);
// the area of the slivers left out is added to `dropped`.
std::vector<Part> polygons_of(const GEOSGeometry* g, double& dropped) {
  std::vector<Part> out;
  if (!g) return out;
  geom::Geometry poly = geom::polygonal_parts(g);
  if (!poly) return out;
  const auto ctx = geom::context();
  const bool single = geom::type_id(poly.get()) == GEOS_POLYGON;
  const int n = single ? 1 : GEOSGetNumGeometries_r(ctx, poly.get());
  for (int k = 0; k < n; ++k) {
    const GEOSGeometry* part = single ? poly.get() : GEOSGetGeometryN_r(ctx, poly.get(), k);
    if (geom::is_empty(part)) continue;
    const double a = geom::area(part);
    if (a <= kFreedSliverM2) {
      dropped += a;
      continue;
    }
    out.push_back({geom::clone(part), a});
  }
  return out;
}

geom::Geometry checked(geom::Geometry g, const char* what) {
  if (!g) throw Error(ErrorKind::internal, trf("GEOS {1} failed: {2}", what, geom::last_error()));
  return g;
}

// A record's footprint on the baseline industrial parcels (RULES.md 17), the parcels it touches with
// positive area (for "三年全覆盖"), and the area. Only the parcels near the footprint are unioned.
struct Ground {
  geom::Geometry geometry;  // null when the footprint is on no industrial land
  double area_m2 = 0;
  std::vector<std::size_t> touched;  // parcel indices, ascending
};

Ground ground_of(const GEOSGeometry* footprint, const PolygonLayer& parcels, const Tree& tree) {
  const auto ctx = geom::context();
  Ground out;
  const geom::Envelope fe = geom::envelope(footprint);
  std::vector<Entry> hits;
  tree.query(bgi::intersects(box_of(fe)), std::back_inserter(hits));
  std::sort(hits.begin(), hits.end(), [](const Entry& a, const Entry& b) { return a.second < b.second; });
  geom::Prepared prepared;
  std::vector<geom::Geometry> parts;
  for (const auto& [box, p] : hits) {
    const GEOSGeometry* parcel = parcels.geometry[p].get();
    if (!fe.overlaps_interior(geom::envelope(parcel))) continue;
    if (!prepared) prepared = geom::prepare(footprint);
    if (GEOSPreparedIntersects_r(ctx, prepared.get(), parcel) != 1) continue;
    geom::Geometry part;
    double a = 0;
    if (GEOSPreparedCovers_r(ctx, prepared.get(), parcel) == 1) {  // the whole parcel: no overlay needed
      part = geom::clone(parcel);
      a = parcels.area_m2[p];
    } else {
      part = geom::polygonal_parts(checked(geom::intersection(footprint, parcel), "intersection").get());
      a = part ? geom::area(part.get()) : 0.0;
    }
    if (a <= kFreedSliverM2) continue;  // shares an edge, or overlay noise
    out.touched.push_back(p);
    parts.push_back(std::move(part));
  }
  if (parts.empty()) return out;
  if (parts.size() == 1) {
    out.geometry = std::move(parts.front());
  } else {
    // Parcels may overlap each other (RULES.md 4): the union counts shared ground once.
    std::vector<const GEOSGeometry*> raw;
    for (const auto& g : parts)
      raw.push_back(g.get());
    out.geometry = geom::polygonal_parts(geom::union_of(raw).get());
  }
  if (out.geometry) out.area_m2 = geom::area(out.geometry.get());
  if (out.area_m2 <= kFreedSliverM2) out.geometry.reset();
  return out;
}

// A piece while the ledger is being built.
struct Work {
  geom::Geometry geometry;
  double area_m2 = 0;
  geom::Envelope env;
  std::size_t record = 0;
  std::vector<std::size_t> covering;
  bool alive = true;
};

// Attribution order (rule 17): completion date, then the smaller record id as in rule 5; records without an
// id by FID; equal ids by position so the order is total. Counted records only.
std::vector<std::size_t> attribution_order(const PolygonLayer& renewal, const std::vector<RecordStatus>& records) {
  const std::size_t n = renewal.size();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < n; ++i)
    if (records[i].counted) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (*records[a].date != *records[b].date)
      return *records[a].date < *records[b].date;
    const std::string ia(trim(renewal.id(a))), ib(trim(renewal.id(b)));
    if (ia.empty() && ib.empty()) {
      if (renewal.fid[a] != renewal.fid[b]) return renewal.fid[a] < renewal.fid[b];
    } else if (const int c = compare_zone_ids(record_label(renewal, a), record_label(renewal, b)); c != 0) {
      return c < 0;
    }
    return a < b;
  });
  return order;
}

// Pieces (rules 17, 19): records in attribution order; a record's ground splits every piece it overlaps into
// the part it covers (the record joins `covering`) and the rest, and its ground not yet in any piece becomes
// new pieces attributed to it. A split leaving only slivers on one side is no split, so a piece is never lost
// or duplicated through overlay noise. The slivers dropped are added to `slivers_m2`.
std::vector<Work> build_pieces(const std::vector<std::size_t>& order, const std::vector<geom::Geometry>& ground,
                               double& slivers_m2) {
  const auto ctx = geom::context();
  std::vector<Work> work;
  Tree piece_tree;
  std::vector<Entry> hits;
  const auto add_piece = [&](Part part, std::size_t record, std::vector<std::size_t> covering) {
    Work w;
    w.env = geom::envelope(part.geometry.get());
    w.geometry = std::move(part.geometry);
    w.area_m2 = part.area_m2;
    w.record = record;
    w.covering = std::move(covering);
    piece_tree.insert(Entry(box_of(w.env), work.size()));
    work.push_back(std::move(w));
  };
  for (auto r : order) {
    const GEOSGeometry* g = ground[r].get();
    if (!g) continue;
    const geom::Envelope ge = geom::envelope(g);
    const geom::Prepared prepared = geom::prepare(g);
    hits.clear();
    piece_tree.query(bgi::intersects(box_of(ge)), std::back_inserter(hits));
    std::sort(hits.begin(), hits.end(), [](const Entry& a, const Entry& b) { return a.second < b.second; });

    std::vector<const GEOSGeometry*> existing;  // pieces overlapping the ground, before any split
    struct Split {
      std::size_t piece;
      std::vector<Part> inside, outside;
      double dropped = 0;
    };
    std::vector<Split> splits;
    for (const auto& [box, p] : hits) {
      Work& w = work[p];
      if (!w.alive || !ge.overlaps_interior(w.env)) continue;
      if (GEOSPreparedIntersects_r(ctx, prepared.get(), w.geometry.get()) != 1) continue;
      existing.push_back(w.geometry.get());
      if (GEOSPreparedCovers_r(ctx, prepared.get(), w.geometry.get()) == 1) {
        w.covering.push_back(r);
        continue;
      }
      // Slivers count as dropped only when the split happens; otherwise they stay in the piece.
      double dropped = 0;
      std::vector<Part> inside =
          polygons_of(checked(geom::intersection(w.geometry.get(), g), "intersection").get(), dropped);
      if (inside.empty()) continue;  // touches along an edge, or overlaps by a sliver only
      std::vector<Part> outside = polygons_of(
          checked(geom::Geometry(GEOSDifference_r(ctx, w.geometry.get(), g)), "difference").get(), dropped);
      if (outside.empty()) {  // covered but for slivers: the whole piece is this record's too
        w.covering.push_back(r);
        continue;
      }
      splits.push_back({p, std::move(inside), std::move(outside), dropped});
    }

    // New ground: the record's ground minus every piece it overlaps (taken before they are split).
    geom::Geometry fresh;
    if (existing.empty()) {
      fresh = geom::clone(g);
    } else {
      geom::Geometry taken = existing.size() == 1 ? geom::clone(existing.front()) : geom::union_of(existing);
      fresh = checked(geom::Geometry(GEOSDifference_r(ctx, g, taken.get())), "difference");
    }

    for (auto& sp : splits) {
      // add_piece grows `work`: take what is needed from the old piece before adding.
      Work& w = work[sp.piece];
      slivers_m2 += sp.dropped;
      w.alive = false;
      w.geometry.reset();
      const std::size_t record = w.record;
      const std::vector<std::size_t> covering = w.covering;
      std::vector<std::size_t> covering_r = covering;
      covering_r.push_back(r);
      for (auto& part : sp.inside)
        add_piece(std::move(part), record, covering_r);
      for (auto& part : sp.outside)
        add_piece(std::move(part), record, covering);
    }
    for (auto& part : polygons_of(fresh.get(), slivers_m2))
      add_piece(std::move(part), r, {r});
  }

  return work;
}

// Deterministic piece order of the live pieces: attributed record, covering records, then position.
std::vector<std::size_t> piece_order(const std::vector<Work>& work, const std::vector<std::size_t>& rank) {
  std::vector<std::size_t> alive;
  for (std::size_t p = 0; p < work.size(); ++p)
    if (work[p].alive) alive.push_back(p);
  const auto ranks = [&](const Work& w) {
    std::vector<std::size_t> out;
    for (auto c : w.covering)
      out.push_back(rank[c]);
    return out;
  };
  std::sort(alive.begin(), alive.end(), [&](std::size_t a, std::size_t b) {
    const Work& x = work[a];
    const Work& y = work[b];
    if (rank[x.record] != rank[y.record]) return rank[x.record] < rank[y.record];
    if (x.covering != y.covering) return ranks(x) < ranks(y);
    if (x.env.minx != y.env.minx) return x.env.minx < y.env.minx;
    if (x.env.miny != y.env.miny) return x.env.miny < y.env.miny;
    if (x.area_m2 != y.area_m2) return x.area_m2 < y.area_m2;
    return a < b;
  });

  return alive;
}

// One piece into the ledger's totals (rule 19), its zones split by area (rule 5).
void add_piece(FreedLedger& ledger, const FreedPiece& piece, const std::vector<std::pair<std::size_t, double>>* in_districts,
               const std::vector<std::pair<std::size_t, double>>* in_parks, const ZoneIndex* districts,
               const ZoneIndex* parks) {
  ledger.total_m2 += piece.area_m2;
  ledger.records[piece.record].freed_m2 += piece.area_m2;
  ledger.by_year_m2[piece.date.year] += piece.area_m2;
  ledger.by_mode_m2[piece.mode] += piece.area_m2;
  if (districts) {
    double inside = 0;
    for (const auto& [z, a] : *in_districts) {
      ledger.by_district_m2[districts->id(z)] += a;
      inside += a;
    }
    ledger.outside_districts_m2 += std::max(0.0, piece.area_m2 - inside);
  } else {
    ledger.outside_districts_m2 += piece.area_m2;
  }
  if (parks)
    for (const auto& [z, a] : *in_parks)
      ledger.by_park_m2[parks->id(z)] += a;
}

// Each piece's overlaps with the zones on the threads; totals from the pieces alone (rule 19), summed in piece
// order; zones split by area (rule 5). The pieces move into the ledger.
void total_pieces(FreedLedger& ledger, std::vector<Work>& work, const std::vector<std::size_t>& alive,
                  const ZoneIndex* districts, const ZoneIndex* parks, double park_majority, unsigned threads) {
  using Found = std::vector<std::pair<std::size_t, double>>;
  std::vector<Found> in_districts(districts ? alive.size() : 0), in_parks(parks ? alive.size() : 0);
  parallel_for(alive.size(), threads, 64, [&](std::size_t k) {
    const GEOSGeometry* g = work[alive[k]].geometry.get();
    if (districts) in_districts[k] = districts->overlaps(g);
    if (parks) in_parks[k] = parks->overlaps(g);
  });
  ledger.pieces.reserve(alive.size());
  for (std::size_t k = 0; k < alive.size(); ++k) {
    const std::size_t p = alive[k];
    Work& w = work[p];
    FreedPiece piece;
    piece.geometry = std::move(w.geometry);
    piece.area_m2 = w.area_m2;
    piece.record = w.record;
    piece.date = *ledger.records[w.record].date;
    piece.mode = ledger.records[w.record].mode;
    piece.covering = std::move(w.covering);
    add_piece(ledger, piece, districts ? &in_districts[k] : nullptr, parks ? &in_parks[k] : nullptr, districts,
              parks);
    if (districts) piece.district = districts->membership_of(in_districts[k], piece.area_m2, 0.0).zone;
    if (parks) piece.park = parks->membership_of(in_parks[k], piece.area_m2, park_majority).zone;
    ledger.pieces.push_back(std::move(piece));
  }
}

// RULES.md 18: progress and pace. The reference year stays within the period: an audit before it has no
// elapsed year, one after it no year left.
void progress_and_pace(FreedLedger& ledger, const FreedRules& rules, std::optional<Date> audit_date,
                       const std::vector<std::size_t>& order, bool with_districts) {
  const Date start = period_date(rules.period_start, "period_start");
  const Date end = period_date(rules.period_end, "period_end");
  const double cumulative_mu = mu_from_m2(ledger.total_m2);
  ledger.progress = rules.goal_mu > 0 ? cumulative_mu / rules.goal_mu : 0.0;
  int year = start.year - 1;
  if (audit_date) {
    year = audit_date->year;
  } else {
    for (auto r : order)
      year = std::max(year, ledger.records[r].date->year);
  }
  year = std::clamp(year, start.year - 1, end.year);
  ledger.reference_year = year;
  ledger.years_elapsed = year - (start.year - 1);
  ledger.years_left = end.year - year;
  if (ledger.years_elapsed > 0) ledger.pace_achieved_mu = cumulative_mu / ledger.years_elapsed;
  if (ledger.years_left > 0) ledger.pace_needed_mu = (rules.goal_mu - cumulative_mu) / ledger.years_left;
  if (with_districts) {
    for (const auto& [code, quota] : rules.district_quotas) {
      if (!(quota > 0)) continue;  // a zero quota has no progress to report
      const auto it = ledger.by_district_m2.find(code);
      ledger.district_quota_progress[code] =
          mu_from_m2(it == ledger.by_district_m2.end() ? 0.0 : it->second) / quota;
    }
  }

}

}  // namespace

std::vector<RecordStatus> classify_records(const PolygonLayer& renewal, const FreedRules& rules,
                                           std::optional<Date> audit_date, Findings& findings,
                                           std::span<const RecordParcels> parcels) {
  const Date start = period_date(rules.period_start, "period_start");
  const Date end = period_date(rules.period_end, "period_end");
  const std::string period = start.iso() + ".." + end.iso();
  const bool has_status = renewal.attributes.has(RegisterField::status);
  std::vector<RecordStatus> records(renewal.size());
  FindingReporter report = register_reporter(findings, renewal);
  const std::string date_field = source_field(renewal.info, RegisterField::completion_date);
  for (std::size_t i = 0; i < renewal.size(); ++i) {
    RecordStatus& s = records[i];
    std::vector<Text> why;  // the English goes to the output layers (RecordStatus::reason), both to the finding
    const auto fails = [&](NotCounted flag, Text reason) {
      s.not_counted |= static_cast<unsigned>(flag);
      why.push_back(std::move(reason));
    };
    const std::string date_text = trimmed(renewal.attributes.get(RegisterField::completion_date, i));
    if (date_text.empty()) {
      fails(NotCounted::no_date, tr_both("no completion date"));
    } else if (auto written = parse_written_date(date_text)) {
      // RULES.md 22: a month or a year counts as its last day — for the period, the audit date and the
      // attribution order alike — and says so.
      const Date* d = &written->date;
      s.date = *d;
      s.date_precision = written->precision;
      if (written->precision != DatePrecision::day)
        report.feature(i, FindingKind::date_partial,
                       written->precision == DatePrecision::month
                           ? tr_both("completion date '{1}' gives only the month: counted as {2} (RULES.md 22)",
                                     date_text, d->iso())
                           : tr_both("completion date '{1}' gives only the year: counted as {2} (RULES.md 22)",
                                     date_text, d->iso()),
                       date_field, Action::none);
      if (*d < start || *d > end)
        fails(NotCounted::outside_period, tr_both("completion date outside {1}", period));
      else if (audit_date && *d > *audit_date)
        fails(NotCounted::after_audit, tr_both("after the audit date ({1})", audit_date->iso()));
    } else {
      fails(NotCounted::bad_date, tr_both("no parseable completion date ('{1}')", date_text));
      report.feature(i, FindingKind::bad_date,
                     tr_both("completion date '{1}' is not a date; the record does not count", date_text),
                     date_field, Action::ignored);
    }
    s.mode = trimmed(renewal.attributes.get(RegisterField::mode, i));
    if (s.mode.empty())
      fails(NotCounted::no_mode, tr_both("no mode"));
    else if (!contains(rules.counting_modes, s.mode))  // matched exactly (rule 16)
      fails(NotCounted::mode_not_counted, tr_both("mode '{1}' is not counted", s.mode));
    if (has_status) {
      const std::string status = trimmed(renewal.attributes.get(RegisterField::status, i));
      if (status.empty())
        fails(NotCounted::no_status, tr_both("no status"));
      else if (!contains(rules.completed_status, status))
        fails(NotCounted::status_not_completed, tr_both("status '{1}' is not completed", status));
    }
    if (i < parcels.size() && parcels[i].from_codes && parcels[i].parcels.empty())  // RULES.md 23
      fails(NotCounted::no_parcel_code,
            parcels[i].listed.empty()
                ? tr_both("no geometry and no parcel code")
                : tr_both("no geometry and no listed parcel code names a used parcel ({1})",
                          join(parcels[i].unknown)));
    s.counted = why.empty();
    if (!s.counted) {
      std::vector<std::string> en, zh;
      for (const Text& w : why) {
        en.push_back(w.en);
        zh.push_back(w.zh);
      }
      s.reason = join(en, "; ");
      report.feature(i, FindingKind::renewal_not_counted,
                     tr_both("not counted toward freed land: {1}", Text{s.reason, join(zh, "；")}), "",
                     Action::none);
    }
  }
  return records;
}

FreedLedger compute_freed(const PolygonLayer& renewal, const PolygonLayer& parcels,
                          std::span<const std::size_t> industrial, const ZoneIndex* districts,
                          const ZoneIndex* parks, double park_majority, const FreedRules& rules,
                          std::optional<Date> audit_date, Findings& findings, unsigned threads) {
  std::vector<RecordStatus> records = classify_records(renewal, rules, audit_date, findings);
  return compute_freed(renewal, std::move(records), parcels, industrial, districts, parks, park_majority, rules,
                       audit_date, threads);
}

FreedLedger compute_freed(const PolygonLayer& renewal, std::vector<RecordStatus> records,
                          const PolygonLayer& parcels, std::span<const std::size_t> industrial,
                          const ZoneIndex* districts, const ZoneIndex* parks, double park_majority,
                          const FreedRules& rules, std::optional<Date> audit_date, unsigned threads) {
  const std::size_t n = renewal.size();
  const Date start = period_date(rules.period_start, "period_start");

  FreedLedger ledger;
  ledger.goal_mu = rules.goal_mu;
  ledger.records = std::move(records);
  for (const RecordStatus& s : ledger.records)
    ledger.records_counted += s.counted ? 1 : 0;

  const std::vector<std::size_t> order = attribution_order(renewal, ledger.records);
  std::vector<std::size_t> rank(n, kNone);
  for (std::size_t k = 0; k < order.size(); ++k)
    rank[order[k]] = k;

  // Each record's ground on the baseline industrial parcels (kept for counted records only).
  std::vector<bool> is_industrial(parcels.size(), false);
  std::vector<std::size_t> industrial_list;
  for (auto p : industrial)
    if (p < parcels.size() && !is_industrial[p]) {
      is_industrial[p] = true;
      industrial_list.push_back(p);
    }
  std::sort(industrial_list.begin(), industrial_list.end());
  Tree parcel_tree;
  {
    std::vector<Entry> entries;
    entries.reserve(industrial_list.size());
    for (auto p : industrial_list)
      entries.emplace_back(box_of(geom::envelope(parcels.geometry[p].get())), p);
    parcel_tree = Tree(entries.begin(), entries.end());
  }
  // The records' grounds on the threads (each its own), then taken in record order here.
  std::vector<Ground> grounds(n);
  parallel_for(n, threads, 16, [&](std::size_t i) {
    grounds[i] = ground_of(renewal.geometry[i].get(), parcels, parcel_tree);
    if (!ledger.records[i].counted) grounds[i].geometry.reset();  // only its area is reported
  });
  std::vector<geom::Geometry> ground(n);
  std::vector<int> first_touch_year(parcels.size(), std::numeric_limits<int>::max());
  for (std::size_t i = 0; i < n; ++i) {
    Ground& g = grounds[i];
    RecordStatus& s = ledger.records[i];
    s.industrial_m2 = g.area_m2;
    if (!s.counted) continue;
    for (auto p : g.touched)
      first_touch_year[p] = std::min(first_touch_year[p], s.date->year);
    s.touched = g.touched;
    ground[i] = std::move(g.geometry);
  }
  std::vector<Ground>().swap(grounds);

  std::vector<Work> work = build_pieces(order, ground, ledger.slivers_dropped_m2);
  const std::vector<std::size_t> alive = piece_order(work, rank);
  total_pieces(ledger, work, alive, districts, parks, park_majority, threads);

  // Counted records that free nothing say why.
  for (auto r : order) {
    RecordStatus& s = ledger.records[r];
    if (s.freed_m2 > 0) continue;
    s.reason = ground[r] ? "wholly covered by earlier records" : "not on industrial land";
  }

  progress_and_pace(ledger, rules, audit_date, order, districts != nullptr);

  // "三年全覆盖": cumulative share of industrial parcels touched by a counted record, per year.
  if (!industrial_list.empty()) {
    for (int y = start.year; y <= ledger.reference_year; ++y) {
      std::size_t touched = 0;
      for (auto p : industrial_list)
        if (first_touch_year[p] <= y) ++touched;
      ledger.parcels_touched_share_by_year[y] =
          static_cast<double>(touched) / static_cast<double>(industrial_list.size());
    }
  }
  return ledger;
}

void freed_progress_and_pace(FreedLedger& ledger, const FreedRules& rules, std::optional<Date> audit_date,
                             bool with_districts) {
  std::vector<std::size_t> counted;
  for (std::size_t r = 0; r < ledger.records.size(); ++r)
    if (ledger.records[r].counted && ledger.records[r].date) counted.push_back(r);
  ledger.pace_achieved_mu.reset();
  ledger.pace_needed_mu.reset();
  ledger.district_quota_progress.clear();
  progress_and_pace(ledger, rules, audit_date, counted, with_districts);
}

void retotal_freed(FreedLedger& ledger, const std::vector<bool>& keep, const ZoneIndex* districts,
                   const ZoneIndex* parks, const FreedRules& rules, std::optional<Date> audit_date,
                   unsigned threads) {
  ledger.total_m2 = ledger.outside_districts_m2 = 0;
  ledger.by_year_m2.clear();
  ledger.by_mode_m2.clear();
  ledger.by_district_m2.clear();
  ledger.by_park_m2.clear();
  ledger.parcels_touched_share_by_year.clear();
  ledger.records_counted = 0;
  for (std::size_t r = 0; r < ledger.records.size(); ++r) {
    ledger.records[r].freed_m2 = 0;
    ledger.records_counted += keep[r] && ledger.records[r].counted ? 1 : 0;
  }
  using Found = std::vector<std::pair<std::size_t, double>>;
  const std::size_t n = ledger.pieces.size();
  std::vector<Found> in_districts(districts ? n : 0), in_parks(parks ? n : 0);
  parallel_for(n, threads, 64, [&](std::size_t k) {
    if (!keep[ledger.pieces[k].record]) return;
    const GEOSGeometry* g = ledger.pieces[k].geometry.get();
    if (districts) in_districts[k] = districts->overlaps(g);
    if (parks) in_parks[k] = parks->overlaps(g);
  });
  for (std::size_t k = 0; k < n; ++k)
    if (keep[ledger.pieces[k].record])
      add_piece(ledger, ledger.pieces[k], districts ? &in_districts[k] : nullptr, parks ? &in_parks[k] : nullptr,
                districts, parks);
  std::vector<RecordStatus> all = ledger.records;
  for (std::size_t r = 0; r < all.size(); ++r)
    if (!keep[r]) ledger.records[r].counted = false;
  freed_progress_and_pace(ledger, rules, audit_date, districts != nullptr);
  for (std::size_t r = 0; r < all.size(); ++r)
    ledger.records[r].counted = all[r].counted;
}

}  // namespace landrenew::rules
