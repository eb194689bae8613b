// The result layers of landrenew.gpkg: one per kind of thing a planner or auditor looks at, every figure as a
// field with an ASCII snake_case name and a Chinese alias. Each layer is one table of columns (name, type,
// alias, how tables.xlsx shows it, and the value it takes from the analysis): the GeoPackage, its aliases, the
// QGIS styles and tables.xlsx all read these tables (out/columns.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/out/columns.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/qgis.hpp"

namespace landrenew::out {

namespace {

using F = FieldType;
using D = Display;
using I64 = std::int64_t;

/// One column of a result layer: its declaration and the value it takes for one row of type `Row`.
template <class Row>
struct Column {
  ColumnSpec spec;
  Value (*value)(const Row&);
};
template <class Row>
using Columns = std::vector<Column<Row>>;

template <class Row>
std::vector<Value> row_values(const Columns<Row>& columns, const Row& row) {
  std::vector<Value> out;
  out.reserve(columns.size());
  for (const auto& c : columns)
    out.push_back(c.value(row));
  return out;
}
template <class Row>
std::vector<ColumnSpec> column_specs(const Columns<Row>& columns) {
  std::vector<ColumnSpec> out;
  for (const auto& c : columns)
    out.push_back(c.spec);
  return out;
}
template <class Row>
Columns<Row> concat(std::initializer_list<Columns<Row>> parts) {
  Columns<Row> out;
  for (const auto& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

Value yes_no(bool b) {
  return Value(static_cast<I64>(b ? 1 : 0));
}
Value integer(std::size_t n) {
  return Value(static_cast<I64>(n));
}
template <DeclaredField F>
Value attr(const PolygonLayer& layer, F logical, std::size_t i) {
  auto v = layer.attributes.get(logical, i);
  return v ? Value(std::string(*v)) : Value();
}
std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : sep) + s;
  return out;
}
std::string record_label(const PolygonLayer& layer, std::size_t i) {
  const std::string id = layer.id(i);
  return id.empty() ? "fid " + std::to_string(layer.fid[i]) : id;
}
std::string parcel_labels(const PolygonLayer& parcels, const std::vector<std::size_t>& ps, const char* sep) {
  std::vector<std::string> ids;
  for (auto p : ps)
    ids.push_back(record_label(parcels, p));
  return join(ids, sep);
}
template <class Index>
Value zone_id(const std::optional<Index>& zones, const std::optional<std::size_t>& z) {
  return z ? Value(zones->id(*z)) : Value();
}

// The result layers, in the order a run writes them: name, geometry, Chinese identifier and description
// (gpkg_contents). Their columns are the tables below (output_columns).
const std::vector<LayerSpec> kLayers = {
    {"parcels", GeometryKind::polygon, "宗地", "Parcels with every result of landrenew (synthetic or bureau data)"},
    {"buildings_before", GeometryKind::polygon, "建筑物(更新前)",
     "Buildings with their floor area and its split over industrial parcels"},
    {"buildings_after", GeometryKind::polygon, "建筑物(现状)",
     "Buildings with their floor area and its split over industrial parcels"},
    {"parks", GeometryKind::polygon, "园区", "Parks and platforms with FAR before and after"},
    {"districts", GeometryKind::polygon, "行政区", "Districts with industrial and freed land"},
    {"clusters", GeometryKind::polygon, "低效用地连片",
     "Contiguous low-efficiency land (连片); candidates at or above the profile's minimum"},
    {"freed", GeometryKind::polygon, "腾出土地",
     "Freed industrial ground (RULES.md 17): each piece counted once, with every record covering it"},
    {"renewal", GeometryKind::polygon, "有机更新台账", "Renewal records with whether and why they count"},
    {"enterprises", GeometryKind::none, "亩均评价企业",
     "The 亩均 table with links, indicators, score, class and admission result"},
    {"enterprise_points", GeometryKind::point, "企业(位置)", "Enterprises at a point on their largest parcel"},
    {"qa_findings", GeometryKind::point, "数据质量问题",
     "Every finding about the input data, located where it was found"},
};

// --- parcels ---------------------------------------------------------------------------------------------

struct ParcelRow {
  const Analysis& a;
  const PolygonLayer& parcels;
  std::size_t p;
  bool industrial;
  const std::string& cluster;
  const rules::ParcelFacts& facts() const { return a.facts[p]; }
  const rules::LowEfficiency& low() const { return a.low[p]; }
  /// gross floor area (0), FAR (1) or coverage (2) of snapshot `s`, for industrial parcels only
  Value snapshot(const std::optional<rules::SnapshotResult>& s, int what) const {
    if (!s || !industrial) return Value();
    if (what == 0) return Value(s->parcel_gfa_m2[p]);
    if (what == 1) return opt(s->parcel_far[p]);
    return opt(s->parcel_coverage[p]);
  }
};
using P = const ParcelRow&;

const Columns<ParcelRow> kParcelColumns = {
    {{"source_fid", F::integer, "源要素号"}, [](P r) { return Value(static_cast<I64>(r.parcels.fid[r.p])); }},
    {{"parcel_id", F::text, "宗地代码"}, [](P r) { return text_or_null(r.parcels.id(r.p)); }},
    {{"landuse", F::text, "地类编码"}, [](P r) { return attr(r.parcels, ParcelField::landuse, r.p); }},
    {{"landuse_scheme", F::text, "地类分类方案"},
     [](P r) { return text_or_null(r.a.check.parcels.landuse[r.p].scheme); }},
    {{"industrial", F::integer, "工业用地", D::yes_no}, [](P r) { return yes_no(r.industrial); }},
    {{"area_m2", F::real, "面积(平方米)"}, [](P r) { return Value(r.parcels.area_m2[r.p]); }},
    {{"area_mu", F::real, "面积(亩)"}, [](P r) { return Value(mu_from_m2(r.parcels.area_m2[r.p])); }},
    {{"repaired", F::integer, "几何已修复", D::yes_no}, [](P r) { return yes_no(r.parcels.repaired[r.p]); }},
    {{"district", F::text, "所在行政区"},
     [](P r) { return zone_id(r.a.districts, r.a.parcel_district[r.p]); }},
    {{"park", F::text, "所在园区"}, [](P r) { return zone_id(r.a.parks, r.a.parcel_park[r.p]); }},
    {{"park_share", F::real, "园区内面积比例"},
     [](P r) { return r.a.parks ? Value(r.a.parcel_park_share[r.p]) : Value(); }},
    {{"holder", F::text, "权利人"}, [](P r) { return attr(r.parcels, ParcelField::holder, r.p); }},
    {{"credit_codes", F::text, "统一社会信用代码"},
     [](P r) { return attr(r.parcels, ParcelField::credit_code, r.p); }},
    {{"industry_code", F::text, "行业代码"}, [](P r) { return text_or_null(r.facts().industry_code); }},
    {{"gfa_before", F::real, "更新前建筑面积(平方米)"}, [](P r) { return r.snapshot(r.a.before, 0); }},
    {{"gfa_after", F::real, "现状建筑面积(平方米)"}, [](P r) { return r.snapshot(r.a.after, 0); }},
    {{"far_before", F::real, "更新前容积率"}, [](P r) { return r.snapshot(r.a.before, 1); }},
    {{"far_after", F::real, "现状容积率"}, [](P r) { return r.snapshot(r.a.after, 1); }},
    {{"coverage_before", F::real, "更新前建筑系数"}, [](P r) { return r.snapshot(r.a.before, 2); }},
    {{"coverage_after", F::real, "现状建筑系数"}, [](P r) { return r.snapshot(r.a.after, 2); }},
    {{"far_minimum", F::real, "容积率控制值"}, [](P r) { return opt(r.low().far_minimum); }},
    {{"enterprise_classes", F::text, "企业亩均等级"},
     [](P r) { return text_or_null(r.facts().enterprise_classes); }},
    {{"tax_per_mu", F::real, "亩均税收(万元/亩)"}, [](P r) { return opt(r.facts().tax_per_mu); }},
    {{"wuwei", F::text, "五未类别"}, [](P r) { return text_or_null(label_zh(r.a.wuwei[r.p].category)); }},
    {{"wuwei_detail", F::text, "五未说明"}, [](P r) { return text_or_null(r.a.wuwei[r.p].detail); }},
    {{"admission", F::text, "准入标准结果", D::admission},
     [](P r) {
       const rules::AdmissionResult& adm = r.a.parcel_admission[r.p];
       return r.industrial && !adm.checks.empty() ? Value(to_string(adm.overall)) : Value();
     }},
    {{"admission_detail", F::text, "准入标准说明"},
     [](P r) { return text_or_null(r.a.parcel_admission[r.p].summary()); }},
    {{"low_efficiency", F::integer, "低效用地", D::yes_no},
     [](P r) { return r.industrial ? yes_no(r.low().flagged()) : Value(); }},
    {{"criteria", F::text, "低效判定依据"}, [](P r) { return text_or_null(join(r.low().criteria)); }},
    {{"criteria_zh", F::text, "低效判定依据(中文)"},
     [](P r) {
       std::vector<std::string> zh;
       for (const auto& c : r.low().criteria)
         zh.emplace_back(rules::criterion_label_zh(c));
       return text_or_null(join(zh, "、"));
     }},
    {{"not_evaluable", F::text, "无法判定的标准"},
     [](P r) { return text_or_null(join(r.low().not_evaluable)); }},
    {{"cluster_id", F::text, "连片编号"}, [](P r) { return text_or_null(r.cluster); }},
};

void write_parcels(GpkgWriter& w, const Analysis& a) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  std::vector<bool> industrial(parcels.size(), false);
  for (auto p : a.check.parcels.industrial)
    industrial[p] = true;
  std::vector<std::string> cluster_of(parcels.size());
  for (const auto& c : a.clusters)
    for (auto p : c.parcels)
      cluster_of[p] = c.id;
  LayerWriter& l = start_layer(w, "parcels");
  for (std::size_t p = 0; p < parcels.size(); ++p)
    if (a.owns_parcel(p))  // a partition writes its own parcels (RULES.md 26)
      l.add(parcels.geometry[p].get(),
            row_values(kParcelColumns, ParcelRow{a, parcels, p, industrial[p], cluster_of[p]}));
}

// --- buildings -------------------------------------------------------------------------------------------

struct BuildingRow {
  const PolygonLayer& buildings;
  const PolygonLayer& parcels;
  const rules::BuildingResult& result;
  std::size_t i;
};
using B = const BuildingRow&;

const Columns<BuildingRow> kBuildingColumns = {
    {{"source_fid", F::integer, "源要素号"},
     [](B r) { return Value(static_cast<I64>(r.buildings.fid[r.i])); }},
    {{"building_id", F::text, "建筑物编号"}, [](B r) { return text_or_null(r.buildings.id(r.i)); }},
    {{"floors", F::text, "层数"}, [](B r) { return attr(r.buildings, BuildingField::floors, r.i); }},
    {{"height", F::text, "建筑高度(米)"}, [](B r) { return attr(r.buildings, BuildingField::height, r.i); }},
    {{"floor_area_field", F::text, "登记建筑面积(平方米)"},
     [](B r) { return attr(r.buildings, BuildingField::floor_area, r.i); }},
    {{"storey_height_m", F::real, "层高(米)"}, [](B r) { return opt(r.result.storey_height_m); }},
    {{"doubled", F::integer, "层高超8米加倍计算", D::yes_no}, [](B r) { return yes_no(r.result.doubled); }},
    {{"gfa_source", F::text, "建筑面积来源"}, [](B r) { return Value(to_string(r.result.source)); }},
    {{"footprint_m2", F::real, "基底面积(平方米)"}, [](B r) { return Value(r.result.footprint_m2); }},
    {{"gfa_m2", F::real, "计容建筑面积(平方米)"}, [](B r) { return Value(r.result.gfa_m2); }},
    {{"industrial_share", F::real, "位于工业宗地比例"}, [](B r) { return Value(r.result.industrial_share); }},
    {{"gfa_off_industrial", F::real, "工业宗地外建筑面积(平方米)"},
     [](B r) { return Value(r.result.gfa_off_industrial); }},
    {{"parcel_split", F::text, "分摊到宗地(宗地代码:建筑面积)"},
     [](B r) {
       std::string split;
       for (const auto& [p, gfa] : r.result.parcel_gfa) {
         char buf[64];
         std::snprintf(buf, sizeof buf, ":%.2f", gfa);
         split += (split.empty() ? "" : ";") + record_label(r.parcels, p) + buf;
       }
       return text_or_null(split);
     }},
};

void write_buildings(GpkgWriter& w, const Analysis& a, const PolygonLayer& b, const rules::SnapshotResult& r) {
  LayerWriter& l = start_layer(w, b.info.logical);
  const PolygonLayer& parcels = a.check.inputs.parcels;
  for (std::size_t i = 0; i < b.size(); ++i)
    if (a.owns_feature(b.info.logical, i))  // a partition writes its own (RULES.md 26)
      l.add(b.geometry[i].get(), row_values(kBuildingColumns, BuildingRow{b, parcels, r.buildings[i], i}));
}

// --- parks and districts ---------------------------------------------------------------------------------

struct ZoneRow {
  const PolygonLayer& layer;  ///< the input zone layer
  const rules::ZoneIndex& zones;
  std::size_t z;
  const rules::ZoneFar* far;  ///< null when the zone has no industrial land
  double industrial_m2;
  double freed_m2;
  const rules::ZoneEfficiency* efficiency;  ///< null without an enterprise table
};
using Z = const ZoneRow&;

// RULES.md 11–12: FAR before and after over the zone's industrial land.
const Columns<ZoneRow> kZoneFarColumns = {
    {{"industrial_mu", F::real, "工业用地面积(亩)"}, [](Z r) { return Value(mu_from_m2(r.industrial_m2)); }},
    {{"parcels_before", F::integer, "更新前工业宗地数"},
     [](Z r) { return r.far ? integer(r.far->parcels_before) : Value(); }},
    {{"parcels_after", F::integer, "现状工业宗地数"},
     [](Z r) { return r.far ? integer(r.far->parcels_after) : Value(); }},
    {{"gfa_before", F::real, "更新前建筑面积(平方米)"},
     [](Z r) { return r.far ? Value(r.far->gfa_before_m2) : Value(); }},
    {{"gfa_after", F::real, "现状建筑面积(平方米)"}, [](Z r) { return r.far ? Value(r.far->gfa_after_m2) : Value(); }},
    {{"far_before", F::real, "更新前容积率"}, [](Z r) { return r.far ? opt(r.far->far_before) : Value(); }},
    {{"far_after", F::real, "现状容积率"}, [](Z r) { return r.far ? opt(r.far->far_after) : Value(); }},
    {{"uplift", F::real, "容积率提升"}, [](Z r) { return r.far ? opt(r.far->uplift) : Value(); }},
    {{"meets_target", F::integer, "达到提升0.5目标", D::yes_no},
     [](Z r) { return r.far ? yes_no(r.far->meets_target) : Value(); }},
    {{"far_note", F::text, "说明"}, [](Z r) { return r.far ? text_or_null(r.far->note) : Value(); }},
    {{"freed_mu", F::real, "腾出面积(亩)"}, [](Z r) { return Value(mu_from_m2(r.freed_m2)); }},
};
// DOMAIN.md §1: 规上 efficiency of the enterprises located in the zone.
const Columns<ZoneRow> kZoneEfficiencyColumns = {
    {{"enterprises_large", F::integer, "规上企业数"},
     [](Z r) { return r.efficiency ? integer(r.efficiency->enterprises) : Value(); }},
    {{"tax_per_mu", F::real, "规上亩均税收(万元/亩)"},
     [](Z r) { return r.efficiency ? opt(r.efficiency->tax_per_mu) : Value(); }},
    {{"value_added_per_mu", F::real, "规上亩均增加值(万元/亩)"},
     [](Z r) { return r.efficiency ? opt(r.efficiency->value_added_per_mu) : Value(); }},
    {{"labour_productivity", F::real, "全员劳动生产率(万元/人)"},
     [](Z r) { return r.efficiency ? opt(r.efficiency->labour_productivity) : Value(); }},
    {{"tax_above_provincial", F::integer, "亩均税收超过全省平均", D::yes_no},
     [](Z r) {
       return r.efficiency && r.efficiency->tax_above_provincial ? yes_no(*r.efficiency->tax_above_provincial)
                                                                 : Value();
     }},
};
const Columns<ZoneRow> kParkColumns = concat<ZoneRow>(
    {{
         {{"park_id", F::text, "园区编号"}, [](Z r) { return Value(r.zones.id(r.z)); }},
         {{"name", F::text, "园区名称"}, [](Z r) { return Value(r.zones.name(r.z)); }},
         {{"kind", F::text, "类型"}, [](Z r) { return attr(r.layer, ParkField::kind, r.z); }},
         {{"level", F::text, "级别"}, [](Z r) { return attr(r.layer, ParkField::level, r.z); }},
         {{"leading_industries", F::text, "主导产业"},
          [](Z r) { return attr(r.layer, ParkField::leading_industries, r.z); }},
     },
     kZoneFarColumns,
     kZoneEfficiencyColumns});
const Columns<ZoneRow> kDistrictColumns = concat<ZoneRow>(
    {{
         {{"code", F::text, "行政区代码"}, [](Z r) { return Value(r.zones.id(r.z)); }},
         {{"name", F::text, "行政区名称"}, [](Z r) { return Value(r.zones.name(r.z)); }},
     },
     kZoneFarColumns, kZoneEfficiencyColumns});

const rules::ZoneFar* find_far(const std::vector<rules::ZoneFar>& v, const std::string& id) {
  for (const auto& z : v)
    if (z.id == id) return &z;
  return nullptr;
}
double freed_in(const std::map<std::string, double>& by_zone, const std::string& id) {
  const auto it = by_zone.find(id);
  return it == by_zone.end() ? 0.0 : it->second;
}

void write_zone_layer(GpkgWriter& w, const Analysis& a, bool parks) {
  const PolygonLayer& layer = parks ? *a.check.inputs.parks : *a.check.inputs.districts;
  const rules::ZoneIndex& zones = parks ? *a.parks : *a.districts;
  const Columns<ZoneRow>& columns = parks ? kParkColumns : kDistrictColumns;
  LayerWriter& l = start_layer(w, parks ? "parks" : "districts");
  for (std::size_t z = 0; z < layer.size(); ++z) {
    const std::string& id = zones.id(z);
    const double freed =
        a.freed ? freed_in(parks ? a.freed->by_park_m2 : a.freed->by_district_m2, id) : 0.0;
    const ZoneRow row{layer,
                      zones,
                      z,
                      find_far(parks ? a.park_far : a.district_far, id),
                      (parks ? a.park_area : a.district_area)[z].industrial_m2,
                      freed,
                      a.plan ? &(parks ? a.plan->parks : a.plan->districts)[z] : nullptr};
    l.add(layer.geometry[z].get(), row_values(columns, row));
  }
}

// --- clusters --------------------------------------------------------------------------------------------

struct ClusterRow {
  const Analysis& a;
  const rules::Cluster& c;
  std::optional<std::size_t> district, park;
};
using C = const ClusterRow&;

const Columns<ClusterRow> kClusterColumns = {
    {{"cluster_id", F::text, "连片编号"}, [](C r) { return Value(r.c.id); }},
    {{"parcels", F::integer, "宗地数"}, [](C r) { return integer(r.c.parcels.size()); }},
    {{"parcel_ids", F::text, "宗地代码"},
     [](C r) { return Value(parcel_labels(r.a.check.inputs.parcels, r.c.parcels, ";")); }},
    {{"area_mu", F::real, "面积(亩)"}, [](C r) { return Value(mu_from_m2(r.c.area_m2)); }},
    {{"candidate", F::integer, "连片整治候选", D::yes_no}, [](C r) { return yes_no(r.c.candidate); }},
    {{"district", F::text, "所在行政区"}, [](C r) { return zone_id(r.a.districts, r.district); }},
    {{"park", F::text, "所在园区"}, [](C r) { return zone_id(r.a.parks, r.park); }},
};

void write_clusters(GpkgWriter& w, const Analysis& a) {
  LayerWriter& l = start_layer(w, "clusters");
  const double majority = a.check.inputs.profile.park_majority;
  for (const auto& c : a.clusters) {
    const GEOSGeometry* g = c.geometry.get();
    const ClusterRow row{a, c, a.districts ? a.districts->member(g, c.area_m2, 0.0) : std::nullopt,
                         a.parks ? a.parks->member(g, c.area_m2, majority) : std::nullopt};
    l.add(g, row_values(kClusterColumns, row));
  }
}

// --- freed ground and the register -----------------------------------------------------------------------

// RULES.md 23: the codes of the parcels whose union is record `i`'s footprint; null when the footprint is the
// record's own geometry.
Value footprint_parcels(const Inputs& in, std::size_t i) {
  if (i >= in.renewal_parcels.size() || !in.renewal_parcels[i].from_codes) return Value();
  return text_or_null(join(in.renewal_parcels[i].known, ";"));
}

struct PieceRow {
  const Analysis& a;
  const PolygonLayer& register_;
  const rules::FreedPiece& piece;
  std::size_t i;
};
using Pc = const PieceRow&;

// RULES.md 17: each piece of freed ground counted once, with every record covering it.
const Columns<PieceRow> kFreedColumns = {
    {{"piece", F::integer, "地块序号"}, [](Pc r) { return integer(r.i + 1); }},
    {{"record_id", F::text, "计入项目编号"}, [](Pc r) { return Value(record_label(r.register_, r.piece.record)); }},
    {{"completed", F::text, "完成日期"}, [](Pc r) { return Value(r.piece.date.iso()); }},
    {{"year", F::integer, "年度"}, [](Pc r) { return Value(static_cast<I64>(r.piece.date.year)); }},
    {{"mode", F::text, "更新模式"}, [](Pc r) { return Value(r.piece.mode); }},
    {{"records", F::text, "覆盖该地块的全部项目"},
     [](Pc r) {
       std::vector<std::string> ids;
       for (auto rec : r.piece.covering)
         ids.push_back(record_label(r.register_, rec));
       return Value(join(ids, ";"));
     }},
    {{"area_m2", F::real, "面积(平方米)"}, [](Pc r) { return Value(r.piece.area_m2); }},
    {{"area_mu", F::real, "面积(亩)"}, [](Pc r) { return Value(mu_from_m2(r.piece.area_m2)); }},
    {{"district", F::text, "所在行政区"}, [](Pc r) { return zone_id(r.a.districts, r.piece.district); }},
    {{"park", F::text, "所在园区"}, [](Pc r) { return zone_id(r.a.parks, r.piece.park); }},
    {{"footprint_parcels", F::text, "计入项目范围宗地(按宗地代码)"},
     [](Pc r) { return footprint_parcels(r.a.check.inputs, r.piece.record); }},
};

struct RecordRow {
  const Inputs& in;
  const PolygonLayer& register_;
  const rules::RecordStatus& status;
  const rules::RecordParcels* parcels;  ///< null when the record lists no parcel codes
  std::size_t i;
};
using R = const RecordRow&;

const Columns<RecordRow> kRenewalColumns = {
    {{"source_fid", F::integer, "源要素号"},
     [](R r) { return Value(static_cast<I64>(r.register_.fid[r.i])); }},
    {{"record_id", F::text, "项目编号"}, [](R r) { return Value(record_label(r.register_, r.i)); }},
    {{"name", F::text, "项目名称"}, [](R r) { return attr(r.register_, RegisterField::name, r.i); }},
    {{"mode", F::text, "更新模式"}, [](R r) { return text_or_null(r.status.mode); }},
    {{"completion_date", F::text, "完成日期(原文)"},
     [](R r) { return attr(r.register_, RegisterField::completion_date, r.i); }},
    {{"date", F::text, "完成日期"},
     [](R r) { return r.status.date ? Value(r.status.date->iso()) : Value(); }},
    {{"status", F::text, "状态"}, [](R r) { return attr(r.register_, RegisterField::status, r.i); }},
    {{"counted", F::integer, "计入腾出", D::yes_no}, [](R r) { return yes_no(r.status.counted); }},
    {{"reason", F::text, "说明"}, [](R r) { return text_or_null(r.status.reason); }},
    {{"industrial_mu", F::real, "涉及工业用地(亩)"},
     [](R r) { return Value(mu_from_m2(r.status.industrial_m2)); }},
    {{"freed_mu", F::real, "计入腾出面积(亩)"}, [](R r) { return Value(mu_from_m2(r.status.freed_m2)); }},
    {{"parcel_ids", F::text, "涉及宗地代码(台账所列)"},
     [](R r) { return r.parcels ? text_or_null(join(r.parcels->listed, ";")) : Value(); }},
    {{"footprint", F::text, "项目范围来源"},
     [](R r) { return Value(r.parcels && r.parcels->from_codes ? "parcel codes" : "geometry"); }},
    {{"footprint_parcels", F::text, "项目范围宗地(按宗地代码)"},
     [](R r) { return footprint_parcels(r.in, r.i); }},
    {{"unknown_parcel_ids", F::text, "未匹配宗地代码"},
     [](R r) { return r.parcels ? text_or_null(join(r.parcels->unknown, ";")) : Value(); }},
};

void write_renewal(GpkgWriter& w, const Analysis& a) {
  const Inputs& in = a.check.inputs;
  if (!in.renewal || !a.freed) return;
  const PolygonLayer& r = *in.renewal;
  const rules::FreedLedger& l = *a.freed;
  LayerWriter& lw = start_layer(w, "freed");
  for (std::size_t i = 0; i < l.pieces.size(); ++i)
    if (a.owns_feature(r.info.logical, l.pieces[i].record))  // its own records' ground (RULES.md 26)
      lw.add(l.pieces[i].geometry.get(), row_values(kFreedColumns, PieceRow{a, r, l.pieces[i], i}));
  LayerWriter& rw = start_layer(w, "renewal");
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (!a.owns_feature(r.info.logical, i)) continue;  // RULES.md 26
    const rules::RecordParcels* rp = i < in.renewal_parcels.size() ? &in.renewal_parcels[i] : nullptr;
    const GEOSGeometry* g = r.geometry[i].get();
    rw.add(geom::is_empty(g) ? nullptr : g,  // a record without geometry or known code (RULES.md 23)
           row_values(kRenewalColumns, RecordRow{in, r, l.records[i], rp, i}));
  }
}

