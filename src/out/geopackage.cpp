// The result layers of landrenew.gpkg: one per kind of thing a planner or auditor looks at, every figure as a
// field with an ASCII snake_case name and a Chinese alias.
#include <cmath>

#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/units.hpp"

namespace landrenew::out {

namespace {

using F = FieldType;
using I64 = std::int64_t;

Value yes_no(bool b) {
  return Value(static_cast<I64>(b ? 1 : 0));
}
Value attr(const PolygonLayer& layer, const char* logical, std::size_t i) {
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
std::string parcel_label(const PolygonLayer& parcels, std::size_t p) {
  return record_label(parcels, p);
}

void write_parcels(GpkgWriter& w, const Analysis& a) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  std::vector<bool> industrial(parcels.size(), false);
  for (auto p : a.check.parcels.industrial)
    industrial[p] = true;
  std::vector<std::string> cluster_of(parcels.size());
  for (const auto& c : a.clusters)
    for (auto p : c.parcels)
      cluster_of[p] = c.id;

  LayerWriter& l = w.layer("parcels", GeometryKind::polygon,
                           {{"source_fid", F::integer, "源要素号"},
                            {"parcel_id", F::text, "宗地代码"},
                            {"landuse", F::text, "地类编码"},
                            {"landuse_scheme", F::text, "地类分类方案"},
                            {"industrial", F::integer, "工业用地"},
                            {"area_m2", F::real, "面积(平方米)"},
                            {"area_mu", F::real, "面积(亩)"},
                            {"repaired", F::integer, "几何已修复"},
                            {"district", F::text, "所在行政区"},
                            {"park", F::text, "所在园区"},
                            {"park_share", F::real, "园区内面积比例"},
                            {"holder", F::text, "权利人"},
                            {"credit_codes", F::text, "统一社会信用代码"},
                            {"industry_code", F::text, "行业代码"},
                            {"gfa_before", F::real, "更新前建筑面积(平方米)"},
                            {"gfa_after", F::real, "现状建筑面积(平方米)"},
                            {"far_before", F::real, "更新前容积率"},
                            {"far_after", F::real, "现状容积率"},
                            {"coverage_before", F::real, "更新前建筑系数"},
                            {"coverage_after", F::real, "现状建筑系数"},
                            {"far_minimum", F::real, "容积率控制值"},
                            {"enterprise_classes", F::text, "企业亩均等级"},
                            {"tax_per_mu", F::real, "亩均税收(万元/亩)"},
                            {"wuwei", F::text, "五未类别"},
                            {"wuwei_detail", F::text, "五未说明"},
                            {"admission", F::text, "准入标准结果"},
                            {"admission_detail", F::text, "准入标准说明"},
                            {"low_efficiency", F::integer, "低效用地"},
                            {"criteria", F::text, "低效判定依据"},
                            {"criteria_zh", F::text, "低效判定依据(中文)"},
                            {"not_evaluable", F::text, "无法判定的标准"},
                            {"cluster_id", F::text, "连片编号"}},
                           "宗地", "Parcels with every result of landrenew (synthetic or bureau data)");
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    const LanduseMatch& lu = a.check.parcels.landuse[p];
    const ParcelFacts& f = a.facts[p];
    const LowEfficiency& low = a.low[p];
    std::vector<std::string> zh;
    for (const auto& c : low.criteria)
      zh.emplace_back(criterion_label_zh(c));
    const auto snap = [&](const std::optional<SnapshotResult>& s, int what) -> Value {
      if (!s || !industrial[p]) return Value();
      if (what == 0) return Value(s->parcel_gfa_m2[p]);
      if (what == 1) return opt(s->parcel_far[p]);
      return opt(s->parcel_coverage[p]);
    };
    l.add(parcels.geometry[p].get(),
          {Value(static_cast<I64>(parcels.fid[p])),
           text_or_null(parcels.id(p)),
           attr(parcels, "landuse", p),
           text_or_null(lu.scheme),
           yes_no(industrial[p]),
           Value(parcels.area_m2[p]),
           Value(mu_from_m2(parcels.area_m2[p])),
           yes_no(parcels.repaired[p]),
           a.parcel_district[p] ? Value(a.districts->id(*a.parcel_district[p])) : Value(),
           a.parcel_park[p] ? Value(a.parks->id(*a.parcel_park[p])) : Value(),
           a.parks ? Value(a.parcel_park_share[p]) : Value(),
           attr(parcels, "holder", p),
           attr(parcels, "credit_code", p),
           text_or_null(f.industry_code),
           snap(a.before, 0),
           snap(a.after, 0),
           snap(a.before, 1),
           snap(a.after, 1),
           snap(a.before, 2),
           snap(a.after, 2),
           opt(low.far_minimum),
           text_or_null(f.enterprise_classes),
           opt(f.tax_per_mu),
           text_or_null(label_zh(a.wuwei[p].category)),
           text_or_null(a.wuwei[p].detail),
           industrial[p] && !a.parcel_admission[p].checks.empty()
               ? Value(to_string(a.parcel_admission[p].overall))
               : Value(),
           text_or_null(a.parcel_admission[p].summary()),
           industrial[p] ? yes_no(low.flagged()) : Value(),
           text_or_null(join(low.criteria)),
           text_or_null(join(zh, "、")),
           text_or_null(join(low.not_evaluable)),
           text_or_null(cluster_of[p])});
  }
}

void write_buildings(GpkgWriter& w, const Analysis& a, const PolygonLayer& b, const SnapshotResult& r,
                     const std::string& name, const std::string& zh, const PolygonLayer& parcels) {
  LayerWriter& l = w.layer(name, GeometryKind::polygon,
                           {{"source_fid", F::integer, "源要素号"},
                            {"building_id", F::text, "建筑物编号"},
                            {"floors", F::text, "层数"},
                            {"height", F::text, "建筑高度(米)"},
                            {"floor_area_field", F::text, "登记建筑面积(平方米)"},
                            {"storey_height_m", F::real, "层高(米)"},
                            {"doubled", F::integer, "层高超8米加倍计算"},
                            {"gfa_source", F::text, "建筑面积来源"},
                            {"footprint_m2", F::real, "基底面积(平方米)"},
                            {"gfa_m2", F::real, "计容建筑面积(平方米)"},
                            {"industrial_share", F::real, "位于工业宗地比例"},
                            {"gfa_off_industrial", F::real, "工业宗地外建筑面积(平方米)"},
                            {"parcel_split", F::text, "分摊到宗地(宗地代码:建筑面积)"}},
                           zh, "Buildings with their floor area and its split over industrial parcels");
  (void)a;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const BuildingResult& br = r.buildings[i];
    std::string split;
    for (const auto& [p, gfa] : br.parcel_gfa) {
      char buf[64];
      std::snprintf(buf, sizeof buf, ":%.2f", gfa);
      split += (split.empty() ? "" : ";") + parcel_label(parcels, p) + buf;
    }
    l.add(b.geometry[i].get(),
          {Value(static_cast<I64>(b.fid[i])), text_or_null(b.id(i)), attr(b, "floors", i),
           attr(b, "height", i), attr(b, "floor_area", i), opt(br.storey_height_m), yes_no(br.doubled),
           Value(to_string(br.source)), Value(br.footprint_m2), Value(br.gfa_m2), Value(br.industrial_share),
           Value(br.gfa_off_industrial), text_or_null(split)});
  }
}

