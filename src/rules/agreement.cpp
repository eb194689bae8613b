// RULES.md 25: spatial agreement between layers, and the constant offset that explains a disagreement.
#include "landrenew/rules/agreement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <ogr_spatialref.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/io/webmap.hpp"

#include "core/parallel.hpp"
#include "geom/index.hpp"

namespace landrenew::rules {

namespace bgi = geom::index::bgi;

struct AgreementReference::Impl {
  std::vector<const GEOSGeometry*> polygons;
  std::vector<std::string> keys;
  std::vector<geom::Prepared> prepared;
  geom::index::Tree tree;

  // Positions of the polygons whose envelope meets `box` and whose key is `key` (any with ""), ascending.
  std::vector<std::size_t> candidates(const geom::index::BBox& box, const std::string& key) const {
    std::vector<geom::index::Entry> found;
    tree.query(bgi::intersects(box), std::back_inserter(found));
    std::vector<std::size_t> hits;
    for (const auto& e : found)
      if (key.empty() || keys[e.second] == key) hits.push_back(e.second);
    std::sort(hits.begin(), hits.end());  // a fixed order of the pieces: the union is the same every run
    return hits;
  }
};

AgreementReference::AgreementReference(std::vector<const GEOSGeometry*> polygons,
                                       std::vector<std::string> keys)
    : m_impl(std::make_unique<Impl>()) {
  keys.resize(polygons.size());
  std::vector<geom::index::Entry> entries;
  entries.reserve(polygons.size());
  m_impl->prepared.reserve(polygons.size());
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    entries.emplace_back(geom::index::box_of(geom::envelope(polygons[i])), i);
    m_impl->prepared.push_back(geom::prepare(polygons[i]));
  }
  m_impl->tree = geom::index::Tree(entries.begin(), entries.end());  // bulk-loaded
  m_impl->polygons = std::move(polygons);
  m_impl->keys = std::move(keys);
}

AgreementReference::~AgreementReference() = default;
AgreementReference::AgreementReference(AgreementReference&&) noexcept = default;

AgreementReference AgreementReference::copy() const {
  return AgreementReference(m_impl->polygons, m_impl->keys);
}

bool AgreementReference::has_key(const std::string& key) const {
  return !key.empty() && std::find(m_impl->keys.begin(), m_impl->keys.end(), key) != m_impl->keys.end();
}

double AgreementReference::area_inside(const GEOSGeometry* g, geom::Point offset,
                                       const std::string& key) const {
  geom::Geometry moved;
  if (offset.x != 0 || offset.y != 0) {
    moved = geom::translated(g, offset.x, offset.y);
    if (!moved)
      throw Error(ErrorKind::internal, trf("GEOS could not move a geometry: {1}", geom::last_error()));
    g = moved.get();
  }
  const double whole = geom::area(g);
  auto ctx = geom::context();
  std::vector<geom::Geometry> pieces;
  for (std::size_t h : m_impl->candidates(geom::index::box_of(geom::envelope(g)), key)) {
    const GEOSPreparedGeometry* p = m_impl->prepared[h].get();
    if (GEOSPreparedContainsProperly_r(ctx, p, g) == 1) return whole;
    if (GEOSPreparedIntersects_r(ctx, p, g) != 1) continue;
    geom::Geometry piece = geom::intersection(m_impl->polygons[h], g);
    if (!piece) throw Error(ErrorKind::internal, trf("GEOS intersection failed: {1}", geom::last_error()));
    if (geom::area(piece.get()) > 0) pieces.push_back(std::move(piece));
  }
  if (pieces.empty()) return 0.0;
  if (pieces.size() == 1) return std::min(whole, geom::area(pieces[0].get()));
  std::vector<const GEOSGeometry*> parts;
  for (const auto& p : pieces)
    parts.push_back(p.get());
  return std::min(whole, geom::area(geom::union_of(parts).get()));
}

