#include "landrenew/rules/buildings.hpp"

#include <algorithm>
#include <cstdio>
#include <span>
#include <string>
#include <utility>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/finding_reporter.hpp"

#include "geom/index.hpp"

namespace landrenew::rules {
using namespace geom::index;  // R-tree boxes and disjoint sets (src/geom/index.hpp)

const char* to_string(GfaSource s) noexcept {
  switch (s) {
    case GfaSource::floor_area_field:
      return "floor_area_field";
    case GfaSource::floors_times_footprint:
      return "floors_times_footprint";
    case GfaSource::unknown:
      return "unknown";
  }
  return "unknown";
}

namespace {
enum class Need { non_negative, positive };

/// A numeric cell of building `i`: blank is missing without a finding; not a plain number, negative, or
/// (for `positive`) zero is a "bad_number" finding and missing too (RULES.md 11's reading of cells).
std::optional<double> number_cell(const PolygonLayer& layer, std::size_t i, BuildingField logical, Need need,
                                  Findings& findings) {
  const auto cell = layer.attributes.get(logical, i);
  if (!cell || trim(*cell).empty()) return std::nullopt;
  const auto v = parse_plain_number(*cell);
  const bool ok = v && (need == Need::positive ? *v > 0 : *v >= 0);
  if (ok) return v;
  const std::string name(field_name(logical));
  FindingReporter(findings, layer)
      .feature(i, FindingKind::bad_number,
               need == Need::positive
                   ? tr_both("{1} '{2}' is not a positive number; ignored", name, std::string(*cell))
                   : tr_both("{1} '{2}' is not a non-negative number; ignored", name, std::string(*cell)),
               source_field(layer.info, logical), Action::ignored);
  return std::nullopt;
}

/// RULES.md 6 for building `i` (GFA, source, storey height, doubling); fills the first fields of `out`.
void floor_area(const PolygonLayer& layer, std::size_t i, const BuildingRules& config, Findings& findings,
                BuildingResult& out) {
  const auto area_field = number_cell(layer, i, BuildingField::floor_area, Need::non_negative, findings);
  const auto floors = number_cell(layer, i, BuildingField::floors, Need::positive, findings);
  const auto height = number_cell(layer, i, BuildingField::height, Need::non_negative, findings);
  const auto storey = number_cell(layer, i, BuildingField::storey_height, Need::non_negative, findings);

  if (storey)
    out.storey_height_m = storey;
  else if (height && floors)
    out.storey_height_m = *height / *floors;

  if (area_field) {
    out.gfa_m2 = *area_field;
    out.source = GfaSource::floor_area_field;
  } else if (floors) {
    out.gfa_m2 = out.footprint_m2 * *floors;
    out.source = GfaSource::floors_times_footprint;
  } else {
    FindingReporter(findings, layer)
        .feature(i, FindingKind::building_gfa_unknown,
                 tr_both("no usable floor area and no usable floor count: GFA counted as 0"),
                 source_field(layer.info, BuildingField::floors), Action::none);
    return;
  }
  // The national rule (DOMAIN.md §4): a storey higher than 8 m counts double, strictly greater.
  if (out.storey_height_m && *out.storey_height_m > config.double_storey_height_m) {
    out.doubled = true;
    out.gfa_m2 *= 2;
  }
}

/// The industrial parcels with a spatial index and prepared geometries, for RULES.md 7.
class IndustrialIndex {
 public:
  IndustrialIndex(const PolygonLayer& parcels, std::span<const std::size_t> industrial) : m_parcels(parcels) {
    m_index.assign(industrial.begin(), industrial.end());
    std::sort(m_index.begin(), m_index.end());
    m_index.erase(std::unique(m_index.begin(), m_index.end()), m_index.end());
    std::vector<Entry> entries;
    entries.reserve(m_index.size());
    m_env.reserve(m_index.size());
    m_prepared.resize(m_index.size());
    for (std::size_t k = 0; k < m_index.size(); ++k) {
      if (m_index[k] >= parcels.size())
        throw Error(ErrorKind::internal,
                    trf("industrial parcel index {1} is outside the parcel layer", m_index[k]));
      const GEOSGeometry* g = parcels.geometry[m_index[k]].get();
      m_env.push_back(geom::envelope(g));
      const auto& e = m_env.back();
      entries.emplace_back(BBox({e.minx, e.miny}, {e.maxx, e.maxy}), k);
    }
    m_tree = Tree(entries.begin(), entries.end());  // bulk-loaded (packing)
  }

