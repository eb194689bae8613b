#include "parcels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "names.hpp"

namespace landrenew::gen {

// Howard Hinnant's civil calendar algorithms: exact for the proleptic Gregorian calendar.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

Date add_days(Date d, long days) {
  return civil_from_days(days_from_civil(d.y, d.m, d.d) + days);
}

Date random_date(Rng& rng, Date from, Date to) {
  const long a = days_from_civil(from.y, from.m, from.d), b = days_from_civil(to.y, to.m, to.d);
  return civil_from_days(rng.uniform_int(a, b));
}

std::string EnterpriseRegistry::unique_code(Rng& rng, const std::string& region, bool new_style) {
  while (true) {
    std::string code = make_credit_code(rng, region, new_style);
    if (m_codes.insert(code).second) return code;
  }
}

namespace {

Date min_date(Date a, Date b) {
  return a.ymd() <= b.ymd() ? a : b;
}
Date max_date(Date a, Date b) {
  return a.ymd() >= b.ymd() ? a : b;
}
double round_to(double v, double step) {
  return std::round(v / step) * step;
}

struct Code {
  const char* dlbm;
  const char* yt;
};

Code industrial_code(Rng& rng, LandScheme scheme) {
  switch (scheme) {
    case LandScheme::gb2023: {
      const Code c[] = {{"100101", "一类工业用地"},
                        {"100102", "二类工业用地"},
                        {"100103", "三类工业用地"},
                        {"1001", "工业用地"}};
      return c[rng.weighted({0.3, 0.5, 0.1, 0.1})];
    }
    case LandScheme::gb50137: {
      const Code c[] = {{"M1", "一类工业用地"}, {"M2", "二类工业用地"}, {"M3", "三类工业用地"}};
      return c[rng.weighted({0.35, 0.5, 0.15})];
    }
    case LandScheme::gb21010:
      break;
  }
  return {"0601", "工业用地"};
}

// Non-industrial codes: GB 50137-2011 in planning-coded sites, otherwise GB/T 21010-2017.
Code non_industrial_code(Rng& rng, UseKind use, LandScheme scheme) {
  const bool planning = scheme == LandScheme::gb50137;
  switch (use) {
    case UseKind::warehouse:
      if (planning) return {"W1", "一类物流仓储用地"};
      return rng.chance(0.7) ? Code{"0604", "仓储用地"} : Code{"0508", "物流仓储用地"};
    case UseKind::residential:
      return planning ? Code{"R2", "二类居住用地"} : Code{"0701", "城镇住宅用地"};
    case UseKind::commercial:
      if (planning) return {"B1", "商业用地"};
      return rng.chance(0.6) ? Code{"0501", "零售商业用地"} : Code{"0505", "商务金融用地"};
    case UseKind::utility:
      return planning ? Code{"U1", "供应设施用地"} : Code{"0809", "公用设施用地"};
    case UseKind::green:
      return planning ? Code{"G1", "公园绿地"} : Code{"0810", "公园与绿地"};
    case UseKind::industrial:
      break;
  }
  return {"0601", "工业用地"};
}

const char* scheme_name(LandScheme s) {
  switch (s) {
    case LandScheme::gb2023:
      return "gb2023";
    case LandScheme::gb50137:
      return "gb50137";
    case LandScheme::gb21010:
      break;
  }
  return "gb21010";
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t a = 0;
  while (a <= s.size()) {
    const std::size_t b = std::min(s.find(sep, a), s.size());
    if (b > a) out.push_back(s.substr(a, b - a));
    a = b + 1;
  }
  return out;
}

// Supply era of the parcels that were producing before the 2022 baseline.
std::pair<int, int> supply_era(const Site& site) {
  if (!site.is_park) return {1990, 2008};
  switch (site.age) {
    case ParkAge::old:
      return {1993, 2010};
    case ParkAge::middle:
      return {2003, 2016};
    case ParkAge::young:
      return {2012, 2018};
  }
  return {2003, 2016};
}

class Builder {
 public:
  Builder(const AttributeContext& ctx, EnterpriseRegistry& reg, Rng& rng)
      : m_ctx(ctx), m_reg(reg), m_rng(rng) {
    m_chains = split(ctx.park ? ctx.park->industries : "", ';');
  }