std::vector<FieldSpec> far_fields() {
  return {{"industrial_mu", F::real, "工业用地面积(亩)"},
          {"parcels_before", F::integer, "更新前工业宗地数"},
          {"parcels_after", F::integer, "现状工业宗地数"},
          {"gfa_before", F::real, "更新前建筑面积(平方米)"},
          {"gfa_after", F::real, "现状建筑面积(平方米)"},
          {"far_before", F::real, "更新前容积率"},
          {"far_after", F::real, "现状容积率"},
          {"uplift", F::real, "容积率提升"},
          {"meets_target", F::integer, "达到提升0.5目标"},
          {"far_note", F::text, "说明"}};
}
std::vector<Value> far_values(const ZoneFar* f, double industrial_m2) {
  if (!f)
    return {Value(mu_from_m2(industrial_m2)),
            Value(),
            Value(),
            Value(),
            Value(),
            Value(),
            Value(),
            Value(),
            Value(),
            Value()};
  return {Value(mu_from_m2(industrial_m2)),
          Value(static_cast<I64>(f->parcels_before)),
          Value(static_cast<I64>(f->parcels_after)),
          Value(f->gfa_before_m2),
          Value(f->gfa_after_m2),
          opt(f->far_before),
          opt(f->far_after),
          opt(f->uplift),
          yes_no(f->meets_target),
          text_or_null(f->note)};
}
// DOMAIN.md §1: 规上 efficiency of the enterprises located in the zone.
std::vector<FieldSpec> efficiency_fields() {
  return {{"enterprises_large", F::integer, "规上企业数"},
          {"tax_per_mu", F::real, "规上亩均税收(万元/亩)"},
          {"value_added_per_mu", F::real, "规上亩均增加值(万元/亩)"},
          {"labour_productivity", F::real, "全员劳动生产率(万元/人)"},
          {"tax_above_provincial", F::integer, "亩均税收超过全省平均"}};
}
std::vector<Value> efficiency_values(const ZoneEfficiency* z) {
  if (!z) return {Value(), Value(), Value(), Value(), Value()};
  return {Value(static_cast<I64>(z->enterprises)), opt(z->tax_per_mu), opt(z->value_added_per_mu),
          opt(z->labour_productivity), z->tax_above_provincial ? yes_no(*z->tax_above_provincial) : Value()};
}