// --- enterprises -----------------------------------------------------------------------------------------

struct EnterpriseRow {
  const Analysis& a;
  const rules::Enterprise& ent;
  const rules::MujunScore& score;
  std::size_t e;
  Value metric(Metric m) const { return opt(ent.metric(m)); }
};
using E = const EnterpriseRow&;

const Columns<EnterpriseRow> kEnterpriseColumns = {
    {{"row", F::integer, "表格行号"}, [](E r) { return Value(static_cast<I64>(r.ent.row)); }},
    {{"credit_code", F::text, "统一社会信用代码"}, [](E r) { return text_or_null(r.ent.credit_code); }},
    {{"name", F::text, "企业名称"}, [](E r) { return text_or_null(r.ent.name); }},
    {{"industry_code", F::text, "行业代码"}, [](E r) { return text_or_null(r.ent.industry_code); }},
    {{"size_class", F::text, "规模"}, [](E r) { return text_or_null(r.ent.size_class); }},
    {{"land_mu", F::real, "用地面积(亩)"}, [](E r) { return opt(r.ent.land_mu()); }},
    {{"land_source", F::text, "用地面积来源"}, [](E r) { return text_or_null(r.ent.land_source); }},
    {{"parcel_ids", F::text, "关联宗地"},
     [](E r) { return text_or_null(parcel_labels(r.a.check.inputs.parcels, r.ent.parcels, ";")); }},
    {{"link_method", F::text, "关联方式", D::link_method},
     [](E r) { return text_or_null(std::string(rules::link_method_key(r.ent.link))); }},
    {{"location_parcel", F::text, "位置宗地"},
     [](E r) {
       return r.ent.location ? Value(record_label(r.a.check.inputs.parcels, *r.ent.location)) : Value();
     }},
    {{"district", F::text, "所在行政区"},
     [](E r) { return zone_id(r.a.districts, r.a.enterprise_district[r.e]); }},
    {{"park", F::text, "所在园区"}, [](E r) { return zone_id(r.a.parks, r.a.enterprise_park[r.e]); }},
    {{"outside_parks", F::integer, "园区外企业", D::yes_no},
     [](E r) { return r.ent.location && r.a.parks ? yes_no(!r.a.enterprise_park[r.e]) : Value(); }},
    {{"tax_per_mu", F::real, "亩均税收(万元/亩)"}, [](E r) { return r.metric(Metric::tax_per_mu); }},
    {{"value_added_per_mu", F::real, "亩均增加值(万元/亩)"},
     [](E r) { return r.metric(Metric::value_added_per_mu); }},
    {{"output_per_mu", F::real, "亩均产出(万元/亩)"}, [](E r) { return r.metric(Metric::output_per_mu); }},
    {{"value_added_per_energy", F::real, "单位能耗增加值(万元/吨标准煤)"},
     [](E r) { return r.metric(Metric::value_added_per_energy); }},
    {{"value_added_per_emission", F::real, "单位排放增加值(万元/吨)"},
     [](E r) { return r.metric(Metric::value_added_per_emission); }},
    {{"labour_productivity", F::real, "全员劳动生产率(万元/人)"},
     [](E r) { return r.metric(Metric::labour_productivity); }},
    {{"rd_intensity", F::real, "研发经费投入强度"}, [](E r) { return r.metric(Metric::rd_intensity); }},
    {{"tax_per_electricity", F::real, "单位电耗税收(万元/万千瓦时)"},
     [](E r) { return r.metric(Metric::tax_per_electricity); }},
    {{"energy_per_value_added", F::real, "单位工业增加值能耗(吨标准煤/万元)"},
     [](E r) { return r.metric(Metric::energy_per_value_added); }},
    {{"green_channel", F::integer, "能耗绿色通道(低于0.52)", D::yes_no},
     [](E r) { return yes_no(r.a.green_channel[r.e]); }},
    {{"score", F::real, "亩均效益综合得分"}, [](E r) { return opt(r.score.score); }},
    {{"class", F::text, "亩均评价等级"},
     [](E r) { return r.score.cls ? Value(std::string(1, r.score.cls)) : Value(); }},
    {{"class_reason", F::text, "未评价原因"}, [](E r) { return text_or_null(r.score.reason); }},
    {{"admission", F::text, "准入标准结果", D::admission},
     [](E r) { return Value(to_string(r.a.enterprise_admission[r.e].overall)); }},
    {{"admission_detail", F::text, "准入标准说明"},
     [](E r) { return text_or_null(r.a.enterprise_admission[r.e].summary()); }},
};