  std::size_t size() const noexcept { return m_index.size(); }
  std::size_t parcel(std::size_t k) const noexcept { return m_index[k]; }
  const GEOSGeometry* geometry(std::size_t k) const { return m_parcels.geometry[m_index[k]].get(); }
  /// The prepared geometry of position `k`, made on first use. GEOS builds its indexes inside a prepared
  /// polygon as it is queried (several KB a parcel), so they are kept only while buildings need them:
  /// release() frees one after its last building.
  const GEOSPreparedGeometry* prepared(std::size_t k) {
    if (!m_prepared[k]) m_prepared[k] = geom::prepare(geometry(k));
    return m_prepared[k].get();
  }
  void release(std::size_t k) { m_prepared[k].reset(); }

  /// Positions whose envelope overlaps `e` with positive area (others cannot overlap a polygon with
  /// positive area), ascending.
  void candidates(const geom::Envelope& e, std::vector<std::size_t>& out) const {
    out.clear();
    std::vector<Entry> hits;
    m_tree.query(bgi::intersects(BBox({e.minx, e.miny}, {e.maxx, e.maxy})), std::back_inserter(hits));
    for (const auto& [box, k] : hits)
      if (e.overlaps_interior(m_env[k])) out.push_back(k);
    std::sort(out.begin(), out.end());
  }

 private:
  const PolygonLayer& m_parcels;
  std::vector<std::size_t> m_index;  // parcel index of each position
  std::vector<geom::Envelope> m_env;
  std::vector<geom::Prepared> m_prepared;
  Tree m_tree;
};

struct Overlap {
  std::size_t k = 0;  // position in the industrial list
  double area = 0;    // area(B ∩ Pk)
  geom::Geometry piece;
};

/// RULES.md 7 for building `i`: fills industrial_share, gfa_off_industrial, parcel_gfa, parcel_footprint.
void split(const PolygonLayer& layer, std::size_t i, IndustrialIndex& index,
           std::span<const std::size_t> candidates, const FindingReporter& report,
           std::vector<Finding>& findings, BuildingResult& out) {
  const GEOSGeometry* b = layer.geometry[i].get();
  const double area_b = out.footprint_m2;
  const auto ctx = geom::context();

  std::vector<Overlap> overlaps;
  bool contained = false;  // some parcel contains B wholly, so B ∩ ∪P = B
  for (const std::size_t k : candidates) {
    const GEOSPreparedGeometry* p = index.prepared(k);
    // The cheap exact case (issue 5): B wholly inside Pk contributes area(B) without an intersection.
    if (GEOSPreparedContains_r(ctx, p, b) == 1) {
      contained = true;
      overlaps.push_back({k, area_b, nullptr});
      continue;
    }
    // Touching along an edge or at a corner is zero-area contact: no share.
    if (GEOSPreparedIntersects_r(ctx, p, b) != 1 || GEOSPreparedTouches_r(ctx, p, b) == 1) continue;
    geom::Geometry piece = geom::intersection(index.geometry(k), b);
    if (!piece) {
      findings.push_back(
          report.make_feature(i, FindingKind::building_split_failed,
                              tr_both("GEOS could not intersect the footprint with parcel index "
                                      "{1}: {2}; that part counts as off industrial land",
                                      index.parcel(k), geom::last_error()),
                              "", Action::none));
      continue;
    }
    const double a = geom::area(piece.get());
    if (a > 0) overlaps.push_back({k, a, std::move(piece)});
  }

  // area(B ∩ ∪P): computed as the area of the union of the pieces B ∩ Pk (the same set, and only the few
  // parcels that overlap B take part), so overlapping or duplicated parcels count once (RULES.md 4, 7).
  double on_industrial = 0;
  if (contained) {
    on_industrial = area_b;
  } else if (overlaps.size() == 1) {
    on_industrial = overlaps.front().area;
  } else if (overlaps.size() > 1) {
    std::vector<const GEOSGeometry*> pieces;
    pieces.reserve(overlaps.size());
    for (const auto& o : overlaps)
      pieces.push_back(o.piece.get());
    on_industrial = geom::area(geom::union_of(pieces).get());
  }
  out.industrial_share = area_b > 0 ? std::clamp(on_industrial / area_b, 0.0, 1.0) : 0.0;
  out.gfa_off_industrial = out.gfa_m2 * (1.0 - out.industrial_share);

  double sum = 0;
  for (const auto& o : overlaps)
    sum += o.area;
  if (sum <= 0) return;
  out.parcel_gfa.reserve(overlaps.size());
  out.parcel_footprint.reserve(overlaps.size());
  for (const auto& o : overlaps) {
    const double weight = out.industrial_share * (o.area / sum);
    out.parcel_gfa.emplace_back(index.parcel(o.k), out.gfa_m2 * weight);
    out.parcel_footprint.emplace_back(index.parcel(o.k), area_b * weight);
  }
}

}  // namespace

SnapshotResult analyse_snapshot(const PolygonLayer& buildings, const PolygonLayer& parcels,
                                std::span<const std::size_t> industrial, const BuildingRules& config,
                                Findings& findings) {
  SnapshotResult out;
  IndustrialIndex index(parcels, industrial);
  out.buildings.resize(buildings.size());
  out.parcel_gfa_m2.assign(parcels.size(), 0.0);
  out.parcel_footprint_m2.assign(parcels.size(), 0.0);
  out.parcel_far.assign(parcels.size(), std::nullopt);
  out.parcel_coverage.assign(parcels.size(), std::nullopt);

  // Floor areas first, in layer order (their findings come in that order).
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    BuildingResult& r = out.buildings[i];
    r.footprint_m2 = buildings.area_m2[i];
    floor_area(buildings, i, config, findings, r);
  }