  ParcelRec make(ParcelShape&& shape, int seq) {
    ParcelRec p;
    p.shape = std::move(shape);
    char code[32];
    std::snprintf(code, sizeof code, "%s%06dGB%05d", m_ctx.district.code.c_str(), m_ctx.site.cadastral_zone,
                  seq);
    p.zddm = code;
    p.zl =
        m_ctx.address_prefix + m_ctx.site.town + p.shape.road + std::to_string(p.shape.house_number) + "号";
    const double noise = std::clamp(m_rng.normal(0, 0.0006), -0.0018, 0.0018);
    p.zdmj = std::round(p.shape.area * (1 + noise) * 100) / 100;
    p.use = pick_use();
    p.industrial = p.use == UseKind::industrial;
    p.remark = "合成数据";
    if (p.industrial) {
      fill_industrial(p);
    } else {
      fill_other(p);
    }
    return p;
  }

 private:
  UseKind pick_use() {
    if (m_ctx.site.is_park) {
      if (!m_rng.chance(0.08)) return UseKind::industrial;
      const UseKind k[] = {UseKind::warehouse, UseKind::utility, UseKind::green, UseKind::commercial,
                           UseKind::residential};
      return k[m_rng.weighted({0.35, 0.15, 0.15, 0.2, 0.15})];
    }
    if (!m_rng.chance(0.15)) return UseKind::industrial;
    const UseKind k[] = {UseKind::residential, UseKind::warehouse, UseKind::commercial};
    return k[m_rng.weighted({0.6, 0.2, 0.2})];
  }

  Industry pick_industry() {
    if (!m_chains.empty() && m_rng.chance(0.8)) return m_rng.pick(industries_for(m_rng.pick(m_chains)));
    return m_rng.pick(industries_for(""));
  }

  std::size_t new_enterprise(bool in_table, bool small) {
    Enterprise e;
    const Industry ind = pick_industry();
    const bool workshop = !m_ctx.site.is_park && m_rng.chance(0.5);
    const std::string& place = m_ctx.name_places[m_rng.weighted({0.45, 0.25, 0.30})];
    e.name = company_name(m_rng, place, ind, workshop);
    e.industry = ind.code;
    // One draw per statement: argument evaluation order is unspecified, and another compiler must
    // draw in the same order.
    const std::string& region = m_rng.chance(0.6) ? m_ctx.credit_region : m_ctx.district.code;
    const bool new_style = m_rng.chance(m_ctx.site.age == ParkAge::young ? 0.7 : 0.3);
    e.code = m_reg.unique_code(m_rng, region, new_style);
    e.site = m_ctx.site.index;
    e.outside_park = !m_ctx.site.is_park;
    e.in_table = in_table && m_rng.chance(workshop ? 0.85 : 0.95);
    e.efficiency = m_ctx.site.efficiency + m_rng.normal(0, 0.35) - (small ? 0.2 : 0);
    // 亩均税收 of Huzhou-like enterprises: median ~16 万元/亩, spread so most fall within 5-60.
    e.tax_per_mu = std::clamp(m_rng.lognormal_median(16 * std::exp(0.9 * e.efficiency), 0.5), 1.5, 150.0);
    return m_reg.add(std::move(e));
  }

  // Consecutive parcels often belong to one enterprise (a campus of several plots).
  std::size_t run_holder() {
    if (m_run_left > 0) {
      --m_run_left;
      return m_run;
    }
    int k = 1;
    if (m_ctx.site.is_park) {
      const std::size_t c = m_rng.weighted({0.25, 0.20, 0.30, 0.25});
      k = c == 0   ? 1
          : c == 1 ? 2
          : c == 2 ? static_cast<int>(m_rng.uniform_int(3, 6))
                   : static_cast<int>(m_rng.uniform_int(7, 14));
    } else {
      k = 1 + static_cast<int>(m_rng.weighted({0.5, 0.3, 0.2}));
    }
    m_run = new_enterprise(true, false);
    m_run_left = k - 1;
    return m_run;
  }