void write_enterprises(GpkgWriter& w, const Analysis& a) {
  if (!a.enterprises) return;
  const PolygonLayer& parcels = a.check.inputs.parcels;
  for (const bool points : {false, true}) {
    LayerWriter& l = start_layer(w, points ? "enterprise_points" : "enterprises");
    for (std::size_t e = 0; e < a.enterprises->items.size(); ++e) {
      if (!a.owns_enterprise(e)) continue;  // RULES.md 26
      const rules::Enterprise& ent = a.enterprises->items[e];
      if (!points) {
        l.add(nullptr, row_values(kEnterpriseColumns, EnterpriseRow{a, ent, a.mujun->enterprises[e], e}));
      } else if (ent.location) {
        if (auto pt = geom::point_on_surface(parcels.geometry[*ent.location].get()))
          l.add_point(pt->x, pt->y,
                      row_values(kEnterpriseColumns, EnterpriseRow{a, ent, a.mujun->enterprises[e], e}));
      }
    }
  }
}

// --- findings --------------------------------------------------------------------------------------------

using Fd = const Finding&;
const Columns<Finding> kFindingColumns = {
    {{"kind", F::text, "问题类型", D::finding_kind}, [](Fd f) { return Value(f.kind); }},
    {{"severity", F::text, "严重程度", D::severity}, [](Fd f) { return Value(to_string(f.severity)); }},
    {{"layer", F::text, "图层"}, [](Fd f) { return Value(f.layer); }},
    {{"source_fid", F::integer, "源要素号/行号"},
     [](Fd f) { return f.fid >= 0 ? Value(static_cast<I64>(f.fid)) : Value(); }},
    {{"feature_id", F::text, "要素编号"}, [](Fd f) { return text_or_null(f.feature_id); }},
    {{"field", F::text, "字段"}, [](Fd f) { return text_or_null(f.field); }},
    {{"action", F::text, "处理", D::action}, [](Fd f) { return Value(to_string(f.action)); }},
    // Both languages, whatever the locale (issue 21): the files of a run do not depend on who ran it.
    {{"message", F::text, "说明（英文）"}, [](Fd f) { return Value(f.message.en); }},
    {{"message_zh", F::text, "说明"}, [](Fd f) { return Value(f.message.zh); }},
};

