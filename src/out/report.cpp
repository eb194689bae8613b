// report.html: the page. Figures come from summary.json and manifest.json as written, lists and the map from
// landrenew.gpkg, so that the page never says something the files do not.
#include "landrenew/out/report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "landrenew/core/error.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/columns.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/rules/low_efficiency.hpp"

#include "palette.hpp"
#include "report_parts.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

std::string esc(std::string_view s) {
  return html_escape(s);
}

double num(const json& j, const char* key, double fallback = NAN) {
  return j.is_object() && j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
}
std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}
const json& obj(const json& j, const char* key) {
  static const json empty = json::object();
  return j.is_object() && j.contains(key) ? j[key] : empty;
}

std::string signed_number(double v, int decimals) {
  return std::isfinite(v) ? (v >= 0 ? "+" : "") + format_number(v, decimals) : "—";
}
std::string percent(double share, int decimals = 1) {
  return std::isfinite(share) ? format_number(share * 100, decimals) + "%" : "—";
}
std::string count_text(double v) {
  return format_number(v, 0);
}

// Cuts `s` to at most `max` bytes at a character boundary, with "…" when cut.
std::string clip(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  return s.substr(0, n) + "…";
}

struct Cell {
  std::string html;  ///< already escaped
  bool number = false;
};
Cell t(const std::string& s) {
  return {esc(s), false};
}
Cell n(const std::string& s) {
  return {esc(s), true};
}

std::string table(const std::vector<Cell>& header, const std::vector<std::vector<Cell>>& rows) {
  std::string x = "<table><thead><tr>";
  for (const Cell& h : header)
    x += std::string("<th") + (h.number ? " class=\"num\"" : "") + ">" + h.html + "</th>";
  x += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    x += "<tr>";
    for (const Cell& c : r)
      x += std::string("<td") + (c.number ? " class=\"num\"" : "") + ">" + c.html + "</td>";
    x += "</tr>";
  }
  return x + "</tbody></table>";
}

std::string card(const std::string& key, const std::string& value, const std::string& note,
                 std::optional<double> meter = std::nullopt) {
  std::string x = "<div class=\"card\"><div class=\"k\">" + esc(key) + "</div><div class=\"v\">" +
                  esc(value) + "</div><div class=\"n\">" + esc(note) + "</div>";
  if (meter)
    x += "<div class=\"meter\"><span style=\"width:" + format_number(std::clamp(*meter, 0.0, 1.0) * 100, 1) +
         "%\"></span></div>";
  return x + "</div>";
}

std::map<std::string, std::string> names_of(const json& list, const char* id_key) {
  std::map<std::string, std::string> m;
  for (const json& e : list)
    m[str(e, id_key)] = str(e, "name");
  return m;
}

