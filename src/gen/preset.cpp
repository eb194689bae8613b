#include "preset.hpp"

#include "error.hpp"

namespace landrenew::gen {

namespace {

// Huzhou's five county-level units (GB/T 2260), seats and official areas (km²); town names are public.
std::vector<RegionSpec> huzhou_regions() {
  return {
      {"330502",
       "吴兴区",
       120.10,
       30.87,
       872,
       {"八里店镇", "织里镇", "妙西镇", "埭溪镇", "东林镇", "道场乡", "环渚街道"}},
      {"330503",
       "南浔区",
       120.42,
       30.85,
       716,
       {"南浔镇", "练市镇", "双林镇", "菱湖镇", "和孚镇", "善琏镇", "千金镇", "旧馆街道"}},
      {"330521",
       "德清县",
       119.97,
       30.54,
       936,
       {"武康街道", "阜溪街道", "乾元镇", "新市镇", "钟管镇", "禹越镇", "雷甸镇", "洛舍镇"}},
      {"330522",
       "长兴县",
       119.91,
       31.01,
       1430,
       {"雉城街道", "太湖街道", "和平镇", "李家巷镇", "洪桥镇", "林城镇", "泗安镇", "虹星桥镇", "夹浦镇",
        "煤山镇"}},
      {"330523",
       "安吉县",
       119.68,
       30.64,
       1886,
       {"递铺街道", "昌硕街道", "孝丰镇", "天子湖镇", "梅溪镇", "鄣吴镇", "杭垓镇", "溪龙乡"}},
  };
}

// A hand-drawn outline of Huzhou (lon, lat), counter-clockwise. The Taihu shore bites in from the
// north-east, between Changxing and Nanxun. It is scaled to the official total area afterwards.
std::vector<std::pair<double, double>> huzhou_hull() {
  return {{119.23, 30.52}, {119.40, 30.40}, {119.62, 30.43}, {119.80, 30.40}, {119.95, 30.38},
          {120.12, 30.42}, {120.25, 30.52}, {120.35, 30.62}, {120.44, 30.70}, {120.49, 30.80},
          {120.48, 30.92}, {120.40, 30.97}, {120.25, 30.93}, {120.12, 30.95}, {120.00, 31.02},
          {119.96, 31.10}, {119.93, 31.18}, {119.75, 31.17}, {119.60, 31.10}, {119.50, 30.98},
          {119.38, 30.85}, {119.30, 30.72}};
}

// The "2+8" idea: two platforms and eight county-level parks. Names are plausible, the polygons synthetic.
// Parameters make some parks old, dense and low-efficiency, some new, and set how hard each renews.
std::vector<ParkSpec> huzhou_parks() {
  using A = ParkAge;
  using S = LandScheme;  // new parks were surveyed with the 2023 codes, some old ones kept planning M-codes
  // clang-format off
  //  id     name                          kind    level     leading industries               region lon     lat    weight age       FAR   effic. renewal scheme
  return {
      {"P01", "南太湖新区",                 "平台", "省级",   "新能源汽车;数字经济;生物医药", 0, 120.16, 30.90, 1.7, A::middle, 0.85,  0.40, 0.05, S::gb21010},
      {"P02", "长三角(湖州)产业合作区",     "平台", "省级",   "高端装备;新材料;物流装备",     1, 120.30, 30.81, 1.5, A::young,  0.75,  0.20, 0.03, S::gb2023},
      {"P03", "湖州经济技术开发区",         "园区", "国家级", "半导体及光电;生物医药",        0, 120.03, 30.83, 1.0, A::old,    0.52,  0.00, 0.42, S::gb21010},
      {"P04", "南浔经济开发区",             "园区", "省级",   "高端装备;绿色家居",            1, 120.43, 30.87, 1.0, A::old,    0.45, -0.50, 0.05, S::gb50137},
      {"P05", "德清经济开发区",             "园区", "省级",   "地理信息;生物医药",            2, 120.02, 30.58, 0.9, A::middle, 0.75,  0.20, 0.44, S::gb21010},
      {"P06", "莫干山高新技术产业开发区",   "园区", "国家级", "地理信息;高端装备;新材料",     2, 119.95, 30.50, 0.9, A::young,  0.95,  0.60, 0.03, S::gb2023},
      {"P07", "长兴经济技术开发区",         "园区", "国家级", "新能源;新材料",                3, 119.93, 30.97, 1.0, A::old,    0.48, -0.30, 0.42, S::gb21010},
      {"P08", "长兴太湖新城产业园",         "园区", "市级",   "物流装备;高端装备",            3, 119.86, 31.07, 0.8, A::middle, 0.70, -0.10, 0.04, S::gb21010},
      {"P09", "安吉经济开发区",             "园区", "省级",   "绿色家居;高端装备",            4, 119.70, 30.62, 0.9, A::old,    0.45, -0.40, 0.44, S::gb50137},
      {"P10", "安吉天子湖现代工业园",       "园区", "省级",   "绿色家居;新能源汽车",          4, 119.72, 30.83, 0.8, A::young,  0.65,  0.00, 0.03, S::gb2023},
  };
  // clang-format on
}

// Zhejiang's eleven prefecture-level cities (GB/T 2260), seats and approximate areas (km²).
std::vector<RegionSpec> zhejiang_regions() {
  return {
      {"330100", "杭州市", 120.15, 30.28, 16850, {}}, {"330200", "宁波市", 121.55, 29.87, 9816, {}},
      {"330300", "温州市", 120.70, 28.00, 12110, {}}, {"330400", "嘉兴市", 120.76, 30.75, 4237, {}},
      {"330500", "湖州市", 120.09, 30.89, 5820, {}},  {"330600", "绍兴市", 120.58, 30.00, 8279, {}},
      {"330700", "金华市", 119.65, 29.08, 10942, {}}, {"330800", "衢州市", 118.87, 28.94, 8845, {}},
      {"330900", "舟山市", 122.21, 29.99, 1440, {}},  {"331000", "台州市", 121.42, 28.66, 10050, {}},
      {"331100", "丽水市", 119.92, 28.45, 17275, {}},
  };
}

// A hand-drawn outline of Zhejiang (lon, lat), counter-clockwise from the western tip; Hangzhou Bay cuts in
// from the east and Zhoushan is drawn as a peninsula so the province stays one polygon.
std::vector<std::pair<double, double>> zhejiang_hull() {
  return {{118.03, 29.20}, {118.20, 28.70}, {118.45, 28.25}, {118.80, 28.05}, {119.20, 27.65},
          {119.60, 27.45}, {119.95, 27.25}, {120.25, 27.05}, {120.55, 27.20}, {120.80, 27.60},
          {121.00, 27.95}, {121.35, 28.20}, {121.65, 28.45}, {121.95, 28.85}, {122.00, 29.30},
          {122.15, 29.60}, {122.50, 29.80}, {122.60, 30.15}, {122.30, 30.35}, {121.90, 30.15},
          {121.45, 30.20}, {121.10, 30.30}, {120.70, 30.35}, {120.95, 30.55}, {121.25, 30.70},
          {121.30, 30.90}, {120.95, 31.00}, {120.55, 31.00}, {120.35, 30.98}, {120.10, 30.96},
          {119.95, 31.10}, {119.90, 31.18}, {119.60, 31.10}, {119.35, 30.85}, {119.20, 30.55},
          {118.85, 30.30}, {118.55, 29.85}, {118.20, 29.50}};
}

}  // namespace

Preset make_preset(const std::string& name) {
  Preset p;
  p.name = name;
  if (name == "demo" || name == "city") {
    p.city_name = "湖州市";
    p.regions = huzhou_regions();
    p.hull = huzhou_hull();
    p.parks = huzhou_parks();
    if (name == "demo") {
      p.kind = PresetKind::demo;
      p.target_parcels = 3000;
      p.buildings_per_parcel = 2.1;
      p.null_geometries = 3;
      p.print_far = true;
    } else {
      p.kind = PresetKind::city;
      p.target_parcels = 25000;
      p.buildings_per_parcel = 6.5;
      p.null_geometries = 6;
    }
    p.noise_wavelength_m = 9000;
  } else if (name == "province") {
    p.kind = PresetKind::province;
    p.regions = zhejiang_regions();
    p.hull = zhejiang_hull();
    p.target_parcels = 1000000;
    p.buildings_per_parcel = 1.7;
    p.noise_wavelength_m = 30000;
    p.null_geometries = 60;
  } else {
    throw GenError("unknown preset '" + name + "' (expected demo, city or province)");
  }
  return p;
}

}  // namespace landrenew::gen