void write_findings(GpkgWriter& w, const Analysis& a) {
  LayerWriter& l = start_layer(w, "qa_findings");
  for (const Finding& f : a.check.inputs.findings.items()) {
    if (std::isnan(f.x))
      l.add(nullptr, row_values(kFindingColumns, f));
    else
      l.add_point(f.x, f.y, row_values(kFindingColumns, f));
  }
}

}  // namespace

const std::vector<ColumnSpec>* output_columns(std::string_view layer) {
  static const std::map<std::string_view, std::vector<ColumnSpec>> all = {
      {"parcels", column_specs(kParcelColumns)},
      {"buildings_before", column_specs(kBuildingColumns)},
      {"buildings_after", column_specs(kBuildingColumns)},
      {"parks", column_specs(kParkColumns)},
      {"districts", column_specs(kDistrictColumns)},
      {"clusters", column_specs(kClusterColumns)},
      {"freed", column_specs(kFreedColumns)},
      {"renewal", column_specs(kRenewalColumns)},
      {"enterprises", column_specs(kEnterpriseColumns)},
      {"enterprise_points", column_specs(kEnterpriseColumns)},
      {"qa_findings", column_specs(kFindingColumns)},
  };
  const auto it = all.find(layer);
  return it == all.end() ? nullptr : &it->second;
}

