#include "buildings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace landrenew::gen {

double gross_floor_area(const Building& b) {
  const double gfa = b.floor_area ? *b.floor_area : b.footprint * b.floors;
  const bool tall_storey = b.height && *b.height / b.floors > 8.0;
  return tall_storey ? 2 * gfa : gfa;
}

std::string BuildingIds::next(const std::string& district_code) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "JZ%s-%08lld", district_code.c_str(), ++m_next);
  return buf;
}

namespace {

enum class Stage { none, partial, full, rebuilt };

struct Program {
  double far = 0;       // target floor-area ratio
  double coverage = 0;  // target building coverage
  int count = 1;
  UseKind use = UseKind::industrial;
  int year = 2000;
};

Stage stage_at(const ParcelRec& p, int year) {
  if (p.demolished_year && p.demolished_year <= year) return Stage::none;
  if (p.rebuilt_year && p.rebuilt_year <= year) return Stage::rebuilt;
  if (p.use == UseKind::green) return Stage::none;
  const auto by = [year](Date d) { return d.set() && d.y <= year; };
  if (p.life == Lifecycle::started_not_finished) return by(p.sjkg) ? Stage::partial : Stage::none;
  if (by(p.jg)) return Stage::full;
  if (by(p.sjkg)) return Stage::partial;
  return Stage::none;
}

int building_count(const Preset& preset, double area, Rng& rng) {
  // More buildings on larger plots; the preset sets the overall density of footprints.
  const double mean = preset.buildings_per_parcel * std::pow(area / 12000.0, 0.55);
  return std::clamp(static_cast<int>(std::lround(rng.lognormal_median(mean, 0.35))), 1, 40);
}

// Floors and height for one building so that footprint x effective floors approaches the target.
void dress(Building& b, UseKind use, double eff_floors, Rng& rng) {
  double storey = 4.5;
  switch (use) {
    case UseKind::residential:
      b.floors = static_cast<int>(rng.uniform_int(6, 18));
      storey = 3.0;
      break;
    case UseKind::commercial:
      b.floors = static_cast<int>(rng.uniform_int(3, 6));
      storey = 4.5;
      break;
    case UseKind::warehouse:
      b.floors = 1;
      storey = rng.uniform(9, 12);
      break;
    case UseKind::utility:
    case UseKind::green:
      b.floors = static_cast<int>(rng.uniform_int(1, 2));
      storey = 4.2;
      break;
    case UseKind::industrial:
      if (eff_floors < 2.0 || (eff_floors < 3.0 && rng.chance(0.4))) {
        // Single-storey shed. A high-bay one (storey > 8 m) counts double in FAR, so the share of high
        // bays is what brings the effective floors near the target.
        b.floors = 1;
        const bool high_bay = eff_floors >= 2.0 || rng.chance(std::clamp(eff_floors - 1, 0.1, 0.9));
        storey = high_bay ? rng.uniform(9, 14) : rng.uniform(5, 8);
      } else {
        b.floors = std::clamp(static_cast<int>(std::lround(eff_floors + rng.normal(0, 0.7))), 2, 12);
        storey = rng.uniform(3.8, 5.2);
      }
      break;
  }
  b.height = std::round(b.floors * storey * 10) / 10;
}

std::vector<Building> layout_buildings(const Site& site, const ParcelRec& p, const Program& prog, Rng& rng) {
  std::vector<Building> out;
  const ParcelShape& s = p.shape;
  const double w = s.u1 - s.u0, d = s.v1 - s.v0;
  const double setback = std::min(8.0, 0.12 * std::min(w, d));
  const double iw = w - 2 * setback, id = d - 2 * setback;
  if (iw < 8 || id < 8) return out;
  const int n = prog.count;
  const int cols = std::max(1, static_cast<int>(std::ceil(std::sqrt(n * iw / id))));
  const int rows = (n + cols - 1) / cols;
  const double cw = iw / cols, ch = id / rows;
  const double gap = std::min(rng.uniform(6, 10), 0.3 * std::min(cw, ch));
  const double usable = (cw - gap) * (ch - gap);
  const double per_building = prog.coverage * s.area / n;
  const double scale = std::sqrt(std::clamp(per_building / usable, 0.08, 0.9));
  for (int k = 0; k < n; ++k) {
    const int cx = k % cols, cy = k / cols;
    const double bw = (cw - gap) * scale * rng.uniform(0.9, 1.1);
    const double bh = (ch - gap) * scale * rng.uniform(0.9, 1.0);
    const double bwc = std::min(bw, cw - gap), bhc = std::min(bh, ch - gap);
    const double x0 = s.u0 + setback + cx * cw + gap / 2 + rng.uniform(0, cw - gap - bwc);
    const double y0 = s.v0 + setback + cy * ch + gap / 2 + rng.uniform(0, ch - gap - bhc);
    Building b;
    const Frame& f = site.frame;
    if (rng.chance(0.15) && bwc > 20 && bhc > 20) {
      // L-shaped: one corner left out.
      const double cut_w = bwc * rng.uniform(0.3, 0.5), cut_h = bhc * rng.uniform(0.3, 0.5);
      b.ring = {f.to_world(x0, y0),
                f.to_world(x0 + bwc, y0),
                f.to_world(x0 + bwc, y0 + bhc - cut_h),
                f.to_world(x0 + bwc - cut_w, y0 + bhc - cut_h),
                f.to_world(x0 + bwc - cut_w, y0 + bhc),
                f.to_world(x0, y0 + bhc),
                f.to_world(x0, y0)};
    } else {
      b.ring = frame_rect(f, x0, y0, x0 + bwc, y0 + bhc);
    }
    if (rng.chance(0.008)) {
      // Planted: a building drawn across the parcel boundary (into the road or the neighbour).
      const double shift = setback + rng.uniform(4, 10);
      const bool along_u = rng.chance(0.5);
      const double du = along_u ? (cx == 0 ? -shift : shift) : 0,
                   dv = along_u ? 0 : (cy == 0 ? -shift : shift);
      b.ring = along_u ? frame_rect(f, x0 + du, y0, x0 + bwc + du, y0 + bhc)
                       : frame_rect(f, x0, y0 + dv, x0 + bwc, y0 + bhc + dv);
      b.straddles = true;
    }
    b.footprint = ring_area(b.ring);
    b.year = prog.year;
    out.push_back(std::move(b));
  }
  // Floors follow the coverage actually drawn (setbacks and gaps leave less than the target), so the
  // parcel's FAR lands near the programme's.
  double drawn = 0;
  for (const auto& b : out)
    drawn += b.footprint;
  const double eff_floors = prog.far * s.area / std::max(drawn, 1.0);
  for (auto& b : out)
    dress(b, prog.use, eff_floors, rng);
  return out;
}

void finish_fields(std::vector<Building>& bs, const std::string& district, BuildingIds& ids, Rng& rng) {
  for (auto& b : bs) {
    b.id = ids.next(district);
    if (rng.chance(0.10)) b.height.reset();  // surveys miss heights
    if (rng.chance(0.25))
      b.floor_area = std::round(b.footprint * b.floors * rng.uniform(0.97, 1.03) * 100) / 100;
  }
}

Program program_for(const Site& site, const ParcelRec& p, const Preset& preset, Rng& rng, bool rebuilt) {
  Program prog;
  prog.use = p.use;
  prog.count = building_count(preset, p.shape.area, rng);
  prog.year = p.jg.set() ? p.jg.y : (p.sjkg.set() ? p.sjkg.y : 2020);
  if (rebuilt) {
    // 工业上楼: multi-storey plants replace sheds.
    prog.far = rng.uniform(2.6, 3.8);
    prog.coverage = rng.uniform(0.40, 0.55);
    prog.year = p.rebuilt_year;
    return prog;
  }
  switch (p.use) {
    case UseKind::industrial: {
      prog.far = std::clamp(site.far_base * rng.lognormal_median(1, 0.25), 0.25, 1.6);
      const double lo = site.age == ParkAge::old ? 0.45 : site.age == ParkAge::middle ? 0.38 : 0.32;
      prog.coverage = rng.uniform(lo, lo + 0.17);
      break;
    }
    case UseKind::residential:
      prog.coverage = 0.22, prog.far = 2.0, prog.count = std::max(2, prog.count);
      break;
    case UseKind::commercial:
      prog.coverage = 0.4, prog.far = 1.8;
      break;
    case UseKind::warehouse:
      prog.coverage = 0.5, prog.far = 1.0;
      break;
    case UseKind::utility:
    case UseKind::green:
      prog.coverage = 0.12, prog.far = 0.15, prog.count = 1;
      break;
  }
  return prog;
}

}  // namespace