bool AgreementReference::covers(geom::Point p, const std::string& key) const {
  auto ctx = geom::context();
  const auto hits = m_impl->candidates(geom::index::BBox({p.x, p.y}, {p.x, p.y}), key);
  if (hits.empty()) return false;
  geom::Geometry point(GEOSGeom_createPointFromXY_r(ctx, p.x, p.y));
  if (!point) throw Error(ErrorKind::internal, trf("GEOS could not make a point: {1}", geom::last_error()));
  for (std::size_t h : hits)
    if (GEOSPreparedIntersects_r(ctx, m_impl->prepared[h].get(), point.get()) == 1) return true;
  return false;
}

const std::string& AgreementFeatures::key_of(std::size_t i) const {
  static const std::string none;
  return i < key.size() ? key[i] : none;
}

double share_inside(const AgreementFeatures& f, const AgreementReference& reference, geom::Point offset,
                    unsigned threads) {
  return share_of(areas_inside(f, reference, offset, threads), f.area);
}

double share_of(const std::vector<double>& inside_of, const std::vector<double>& area) {
  double inside = 0, total = 0;
  for (std::size_t i = 0; i < inside_of.size() && i < area.size(); ++i) {
    total += area[i];
    inside += inside_of[i];
  }
  return total > 0 ? inside / total : 1.0;
}

std::vector<double> areas_inside(const AgreementFeatures& f, const AgreementReference& reference,
                                 geom::Point offset, unsigned threads) {
  // Each feature's area inside into its own slot, in blocks; a thread other than the caller measures against
  // a copy of the reference of its own (prepared geometries are not shared between threads).
  std::vector<double> inside_of(f.size(), 0.0);
  const std::size_t block =
      threads <= 1 ? f.size() : std::max<std::size_t>(256, f.size() / (4 * threads) + 1);
  const std::thread::id caller = std::this_thread::get_id();
  std::mutex mutex;
  std::deque<AgreementReference> copies;  // references to them stay valid as more are added
  std::map<std::thread::id, const AgreementReference*> of_thread;
  const auto reference_here = [&]() -> const AgreementReference& {
    const auto id = std::this_thread::get_id();
    if (id == caller) return reference;
    const std::lock_guard lock(mutex);
    const AgreementReference*& r = of_thread[id];
    if (!r) r = &copies.emplace_back(reference.copy());
    return *r;
  };
  parallel_blocks(f.size(), threads, block, [&](std::size_t begin, std::size_t end) {
    const AgreementReference& r = reference_here();
    for (std::size_t i = begin; i < end; ++i)
      inside_of[i] = r.area_inside(f.geometry[i], offset, f.key_of(i));
  });
  return inside_of;
}

std::vector<std::size_t> agreement_sample(std::size_t n, std::size_t cap) {
  std::vector<std::size_t> out;
  if (n == 0 || cap == 0) return out;
  const std::size_t k = (n + cap - 1) / cap;
  for (std::size_t i = 0; i < n; i += k)
    out.push_back(i);
  return out;
}

namespace {

// The probe points of each feature: with one, the centre of its envelope (a feature centred on its reference
// polygon scores across the widest plateau, whose centre is then the offset); with more, up to that many
// vertices of its exterior ring, evenly spaced along it (all of them on the reference only where the feature
// fits it). Points (not areas) keep a search of thousands of offsets cheap.
std::vector<std::vector<geom::Point>> probe_points(const AgreementFeatures& f, std::size_t per_feature) {
  auto ctx = geom::context();
  std::vector<std::vector<geom::Point>> out(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    const GEOSGeometry* g = f.geometry[i];
    if (per_feature == 1) {
      const geom::Envelope e = geom::envelope(g);
      out[i].push_back({(e.minx + e.maxx) / 2, (e.miny + e.maxy) / 2});
      continue;
    }
    if (GEOSGeomTypeId_r(ctx, g) == GEOS_MULTIPOLYGON) g = GEOSGetGeometryN_r(ctx, g, 0);
    const GEOSGeometry* ring = g ? GEOSGetExteriorRing_r(ctx, g) : nullptr;
    const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &n) || n < 2) continue;
    --n;  // the closing point repeats the first
    const std::size_t k = std::min<std::size_t>(per_feature, n);
    for (std::size_t j = 0; j < k; ++j) {
      geom::Point p;
      GEOSCoordSeq_getXY_r(ctx, seq, static_cast<unsigned>(j * n / k), &p.x, &p.y);
      out[i].push_back(p);
    }
  }
  return out;
}