  // The split, building by building in the order of the first parcel each touches (parcels come roughly in
  // space order, as cadastral codes do), so that a parcel's prepared geometry lives from its first building
  // to its last instead of for the whole layer: on the province preset that held ~2 GB per snapshot. Each
  // building's result depends on that building alone, so the order changes no figure.
  std::vector<std::size_t> offset(buildings.size() + 1, 0), hits;
  std::vector<std::size_t> scratch;
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    index.candidates(geom::envelope(buildings.geometry[i].get()), scratch);
    hits.insert(hits.end(), scratch.begin(), scratch.end());
    offset[i + 1] = hits.size();
  }
  const auto candidates = [&](std::size_t i) {
    return std::span<const std::size_t>(hits.data() + offset[i], offset[i + 1] - offset[i]);
  };
  std::vector<std::size_t> order;  // buildings that touch some parcel's envelope
  const FindingReporter report(findings, buildings);
  std::vector<Finding> found;
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    if (offset[i + 1] > offset[i])
      order.push_back(i);
    else
      split(buildings, i, index, {}, report, found, out.buildings[i]);  // off industrial land wholly
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return hits[offset[a]] < hits[offset[b]]; });
  std::vector<std::size_t> last_use(index.size(), 0);
  for (std::size_t t = 0; t < order.size(); ++t)
    for (const std::size_t k : candidates(order[t]))
      last_use[k] = t;
  std::vector<std::pair<std::size_t, Finding>> failed;  // split findings, put back in layer order below
  for (std::size_t t = 0; t < order.size(); ++t) {
    const std::size_t i = order[t];
    found.clear();
    split(buildings, i, index, candidates(i), report, found, out.buildings[i]);
    for (Finding& f : found)
      failed.emplace_back(i, std::move(f));
    for (const std::size_t k : candidates(i))
      if (last_use[k] == t) index.release(k);
  }
  std::stable_sort(failed.begin(), failed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [i, f] : failed)
    findings.add(std::move(f));

  // Sums in layer order, so that every sum is taken in the same order on every run.
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    const BuildingResult& r = out.buildings[i];
    for (const auto& [p, gfa] : r.parcel_gfa)
      out.parcel_gfa_m2[p] += gfa;
    for (const auto& [p, footprint] : r.parcel_footprint)
      out.parcel_footprint_m2[p] += footprint;
    out.gfa_total_m2 += r.gfa_m2;
    out.gfa_off_industrial_m2 += r.gfa_off_industrial;
  }

  // RULES.md 8: per industrial parcel, over its own (repaired) geometric area.
  for (std::size_t k = 0; k < index.size(); ++k) {
    const std::size_t p = index.parcel(k);
    const double area = parcels.area_m2[p];
    if (area <= 0) continue;
    out.parcel_far[p] = out.parcel_gfa_m2[p] / area;
    out.parcel_coverage[p] = out.parcel_footprint_m2[p] / area;
  }
  return out;
}

}  // namespace landrenew::rules
