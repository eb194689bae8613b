#include "sites.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "error.hpp"
#include "names.hpp"
#include "rng.hpp"

namespace landrenew::gen {

namespace {

constexpr double kMuM2 = 10000.0 / 15.0;  // 1 mu, exactly

double mean_parcel_m2(double median_mu, double sigma) {
  return median_mu * std::exp(sigma * sigma / 2) * kMuM2;
}

// Coarse grid of occupied boxes so a million-parcel province can test village clusters for collisions
// without GEOS.
class OccupancyGrid {
 public:
  explicit OccupancyGrid(double cell) : m_cell(cell) {}
  bool free(const Box& b) const {
    for (long long gx = key(b.minx); gx <= key(b.maxx); ++gx) {
      for (long long gy = key(b.miny); gy <= key(b.maxy); ++gy) {
        auto it = m_cells.find({gx, gy});
        if (it == m_cells.end()) continue;
        for (const auto& o : it->second) {
          if (o.intersects(b)) return false;
        }
      }
    }
    return true;
  }
  void add(const Box& b) {
    for (long long gx = key(b.minx); gx <= key(b.maxx); ++gx) {
      for (long long gy = key(b.miny); gy <= key(b.maxy); ++gy)
        m_cells[{gx, gy}].push_back(b);
    }
  }