// Area-weighted share of the probe points that land on the reference when moved by `o`.
double point_score(const AgreementFeatures& f, const std::vector<std::vector<geom::Point>>& probes,
                   const AgreementReference& ref, geom::Point o) {
  double inside = 0, total = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (probes[i].empty()) continue;
    std::size_t hit = 0;
    for (const geom::Point& p : probes[i])
      hit += ref.covers({p.x + o.x, p.y + o.y}, f.key_of(i)) ? 1 : 0;
    total += f.area[i];
    inside += f.area[i] * static_cast<double>(hit) / static_cast<double>(probes[i].size());
  }
  return total > 0 ? inside / total : 1.0;
}

constexpr double kSame = 1e-9;  // scores this close are equal (sums of the same areas in another order)

// The best offset of a square grid of (2·half/step + 1)² around `centre`, and its score: the centre of the
// plateau of offsets that reach the largest score, rounded to the step. The plateau is the 8-connected group
// of best cells around the best cell nearest `centre` (the first in row order on a tie): separate maxima — a
// lattice of parcels that repeats within the grid — are not averaged into the gap between them. When the
// plateau's centre scores lower (a ring-shaped plateau), that nearest best cell is taken.
std::pair<geom::Point, double> search_grid(const AgreementFeatures& f,
                                           const std::vector<std::vector<geom::Point>>& probes,
                                           const AgreementReference& ref, geom::Point centre, double half,
                                           double step) {
  const int n = static_cast<int>(std::lround(half / step));
  const int side = 2 * n + 1;
  std::vector<std::pair<geom::Point, double>> tried;  // row by row: index (j + n)·side + (i + n)
  double best = -1;
  for (int j = -n; j <= n; ++j)
    for (int i = -n; i <= n; ++i) {
      const geom::Point o{centre.x + i * step, centre.y + j * step};
      const double s = point_score(f, probes, ref, o);
      tried.emplace_back(o, s);
      best = std::max(best, s);
    }
  const auto on_plateau = [&](std::size_t k) { return tried[k].second >= best - kSame; };
  std::size_t seed = 0;
  double seed_distance = INFINITY;
  for (std::size_t k = 0; k < tried.size(); ++k) {
    const double d = std::hypot(tried[k].first.x - centre.x, tried[k].first.y - centre.y);
    if (on_plateau(k) && d < seed_distance) {
      seed = k;
      seed_distance = d;
    }
  }
  std::vector<char> seen(tried.size(), 0);
  std::vector<std::size_t> stack{seed};
  seen[seed] = 1;
  double sx = 0, sy = 0, count = 0;
  while (!stack.empty()) {
    const std::size_t k = stack.back();
    stack.pop_back();
    sx += tried[k].first.x - centre.x;
    sy += tried[k].first.y - centre.y;
    ++count;
    const int i = static_cast<int>(k) % side, j = static_cast<int>(k) / side;
    for (int dj = -1; dj <= 1; ++dj)
      for (int di = -1; di <= 1; ++di) {
        const int ii = i + di, jj = j + dj;
        if (ii < 0 || jj < 0 || ii >= side || jj >= side) continue;
        const auto q = static_cast<std::size_t>(jj * side + ii);
        if (seen[q] || !on_plateau(q)) continue;
        seen[q] = 1;
        stack.push_back(q);
      }
  }
  const geom::Point c{centre.x + std::round(sx / count / step) * step,
                      centre.y + std::round(sy / count / step) * step};
  const double score = point_score(f, probes, ref, c);
  if (score < best - kSame) return tried[seed];
  return {c, score};
}

}  // namespace

