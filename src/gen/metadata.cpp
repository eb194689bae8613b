#include "metadata.hpp"

#include <sstream>

#include "error.hpp"

namespace landrenew::gen {

void write_districts(const std::string& dir, const Geography& geo, const Projector& projector) {
  DatasetPtr ds = create_dataset("GeoJSON", dir + "/districts.geojson");
  OGRSpatialReference srs = make_srs(4490);
  // RFC7946=NO keeps the CGCS2000 crs member; 7 decimals is about 1 cm.
  Options lco{"RFC7946=NO", "COORDINATE_PRECISION=7", "WRITE_BBOX=NO"};
  OGRLayer* layer = ds->CreateLayer("districts", &srs, wkbMultiPolygon, lco.get());
  if (!layer) throw GenError("cannot create districts.geojson");
  add_field(layer, "XZQDM", OFTString);
  add_field(layer, "XZQMC", OFTString);
  add_field(layer, "BZ", OFTString);
  for (const auto& d : geo.districts) {
    MultiPolygon lonlat = d.shape;
    for (auto& poly : lonlat) {
      for (auto& p : poly.outer)
        p = projector.to_geographic(p);
      for (auto& h : poly.holes) {
        for (auto& p : h)
          p = projector.to_geographic(p);
      }
    }
    FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("XZQDM", d.code.c_str());
    f->SetField("XZQMC", d.name.c_str());
    f->SetField("BZ", "合成数据 synthetic boundary");
    f->SetGeometryDirectly(to_ogr(lonlat).release());
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw GenError("cannot write district " + d.code);
  }
}

void write_parks(const std::string& dir, const SitePlan& plan) {
  DatasetPtr ds = create_dataset("GPKG", dir + "/parks.gpkg");
  OGRSpatialReference srs = make_srs(4549);
  OGRLayer* layer = ds->CreateLayer("parks", &srs, wkbPolygon, nullptr);
  if (!layer) throw GenError("cannot create parks.gpkg");
  for (const char* name : {"YQBH", "YQMC", "LX", "JB", "ZDCY", "BZ"})
    add_field(layer, name, OFTString);
  Transactions tx(ds.get(), 100000);
  LayerWriter w(layer, &tx);
  for (const auto& park : plan.parks) {
    FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("YQBH", park.spec.id.c_str());
    f->SetField("YQMC", park.spec.name.c_str());
    f->SetField("LX", park.spec.kind.c_str());
    f->SetField("JB", park.spec.level.c_str());
    f->SetField("ZDCY", park.spec.industries.c_str());
    f->SetField("BZ", "合成数据");
    f->SetGeometryDirectly(to_ogr(park.outline).release());
    w.write(*f);
  }
  tx.finish();
}

void write_project_toml(const std::string& dir, const Preset& preset) {
  const bool province = preset.kind == PresetKind::province;
  std::ostringstream t;
  if (province) {
    t << "# landrenew project file — synthetic Zhejiang province sample (合成数据, not real cadastral data)\n"
      << "name = \"浙江省工业用地有机更新 合成样例 (synthetic province)\"\n";
  } else {
    t << "# landrenew project file — synthetic Huzhou " << preset.name
      << " (合成数据, not real cadastral data)\n"
      << "name = \"湖州市工业用地有机更新 合成样例 (synthetic " << preset.name << ")\"\n";
  }
  t << R"TOML(profile = "huzhou-2023"
audit_date = "2026-12-31"

# 宗地 (cadastral parcels): GBK shapefile without .cpg, EPSG:4549. Dates are DBF dates; JZMD is a ratio (0-1).
[parcels]
path = "parcels.shp"
[parcels.fields]
id = "ZDDM"
unit_id = "BDCDYH"
address = "ZL"
registered_area = "ZDMJ"
landuse = "DLBM"
use_name = "YT"
holder = "QLR"
credit_code = "QLRZJH"
right_type = "QLXZ"
registered_far = "RJL"
registered_coverage = "JZMD"
approval_date = "PZRQ"
supply_date = "GYRQ"
contract_start_date = "YDKGRQ"
start_date = "SJKGRQ"
completion_date = "JGRQ"
production_date = "TCRQ"
contract_investment = "YDTZQD"
contract_tax = "YDMJSS"
remarks = "备注"

# 建筑 (buildings): baseline and current snapshot, EPSG:4549.
[buildings_before]
path = "buildings.gpkg"
layer = "buildings_2022"
label = "2022"
[buildings_before.fields]
id = "JZWBH"
floors = "CS"
height = "JZGD"
floor_area = "JZMJ"
year_built = "JCNF"

[buildings_after]
path = "buildings.gpkg"
layer = "buildings_2025"
label = "2025"
[buildings_after.fields]
id = "JZWBH"
floors = "CS"
height = "JZGD"
floor_area = "JZMJ"
year_built = "JCNF"

# 行政区 (districts): EPSG:4490 lon/lat.
[districts]
path = "districts.geojson"
[districts.fields]
code = "XZQDM"
name = "XZQMC"

# 园区 (parks and platforms)
[parks]
path = "parks.gpkg"
layer = "parks"
[parks.fields]
id = "YQBH"
name = "YQMC"
kind = "LX"
level = "JB"
leading_industries = "ZDCY"

# 有机更新台账 (renewal register); WCRQ is text in mixed formats, as registers keep it.
[renewal]
path = "renewal.gpkg"
layer = "renewal"
[renewal.fields]
id = "XMBH"
name = "XMMC"
mode = "GXMS"
completion_date = "WCRQ"
status = "ZT"
district_code = "XZQDM"
parcel_ids = "ZDDM"

# 亩均评价 (per-mu evaluation table); the same rows are in enterprises.csv (GBK).
[enterprises]
path = "enterprises.xlsx"
layer = "亩均评价"
[enterprises.fields]
credit_code = "统一社会信用代码"
name = "企业名称"
industry_code = "行业代码"
size_class = "规模"
tax = "实缴税金(万元)"
value_added = "工业增加值(万元)"
revenue = "营业收入(万元)"
energy = "综合能耗(吨标准煤)"
emissions = "主要污染物排放(吨)"
employees = "年平均职工人数"
rd = "研发经费(万元)"
electricity = "用电量(万千瓦时)"
year = "年度"
[enterprises.units]
tax = "万元"
value_added = "万元"
revenue = "万元"
rd = "万元"
electricity = "万千瓦时"
)TOML";
  write_file(dir + "/project.toml", t.str());
}