const std::vector<LayerSpec>& output_layers() {
  return kLayers;
}

LayerWriter& start_layer(GpkgWriter& w, std::string_view name) {
  const auto spec = std::find_if(kLayers.begin(), kLayers.end(), [&](const LayerSpec& l) { return l.name == name; });
  const std::vector<ColumnSpec>* columns = output_columns(name);
  if (spec == kLayers.end() || !columns)
    throw Error(ErrorKind::internal, trf("'{1}' is no result layer", name));
  std::vector<FieldSpec> fields;
  for (const ColumnSpec& c : *columns)
    fields.push_back({std::string(c.name), c.type, std::string(c.alias_zh)});
  return w.layer(std::string(name), spec->kind, fields, std::string(spec->title_zh), std::string(spec->description));
}

std::string column_alias(std::string_view layer, std::string_view column) {
  if (const auto* columns = output_columns(layer))
    for (const ColumnSpec& c : *columns)
      if (c.name == column) return std::string(c.alias_zh);
  throw Error(ErrorKind::internal, trf("result layer '{1}' declares no column '{2}'", layer, column));
}

void write_geopackage(const Analysis& a, const std::filesystem::path& file, bool background) {
  const Inputs& in = a.check.inputs;
  GpkgWriter w(file, *in.crs.srs, background);
  write_parcels(w, a);
  if (in.buildings_before && a.before)
    write_buildings(w, a, *in.buildings_before, *a.before);
  if (in.buildings_after && a.after)
    write_buildings(w, a, *in.buildings_after, *a.after);
  if (a.parks) write_zone_layer(w, a, true);
  if (a.districts) write_zone_layer(w, a, false);
  write_clusters(w, a);
  write_renewal(w, a);
  write_enterprises(w, a);
  write_findings(w, a);
  write_gpkg_styles(w, output_context(a));  // aliases in gpkg_data_columns, QGIS styles in layer_styles (out/qgis.hpp)
  w.close();
}

}  // namespace landrenew::out
