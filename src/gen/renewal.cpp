#include "renewal.hpp"

#include <algorithm>
#include <cstdio>

namespace landrenew::gen {

std::string RecordIds::next(int year) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "GX%d-%04d", year, ++m_per_year[year]);
  return buf;
}

namespace {

const std::vector<std::string> kModes = {"拆除重建", "提容增效", "兼并重组", "收储", "腾退", "", "其他"};

bool rebuilds(const std::string& mode) {
  return mode == "拆除重建" || mode == "提容增效" || mode == "兼并重组";
}

std::string format_date(Rng& rng, Date d) {
  char buf[48];
  const double r = rng.uniform();
  if (r < 0.8) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
  } else if (r < 0.91) {
    std::snprintf(buf, sizeof buf, "%d/%d/%d", d.y, d.m, d.d);
  } else {
    std::snprintf(buf, sizeof buf, "%d年%d月%d日", d.y, d.m, d.d);
  }
  return buf;
}

Polygon group_rect(const Site& site, double u0, double u1, double v0, double v1) {
  return {frame_rect(site.frame, u0, v0, u1, v1), {}};
}

class Planner {
 public:
  Planner(const Site& site, const District& district, const SiteLayout& layout,
          std::vector<ParcelRec>& parcels, RecordIds& ids, Rng& rng)
      : m_site(site), m_district(district), m_layout(layout), m_parcels(parcels), m_ids(ids), m_rng(rng) {}