std::string overview(const OutputContext& ctx, const json& s) {
  const json& f = obj(s, "freed");
  const json& ind = obj(s, "industrial");
  const json& low = obj(s, "low_efficiency");
  const json& ent = obj(s, "enterprises");
  const json& classes = obj(ent, "classes");
  std::size_t meets = 0, candidates = 0;
  for (const json& p : obj(s, "parks"))
    meets += p.value("meets_target", false) ? 1 : 0;
  for (const json& c : obj(s, "clusters"))
    candidates += c.value("candidate", false) ? 1 : 0;
  const double target = ctx.profile->far_uplift_target;
  const double industrial_mu = num(ind, "mu", 0);
  std::string x = "<div class=\"cards\">";
  x += card("累计腾出低效工业用地", format_number(num(f, "mu", 0), 1) + " 亩",
            "目标 " + format_number(num(f, "goal_mu", 0), 0) + " 亩，完成 " + percent(num(f, "progress", 0)),
            num(f, "progress", 0));
  x += card("腾出进度(亩/年)", "已实现 " + format_number(num(f, "pace_achieved_mu"), 0),
            "剩余 " + count_text(num(f, "years_left", 0)) + " 年需年均 " +
                format_number(num(f, "pace_needed_mu"), 0) + " 亩");
  x += card("工业用地", format_number(industrial_mu, 1) + " 亩", count_text(num(ind, "parcels", 0)) + " 宗");
  // RULES.md 20: a total built on criteria that could not be evaluated everywhere says so.
  std::size_t partial = 0;
  for (const auto& [c, v] : obj(low, "by_criterion").items())
    partial += num(obj(v, "not_evaluable"), "parcels", 0) > 0 ? 1 : 0;
  x += card("低效工业用地", format_number(num(low, "mu", 0), 1) + " 亩",
            count_text(num(low, "parcels", 0)) + " 宗，占工业用地 " +
                percent(industrial_mu > 0 ? num(low, "mu", 0) / industrial_mu : NAN) +
                (partial ? "；" + std::to_string(partial) + " 项依据有宗地缺数据无法评价，见“数据覆盖”" : ""));
  x += card("园区容积率提升达标",
            std::to_string(meets) + " / " + std::to_string(obj(s, "parks").size()) + " 个",
            "目标：较改造前提升 " + format_number(target, 1) + " 以上");
  x += card("连片低效用地", std::to_string(obj(s, "clusters").size()) + " 片",
            "其中 " + std::to_string(candidates) + " 片达到 " +
                format_number(ctx.profile->cluster_min_mu, 0) + " 亩(连片整治候选)");
  if (num(ent, "rows", 0) > 0 && num(ent, "evaluated", 0) == 0)
    x += card("亩均效益评价企业", "无法评价",
              count_text(num(ent, "not_evaluable", 0)) + " 家缺数据(未关联宗地、无规模或无指标)，见“数据覆盖”");
  else
    x += card("亩均效益评价企业", count_text(num(ent, "evaluated", 0)) + " 家",
              "A " + count_text(num(classes, "A", 0)) + " · B " + count_text(num(classes, "B", 0)) + " · C " +
                  count_text(num(classes, "C", 0)) + " · D " + count_text(num(classes, "D", 0)));
  x += card("数据质量问题", count_text(num(obj(s, "findings"), "total", 0)) + " 条",
            "详见“数据质量”一节与 qa_findings 图层");
  return x + "</div>";
}

std::string progress_section(const OutputContext& ctx, const json& s) {
  const json& f = obj(s, "freed");
  const FreedRules& rules = ctx.profile->freed;
  const int first = std::atoi(rules.period_start.substr(0, 4).c_str());
  const int last = std::atoi(rules.period_end.substr(0, 4).c_str());
  std::string x = "<h2 id=\"progress\">二、三万亩腾出进度</h2>";
  x += "<p>" +
       esc("计划期 " + rules.period_start + " 至 " + rules.period_end + "，目标累计腾出低效工业用地 " +
           format_number(num(f, "goal_mu", 0), 0) + " 亩。已计入 " +
           count_text(num(f, "records_counted", 0)) + " 个更新项目，累计腾出 " +
           format_number(num(f, "mu", 0), 2) + " 亩，完成 " + percent(num(f, "progress", 0)) + "。") +
       "</p>";
  if (last >= first && last - first < 50) x += report::progress_chart(f, first, last);
  std::vector<std::vector<Cell>> rows;
  double cumulative = 0;
  const double goal = num(f, "goal_mu", 0);
  for (const auto& [year, mu] : obj(f, "by_year").items()) {
    cumulative += mu.get<double>();
    rows.push_back({t(year), n(format_number(mu.get<double>(), 2)), n(format_number(cumulative, 2)),
                    n(percent(goal > 0 ? cumulative / goal : NAN))});
  }
  x += table({t("年度"), n("腾出(亩)"), n("累计(亩)"), n("占目标")}, rows);
  x += "<p class=\"note\">" +
       esc("一块土地只计一次：重叠或重复的项目按图形合并，归入最早完成的项目；只计工业用地。进度按年计算：已"
           "过 " +
           count_text(num(f, "years_elapsed", 0)) + " 年，年均已实现 " +
           format_number(num(f, "pace_achieved_mu"), 1) + " 亩；剩余 " + count_text(num(f, "years_left", 0)) +
           " 年，完成目标需年均 " + format_number(num(f, "pace_needed_mu"), 1) + " 亩。") +
       "</p>";
  return x;
}

