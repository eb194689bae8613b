#pragma once
// Register attributes of parcels: land use, holders, the supply-to-production dates that a 五未 analysis
// reads, contract figures; and the enterprises that hold them.

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "geography.hpp"
#include "layout.hpp"
#include "rng.hpp"
#include "sites.hpp"

namespace landrenew::gen {

struct Date {
  int y = 0, m = 0, d = 0;
  bool set() const { return y > 0; }
  int ymd() const { return y * 10000 + m * 100 + d; }
};
long days_from_civil(int y, int m, int d);
Date civil_from_days(long z);
Date add_days(Date d, long days);
Date random_date(Rng& rng, Date from, Date to);

// Where an industrial parcel stands on the way from approval to production (DOMAIN.md §6).
enum class Lifecycle {
  producing,              // TCRQ set
  approved_not_supplied,  // 批而未供
  supplied_not_started,   // 供而未用
  started_not_finished,   // 用而未尽
  built_not_producing,    // 建而未投
};

enum class UseKind { industrial, warehouse, residential, commercial, utility, green };

struct Enterprise {
  std::string code;
  std::string name;
  std::string industry;  // GB/T 4754-2017 class
  std::size_t site = 0;
  bool outside_park = false;
  bool in_table = true;   // evaluated in the 亩均 table
  double efficiency = 0;  // latent, log units
  double tax_per_mu = 0;  // the 实缴税金 per mu its table row will carry (万元/亩)
  double land_m2 = 0;     // share-weighted area of the parcels it holds
  int parcels = 0;
};

struct ParcelRec {
  ParcelShape shape;
  UseKind use = UseKind::industrial;
  bool industrial = true;
  std::string scheme_name;  // gb21010, gb2023, gb50137: which code scheme DLBM comes from
  std::string zddm, dlbm, yt, zl, qlr, qlrzjh, qlxz, remark;
  double zdmj = 0;
  std::optional<double> rjl, jzmd, ydtzqd, ydmjss;
  Date pz, gy, ydkg, sjkg, jg, tc;
  Lifecycle life = Lifecycle::producing;
  bool below_contract_tax = false;   // 投而未达标 as planted
  std::vector<std::size_t> holders;  // enterprise indices
  // Renewal outcome by the 2025 snapshot (set by the renewal register).
  int rebuilt_year = 0;     // 拆除重建 / 提容增效 / 兼并重组 completed
  int demolished_year = 0;  // 收储 completed
  int renewal_records = 0;
};

class EnterpriseRegistry {
 public:
  std::vector<Enterprise>& all() { return m_list; }
  const std::vector<Enterprise>& all() const { return m_list; }
  std::size_t add(Enterprise e) {
    m_list.push_back(std::move(e));
    return m_list.size() - 1;
  }
  // A credit code no other holder has (random codes do collide at a million parcels).
  std::string unique_code(Rng& rng, const std::string& region, bool new_style);

 private:
  std::vector<Enterprise> m_list;
  std::unordered_set<std::string> m_codes;
};

struct AttributeContext {
  const Site& site;
  const ParkSpec* park;  // null for village clusters
  const District& district;
  std::string address_prefix;  // 湖州市吴兴区 / 杭州市
  std::string name_places[3];  // company name prefixes: city short name, 浙江, county short name
  std::string credit_region;   // region code used in new credit codes
};

std::vector<ParcelRec> assign_attributes(SiteLayout& layout, const AttributeContext& ctx,
                                         EnterpriseRegistry& reg, Rng& rng);

}  // namespace landrenew::gen
