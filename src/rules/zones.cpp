#include "landrenew/rules/zones.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <thread>

#include "landrenew/core/text.hpp"

#include "geom/index.hpp"

namespace landrenew::rules {
using namespace geom::index;  // R-tree boxes and disjoint sets (src/geom/index.hpp)

namespace {
std::optional<long long> as_integer(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

int compare_zone_ids(std::string_view a, std::string_view b) {
  auto ia = as_integer(a), ib = as_integer(b);
  if (ia && ib) return *ia < *ib ? -1 : (*ia > *ib ? 1 : 0);
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct ZoneIndex::Impl {
  const PolygonLayer* layer = nullptr;
  std::vector<std::string> ids, names;
  Tree tree;
  // GEOS prepared geometries build their indexes on first use and keep scratch state: each thread
  // prepares the zones it meets in its own set, kept until the index goes (a run asks from a handful of
  // threads per stage). `serial` tells indexes apart in the threads' caches.
  std::uint64_t serial = 0;
  std::mutex mutex;
  std::vector<std::pair<std::thread::id, std::unique_ptr<std::vector<geom::Prepared>>>> prepared;

  std::vector<geom::Prepared>& prepared_for_this_thread() {
    // The last few indexes this thread used (serials are never reused, so a stale entry never matches).
    struct Cached {
      std::uint64_t serial = 0;
      std::vector<geom::Prepared>* prepared = nullptr;
    };
    thread_local std::array<Cached, 4> cache{};
    thread_local std::size_t next_slot = 0;
    for (const Cached& c : cache)
      if (c.serial == serial) return *c.prepared;
    const std::lock_guard lock(mutex);
    const auto me = std::this_thread::get_id();
    auto it = std::find_if(prepared.begin(), prepared.end(), [&](const auto& p) { return p.first == me; });
    if (it == prepared.end()) {
      prepared.emplace_back(me, std::make_unique<std::vector<geom::Prepared>>(ids.size()));
      it = prepared.end() - 1;
    }
    cache[next_slot] = {serial, it->second.get()};
    next_slot = (next_slot + 1) % cache.size();
    return *it->second;
  }
};

namespace {
std::atomic<std::uint64_t> next_zone_index_serial{1};
}

ZoneIndex::ZoneIndex(const PolygonLayer& zones, std::string_view id_field, std::string_view name_field)
    : m(std::make_unique<Impl>()) {
  m->layer = &zones;
  m->serial = next_zone_index_serial.fetch_add(1);
  std::vector<Entry> entries;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    auto id = zones.attributes.get(id_field, z);
    m->ids.emplace_back(id && !trim(*id).empty() ? std::string(trim(*id))
                                                 : "fid " + std::to_string(zones.fid[z]));
    auto nm = zones.attributes.get(name_field, z);
    m->names.emplace_back(nm ? std::string(trim(*nm)) : m->ids.back());
    const geom::Envelope e = geom::envelope(zones.geometry[z].get());
    entries.emplace_back(BBox({e.minx, e.miny}, {e.maxx, e.maxy}), z);
  }
  m->tree = Tree(entries.begin(), entries.end());
}

ZoneIndex::~ZoneIndex() = default;
ZoneIndex::ZoneIndex(ZoneIndex&&) noexcept = default;
ZoneIndex& ZoneIndex::operator=(ZoneIndex&&) noexcept = default;

std::size_t ZoneIndex::size() const noexcept {
  return m->ids.size();
}
const std::string& ZoneIndex::id(std::size_t zone) const {
  return m->ids[zone];
}
const std::string& ZoneIndex::name(std::size_t zone) const {
  return m->names[zone];
}
const PolygonLayer& ZoneIndex::layer() const noexcept {
  return *m->layer;
}

std::vector<std::pair<std::size_t, double>> ZoneIndex::overlaps(const GEOSGeometry* g) const {
  std::vector<std::pair<std::size_t, double>> out;
  const geom::Envelope e = geom::envelope(g);
  std::vector<Entry> hits;
  m->tree.query(bgi::intersects(BBox({e.minx, e.miny}, {e.maxx, e.maxy})), std::back_inserter(hits));
  std::vector<geom::Prepared>& prepared = m->prepared_for_this_thread();
  for (const auto& [box, z] : hits) {
    const GEOSGeometry* zone = m->layer->geometry[z].get();
    if (!prepared[z]) prepared[z] = geom::prepare(zone);
    double a = 0;
    // Cheap exact answer when the feature lies wholly inside the zone (the common case).
    if (GEOSPreparedContains_r(geom::context(), prepared[z].get(), g) == 1) {
      a = geom::area(g);
    } else if (GEOSPreparedIntersects_r(geom::context(), prepared[z].get(), g) == 1) {
      geom::Geometry inter = geom::intersection(zone, g);
      if (inter) a = geom::area(inter.get());
    }
    if (a > 0) out.emplace_back(z, a);
  }
  std::sort(out.begin(), out.end());
  return out;
}

ZoneIndex::Membership ZoneIndex::membership(const GEOSGeometry* g, double area_m2, double min_share) const {
  return membership_of(overlaps(g), area_m2, min_share);
}

ZoneIndex::Membership ZoneIndex::membership_of(const std::vector<std::pair<std::size_t, double>>& found,
                                               double area_m2, double min_share) const {
  Membership out;
  std::optional<std::size_t> best;
  double best_area = 0;
  for (const auto& [z, a] : found) {
    if (!best || a > best_area || (a == best_area && compare_zone_ids(m->ids[z], m->ids[*best]) < 0)) {
      best = z;
      best_area = a;
    }
  }
  if (!best || area_m2 <= 0) return out;
  out.share = best_area / area_m2;
  if (out.share >= min_share) out.zone = best;
  return out;
}

std::optional<std::size_t> ZoneIndex::member(const GEOSGeometry* g, double area_m2, double min_share) const {
  return membership(g, area_m2, min_share).zone;
}

}  // namespace landrenew::rules