std::string districts_section(const json& s) {
  const json& f = obj(s, "freed");
  const double total = num(f, "mu", 0);
  std::string x = "<h2 id=\"districts\">三、各区县腾出情况</h2>";
  std::vector<report::Bar> bars;
  std::vector<std::vector<Cell>> rows;
  const json& quota = obj(f, "district_quota_progress");
  for (const json& d : obj(s, "districts")) {
    const double mu = num(d, "freed_mu", 0);
    bars.push_back({str(d, "name"), mu, "#6baed6", format_number(mu, 1) + " 亩"});
    rows.push_back({t(str(d, "code")), t(str(d, "name")), n(format_number(num(d, "industrial_mu", 0), 2)),
                    n(format_number(mu, 2)), n(percent(total > 0 ? mu / total : NAN)),
                    n(percent(num(quota, str(d, "code").c_str())))});
  }
  if (!bars.empty()) x += report::bar_chart(bars);
  x += table({t("代码"), t("行政区"), n("工业用地(亩)"), n("腾出(亩)"), n("占腾出"), n("任务完成率")}, rows);
  std::vector<report::Bar> modes;
  std::vector<std::vector<Cell>> mode_rows;
  for (const auto& [mode, mu] : obj(f, "by_mode").items()) {
    modes.push_back({mode, mu.get<double>(), "#9e9ac8", format_number(mu.get<double>(), 1) + " 亩"});
    mode_rows.push_back({t(mode), n(format_number(mu.get<double>(), 2)),
                         n(percent(total > 0 ? mu.get<double>() / total : NAN))});
  }
  if (!modes.empty()) {
    x += "<h3>按更新模式</h3>" + report::bar_chart(modes);
    x += table({t("更新模式"), n("腾出(亩)"), n("占腾出")}, mode_rows);
  }
  return x;
}

std::string map_section(const OutputContext& ctx, const fs::path& gpkg) {
  const report::Map m = report::map_svg(gpkg, ctx.profile->far_uplift_target);
  std::string x = "<h2 id=\"map\">四、低效工业用地分布</h2>";
  if (m.svg.empty()) return x + "<p>没有可绘制的宗地。</p>";
  x += "<figure style=\"margin:0\">" + m.svg + "<figcaption class=\"legend\">";
  for (const report::LegendItem& l : m.legend)
    x += "<span><i" +
         std::string(l.outline ? " class=\"line\" style=\"border-top-color:" : " style=\"background:") +
         esc(l.colour) + "\"></i>" + esc(l.label) + "</span>";
  x += "</figcaption></figure>";
  if (!m.insets.empty()) {
    x += "<h3>各园区</h3><div class=\"insets\">";
    for (const report::Inset& i : m.insets)
      x += "<figure class=\"inset-figure\"><figcaption><b>" + esc(i.title) + "</b> <span class=\"" +
           (i.meets ? "ok" : "bad") + "\">" + esc(i.note) + "</span></figcaption>" + i.svg + "</figure>";
    x += "</div>";
  }
  x += "<p class=\"note\">低效宗地按第一项认定依据着色；坐标取整到米，区县与园区边界已简化。精确图形见 "
       "landrenew.gpkg 与 "
       "landrenew.qgs。</p>";
  return x;
}