ShiftEstimate estimate_shift(const AgreementFeatures& sample, const AgreementReference& reference,
                             std::span<const geom::Point> preferred) {
  ShiftEstimate e;
  e.sample = sample.size();
  const auto one = probe_points(sample, 1);
  const auto four = probe_points(sample, 4);
  auto [o, score] = search_grid(sample, one, reference, {0, 0}, 1000.0, 50.0);
  std::tie(o, score) = search_grid(sample, four, reference, o, 50.0, 5.0);
  std::tie(o, score) = search_grid(sample, four, reference, o, 5.0, 1.0);
  for (const geom::Point& p : preferred)
    if (point_score(sample, four, reference, p) >= score - kSame) {
      o = p;
      e.preferred = true;
      break;
    }
  e.share_at_zero = share_inside(sample, reference);
  e.share_at_offset = share_inside(sample, reference, o);
  if (e.share_at_offset <= e.share_at_zero) {  // moving does no better: no shift
    e.offset = {0, 0};
    e.share_at_offset = e.share_at_zero;
    e.preferred = false;
  } else {
    e.offset = o;
  }
  return e;
}

bool shift_explains(const ShiftEstimate& e, double threshold) {
  return e.share_at_offset >= threshold && e.share_at_offset - e.share_at_zero >= kShiftMinGain &&
         std::hypot(e.offset.x, e.offset.y) >= kShiftMinMetres;
}

std::optional<ShiftEstimate> web_map_explains(const AgreementFeatures& f, const AgreementReference& reference,
                                              double share, std::span<const geom::Point> offsets) {
  std::optional<ShiftEstimate> best;
  if (share >= 1) return best;
  for (const geom::Point& o : offsets) {
    const double s = share_inside(f, reference, o);
    if (s <= share || 1 - s > kWebMapResidual * (1 - share)) continue;
    if (!best || s > best->share_at_offset) best = ShiftEstimate{o, share, s, f.size(), true};
  }
  return best;
}

namespace {

std::string metres_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// The centre of the sample's envelopes (analysis CRS).
geom::Point centre_of(std::span<const GEOSGeometry* const> g) {
  geom::Point c;
  for (const auto* x : g) {
    const geom::Envelope e = geom::envelope(x);
    c.x += (e.minx + e.maxx) / 2 / static_cast<double>(g.size());
    c.y += (e.miny + e.maxy) / 2 / static_cast<double>(g.size());
  }
  return c;
}

// What a web-map datum does to a point at `c` (analysis CRS), in metres east and north: the offset a layer
// in that datum taken as WGS 84 shows against a correct one. Nullopt when PROJ cannot transform.
std::optional<geom::Point> web_map_offset(const OGRSpatialReference& analysis, geom::Point c,
                                          io::WebMapDatum datum) {
  io::SrsPtr geog(analysis.CloneGeogCS());
  geog->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  io::SrsPtr proj = io::make_srs(&analysis);
  proj->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  io::GdalMessageCapture capture;
  io::TransformPtr to(OGRCreateCoordinateTransformation(proj.get(), geog.get()));
  io::TransformPtr back(OGRCreateCoordinateTransformation(geog.get(), proj.get()));
  double x = c.x, y = c.y;
  if (!to || !back || !to->Transform(1, &x, &y)) return std::nullopt;
  io::LonLat w = io::wgs84_to_gcj02({x, y});
  if (datum == io::WebMapDatum::bd09) w = io::gcj02_to_bd09(w);
  x = w.lon;
  y = w.lat;
  if (!back->Transform(1, &x, &y)) return std::nullopt;
  return geom::Point{x - c.x, y - c.y};
}

// What each web-map datum would do here: the offsets the search prefers among equally good ones (a reference
// in that datum lies +w from the layer, a layer in it −w), with the sentence that names the cause.
struct KnownShift {
  geom::Point offset;
  Text cause;
};

std::vector<KnownShift> known_shifts(const AgreementCheck& c, const OGRSpatialReference& analysis,
                                     geom::Point centre) {
  std::vector<KnownShift> out;
  for (const io::WebMapDatum d : {io::WebMapDatum::gcj02, io::WebMapDatum::bd09}) {
    const auto w = web_map_offset(analysis, centre, d);
    if (!w) continue;
    const std::string name = io::to_string(d);
    for (const auto& [sign, layer] : {std::pair{1.0, c.reference}, std::pair{-1.0, c.layer}})
      out.push_back(
          {{sign * w->x, sign * w->y},
           tr_both("{1} look like {2} web-map coordinates taken as WGS 84 ({2} is {3} m east, {4} m "
                   "north here): set crs = \"{2}\" for {1} in the project file",
                   layer, name, metres_text(w->x), metres_text(w->y))});
  }
  return out;
}

// Above the threshold, with a layer read as WGS 84 lon/lat and some disagreement (agreement.hpp
// kWebMapResidual): a web-map datum that explains it is warned about with its cause.
void web_map_check(AgreementCheck& c, const AgreementFeatures& m, const AgreementReference& reference,
                   const OGRSpatialReference& crs) {
  const auto known = known_shifts(c, crs, centre_of(m.geometry));
  std::vector<geom::Point> offsets;
  for (const auto& k : known)
    offsets.push_back(k.offset);
  c.shift = web_map_explains(m, reference, c.share, offsets);
  if (!c.shift) return;
  c.web_map = c.shift_reported = true;
  for (const auto& k : known)
    if (k.offset.x == c.shift->offset.x && k.offset.y == c.shift->offset.y) c.likely_cause = k.cause;
}

}  // namespace