const ZoneFar* find_far(const std::vector<ZoneFar>& v, const std::string& id) {
  for (const auto& z : v)
    if (z.id == id) return &z;
  return nullptr;
}

void write_zones(GpkgWriter& w, const Analysis& a) {
  const Inputs& in = a.check.inputs;
  if (a.parks) {
    std::vector<FieldSpec> fields = {{"park_id", F::text, "园区编号"},
                                     {"name", F::text, "园区名称"},
                                     {"kind", F::text, "类型"},
                                     {"level", F::text, "级别"},
                                     {"leading_industries", F::text, "主导产业"}};
    for (auto& f : far_fields())
      fields.push_back(f);
    fields.push_back({"freed_mu", F::real, "腾出面积(亩)"});
    for (auto& f : efficiency_fields())
      fields.push_back(f);
    LayerWriter& l = w.layer("parks", GeometryKind::polygon, fields, "园区",
                             "Parks and platforms with FAR before and after");
    for (std::size_t z = 0; z < in.parks->size(); ++z) {
      const std::string& id = a.parks->id(z);
      std::vector<Value> row = {Value(id), Value(a.parks->name(z)), attr(*in.parks, "kind", z),
                                attr(*in.parks, "level", z), attr(*in.parks, "leading_industries", z)};
      for (auto& v : far_values(find_far(a.park_far, id), a.park_area[z].industrial_m2))
        row.push_back(v);
      double freed = 0;
      if (a.freed)
        if (auto it = a.freed->by_park_m2.find(id); it != a.freed->by_park_m2.end()) freed = it->second;
      row.push_back(Value(mu_from_m2(freed)));
      for (auto& v : efficiency_values(a.plan ? &a.plan->parks[z] : nullptr))
        row.push_back(v);
      l.add(in.parks->geometry[z].get(), row);
    }
  }
  if (a.districts) {
    std::vector<FieldSpec> fields = {{"code", F::text, "行政区代码"}, {"name", F::text, "行政区名称"}};
    for (auto& f : far_fields())
      fields.push_back(f);
    fields.push_back({"freed_mu", F::real, "腾出面积(亩)"});
    for (auto& f : efficiency_fields())
      fields.push_back(f);
    LayerWriter& l = w.layer("districts", GeometryKind::polygon, fields, "行政区",
                             "Districts with industrial and freed land");
    for (std::size_t z = 0; z < in.districts->size(); ++z) {
      const std::string& id = a.districts->id(z);
      std::vector<Value> row = {Value(id), Value(a.districts->name(z))};
      for (auto& v : far_values(find_far(a.district_far, id), a.district_area[z].industrial_m2))
        row.push_back(v);
      double freed = 0;
      if (a.freed)
        if (auto it = a.freed->by_district_m2.find(id); it != a.freed->by_district_m2.end())
          freed = it->second;
      row.push_back(Value(mu_from_m2(freed)));
      for (auto& v : efficiency_values(a.plan ? &a.plan->districts[z] : nullptr))
        row.push_back(v);
      l.add(in.districts->geometry[z].get(), row);
    }
  }
}