std::string parks_section(const OutputContext& ctx, const json& s) {
  const double target = ctx.profile->far_uplift_target;
  std::string x = "<h2 id=\"parks\">五、园区容积率提升</h2>";
  x += "<p>" + esc("目标：园区容积率较改造前提升 " + format_number(target, 1) + " 以上。") + "</p>";
  std::vector<report::Bar> bars;
  std::vector<std::vector<Cell>> rows;
  for (const json& p : obj(s, "parks")) {
    const double up = num(p, "uplift");
    const bool meets = p.value("meets_target", false);
    bars.push_back({str(p, "name"), std::isfinite(up) ? up : 0.0, meets ? palette::kMeets : palette::kMisses,
                    signed_number(up, 3) + (meets ? " 达标" : " 未达标")});
    rows.push_back(
        {t(str(p, "id")),
         t(str(p, "name")),
         n(format_number(num(p, "industrial_mu"), 2)),
         n(format_number(num(p, "far_before"), 3)),
         n(format_number(num(p, "far_after"), 3)),
         n(signed_number(up, 3)),
         {meets ? "<span class=\"ok\">✔ 达标</span>" : "<span class=\"bad\">✘ 未达标</span>", false}});
  }
  if (!bars.empty())
    x += report::bar_chart(
        bars,
        {.label_width = 210, .reference = target, .reference_label = "目标 +" + format_number(target, 1)});
  x += table(
      {t("编号"), t("园区"), n("工业用地(亩)"), n("改造前容积率"), n("现状容积率"), n("提升"), t("是否达标")},
      rows);
  x += "<p class=\"note\">容积率 = 计容建筑面积 ÷ 工业用地面积；层高超过 8 米的楼层建筑面积加倍计算。</p>";
  return x;
}

std::string enterprises_section(const json& s, const fs::path& gpkg) {
  const json& ent = obj(s, "enterprises");
  const json& classes = obj(ent, "classes");
  const double evaluated = num(ent, "evaluated", 0);
  std::string x = "<h2 id=\"enterprises\">六、企业亩均效益评价</h2>";
  std::vector<report::Bar> bars;
  for (const char* c : {"A", "B", "C", "D"}) {
    const double v = num(classes, c, 0);
    bars.push_back({std::string(c) + " 类", v, palette::class_colour(c[0]),
                    count_text(v) + " 家 (" + percent(evaluated > 0 ? v / evaluated : NAN) + ")"});
  }
  x += report::bar_chart(bars, {.label_width = 120});
  x += "<p class=\"note\">" +
       esc("参评 " + count_text(evaluated) + " 家；位于园区外 " + count_text(num(ent, "outside_parks", 0)) +
           " 家。评价方法、权重与分类规则见政策配置。") +
       "</p>";
  if (num(ent, "not_evaluable", 0) > 0)
    x += "<p class=\"note\">" +
         esc(count_text(num(ent, "not_evaluable", 0)) + " 家企业缺数据(未关联到宗地、无规模或无指标)，未评等级，" +
             "不计入上述各类，见“数据覆盖”。") +
         "</p>";

  // The D class by score, lowest first: the enterprises 退低进高 starts with.
  const io::DatasetPtr ds = open_result_gpkg(gpkg);
  OGRLayer* layer = ds->GetLayerByName("enterprises");
  if (!layer) return x;
  const auto districts = names_of(obj(s, "districts"), "code");
  const auto parks = names_of(obj(s, "parks"), "id");
  struct Row {
    double score;
    std::int64_t row;
    std::vector<Cell> cells;
  };
  std::vector<Row> list;
  layer->SetAttributeFilter("class = 'D'");
  for (auto& f : *layer) {
    const auto field = [&](const char* name) { return std::string(f->GetFieldAsString(name)); };
    const auto real = [&](const char* name) {
      const int i = f->GetFieldIndex(name);
      return i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsDouble(i) : NAN;
    };
    const auto lookup = [](const std::map<std::string, std::string>& m, const std::string& k) {
      auto it = m.find(k);
      return it == m.end() || it->second.empty() ? k : it->second;
    };
    list.push_back({std::isfinite(real("score")) ? real("score") : HUGE_VAL,
                    f->GetFieldAsInteger64("row"),
                    {t(field("name")), t(field("credit_code")), t(lookup(districts, field("district"))),
                     t(field("park").empty() ? "(园区外)" : lookup(parks, field("park"))),
                     n(format_number(real("land_mu"), 2)), n(format_number(real("tax_per_mu"), 2)),
                     n(format_number(real("score"), 1)), t(admission_zh(field("admission")))}});
  }
  std::sort(list.begin(), list.end(), [](const Row& l, const Row& r) {
    return l.score != r.score ? l.score < r.score : l.row < r.row;
  });
  std::vector<std::vector<Cell>> rows;
  for (auto& r : list)
    rows.push_back(std::move(r.cells));
  x += "<h3>D 类企业(按综合得分由低到高)</h3>";
  // The headers are the enterprises layer's own aliases (out/columns.hpp), as tables.xlsx and QGIS show them.
  std::vector<Cell> head;
  for (std::string_view c : {"name", "credit_code", "district", "park", "land_mu", "tax_per_mu", "score", "admission"}) {
    const std::string alias = column_alias("enterprises", c);
    head.push_back(c == "land_mu" || c == "tax_per_mu" || c == "score" ? n(alias) : t(alias));
  }
  x += table(head, rows);
  return x;
}