void write_readme(const std::string& dir, const Preset& preset, std::uint64_t seed,
                  const nlohmann::json& planted) {
  const auto& layers = planted.at("layers");
  std::ostringstream r;
  r << "# Synthetic industrial-land sample — 合成数据 (preset `" << preset.name << "`, seed " << seed
    << ")\n\n"
    << "**Everything here is synthetic.** No real parcel, building, enterprise or boundary is in these "
       "files. District\n"
    << "boundaries are a weighted Voronoi diagram of the real county seats, scaled to the official areas; "
       "park\n"
    << "names are plausible but their outlines, and every parcel, holder, credit code and figure, are made "
       "up by\n"
    << "`scripts/gen-sample --preset " << preset.name << " --seed " << seed
    << "`, which rewrites these files\n"
    << "byte for byte.\n\n"
    << "| file | content | features |\n|---|---|---|\n"
    << "| parcels.shp | 宗地 register, GBK without .cpg, EPSG:4549 | " << layers.at("parcels").at("features")
    << " |\n"
    << "| buildings.gpkg | buildings_2022 / buildings_2025, EPSG:4549 | "
    << layers.at("buildings_2022").at("features") << " / " << layers.at("buildings_2025").at("features")
    << " |\n"
    << "| districts.geojson | county-level units, EPSG:4490 | " << layers.at("districts").at("features")
    << " |\n"
    << "| parks.gpkg | parks and platforms, EPSG:4549 | " << layers.at("parks").at("features") << " |\n"
    << "| renewal.gpkg | renewal register 有机更新台账, EPSG:4549 | " << layers.at("renewal").at("features")
    << " |\n"
    << "| enterprises.xlsx / .csv | 亩均评价 table (CSV in GBK), money in 万元 | "
    << layers.at("enterprises").at("features") << " |\n"
    << "| project.toml | landrenew project file | |\n"
    << "| planted.json | what was planted: defects by FID / row, 五未 parcels, generator's park FAR tally | "
       "|\n\n"
    << "Planted on purpose: invalid rings, duplicate and overlapping parcels, duplicate codes, rows without\n"
    << "geometry, registered areas off by more than 1%, buildings across parcel boundaries, bad cells in "
       "the\n"
    << "enterprise table, renewal records with unparseable dates, blank or unknown modes, repeated and\n"
    << "overlapping records. FIDs in planted.json are as GDAL reports them (0-based for the shapefile, "
       "1-based\n"
    << "for GeoPackage); enterprise rows are 0-based data rows (sheet row = row + 2).\n";
  write_file(dir + "/README.md", r.str());
}

void write_planted(const std::string& dir, const nlohmann::json& planted) {
  write_file(dir + "/planted.json", planted.dump(1) + "\n");
}

}  // namespace landrenew::gen
