// tables.xlsx: the figures of summary.json and the long tables of landrenew.gpkg as Excel sheets.
#include "landrenew/out/xlsx.hpp"

#include <functional>
#include <map>
#include <set>

#include "landrenew/error.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

using F = FieldType;

Value num(const json& v) {
  return v.is_number() ? Value(v.get<double>()) : Value();
}
Value count(const json& v) {
  return v.is_number() ? Value(v.get<std::int64_t>()) : Value();
}
Value text(const json& v) {
  return v.is_string() ? Value(v.get<std::string>()) : Value();
}
Value yes_no(bool b) {
  return Value(std::string(b ? "是" : "否"));
}
const json& at(const json& j, const char* key) {
  static const json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

Sheet parks_sheet(const json& s) {
  Sheet sh{"园区",
           {{"园区编号", F::text},
            {"园区名称", F::text},
            {"工业用地面积(亩)", F::real},
            {"更新前工业宗地数", F::integer},
            {"现状工业宗地数", F::integer},
            {"更新前容积率", F::real},
            {"现状容积率", F::real},
            {"容积率提升", F::real},
            {"是否达到提升目标", F::text},
            {"腾出面积(亩)", F::real},
            {"说明", F::text}},
           {}};
  const json& by_park = at(at(s, "freed"), "by_park");
  for (const json& p : at(s, "parks")) {
    const std::string id = p.value("id", "");
    sh.rows.push_back({text(at(p, "id")), text(at(p, "name")), num(at(p, "industrial_mu")),
                       count(at(p, "parcels_before")), count(at(p, "parcels_after")),
                       num(at(p, "far_before")), num(at(p, "far_after")), num(at(p, "uplift")),
                       Value(std::string(p.value("meets_target", false) ? "达标" : "未达标")),
                       num(at(by_park, id.c_str())), text(at(p, "note"))});
  }
  return sh;
}

Sheet districts_sheet(const json& s) {
  Sheet sh{"行政区",
           {{"行政区代码", F::text},
            {"行政区名称", F::text},
            {"工业用地面积(亩)", F::real},
            {"腾出面积(亩)", F::real},
            {"腾出任务完成率", F::real},
            {"更新前容积率", F::real},
            {"现状容积率", F::real},
            {"容积率提升", F::real}},
           {}};
  const json& quota = at(at(s, "freed"), "district_quota_progress");
  for (const json& d : at(s, "districts")) {
    const std::string code = d.value("code", "");
    sh.rows.push_back({text(at(d, "code")), text(at(d, "name")), num(at(d, "industrial_mu")),
                       num(at(d, "freed_mu")), num(at(quota, code.c_str())), num(at(d, "far_before")),
                       num(at(d, "far_after")), num(at(d, "uplift"))});
  }
  return sh;
}

std::vector<Sheet> freed_sheets(const json& s) {
  const json& f = at(s, "freed");
  const double goal = at(f, "goal_mu").is_number() ? at(f, "goal_mu").get<double>() : 0;
  const double total = at(f, "mu").is_number() ? at(f, "mu").get<double>() : 0;
  Sheet years{"腾出(年度)",
              {{"年度", F::integer},
               {"腾出面积(亩)", F::real},
               {"累计腾出(亩)", F::real},
               {"累计完成目标比例", F::real}},
              {}};
  double cumulative = 0;
  for (const auto& [year, mu] : at(f, "by_year").items()) {
    cumulative += mu.get<double>();
    years.rows.push_back({Value(static_cast<std::int64_t>(std::stoll(year))), num(mu), Value(cumulative),
                          goal > 0 ? Value(cumulative / goal) : Value()});
  }
  Sheet districts{"腾出(行政区)",
                  {{"行政区代码", F::text},
                   {"行政区名称", F::text},
                   {"腾出面积(亩)", F::real},
                   {"占腾出总面积比例", F::real}},
                  {}};
  std::map<std::string, std::string> names;
  for (const json& d : at(s, "districts"))
    names[d.value("code", "")] = d.value("name", "");
  for (const auto& [code, mu] : at(f, "by_district").items())
    districts.rows.push_back({Value(code), text(json(names[code])), num(mu),
                              total > 0 ? Value(mu.get<double>() / total) : Value()});
  // Ground outside every district polygon is freed too: its row makes the sheet add up to the total.
  if (const json& out = at(f, "outside_districts_mu"); out.is_number() && out.get<double>() > 0)
    districts.rows.push_back({Value(), Value(std::string("(不在任何行政区内)")), num(out),
                              total > 0 ? Value(out.get<double>() / total) : Value()});
  Sheet modes{
      "腾出(模式)", {{"更新模式", F::text}, {"腾出面积(亩)", F::real}, {"占腾出总面积比例", F::real}}, {}};
  for (const auto& [mode, mu] : at(f, "by_mode").items())
    modes.rows.push_back({Value(mode), num(mu), total > 0 ? Value(mu.get<double>() / total) : Value()});
  return {years, districts, modes};
}

/// How one field of a GeoPackage layer becomes a column: 0/1 flags as 是/否, codes in Chinese.
struct FieldRule {
  std::function<std::string(const std::string&)> text;  ///< rewrites a text value
  bool flag = false;                                    ///< integer 0/1 → 是/否
  std::string extra_header;                             ///< a second column right after, from `extra`
  std::function<std::string(const std::string&)> extra;
};

Sheet layer_sheet(GDALDataset& ds, const char* layer_name, const std::string& sheet_name,
                  const std::map<std::string, FieldRule>& rules, bool with_xy) {
  Sheet sh{sheet_name, {}, {}};
  OGRLayer* layer = ds.GetLayerByName(layer_name);
  if (!layer) return sh;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const auto aliases = column_aliases(ds, layer_name);
  const int n = defn->GetFieldCount();
  std::vector<const FieldRule*> rule(static_cast<std::size_t>(n), nullptr);
  for (int i = 0; i < n; ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    const auto named = aliases.find(fd->GetNameRef());
    const std::string alias = named == aliases.end() ? "" : named->second;
    const auto it = rules.find(fd->GetNameRef());
    rule[static_cast<std::size_t>(i)] = it == rules.end() ? nullptr : &it->second;
    const FieldType type = fd->GetType() == OFTReal                                         ? F::real
                           : (fd->GetType() == OFTInteger || fd->GetType() == OFTInteger64) ? F::integer
                                                                                            : F::text;
    sh.columns.push_back(
        {alias.empty() ? fd->GetNameRef() : alias, it != rules.end() && it->second.flag ? F::text : type});
    if (it != rules.end() && !it->second.extra_header.empty())
      sh.columns.push_back({it->second.extra_header, F::text});
  }
  if (with_xy) {
    sh.columns.push_back({"坐标X(米)", F::real});
    sh.columns.push_back({"坐标Y(米)", F::real});
  }
  layer->ResetReading();
  for (auto& f : *layer) {
    std::vector<Value> row;
    for (int i = 0; i < n; ++i) {
      const FieldRule* r = rule[static_cast<std::size_t>(i)];
      const OGRFieldDefn* fd = defn->GetFieldDefn(i);
      Value v;
      std::string s;
      if (f->IsFieldSetAndNotNull(i)) {
        s = f->GetFieldAsString(i);
        if (r && r->flag)
          v = yes_no(f->GetFieldAsInteger64(i) != 0);
        else if (fd->GetType() == OFTReal)
          v = f->GetFieldAsDouble(i);
        else if (fd->GetType() == OFTInteger || fd->GetType() == OFTInteger64)
          v = static_cast<std::int64_t>(f->GetFieldAsInteger64(i));
        else
          v = r && r->text ? r->text(s) : s;
      }
      row.push_back(v);
      if (r && !r->extra_header.empty()) row.push_back(s.empty() ? Value() : Value(r->extra(s)));
    }
    if (with_xy) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
        row.push_back(g->toPoint()->getX());
        row.push_back(g->toPoint()->getY());
      } else {
        row.push_back(Value());
        row.push_back(Value());
      }
    }
    sh.rows.push_back(std::move(row));
  }
  return sh;
}

