// How each layer of landrenew.gpkg looks in QGIS: what is classified, in which colours, with which labels.
// The colours of criteria, classes and the FAR target are the report's too (report.html draws its map and
// charts with the same palette), so a planner sees the same thing in both.
#include <cmath>
#include <map>
#include <set>

#include "landrenew/core/error.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/columns.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"

#include "palette.hpp"
#include "qml.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;

namespace {

Rgba rgb(const char* hex, int alpha = 255) {
  const unsigned long v = std::strtoul(hex + 1, nullptr, 16);
  return {static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff),
          alpha};
}

Symbol area(Rgba fill, Rgba stroke = {110, 110, 110, 255}, double stroke_mm = 0.1) {
  Symbol s;
  s.fill = fill;
  s.stroke = stroke;
  s.stroke_mm = stroke_mm;
  return s;
}

Symbol outline(Rgba stroke, double stroke_mm, const char* style = "solid") {
  Symbol s;
  s.stroke = stroke;
  s.stroke_mm = stroke_mm;
  s.stroke_style = style;
  return s;
}

Symbol point(Rgba fill, const char* shape = "circle", double size_mm = 2.0) {
  Symbol s;
  s.fill = fill;
  s.stroke = {255, 255, 255, 255};
  s.stroke_mm = 0.2;
  s.marker = shape;
  s.size_mm = size_mm;
  return s;
}

LayerStyle parcels_style() {
  LayerStyle s{.layer = "parcels"};
  // The first criterion that fired decides the colour (criteria are listed in kCriteria order).
  s.attribute =
      "CASE WHEN \"industrial\" IS NULL OR \"industrial\" = 0 THEN 'non_industrial' "
      "WHEN \"low_efficiency\" = 1 THEN regexp_substr(\"criteria\", '^[^,]+') ELSE 'efficient' END";
  for (const char* c : rules::kCriteria)
    s.categories.push_back(
        {c, std::string("低效：") + rules::criterion_label_zh(c), area(rgb(palette::criterion_colour(c)))});
  s.categories.push_back({"efficient", "工业用地(非低效)", area(rgb(palette::kEfficient))});
  s.categories.push_back(
      {"non_industrial", "非工业用地", area(rgb(palette::kNonIndustrial), {160, 160, 160, 255})});
  s.categories.push_back({"", "其他", area(rgb("#ffffff"))});
  s.label = Label{.expression = "\"parcel_id\"", .size_pt = 7, .max_denominator = 5000};
  return s;
}

LayerStyle buildings_style(const char* layer, bool visible) {
  LayerStyle s{.layer = layer};
  s.attribute = "doubled";
  // Light fills, so that the parcel's colour underneath (its low-efficiency criterion) still shows.
  s.categories = {{"0", "层高不超过8米", area(rgb("#636363", 70), {60, 60, 60, 255}, 0.15)},
                  {"1", "层高超过8米(计容面积加倍)", area(rgb("#54278f", 110), {60, 30, 110, 255}, 0.25)},
                  {"", "其他", area(rgb("#bdbdbd", 70), {90, 90, 90, 255}, 0.15)}};
  // Thousands of footprints: drawn only once zoomed in to a few parks.
  s.max_denominator = 25000;
  s.visible = visible;
  return s;
}

LayerStyle parks_style(const OutputContext& ctx) {
  LayerStyle s{.layer = "parks"};
  const double t = ctx.profile->far_uplift_target;
  // A park without industrial land in a snapshot has no uplift: a value below every class marks it.
  constexpr double kNoData = -9999;
  s.graduated = true;
  s.attribute = "coalesce(\"uplift\", -9999)";
  // QGIS takes the first range with lower ≤ v ≤ upper: each upper bound stops just below the next class, so
  // that an uplift of exactly the target falls into the first class that meets it.
  const auto below = [](double v) { return std::nextafter(v, -HUGE_VAL); };
  const std::string ts = format_number(t, 2), half = format_number(t / 2, 2), twice = format_number(2 * t, 2);
  // Outlines only: a fill would tint every parcel inside; the colour of a thick outline carries the class.
  const auto park = [](const char* colour) { return outline(rgb(colour), 1.2); };
  s.ranges = {{kNoData, kNoData, "无工业用地，未计算", park("#7f7f7f")},
              {kNoData, below(0), "提升 < 0 (下降，未达标)", park(palette::kUplift[0])},
              {0, below(t / 2), "提升 0 – " + half + " (未达标)", park(palette::kUplift[1])},
              {t / 2, below(t), "提升 " + half + " – " + ts + " (未达标)", park(palette::kUplift[2])},
              {t, below(2 * t), "提升 " + ts + " – " + twice + " (达标)", park(palette::kUplift[3])},
              {2 * t, 1e9, "提升 ≥ " + twice + " (达标)", park(palette::kUplift[4])}};
  s.label = Label{.expression =
                      "\"name\" || char(10) || '容积率提升 ' || coalesce(CASE WHEN \"uplift\" >= 0 "
                      "THEN '+' ELSE '' END || format_number(\"uplift\", 2), '—') || CASE WHEN "
                      "\"meets_target\" = 1 THEN ' 达标' ELSE ' 未达标' END",
                  .size_pt = 9,
                  .color = {20, 20, 20, 255},
                  .bold = true,
                  .around = true};
  return s;
}