void add_feature(AgreementFeatures& m, const PolygonLayer& layer, std::size_t i, std::string key) {
  m.geometry.push_back(layer.geometry[i].get());
  m.area.push_back(layer.area_m2[i]);
  m.key.push_back(std::move(key));
  m.index.push_back(i);
}

// RULES.md 25.
AgreementCheck measure_pair(std::string key, const PolygonLayer& layer, const AgreementFeatures& m,
                            std::string reference_name, bool reference_lonlat,
                            const AgreementReference& reference, double threshold,
                            const OGRSpatialReference& crs, unsigned threads) {
  AgreementCheck c;
  c.key = std::move(key);
  c.layer = layer.info.logical;
  c.reference = std::move(reference_name);
  c.features = m.size();
  c.threshold = threshold;
  c.feature_inside_m2 = areas_inside(m, reference, {}, threads);
  c.feature_index = m.index;
  c.share = share_of(c.feature_inside_m2, m.area);
  c.lonlat = layer.info.lonlat_source || reference_lonlat;
  if (!c.below()) {
    if (c.share < 1 && c.lonlat) web_map_check(c, m, reference, crs);
    return c;
  }
  AgreementFeatures sample;
  for (std::size_t i : agreement_sample(m.size(), kShiftSampleCap)) {
    sample.geometry.push_back(m.geometry[i]);
    sample.area.push_back(m.area[i]);
    sample.key.push_back(m.key_of(i));
  }
  const auto known = known_shifts(c, crs, centre_of(sample.geometry));
  std::vector<geom::Point> preferred;
  for (const auto& k : known)
    preferred.push_back(k.offset);
  c.shift = estimate_shift(sample, reference, preferred);
  c.shift_reported = shift_explains(*c.shift, threshold);
  if (!c.shift_reported) {
    c.likely_cause = tr_both(
        "no constant shift explains it: the two layers may cover different ground (another year, another "
        "extent) or {1} may be mislabelled",
        c.layer);
  } else {
    c.likely_cause = tr_both(
        "one of the two layers is probably in another CRS or datum than it declares, or its coordinates were "
        "offset");
    for (const auto& k : known)
      if (c.shift->preferred && k.offset.x == c.shift->offset.x && k.offset.y == c.shift->offset.y)
        c.likely_cause = k.cause;
  }
  return c;
}

}  // namespace landrenew::rules