 private:
  long long key(double v) const { return static_cast<long long>(std::floor(v / m_cell)); }
  double m_cell;
  std::map<std::pair<long long, long long>, std::vector<Box>> m_cells;
};

struct DistrictIndex {
  std::vector<GeosGeom> geoms;
  std::vector<std::unique_ptr<GeosPrepared>> prepared;
  std::vector<Box> boxes;
};

DistrictIndex index_districts(const Geography& geo, const GeosContext& geos) {
  DistrictIndex idx;
  for (const auto& d : geo.districts) {
    idx.geoms.push_back(make_geos(geos, d.shape));
    idx.prepared.push_back(std::make_unique<GeosPrepared>(geos, idx.geoms.back()));
    Box b;
    for (const auto& p : d.shape) {
      for (const auto& pt : p.outer)
        b.add(pt);
    }
    idx.boxes.push_back(b);
  }
  return idx;
}

// Puts the site's rectangle (width x height, rotated by angle) around centre; leaves its other fields.
void set_footprint(Site& s, Pt centre, double angle, double width, double height) {
  s.width = width;
  s.height = height;
  const double c = std::cos(angle), sn = std::sin(angle);
  s.frame = Frame::make(
      {centre.x - (width / 2 * c - height / 2 * sn), centre.y - (width / 2 * sn + height / 2 * c)}, angle);
}

// A site fits when its outline, grown by a margin, lies inside the district and clear of other sites.
bool fits(const Site& s, double margin, const GeosContext& geos, const GeosPrepared& district,
          const OccupancyGrid& occ) {
  Site grown = s;
  grown.frame = Frame::make({s.frame.origin.x - margin * s.frame.cos_a + margin * s.frame.sin_a,
                             s.frame.origin.y - margin * s.frame.sin_a - margin * s.frame.cos_a},
                            std::atan2(s.frame.sin_a, s.frame.cos_a));
  grown.width = s.width + 2 * margin;
  grown.height = s.height + 2 * margin;
  grown.notched = false;
  const Polygon outline = site_outline(grown);
  if (!occ.free(bbox(outline.outer))) return false;
  return district.contains(make_geos(geos, outline));
}

double median_mu_for(ParkAge age) {
  switch (age) {
    case ParkAge::old:
      return 10;
    case ParkAge::middle:
      return 14;
    case ParkAge::young:
      return 20;
  }
  return 14;
}

std::vector<ParkSpec> generate_province_parks(const Preset& preset, Rng& rng) {
  std::vector<ParkSpec> parks;
  const char* kinds[] = {"经济技术开发区", "高新技术产业园区", "经济开发区",
                         "工业园区",       "智造产业园",       "产业集聚区"};
  const std::vector<std::string> industries = {"新能源",       "新材料",     "高端装备", "生物医药",
                                               "半导体及光电", "新能源汽车", "数字经济", "绿色家居",
                                               "现代纺织",     "物流装备"};
  std::set<std::string> used;
  for (std::size_t r = 0; r < preset.regions.size(); ++r) {
    const auto& region = preset.regions[r];
    const int n = static_cast<int>(rng.uniform_int(preset.parks_per_region_min, preset.parks_per_region_max));
    const std::string prefix = region.name.substr(0, region.name.size() - std::string("市").size());
    for (int k = 0; k < n; ++k) {
      ParkSpec p;
      std::string name;
      do {
        name = prefix + random_brand(rng);
        name += kinds[rng.index(6)];
      } while (!used.insert(name).second);
      p.name = name;
      p.kind = k < 2 ? "平台" : "园区";
      p.level = k < 2 ? "省级" : (rng.chance(0.15) ? "国家级" : (rng.chance(0.5) ? "省级" : "市级"));
      const std::string a = rng.pick(industries);
      std::string b = rng.pick(industries);
      p.industries = a == b ? a : a + ";" + b;
      p.region = r;
      p.lon = region.lon;
      p.lat = region.lat;
      p.weight = rng.lognormal_median(1, 0.35) * (k < 2 ? 1.6 : 1.0);
      p.age = static_cast<ParkAge>(rng.uniform_int(0, 2));
      p.far_base = p.age == ParkAge::old ? rng.uniform(0.45, 0.65) : rng.uniform(0.6, 0.95);
      p.efficiency = rng.normal(p.age == ParkAge::old ? -0.3 : 0.15, 0.25);
      p.renewal = rng.chance(0.35) ? rng.uniform(0.33, 0.42) : rng.uniform(0.03, 0.12);
      // Newer parks were surveyed with the 2023 classification more often, old ones kept planning M-codes.
      if (p.age == ParkAge::young && rng.chance(0.5)) p.scheme = LandScheme::gb2023;
      if (p.age == ParkAge::old && rng.chance(0.35)) p.scheme = LandScheme::gb50137;
      parks.push_back(p);
    }
  }
  std::size_t i = 0;
  for (auto& p : parks) {
    char id[16];
    std::snprintf(id, sizeof id, parks.size() > 99 ? "P%03zu" : "P%02zu", ++i);
    p.id = id;
  }
  return parks;
}

}  // namespace

Polygon site_outline(const Site& s) {
  const Frame& f = s.frame;
  if (!s.notched) return {frame_rect(f, 0, 0, s.width, s.height), {}};
  return {{f.to_world(0, 0), f.to_world(s.width, 0), f.to_world(s.width, s.notch_v),
           f.to_world(s.notch_u, s.notch_v), f.to_world(s.notch_u, s.height), f.to_world(0, s.height),
           f.to_world(0, 0)},
          {}};
}

SitePlan plan_sites(const Preset& preset, const Geography& geo, std::uint64_t seed, const GeosContext& geos,
                    const Projector& projector) {
  Rng rng(seed, "sites");
  SitePlan plan;
  std::vector<ParkSpec> specs =
      preset.kind == PresetKind::province ? generate_province_parks(preset, rng) : preset.parks;
  DistrictIndex districts = index_districts(geo, geos);
  OccupancyGrid occ(preset.kind == PresetKind::province ? 20000 : 3000);

  // Parcels: a share outside parks, the rest split over parks by weight (and, for the province, by the
  // area of each city).
  const double in_parks = static_cast<double>(preset.target_parcels) * (1 - preset.outside_share);
  std::vector<double> region_weight(preset.regions.size(), 0);
  double total_area = 0;
  for (const auto& r : preset.regions)
    total_area += r.area_km2;
  double weight_sum = 0;
  for (const auto& p : specs) {
    region_weight[p.region] += p.weight;
    weight_sum += p.weight;
  }

  std::vector<int> zone_counter(geo.districts.size(), 0);
  auto next_zone = [&](std::size_t d) {
    const int c = zone_counter[d]++;
    return (1 + c / 500) * 1000 + (1 + c % 500);  // 地籍区 (3 digits) + 地籍子区 (3 digits)
  };
  std::vector<std::vector<std::string>> towns(preset.regions.size());
  for (std::size_t r = 0; r < preset.regions.size(); ++r) {
    towns[r] = preset.regions[r].towns.empty() ? synthetic_towns(rng, 24) : preset.regions[r].towns;
  }

  for (std::size_t k = 0; k < specs.size(); ++k) {
    const ParkSpec& spec = specs[k];
    Site s;
    s.is_park = true;
    s.age = spec.age;
    s.far_base = spec.far_base;
    s.efficiency = spec.efficiency;
    s.renewal = spec.renewal;
    s.parcel_median_mu = median_mu_for(spec.age);
    // Demo/city: by the park's weight among all parks. Province: each city gets parcels in proportion to
    // its area, split over its parks by weight.
    const double share =
        preset.kind == PresetKind::province
            ? preset.regions[spec.region].area_km2 / total_area * spec.weight / region_weight[spec.region]
            : spec.weight / weight_sum;
    s.target_parcels = static_cast<int>(std::lround(in_parks * share));
    // Roads, edges and unused corners take about a fifth of a park.
    double area = s.target_parcels * mean_parcel_m2(s.parcel_median_mu, s.parcel_sigma) / 0.80;
    const bool notched = rng.chance(0.3);
    if (notched) area /= 1 - 0.35 * 0.35;  // the left-out corner
    const double aspect = rng.uniform(1.0, 1.8);
    const double angle = rng.uniform(-0.7, 0.7);
    // Demo/city: an even spiral (golden angle) around the park's approximate real position. Province:
    // random positions inside its city. Shrink a little whenever a few hundred candidates fail.
    const Pt nominal =
        preset.kind != PresetKind::province ? projector.to_projected(spec.lon, spec.lat) : Pt{};
    bool placed = false;
    for (int i = 0; i < 3000 && !placed; ++i) {
      if (i > 0 && i % 300 == 0) area *= 0.85;
      Pt centre;
      if (preset.kind != PresetKind::province) {
        const double r = 900 * std::sqrt(static_cast<double>(i % 300));
        const double a = (i % 300) * 2.399963229728653;
        centre = {nominal.x + r * std::cos(a), nominal.y + r * std::sin(a)};
      } else {
        const Box& b = districts.boxes[spec.region];
        centre = {rng.uniform(b.minx, b.maxx), rng.uniform(b.miny, b.maxy)};
      }
      const double w = std::sqrt(area * aspect), h = area / w;
      Site cand = s;
      set_footprint(cand, centre, angle, w, h);
      if (notched) {
        cand.notched = true;
        cand.notch_u = w * 0.65;
        cand.notch_v = h * 0.65;
      }
      if (fits(cand, 400, geos, *districts.prepared[spec.region], occ)) {
        s = cand;
        placed = true;
      }
    }
    if (!placed) throw GenError("cannot place park " + spec.id + " " + spec.name + " inside its district");
    s.district = spec.region;
    s.park = plan.parks.size();
    s.index = plan.sites.size();
    s.scheme = spec.scheme;
    s.town = rng.pick(towns[spec.region]);
    s.cadastral_zone = next_zone(spec.region);
    occ.add(bbox(site_outline(s).outer).grown(400));
    plan.parks.push_back({spec, spec.region, plan.sites.size(), site_outline(s)});
    plan.sites.push_back(s);
  }

  // Village clusters: a few old parcels along a village road, scattered through every district.
  const long outside_target =
      std::lround(static_cast<double>(preset.target_parcels) * preset.outside_share * 1.08);
  std::vector<double> district_weight;
  for (const auto& r : preset.regions)
    district_weight.push_back(r.area_km2);
  long placed_parcels = 0;
  int failures = 0;
  while (placed_parcels < outside_target) {
    Site s;
    s.age = ParkAge::old;
    s.far_base = rng.uniform(0.3, 0.55);
    s.efficiency = rng.normal(-0.5, 0.25);
    // 园区外小企业清零: about half the village clusters have a project under way.
    s.renewal = rng.chance(0.5) ? rng.uniform(0.1, 0.3) : 0.0;
    s.parcel_median_mu = 7;
    s.parcel_sigma = 0.6;
    s.target_parcels = static_cast<int>(rng.uniform_int(3, 14));
    const double area = s.target_parcels * mean_parcel_m2(s.parcel_median_mu, s.parcel_sigma) / 0.8;
    const double h = rng.uniform(110, 150) * (s.target_parcels > 8 ? 2 : 1) + 30;
    const double w = std::max(120.0, area / h);
    const std::size_t d = rng.weighted(district_weight);
    const Box& b = districts.boxes[d];
    bool ok = false;
    for (int tries = 0; tries < 40 && !ok; ++tries) {
      Site cand = s;
      const Pt centre{rng.uniform(b.minx, b.maxx), rng.uniform(b.miny, b.maxy)};
      set_footprint(cand, centre, rng.uniform(-1.5, 1.5), w, h);
      if (fits(cand, 150, geos, *districts.prepared[d], occ)) {
        s = cand;
        ok = true;
      }
    }
    if (!ok) {
      if (++failures > 10000) throw GenError("cannot place village clusters: districts are full");
      continue;
    }
    s.district = d;
    s.index = plan.sites.size();
    s.scheme = LandScheme::gb21010;
    s.town = rng.pick(towns[d]);
    s.cadastral_zone = next_zone(d);
    occ.add(bbox(site_outline(s).outer).grown(150));
    placed_parcels += s.target_parcels;
    plan.sites.push_back(s);
  }
  return plan;
}

}  // namespace landrenew::gen