  void fill_industrial(ParcelRec& p) {
    const Code code = industrial_code(m_rng, m_rng.chance(0.85) ? m_ctx.site.scheme : LandScheme::gb21010);
    p.dlbm = code.dlbm;
    p.yt = code.yt;
    p.scheme_name = p.dlbm.rfind("1001", 0) == 0 ? scheme_name(LandScheme::gb2023)
                    : p.dlbm[0] == 'M'           ? scheme_name(LandScheme::gb50137)
                                                 : scheme_name(LandScheme::gb21010);
    const bool park = m_ctx.site.is_park;
    const double new_build = !park                               ? 0.01
                             : m_ctx.site.age == ParkAge::young  ? 0.09
                             : m_ctx.site.age == ParkAge::middle ? 0.04
                                                                 : 0.015;
    const std::size_t c = m_rng.weighted(
        {park ? 0.012 : 0.004, park ? 0.025 : 0.01, park ? 0.02 : 0.01, park ? 0.02 : 0.008, new_build, 1.0});
    const auto [era0, era1] = supply_era(m_ctx.site);
    switch (c) {
      case 0:  // 批而未供: approved, never supplied, no holder yet
        p.life = Lifecycle::approved_not_supplied;
        p.pz = random_date(m_rng, {2021, 3, 1}, {2025, 6, 30});
        return;
      case 1:  // 供而未用: contract start passed more than a year before the audit, nothing started
        p.life = Lifecycle::supplied_not_started;
        p.pz = random_date(m_rng, {2020, 1, 1}, {2023, 9, 30});
        p.gy = add_days(p.pz, m_rng.uniform_int(30, 200));
        p.ydkg = min_date(add_days(p.gy, m_rng.uniform_int(120, 300)), Date{2025, 6, 30});
        break;
      case 2:  // 用而未尽: started, stalled with little built
        p.life = Lifecycle::started_not_finished;
        p.pz = random_date(m_rng, {2017, 1, 1}, {2022, 6, 30});
        p.gy = add_days(p.pz, m_rng.uniform_int(30, 200));
        p.ydkg = add_days(p.gy, m_rng.uniform_int(120, 300));
        p.sjkg = add_days(p.ydkg, m_rng.uniform_int(0, 200));
        break;
      case 3:  // 建而未投: completed, not in production
        p.life = Lifecycle::built_not_producing;
        p.pz = random_date(m_rng, {2017, 1, 1}, {2021, 6, 30});
        p.gy = add_days(p.pz, m_rng.uniform_int(30, 200));
        p.ydkg = add_days(p.gy, m_rng.uniform_int(90, 240));
        p.sjkg = add_days(p.ydkg, m_rng.uniform_int(0, 120));
        p.jg = min_date(max_date(add_days(p.sjkg, m_rng.uniform_int(400, 900)), Date{2022, 1, 10}),
                        Date{2025, 10, 31});
        break;
      case 4:  // idle at the 2022 baseline, built since: new floor area in the current snapshot
        p.life = Lifecycle::producing;
        p.pz = random_date(m_rng, {2020, 1, 1}, {2021, 12, 31});
        p.gy = add_days(p.pz, m_rng.uniform_int(20, 240));
        p.ydkg = add_days(p.gy, m_rng.uniform_int(120, 365));
        p.sjkg = add_days(p.ydkg, m_rng.uniform_int(-30, 90));
        p.sjkg = max_date(p.sjkg, random_date(m_rng, {2022, 9, 1}, {2023, 9, 30}));
        p.jg = min_date(add_days(p.sjkg, m_rng.uniform_int(300, 700)), Date{2025, 10, 31});
        p.tc = add_days(p.jg, m_rng.uniform_int(20, 120));
        break;
      default:
        p.life = Lifecycle::producing;
        p.pz = random_date(m_rng, {era0, 1, 1}, {era1, 12, 31});
        p.gy = add_days(p.pz, m_rng.uniform_int(20, 240));
        p.ydkg = add_days(p.gy, m_rng.uniform_int(90, 365));
        p.sjkg = add_days(p.ydkg, m_rng.uniform_int(-30, 240));
        p.jg = add_days(p.sjkg, m_rng.uniform_int(300, 900));
        p.tc = add_days(p.jg, m_rng.uniform_int(20, 200));
        break;
    }
    // Parcels that are not producing belong to a project company that the 亩均 table does not evaluate.
    if (p.life == Lifecycle::producing) {
      p.holders.push_back(run_holder());
      if (m_rng.chance(0.03)) {
        // A lessee sharing the plant: a small enterprise of its own, or the previous holder.
        const bool other_known = m_last_holder != SIZE_MAX && m_last_holder != p.holders[0];
        p.holders.push_back(other_known && m_rng.chance(0.4) ? m_last_holder : new_enterprise(true, true));
      }
    } else {
      p.holders.push_back(new_enterprise(false, false));
    }
    m_last_holder = p.holders[0];
    const double qx = m_rng.uniform();
    p.qlxz = qx < 0.86 ? "出让" : qx < 0.95 ? "租赁" : "划拨";
    for (std::size_t h = 0; h < p.holders.size(); ++h) {
      Enterprise& e = m_reg.all()[p.holders[h]];
      p.qlr += (h ? ";" : "") + e.name;
      p.qlrzjh += (h ? ";" : "") + e.code;
      e.land_m2 += p.shape.area / static_cast<double>(p.holders.size());
      e.parcels += 1;
    }
    const int supply_year = p.gy.y;
    if (supply_year >= 2008 || m_rng.chance(0.5)) {
      p.rjl = round_to(supply_year >= 2008 ? m_rng.uniform(1.0, 2.2) : m_rng.uniform(0.8, 1.2), 0.1);
      p.jzmd = round_to(m_rng.uniform(0.30, 0.60), 0.01);
    }
    if (supply_year >= 2010)
      p.ydtzqd = round_to(m_rng.uniform(200, m_ctx.site.age == ParkAge::young ? 600 : 450), 1);
    // 标准地 contracts carry a per-mu tax commitment; some holders fall short of it (投而未达标).
    if (supply_year >= 2016) {
      const Enterprise& e = m_reg.all()[p.holders[0]];
      const bool short_of = p.life == Lifecycle::producing && e.in_table && m_rng.chance(0.3);
      p.ydmjss =
          round_to(e.tax_per_mu * (short_of ? m_rng.uniform(1.25, 2.2) : m_rng.uniform(0.45, 0.9)), 0.1);
      p.below_contract_tax = short_of;
    }
    if (p.qlxz == "租赁")
      p.remark += ";先租后让";
    else if (supply_year > 0 && supply_year < 2000 && m_rng.chance(0.3))
      p.remark += ";历史遗留用地";
    else if (supply_year >= 2018 && m_rng.chance(0.3))
      p.remark += ";标准地";
  }