// "" when the criterion was evaluated on some parcel; else why its figures are not figures (RULES.md 20).
std::string criterion_state_zh(const json& v) {
  if (v.contains("enabled") && v["enabled"].is_boolean() && !v["enabled"].get<bool>()) return "未启用";
  if (num(obj(v, "evaluated"), "parcels", 1) == 0) return "无法评价";
  return "";
}

std::string low_section(const json& s) {
  const json& low = obj(s, "low_efficiency");
  std::string x = "<h2 id=\"low\">七、低效用地认定依据</h2>";
  x += "<p>" +
       esc("认定低效工业用地 " + count_text(num(low, "parcels", 0)) + " 宗，" +
           format_number(num(low, "mu", 0), 2) + " 亩。") +
       "</p>";
  std::vector<report::Bar> bars;
  std::vector<std::vector<Cell>> rows;
  for (const auto& [c, v] : obj(low, "by_criterion").items()) {
    const char* zh = rules::criterion_label_zh(c);
    const std::string name = zh && *zh ? zh : c;
    // RULES.md 20: a criterion evaluated on no parcel says so instead of showing 0.
    const std::string state = criterion_state_zh(v);
    bars.push_back({name, num(v, "mu", 0), palette::criterion_colour(c),
                    state.empty() ? count_text(num(v, "parcels", 0)) + " 宗 · " +
                                        format_number(num(v, "mu", 0), 0) + " 亩"
                                  : state});
    rows.push_back({t(name), t(c), n(state.empty() ? count_text(num(v, "parcels", 0)) : state),
                    n(state.empty() ? format_number(num(v, "mu", 0), 2) : state),
                    n(format_number(num(obj(v, "evaluated"), "mu", 0), 2))});
  }
  if (!bars.empty()) x += report::bar_chart(bars, {.label_width = 170});
  x += table({t("认定依据"), t("代码"), n("宗地数"), n("面积(亩)"), n("可评价面积(亩)")}, rows);
  x += "<p class=\"note\">一宗地可同时满足多项依据，故各项之和大于合计；面积为宗地并集的面积。"
       "各项依据只在数据齐全的宗地上评价，缺数据的宗地见“数据覆盖”。</p>";
  return x;
}

