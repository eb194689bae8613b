#include "layout.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "names.hpp"

namespace landrenew::gen {

namespace {

struct Span {
  double a, b;
};

// Cuts [0, length] into blocks separated by roads; the site edge is a road centreline, so the first and
// last blocks start half a road in.
std::vector<Span> grid_spans(Rng& rng, double length, double lmin, double lmax) {
  std::vector<Span> spans;
  auto road = [&](int k) { return (k % 3 == 0) ? rng.uniform(34, 40) : rng.uniform(20, 28); };
  int k = 0;
  double u = road(k++) / 2;
  while (true) {
    double len = rng.uniform(lmin, lmax);
    const double rw = road(k++);
    if (u + len + rw / 2 >= length) {
      len = length - rw / 2 - u;
      if (len >= lmin * 0.6) spans.push_back({u, u + len});
      break;
    }
    spans.push_back({u, u + len});
    u += len + rw;
  }
  if (spans.empty() && length > 60) spans.push_back({10, length - 10});  // tiny village site: one block
  return spans;
}

// Parcel boundaries along one row of depth `depth` between u0 and u1.
std::vector<double> row_cuts(Rng& rng, const Site& site, double u0, double u1, double depth) {
  const double min_w = std::max(22.0, 5 * kMuM2 * 1.04 / depth);
  const double max_w = 300 * kMuM2 * 0.9 / depth;
  std::vector<double> cuts = {u0};
  double u = u0;
  while (true) {
    const double remaining = u1 - u;
    const double target =
        std::clamp(rng.lognormal_median(site.parcel_median_mu, site.parcel_sigma), 5.3, 270.0) * kMuM2;
    const double w = std::clamp(target / depth, min_w, max_w);
    if (remaining - w < min_w) {
      if (remaining > max_w) cuts.push_back(u + remaining / 2);
      cuts.push_back(u1);
      break;
    }
    u += w;
    cuts.push_back(u);
  }
  return cuts;
}

}  // namespace

SiteLayout layout_site(const Site& site, Rng& rng) {
  SiteLayout lay;
  double lu_min = 220, lu_max = 480, lv_min = 150, lv_max = 330;
  if (site.age == ParkAge::old) lu_min = 160, lu_max = 360, lv_min = 120, lv_max = 300;
  if (site.age == ParkAge::young) lu_min = 260, lu_max = 600;
  if (!site.is_park) lu_min = site.width, lu_max = site.width, lv_min = 100, lv_max = 170;

  const std::vector<Span> us = grid_spans(rng, site.width, lu_min, lu_max);
  const std::vector<Span> vs = grid_spans(rng, site.height, lv_min, lv_max);

  // Road names: one per grid line across the site (addresses front on the road below a block row).
  std::vector<std::string> roads;
  std::set<std::string> used;
  for (std::size_t i = 0; i <= vs.size(); ++i) {
    std::string r = road_name(rng);
    for (int k = 0; k < 20 && !used.insert(r).second; ++k)
      r = road_name(rng);
    roads.push_back(r);
  }

  for (std::size_t iv = 0; iv < vs.size(); ++iv) {
    for (const auto& su : us) {
      if (site.notched && su.b > site.notch_u && vs[iv].b > site.notch_v) continue;
      Block b{su.a, su.b, vs[iv].a, vs[iv].b, {}};
      const std::size_t bi = lay.blocks.size();
      const double depth = b.v1 - b.v0;
      std::vector<Span> row_spans = {{b.v0, b.v1}};
      if (depth > 200 && rng.chance(0.75)) {
        const double vm = b.v0 + depth * rng.uniform(0.42, 0.58);
        row_spans = {{b.v0, vm}, {vm, b.v1}};
      }
      for (const auto& rs : row_spans) {
        Row row{bi, rs.a, rs.b, {}, {}};
        // A campus-sized parcel sometimes takes a whole row.
        if ((rs.b - rs.a) * (b.u1 - b.u0) < 280 * kMuM2 && rng.chance(0.04)) {
          row.cuts = {b.u0, b.u1};
        } else {
          row.cuts = row_cuts(rng, site, b.u0, b.u1, rs.b - rs.a);
        }
        b.rows.push_back(lay.rows.size());
        lay.rows.push_back(std::move(row));
      }
      lay.blocks.push_back(std::move(b));
      // Parcels, with the other row's cuts inserted on the shared middle line.
      const Block& blk = lay.blocks.back();
      for (std::size_t r = 0; r < blk.rows.size(); ++r) {
        Row& row = lay.rows[blk.rows[r]];
        const bool bottom = r == 0;
        const Row* other = blk.rows.size() == 2 ? &lay.rows[blk.rows[1 - r]] : nullptr;
        const std::string& road = bottom ? roads[iv] : roads[iv + 1];
        for (std::size_t k = 0; k + 1 < row.cuts.size(); ++k) {
          const double ua = row.cuts[k], ub = row.cuts[k + 1];
          std::vector<double> mids;
          if (other) {
            for (double c : other->cuts) {
              if (c > ua && c < ub) mids.push_back(c);
            }
          }
          const Frame& f = site.frame;
          Ring ring;
          if (bottom) {
            ring = {f.to_world(ua, row.v0), f.to_world(ub, row.v0), f.to_world(ub, row.v1)};
            for (auto it = mids.rbegin(); it != mids.rend(); ++it)
              ring.push_back(f.to_world(*it, row.v1));
            ring.push_back(f.to_world(ua, row.v1));
          } else {
            ring = {f.to_world(ua, row.v0)};
            for (double c : mids)
              ring.push_back(f.to_world(c, row.v0));
            ring.push_back(f.to_world(ub, row.v0));
            ring.push_back(f.to_world(ub, row.v1));
            ring.push_back(f.to_world(ua, row.v1));
          }
          ring.push_back(ring.front());
          ParcelShape p;
          p.block = bi;
          p.row = blk.rows[r];
          p.pos_in_row = k;
          p.u0 = ua, p.u1 = ub, p.v0 = row.v0, p.v1 = row.v1;
          p.area = ring_area(ring);
          p.ring = std::move(ring);
          p.road = road;
          // Odd numbers on one side of the road, even on the other, roughly one number per 15 m.
          p.house_number = 2 * static_cast<int>((ua + ub) / 2 / 30) + (bottom ? 1 : 2);
          row.parcels.push_back(lay.parcels.size());
          lay.parcels.push_back(std::move(p));
        }
      }
    }
  }
  return lay;
}

}  // namespace landrenew::gen