std::string severity_zh(const std::string& s) {
  return s == "info" ? "提示" : s == "warning" ? "警告" : s == "error" ? "错误" : s;
}
std::string action_zh(const std::string& s) {
  return s == "none"       ? "仅报告"
         : s == "repaired" ? "已修复"
         : s == "rejected" ? "已剔除"
         : s == "ignored"  ? "已忽略"
                           : s;
}
}  // namespace

void write_xlsx(const std::vector<Sheet>& sheets, const fs::path& file) {
  io::init_gdal();
  io::GdalMessageCapture capture;
  const auto fail = [&](const std::string& what, const std::string& sheet = "") {
    return Error(ErrorKind::output, what + (capture.last_error().empty() ? "" : ": " + capture.last_error()),
                 {.file = file.string(), .layer = sheet});
  };
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("XLSX");
  if (!drv) throw fail("GDAL has no XLSX driver");
  io::DatasetPtr ds(drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw fail("cannot create the workbook");
  for (const Sheet& sheet : sheets) {
    OGRLayer* layer = ds->CreateLayer(sheet.name.c_str(), nullptr, wkbNone, nullptr);
    if (!layer) throw fail("cannot create the sheet", sheet.name);
    for (const Column& c : sheet.columns) {
      OGRFieldDefn fd(c.header.c_str(), c.type == F::integer ? OFTInteger64
                                        : c.type == F::real  ? OFTReal
                                                             : OFTString);
      if (layer->CreateField(&fd) != OGRERR_NONE) throw fail("cannot create column " + c.header, sheet.name);
    }
    for (const auto& row : sheet.rows) {
      io::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (std::size_t i = 0; i < row.size() && i < sheet.columns.size(); ++i)
        set_field(*f, static_cast<int>(i), row[i]);
      if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw fail("cannot write a row", sheet.name);
    }
  }
  // The XLSX driver writes the whole workbook when the dataset closes.
  capture.clear();
  ds.reset();
  for (const auto& m : capture.messages())
    if (m.level >= CE_Failure)
      throw Error(ErrorKind::output, "cannot write the workbook: " + m.text, {.file = file.string()});
}

std::vector<Sheet> table_sheets(const json& summary, const fs::path& gpkg) {
  std::vector<Sheet> sheets = {parks_sheet(summary), districts_sheet(summary)};
  for (Sheet& s : freed_sheets(summary))
    sheets.push_back(std::move(s));
  const io::DatasetPtr ds = open_result_gpkg(gpkg);
  const FieldRule flag{.flag = true};
  const FieldRule admission{.text = [](const std::string& s) { return admission_zh(s); }};
  sheets.push_back(layer_sheet(*ds, "clusters", "连片", {{"candidate", flag}}, false));
  sheets.push_back(layer_sheet(*ds, "enterprises", "企业",
                               {{"outside_parks", flag}, {"green_channel", flag}, {"admission", admission}},
                               false));
  sheets.push_back(
      layer_sheet(*ds, "qa_findings", "质量问题",
                  {{"kind", FieldRule{.extra_header = "问题类型(中文)",
                                      .extra = [](const std::string& s) { return finding_kind_zh(s); }}},
                   {"severity", FieldRule{.text = severity_zh}},
                   {"action", FieldRule{.text = action_zh}}},
                  true));
  return sheets;
}

void write_tables_xlsx(const json& summary, const fs::path& gpkg, const fs::path& file) {
  write_xlsx(table_sheets(summary, gpkg), file);
}

}  // namespace landrenew::out