// RULES.md 20: how much of the industrial land each criterion could be evaluated on, and the warnings that
// change a headline figure (summary.json findings.warnings), largest land first.
std::string coverage_section(const json& s) {
  std::string x = "<h2 id=\"coverage\">八、数据覆盖</h2>";
  const double industrial = num(obj(s, "industrial"), "mu", 0);
  x += "<p>" +
       esc("每项认定依据只能在具备所需数据的宗地上评价；缺数据的宗地计为“无法评价”，既不算认定，也不算通过。"
           "工业用地共 " + format_number(industrial, 2) + " 亩。") +
       "</p>";
  std::vector<std::vector<Cell>> rows;
  for (const auto& [c, v] : obj(obj(s, "low_efficiency"), "by_criterion").items()) {
    const char* zh = rules::criterion_label_zh(c);
    const std::string state = criterion_state_zh(v);
    const json& ev = obj(v, "evaluated");
    const json& ne = obj(v, "not_evaluable");
    rows.push_back({t(zh && *zh ? zh : c), t(c), n(count_text(num(ev, "parcels", 0))),
                    n(format_number(num(ev, "mu", 0), 2)),
                    n(industrial > 0 ? percent(num(ev, "mu", 0) / industrial) : "—"),
                    n(count_text(num(ne, "parcels", 0))), n(format_number(num(ne, "mu", 0), 2)),
                    t(state.empty() ? "已评价" : state)});
  }
  x += "<h3>各项认定依据的数据覆盖</h3>";
  x += table({t("认定依据"), t("代码"), n("可评价宗地"), n("可评价面积(亩)"), n("覆盖率"), n("无法评价宗地"),
              n("无法评价面积(亩)"), t("状态")},
             rows);
  std::vector<std::vector<Cell>> warnings;
  for (const auto& w : obj(s, "findings").value("warnings", json::array())) {
    const std::string kind = str(w, "kind");
    const std::string zh = finding_kind_zh(kind);
    warnings.push_back({t(zh.empty() ? kind : zh), t(kind), n(count_text(num(w, "count", 0))),
                        n(format_number(num(w, "mu", 0), 2)), t(str(w, "message"))});
  }
  x += "<h3>影响主要数字的警告</h3>";
  if (warnings.empty())
    x += "<p>" + esc("没有影响主要数字的警告。") + "</p>";
  else
    x += table({t("警告"), t("代码"), n("数量"), n("涉及面积(亩)"), t("说明")}, warnings);
  return x;
}

std::string qa_section(const OutputContext& ctx, const json& s) {
  std::string x = "<h2 id=\"qa\">九、数据质量</h2>";
  std::vector<std::vector<Cell>> inputs;
  for (const auto& [layer, c] : obj(s, "inputs").items())
    inputs.push_back({t(layer), n(count_text(num(c, "read", 0))), n(count_text(num(c, "used", 0))),
                      n(count_text(num(c, "rejected", 0))), n(count_text(num(c, "repaired", 0)))});
  x += "<h3>各输入图层的要素</h3>";
  x += table({t("图层"), n("读取"), n("使用"), n("剔除"), n("修复")}, inputs);
  const std::map<std::string, const Finding*>& first = ctx.first_finding;
  std::vector<std::vector<Cell>> rows;
  for (const auto& [kind, count] : obj(obj(s, "findings"), "by_kind").items()) {
    const auto it = first.find(kind);
    std::string example;
    if (it != first.end()) {
      const Finding& f = *it->second;
      example = f.layer + (f.fid >= 0 ? " #" + std::to_string(f.fid) : "") +
                (f.feature_id.empty() ? "" : " (" + f.feature_id + ")") + "：" + clip(f.message.zh, 160);
    }
    const std::string zh = finding_kind_zh(kind);
    rows.push_back({t(zh.empty() ? kind : zh), t(kind), n(count_text(count.get<double>())), t(example)});
  }
  x += "<h3>问题类型</h3>";
  x += table({t("问题"), t("代码"), n("条数"), t("示例")}, rows);
  x += "<p class=\"note\">每条问题的位置、要素与处理方式见 landrenew.gpkg 的 qa_findings 图层和 tables.xlsx "
       "的“质量问题”表。</p>";
  return x;
}