  void fill_other(ParcelRec& p) {
    const Code code = non_industrial_code(m_rng, p.use, m_ctx.site.scheme);
    p.dlbm = code.dlbm;
    p.yt = code.yt;
    const auto [era0, era1] = supply_era(m_ctx.site);
    p.pz = random_date(m_rng, {era0, 1, 1}, {std::min(era1 + 4, 2018), 12, 31});
    p.gy = add_days(p.pz, m_rng.uniform_int(20, 240));
    p.ydkg = add_days(p.gy, m_rng.uniform_int(90, 365));
    p.sjkg = add_days(p.ydkg, m_rng.uniform_int(-30, 120));
    p.jg = add_days(p.sjkg, m_rng.uniform_int(300, 900));
    p.tc = add_days(p.jg, m_rng.uniform_int(10, 90));
    const bool public_land = p.use == UseKind::utility || p.use == UseKind::green;
    p.qlxz = public_land ? "划拨" : "出让";
    const char* kind = p.use == UseKind::warehouse     ? "物流有限公司"
                       : p.use == UseKind::residential ? "置业有限公司"
                       : p.use == UseKind::commercial  ? "商贸有限公司"
                       : p.use == UseKind::utility     ? "水务有限公司"
                                                       : "城市建设发展有限公司";
    p.qlr = holder_name_non_industrial(m_rng, m_ctx.name_places[0], kind);
    // Public land held by government bodies often carries no credit code in the register.
    if (!(public_land && m_rng.chance(0.6))) p.qlrzjh = m_reg.unique_code(m_rng, m_ctx.district.code, false);
  }

  const AttributeContext& m_ctx;
  EnterpriseRegistry& m_reg;
  Rng& m_rng;
  std::vector<std::string> m_chains;
  std::size_t m_run = 0;
  int m_run_left = 0;
  std::size_t m_last_holder = SIZE_MAX;
};

}  // namespace

std::vector<ParcelRec> assign_attributes(SiteLayout& layout, const AttributeContext& ctx,
                                         EnterpriseRegistry& reg, Rng& rng) {
  Builder b(ctx, reg, rng);
  std::vector<ParcelRec> out;
  out.reserve(layout.parcels.size());
  int seq = 0;
  for (auto& shape : layout.parcels)
    out.push_back(b.make(std::move(shape), ++seq));
  return out;
}

}  // namespace landrenew::gen