void write_clusters(GpkgWriter& w, const Analysis& a) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  LayerWriter& l = w.layer(
      "clusters", GeometryKind::polygon,
      {{"cluster_id", F::text, "连片编号"},
       {"parcels", F::integer, "宗地数"},
       {"parcel_ids", F::text, "宗地代码"},
       {"area_mu", F::real, "面积(亩)"},
       {"candidate", F::integer, "连片整治候选"},
       {"district", F::text, "所在行政区"},
       {"park", F::text, "所在园区"}},
      "低效用地连片", "Contiguous low-efficiency land (连片); candidates at or above the profile's minimum");
  const double majority = a.check.inputs.profile.park_majority;
  for (const auto& c : a.clusters) {
    std::vector<std::string> ids;
    for (auto p : c.parcels)
      ids.push_back(parcel_label(parcels, p));
    const GEOSGeometry* g = c.geometry.get();
    const double area = c.area_m2;
    auto d = a.districts ? a.districts->member(g, area, 0.0) : std::nullopt;
    auto k = a.parks ? a.parks->member(g, area, majority) : std::nullopt;
    l.add(g, {Value(c.id), Value(static_cast<I64>(c.parcels.size())), Value(join(ids, ";")),
              Value(mu_from_m2(area)), yes_no(c.candidate), d ? Value(a.districts->id(*d)) : Value(),
              k ? Value(a.parks->id(*k)) : Value()});
  }
}

// RULES.md 23: the codes of the parcels whose union is record `i`'s footprint; null when the footprint is the
// record's own geometry.
Value footprint_parcels(const Inputs& in, std::size_t i) {
  if (i >= in.renewal_parcels.size() || !in.renewal_parcels[i].from_codes) return Value();
  return text_or_null(join(in.renewal_parcels[i].known, ";"));
}

void write_renewal(GpkgWriter& w, const Analysis& a) {
  const Inputs& in = a.check.inputs;
  if (!in.renewal || !a.freed) return;
  const PolygonLayer& r = *in.renewal;
  const FreedLedger& l = *a.freed;
  LayerWriter& lw = w.layer(
      "freed", GeometryKind::polygon,
      {{"piece", F::integer, "地块序号"},
       {"record_id", F::text, "计入项目编号"},
       {"completed", F::text, "完成日期"},
       {"year", F::integer, "年度"},
       {"mode", F::text, "更新模式"},
       {"records", F::text, "覆盖该地块的全部项目"},
       {"area_m2", F::real, "面积(平方米)"},
       {"area_mu", F::real, "面积(亩)"},
       {"district", F::text, "所在行政区"},
       {"park", F::text, "所在园区"},
       {"footprint_parcels", F::text, "计入项目范围宗地(按宗地代码)"}},
      "腾出土地",
      "Freed industrial ground (RULES.md 17): each piece counted once, with every record covering it");
  for (std::size_t i = 0; i < l.pieces.size(); ++i) {
    const FreedPiece& p = l.pieces[i];
    std::vector<std::string> ids;
    for (auto rec : p.covering)
      ids.push_back(record_label(r, rec));
    lw.add(p.geometry.get(),
           {Value(static_cast<I64>(i + 1)), Value(record_label(r, p.record)), Value(p.date.iso()),
            Value(static_cast<I64>(p.date.year)), Value(p.mode), Value(join(ids, ";")), Value(p.area_m2),
            Value(mu_from_m2(p.area_m2)), p.district ? Value(a.districts->id(*p.district)) : Value(),
            p.park ? Value(a.parks->id(*p.park)) : Value(), footprint_parcels(in, p.record)});
  }
  LayerWriter& rw = w.layer("renewal", GeometryKind::polygon,
                            {{"source_fid", F::integer, "源要素号"},
                             {"record_id", F::text, "项目编号"},
                             {"name", F::text, "项目名称"},
                             {"mode", F::text, "更新模式"},
                             {"completion_date", F::text, "完成日期(原文)"},
                             {"date", F::text, "完成日期"},
                             {"status", F::text, "状态"},
                             {"counted", F::integer, "计入腾出"},
                             {"reason", F::text, "说明"},
                             {"industrial_mu", F::real, "涉及工业用地(亩)"},
                             {"freed_mu", F::real, "计入腾出面积(亩)"},
                             {"parcel_ids", F::text, "涉及宗地代码(台账所列)"},
                             {"footprint", F::text, "项目范围来源"},
                             {"footprint_parcels", F::text, "项目范围宗地(按宗地代码)"},
                             {"unknown_parcel_ids", F::text, "未匹配宗地代码"}},
                            "有机更新台账", "Renewal records with whether and why they count");
  for (std::size_t i = 0; i < r.size(); ++i) {
    const RecordStatus& s = l.records[i];
    const RecordParcels* rp = i < in.renewal_parcels.size() ? &in.renewal_parcels[i] : nullptr;
    const GEOSGeometry* g = r.geometry[i].get();
    rw.add(geom::is_empty(g) ? nullptr : g,  // a record without geometry or known code (RULES.md 23)
           {Value(static_cast<I64>(r.fid[i])), Value(record_label(r, i)), attr(r, "name", i),
            text_or_null(s.mode), attr(r, "completion_date", i), s.date ? Value(s.date->iso()) : Value(),
            attr(r, "status", i), yes_no(s.counted), text_or_null(s.reason),
            Value(mu_from_m2(s.industrial_m2)), Value(mu_from_m2(s.freed_m2)),
            rp ? text_or_null(join(rp->listed, ";")) : Value(),
            Value(rp && rp->from_codes ? "parcel codes" : "geometry"), footprint_parcels(in, i),
            rp ? text_or_null(join(rp->unknown, ";")) : Value()});
  }
}