std::string manifest_section(const json& m) {
  std::string x = "<h2 id=\"manifest\">十、数据来源与版本</h2>";
  const json& profile = obj(m, "profile");
  const json& project = obj(m, "project");
  const json& crs = obj(m, "analysis_crs");
  const json& as_of = obj(m, "as_of");
  x += table(
      {t("项目"), t("内容")},
      {{t("工具"), t("landrenew " + str(obj(m, "tool"), "version"))},
       {t("项目文件"),
        {esc(str(project, "file")) + "<br><span class=\"hash\">SHA-256 " + esc(str(project, "sha256")) +
             "</span>",
         false}},
       {t("政策配置"),
        {esc(str(profile, "name") + " " + str(profile, "version") + " (" + str(profile, "origin") + ")") +
             "<br><span class=\"hash\">SHA-256 " + esc(str(profile, "sha256")) + "</span>",
         false}},
       {t("分析坐标系"), t(str(crs, "description") + "：" + str(crs, "reason"))},
       {t("截止日期"), t(str(as_of, "date") + " (" + str(as_of, "source") + ")")}});
  std::vector<std::vector<Cell>> rows;
  for (const json& in : obj(m, "inputs")) {
    std::string files;
    for (const json& f : obj(in, "files"))
      files += (files.empty() ? "" : "<br>") + esc(str(f, "path")) + " · " +
               esc(format_number(num(f, "size", 0), 0)) + " 字节<br><span class=\"hash\">" +
               esc(str(f, "sha256")) + "</span>";
    rows.push_back(
        {t(str(in, "layer")),
         t(str(in, "path") + (str(in, "source_layer").empty() ? "" : " : " + str(in, "source_layer"))),
         t(str(in, "driver") + " · " + str(in, "encoding")),
         n(count_text(num(in, "read", 0)) + " / " + count_text(num(in, "used", 0))),
         {files, false}});
  }
  x += "<h3>输入文件</h3>";
  x += table({t("图层"), t("路径"), t("格式 · 编码"), n("读取 / 使用"), t("文件 · 大小 · SHA-256")}, rows);
  // The only part of the page that differs between two runs on the same inputs.
  x += "<p class=\"note\">本次运行开始于 <span id=\"run-time\">" +
       esc(str(m, "started_utc") + "，用时 " + format_number(num(m, "seconds", 0), 1) + " 秒") +
       "</span>。</p>";
  return x;
}

}  // namespace

void write_report_html(const OutputContext& ctx, const json& summary, const json& manifest, const fs::path& gpkg,
                       const fs::path& file) {
  io::init_gdal();
  const std::string name = ctx.project_name.empty() ? "工业用地有机更新" : ctx.project_name;
  std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing may load from anywhere: a second guard besides escaping, should anything slip into the page.
  h +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<meta name=\"generator\" content=\"landrenew " + esc(version()) + "\">\n";
  h += "<title>" + esc(name) + " — 工业用地有机更新分析报告</title>\n";
  h += "<link rel=\"icon\" href=\"data:,\">\n";  // no favicon request
  h += "<style>" + std::string(report::kCss) + "</style>\n</head>\n<body>\n";
  h += "<header><h1>" + esc(name) + "</h1><p class=\"sub\">" +
       esc("工业用地有机更新分析报告 · 截至 " + ctx.as_of.iso() + " · 政策配置 " + ctx.profile->name + " " +
           ctx.profile->version + " · 分析坐标系 " + ctx.crs->description) +
       "</p></header>\n";
  h += "<section><h2 id=\"overview\">一、总体情况</h2>" + overview(ctx, summary) + "</section>\n";
  h += "<section>" + progress_section(ctx, summary) + "</section>\n";
  h += "<section>" + districts_section(summary) + "</section>\n";
  h += "<section>" + map_section(ctx, gpkg) + "</section>\n";
  h += "<section>" + parks_section(ctx, summary) + "</section>\n";
  h += "<section>" + enterprises_section(summary, gpkg) + "</section>\n";
  h += "<section>" + low_section(summary) + "</section>\n";
  h += "<section>" + coverage_section(summary) + "</section>\n";
  h += "<section>" + qa_section(ctx, summary) + "</section>\n";
  h += "<section>" + manifest_section(manifest) + "</section>\n";
  h += "<footer>" +
       esc("由 landrenew " + std::string(version()) +
           " 生成。本页为单一文件，不引用任何外部资源，可离线打开和打印；数据表见 tables.xlsx，图层见 "
           "landrenew.gpkg 与 "
           "landrenew.qgs。") +
       "</footer>\n</body>\n</html>\n";
  std::ofstream out(file, std::ios::binary);
  out << h;
  out.close();
  if (!out) throw Error(ErrorKind::output, "cannot write the file", {.file = file.string()});
}

}  // namespace landrenew::out