  std::vector<RenewalRecord> run() {
    double total = 0;
    for (const auto& p : m_parcels) {
      if (eligible(p)) total += p.shape.area;
    }
    const double quota = m_site.renewal * total;
    if (quota <= 0) return {};
    std::vector<std::size_t> order(m_layout.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    for (std::size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[m_rng.index(i)]);
    double covered = 0;
    for (int pass = 0; pass < 3 && covered < quota; ++pass) {
      for (std::size_t r : order) {
        if (covered >= quota) break;
        covered += try_row(m_layout.rows[r]);
      }
    }
    return std::move(m_records);
  }

 private:
  static bool eligible(const ParcelRec& p) {
    return p.industrial && p.life != Lifecycle::approved_not_supplied && p.renewal_records == 0;
  }

  double try_row(const Row& row) {
    const std::size_t n = row.parcels.size();
    const std::size_t start = m_rng.index(n);
    // Parks that renew hard do it block by block (连片整治): larger groups per record.
    const std::size_t want =
        1 + m_rng.weighted(m_site.renewal >= 0.3 ? std::vector<double>{0.1, 0.2, 0.25, 0.2, 0.15, 0.1}
                                                 : std::vector<double>{0.25, 0.3, 0.2, 0.15, 0.1});
    std::vector<std::size_t> group;
    for (std::size_t k = start; k < n && group.size() < want; ++k) {
      const ParcelRec& p = m_parcels[row.parcels[k]];
      // Registers sometimes take in a neighbouring non-industrial plot with the factory.
      const bool take_other = !p.industrial && !group.empty() && m_rng.chance(0.3);
      if (!eligible(p) && !take_other) break;
      group.push_back(k);
    }
    if (group.empty()) return 0;
    RenewalRecord rec = new_record();
    const std::size_t first = group.front(), last = group.back();
    double u0 = row.cuts[first], u1 = row.cuts[last + 1];
    double v0 = row.v0, v1 = row.v1;
    const Block& blk = m_layout.blocks[row.block];
    if (m_rng.chance(0.25)) {
      // Drawn over the kerb: part of the footprint lies on the road in front.
      const double over = m_rng.uniform(3, 12);
      if (row.v0 == blk.v0)
        v0 -= over;
      else if (row.v1 == blk.v1)
        v1 += over;
    }
    if (last + 1 < n && m_rng.chance(0.05)) {
      // Reaches half-way into the next plot, which another record may also cover.
      u1 = (row.cuts[last + 1] + row.cuts[last + 2]) / 2;
      rec.overlaps = m_parcels[row.parcels[last + 1]].zddm;
    }
    rec.footprint.push_back(group_rect(m_site, u0, u1, v0, v1));
    double area = 0;
    for (std::size_t k : group) {
      ParcelRec& p = m_parcels[row.parcels[k]];
      rec.zddm.push_back(p.zddm);
      rec.parcels.push_back(row.parcels[k]);
      if (p.industrial) area += p.shape.area;
    }
    if (m_rng.chance(0.06)) add_far_part(rec, row.block);
    finish(rec);
    apply(rec);
    m_records.push_back(rec);
    if (m_rng.chance(0.05)) repeat(rec);
    return area;
  }

  // A second, separate polygon: a plot across the road in another block, under the same record.
  void add_far_part(RenewalRecord& rec, std::size_t block) {
    for (int tries = 0; tries < 6; ++tries) {
      const Row& row = m_layout.rows[m_rng.index(m_layout.rows.size())];
      if (row.block == block) continue;
      const std::size_t k = m_rng.index(row.parcels.size());
      ParcelRec& p = m_parcels[row.parcels[k]];
      if (!eligible(p)) continue;
      rec.footprint.push_back(group_rect(m_site, row.cuts[k], row.cuts[k + 1], row.v0, row.v1));
      rec.zddm.push_back(p.zddm);
      rec.parcels.push_back(row.parcels[k]);
      return;
    }
  }

  RenewalRecord new_record() {
    RenewalRecord rec;
    rec.site = m_site.index;
    rec.xzqdm = m_district.code;
    // Parks that renew hard started early: more of their records were completed by 2025.
    const bool driven = m_site.renewal >= 0.3;
    const std::size_t s =
        m_rng.weighted(driven ? std::vector<double>{0.03, 0.28, 0.30, 0.25, 0.07, 0.04, 0.03}
                              : std::vector<double>{0.04, 0.20, 0.24, 0.24, 0.12, 0.08, 0.08});
    if (s <= 4) {
      rec.zt = "已完成";
      const int year = s == 0 ? 2022 : 2022 + static_cast<int>(s);
      rec.true_date = random_date(m_rng, {year, 1, 10}, {year, 12, 28});
    } else if (s == 5) {
      rec.zt = "实施中";
      rec.true_date = random_date(m_rng, {2026, 7, 1}, {2027, 12, 20});
    } else {
      rec.zt = "计划";
      rec.true_date = random_date(m_rng, {2027, 1, 15}, {2027, 12, 20});
    }
    const std::vector<double> park_w = driven
                                           ? std::vector<double>{0.36, 0.32, 0.14, 0.08, 0.07, 0.015, 0.015}
                                           : std::vector<double>{0.30, 0.28, 0.14, 0.14, 0.11, 0.015, 0.015};
    const std::vector<double> village_w = {0.20, 0.07, 0.05, 0.35, 0.30, 0.015, 0.015};
    rec.gxms = kModes[m_rng.weighted(m_site.is_park ? park_w : village_w)];
    return rec;
  }

  void finish(RenewalRecord& rec) {
    rec.xmbh = m_ids.next(rec.true_date.y);
    if (rec.gxms.empty())
      rec.mode_problem = "blank";
    else if (rec.gxms == "其他")
      rec.mode_problem = "unknown";
    const double r = m_rng.uniform();
    if (r < 0.01) {
      rec.bad_date = "blank";
    } else if (r < 0.02) {
      const char* junk[] = {"待定", "见附件", "2024年底", "--"};
      rec.wcrq = junk[m_rng.index(4)];
      rec.bad_date = "garbage";
    } else {
      rec.wcrq = format_date(m_rng, rec.true_date);
    }
    const ParcelRec& p = m_parcels[rec.parcels.front()];
    const std::string what = rec.gxms.empty() || rec.gxms == "其他" ? "有机更新" : rec.gxms;
    rec.xmmc = m_site.town + p.shape.road + "低效工业用地" + what + "项目";
  }

  // What the 2025 buildings show: the latest completed record up to 2025 decides.
  void apply(const RenewalRecord& rec) {
    for (std::size_t i : rec.parcels) {
      ParcelRec& p = m_parcels[i];
      p.renewal_records += 1;
      if (!p.industrial || rec.zt != "已完成" || rec.true_date.y > 2025) continue;
      if (rebuilds(rec.gxms)) {
        p.rebuilt_year = std::max(p.rebuilt_year, rec.true_date.y);
        if (p.demolished_year && p.demolished_year <= rec.true_date.y) p.demolished_year = 0;
      } else if (rec.gxms == "收储") {
        p.demolished_year = std::max(p.demolished_year, rec.true_date.y);
        if (p.rebuilt_year && p.rebuilt_year <= rec.true_date.y) p.rebuilt_year = 0;
      }
    }
  }

  // The same ground entered again in a later year, often under another mode.
  void repeat(const RenewalRecord& orig) {
    RenewalRecord rec = orig;
    rec.repeat_of = orig.xmbh;
    rec.overlaps.clear();
    rec.zt = "已完成";
    const int year = std::min(orig.true_date.y + 1, 2026);
    rec.true_date = random_date(m_rng, {std::max(year, 2023), 1, 10}, {std::max(year, 2023), 12, 28});
    rec.gxms = kModes[m_rng.weighted({0.4, 0.3, 0.1, 0.1, 0.1, 0, 0})];
    rec.mode_problem.clear();
    rec.bad_date.clear();
    finish(rec);
    apply(rec);
    m_records.push_back(rec);
  }

  const Site& m_site;
  const District& m_district;
  const SiteLayout& m_layout;
  std::vector<ParcelRec>& m_parcels;
  RecordIds& m_ids;
  Rng& m_rng;
  std::vector<RenewalRecord> m_records;
};

}  // namespace

std::vector<RenewalRecord> plan_renewal(const Site& site, const District& district, const SiteLayout& layout,
                                        std::vector<ParcelRec>& parcels, RecordIds& ids, Rng& rng) {
  return Planner(site, district, layout, parcels, ids, rng).run();
}

}  // namespace landrenew::gen