void write_enterprises(GpkgWriter& w, const Analysis& a) {
  if (!a.enterprises) return;
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const std::vector<FieldSpec> fields = {
      {"row", F::integer, "表格行号"},
      {"credit_code", F::text, "统一社会信用代码"},
      {"name", F::text, "企业名称"},
      {"industry_code", F::text, "行业代码"},
      {"size_class", F::text, "规模"},
      {"land_mu", F::real, "用地面积(亩)"},
      {"land_source", F::text, "用地面积来源"},
      {"parcel_ids", F::text, "关联宗地"},
      {"link_method", F::text, "关联方式"},
      {"location_parcel", F::text, "位置宗地"},
      {"district", F::text, "所在行政区"},
      {"park", F::text, "所在园区"},
      {"outside_parks", F::integer, "园区外企业"},
      {"tax_per_mu", F::real, "亩均税收(万元/亩)"},
      {"value_added_per_mu", F::real, "亩均增加值(万元/亩)"},
      {"output_per_mu", F::real, "亩均产出(万元/亩)"},
      {"value_added_per_energy", F::real, "单位能耗增加值(万元/吨标准煤)"},
      {"value_added_per_emission", F::real, "单位排放增加值(万元/吨)"},
      {"labour_productivity", F::real, "全员劳动生产率(万元/人)"},
      {"rd_intensity", F::real, "研发经费投入强度"},
      {"tax_per_electricity", F::real, "单位电耗税收(万元/万千瓦时)"},
      {"energy_per_value_added", F::real, "单位工业增加值能耗(吨标准煤/万元)"},
      {"green_channel", F::integer, "能耗绿色通道(低于0.52)"},
      {"score", F::real, "亩均效益综合得分"},
      {"class", F::text, "亩均评价等级"},
      {"class_reason", F::text, "未评价原因"},
      {"admission", F::text, "准入标准结果"},
      {"admission_detail", F::text, "准入标准说明"}};
  for (const bool points : {false, true}) {
    LayerWriter& l =
        points ? w.layer("enterprise_points", GeometryKind::point, fields, "企业(位置)",
                         "Enterprises at a point on their largest parcel")
               : w.layer("enterprises", GeometryKind::none, fields, "亩均评价企业",
                         "The 亩均 table with links, indicators, score, class and admission result");
    for (std::size_t e = 0; e < a.enterprises->items.size(); ++e) {
      const Enterprise& ent = a.enterprises->items[e];
      const MujunScore& s = a.mujun->enterprises[e];
      std::vector<std::string> ids;
      for (auto p : ent.parcels)
        ids.push_back(parcel_label(parcels, p));
      const auto m = [&](Metric metric) { return opt(ent.metric(metric)); };
      std::vector<Value> row = {
          Value(static_cast<I64>(ent.row)),
          text_or_null(ent.credit_code),
          text_or_null(ent.name),
          text_or_null(ent.industry_code),
          text_or_null(ent.size_class),
          opt(ent.land_mu()),
          text_or_null(ent.land_source),
          text_or_null(join(ids, ";")),
          text_or_null(std::string(link_method_key(ent.link))),
          ent.location ? Value(parcel_label(parcels, *ent.location)) : Value(),
          a.enterprise_district[e] ? Value(a.districts->id(*a.enterprise_district[e])) : Value(),
          a.enterprise_park[e] ? Value(a.parks->id(*a.enterprise_park[e])) : Value(),
          ent.location && a.parks ? yes_no(!a.enterprise_park[e]) : Value(),
          m(Metric::tax_per_mu),
          m(Metric::value_added_per_mu),
          m(Metric::output_per_mu),
          m(Metric::value_added_per_energy),
          m(Metric::value_added_per_emission),
          m(Metric::labour_productivity),
          m(Metric::rd_intensity),
          m(Metric::tax_per_electricity),
          m(Metric::energy_per_value_added),
          yes_no(a.green_channel[e]),
          opt(s.score),
          s.cls ? Value(std::string(1, s.cls)) : Value(),
          text_or_null(s.reason),
          Value(to_string(a.enterprise_admission[e].overall)),
          text_or_null(a.enterprise_admission[e].summary())};
      if (!points) {
        l.add(nullptr, std::move(row));
      } else if (ent.location) {
        if (auto pt = geom::point_on_surface(parcels.geometry[*ent.location].get()))
          l.add_point(pt->x, pt->y, std::move(row));
      }
    }
  }
}