ParcelBuildings make_buildings(const Site& site, const ParcelRec& p, const Preset& preset, BuildingIds& ids,
                               Rng& rng) {
  ParcelBuildings out;
  const Stage s22 = stage_at(p, 2022), s25 = stage_at(p, 2025);
  const std::string district = p.zddm.substr(0, 6);
  std::vector<Building> original;
  if (s22 == Stage::partial || s22 == Stage::full || s25 == Stage::partial || s25 == Stage::full) {
    original = layout_buildings(site, p, program_for(site, p, preset, rng, false), rng);
    finish_fields(original, district, ids, rng);
  }
  auto partial_of = [&](const std::vector<Building>& all) {
    // Under construction or stalled: a first building only, well under a third of what was planned.
    std::vector<Building> part;
    if (!all.empty()) part.push_back(all.front());
    for (auto& b : part)
      b.year = p.sjkg.set() ? p.sjkg.y : b.year;
    return part;
  };
  std::vector<Building> rebuilt;
  if (s22 == Stage::rebuilt || s25 == Stage::rebuilt) {
    rebuilt = layout_buildings(site, p, program_for(site, p, preset, rng, true), rng);
    finish_fields(rebuilt, district, ids, rng);
  }
  switch (s22) {
    case Stage::none:
      break;
    case Stage::partial:
      out.before = partial_of(original);
      break;
    case Stage::full:
      out.before = original;
      break;
    case Stage::rebuilt:
      out.before = rebuilt;
      break;
  }
  switch (s25) {
    case Stage::none:
      break;
    case Stage::partial:
      out.after = s22 == Stage::partial ? out.before : partial_of(original);
      break;
    case Stage::full:
      out.after = original;
      break;
    case Stage::rebuilt:
      out.after = rebuilt;
      break;
  }
  return out;
}

}  // namespace landrenew::gen