LayerStyle districts_style(const OutputContext& ctx) {
  LayerStyle s{.layer = "districts"};
  s.attribute = "code";
  for (std::size_t z = 0; z < ctx.districts.size(); ++z) {
    const auto& [code, name] = ctx.districts[z];
    s.categories.push_back(
        {code, name + " " + code,
         area(rgb(palette::kPastel[z % std::size(palette::kPastel)], 150), {99, 99, 99, 255}, 0.6)});
  }
  s.categories.push_back({"", "其他", area(rgb("#f0f0f0", 150), {99, 99, 99, 255}, 0.6)});
  s.label = Label{
      .expression = "\"name\" || char(10) || '腾出 ' || format_number(coalesce(\"freed_mu\", 0), 0) || ' 亩'",
      .size_pt = 11,
      .color = {70, 70, 70, 255},
      .bold = true};
  return s;
}

LayerStyle clusters_style() {
  LayerStyle s{.layer = "clusters"};
  s.attribute = "candidate";
  s.categories = {{"1", "连片整治候选", outline(rgb(palette::kCluster), 0.7)},
                  {"0", "连片(面积不足)", outline(rgb(palette::kCluster), 0.3, "dot")},
                  {"", "其他", outline(rgb(palette::kCluster), 0.3, "dot")}};
  s.label = Label{.expression =
                      "CASE WHEN \"candidate\" = 1 THEN \"cluster_id\" || ' ' || "
                      "format_number(\"area_mu\", 0) || '亩' END",
                  .size_pt = 8,
                  .color = rgb(palette::kCluster),
                  .max_denominator = 50000};
  return s;
}

LayerStyle freed_style(const OutputContext& ctx) {
  LayerStyle s{.layer = "freed"};
  s.attribute = "year";
  std::set<int> years;
  const FreedRules& f = ctx.profile->freed;
  const int first = std::atoi(f.period_start.substr(0, 4).c_str()),
            last = std::atoi(f.period_end.substr(0, 4).c_str());
  for (int y = first; y <= last && last - first < 50; ++y)
    years.insert(y);
  years.insert(ctx.freed_years.begin(), ctx.freed_years.end());
  std::size_t i = 0;
  for (int y : years) {
    const std::string c = palette::year_colour(i++, years.size());
    s.categories.push_back(
        {std::to_string(y), std::to_string(y) + " 年腾出", area(rgb(c.c_str(), 230), rgb("#08306b"), 0.15)});
  }
  s.categories.push_back({"", "其他", area(rgb("#9ecae1", 230))});
  return s;
}

LayerStyle renewal_style() {
  LayerStyle s{.layer = "renewal"};
  s.attribute = "counted";
  s.categories = {{"1", "计入腾出", outline(rgb("#2171b5"), 0.35, "dash")},
                  {"0", "不计入(见说明)", outline(rgb("#969696"), 0.3, "dot")},
                  {"", "其他", outline(rgb("#969696"), 0.3, "dot")}};
  s.label =
      Label{.expression = "\"record_id\"", .size_pt = 7, .color = rgb("#2171b5"), .max_denominator = 10000};
  return s;
}

LayerStyle enterprise_points_style() {
  LayerStyle s{.layer = "enterprise_points", .kind = SymbolKind::marker};
  s.attribute = "class";
  for (const char c : {'A', 'B', 'C', 'D'})
    s.categories.push_back(
        {std::string(1, c), std::string(1, c) + " 类", point(rgb(palette::class_colour(c)))});
  s.categories.push_back({"", "未评价", point(rgb(palette::kUnclassed), "circle", 1.4)});
  s.label = Label{.expression = "\"name\"", .size_pt = 7, .around = true, .max_denominator = 10000};
  return s;
}

LayerStyle findings_style(const OutputContext& ctx) {
  LayerStyle s{.layer = "qa_findings", .kind = SymbolKind::marker};
  s.visible = false;  // for the data staff who tick it; the planners' first view stays readable
  s.attribute = "kind";
  std::size_t i = 0;
  for (const auto& [kind, first] : ctx.first_finding) {
    const std::string zh = finding_kind_zh(kind);
    Symbol m = point(rgb(palette::kQualitative[i++ % std::size(palette::kQualitative)]), "triangle", 2.2);
    m.stroke = {30, 30, 30, 255};
    s.categories.push_back({kind, zh.empty() ? kind : zh + " (" + kind + ")", m});
  }
  Symbol other = point(rgb("#000000"), "triangle", 2.2);
  s.categories.push_back({"", "其他", other});
  return s;
}

LayerStyle enterprises_style() {
  LayerStyle s{.layer = "enterprises"};
  s.geometry = false;
  return s;
}

}  // namespace

std::vector<LayerStyle> layer_styles(const OutputContext& ctx, GDALDataset& ds) {
  // Top of the map first: points, outlines, then the filled layers, districts at the bottom.
  std::vector<LayerStyle> candidates = {findings_style(ctx),
                                        enterprise_points_style(),
                                        clusters_style(),
                                        parks_style(ctx),
                                        renewal_style(),
                                        buildings_style("buildings_after", true),
                                        buildings_style("buildings_before", false),
                                        freed_style(ctx),
                                        parcels_style(),
                                        districts_style(ctx),
                                        enterprises_style()};
  std::vector<LayerStyle> styles;
  for (LayerStyle& s : candidates) {
    OGRLayer* layer = ds.GetLayerByName(s.layer.c_str());
    if (!layer) continue;  // an optional input was not given
    const char* id = layer->GetMetadataItem("IDENTIFIER");
    const char* desc = layer->GetMetadataItem("DESCRIPTION");
    s.title_zh = id && *id ? id : s.layer;
    s.description = desc ? desc : "";
    s.geometry = layer->GetGeomType() != wkbNone;
    s.aliases.emplace_back(layer->GetFIDColumn(), "要素号");
    for (const ColumnSpec& c : *output_columns(s.layer))  // out/columns.hpp: the layer's declared columns
      s.aliases.emplace_back(std::string(c.name), std::string(c.alias_zh));
    styles.push_back(std::move(s));
  }
  return styles;
}

}  // namespace landrenew::out