void write_findings(GpkgWriter& w, const Analysis& a) {
  LayerWriter& l = w.layer("qa_findings", GeometryKind::point,
                           {{"kind", F::text, "问题类型"},
                            {"severity", F::text, "严重程度"},
                            {"layer", F::text, "图层"},
                            {"source_fid", F::integer, "源要素号/行号"},
                            {"feature_id", F::text, "要素编号"},
                            {"field", F::text, "字段"},
                            {"action", F::text, "处理"},
                            {"message", F::text, "说明"}},
                           "数据质量问题", "Every finding about the input data, located where it was found");
  for (const Finding& f : a.check.inputs.findings.items()) {
    std::vector<Value> row = {Value(f.kind),
                              Value(to_string(f.severity)),
                              Value(f.layer),
                              f.fid >= 0 ? Value(static_cast<I64>(f.fid)) : Value(),
                              text_or_null(f.feature_id),
                              text_or_null(f.field),
                              Value(to_string(f.action)),
                              Value(f.message)};
    if (std::isnan(f.x))
      l.add(nullptr, std::move(row));
    else
      l.add_point(f.x, f.y, std::move(row));
  }
}

}  // namespace

void write_geopackage(const Analysis& a, const std::filesystem::path& file, bool background) {
  const Inputs& in = a.check.inputs;
  GpkgWriter w(file, *in.crs.srs, background);
  write_parcels(w, a);
  if (in.buildings_before && a.before)
    write_buildings(w, a, *in.buildings_before, *a.before, "buildings_before", "建筑物(更新前)", in.parcels);
  if (in.buildings_after && a.after)
    write_buildings(w, a, *in.buildings_after, *a.after, "buildings_after", "建筑物(现状)", in.parcels);
  write_zones(w, a);
  write_clusters(w, a);
  write_renewal(w, a);
  write_enterprises(w, a);
  write_findings(w, a);
  write_gpkg_styles(w, a);  // aliases in gpkg_data_columns, QGIS styles in layer_styles (out/qgis.hpp)
  w.close();
}

}  // namespace landrenew::out
