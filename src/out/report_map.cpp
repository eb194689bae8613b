// The map of report.html: SVG in metres of the analysis CRS, y flipped, coordinates rounded to whole metres
// and written as relative moves, so that a city of parcels stays a few hundred kilobytes.
#include <cmath>
#include <map>

#include "landrenew/core/error.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/rules/low_efficiency.hpp"

#include "palette.hpp"
#include "report_parts.hpp"

namespace landrenew::out::report {

namespace fs = std::filesystem;

namespace {

// Simplification tolerances (m): boundaries drawn at about 100 m per pixel lose nothing visible.
constexpr double kDistrictTolerance = 50;
constexpr double kParkTolerance = 10;

class PathWriter {
 public:
  PathWriter(double min_x, double max_y) : m_min_x(min_x), m_max_y(max_y) {}

  // Appends every ring of a polygon or multipolygon. Exterior rings go one way round and holes the other,
  // so that SVG's nonzero fill keeps holes open and still fills overlapping parcels.
  void add(const OGRGeometry* g, std::string& d) const {
    if (!g) return;
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t == wkbPolygon) {
      const OGRPolygon* p = g->toPolygon();
      ring(p->getExteriorRing(), false, d);
      for (int i = 0; i < p->getNumInteriorRings(); ++i)
        ring(p->getInteriorRing(i), true, d);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
      const OGRGeometryCollection* c = g->toGeometryCollection();
      for (int i = 0; i < c->getNumGeometries(); ++i)
        add(c->getGeometryRef(i), d);
    }
  }

  long x(double v) const { return std::lround(v - m_min_x); }
  long y(double v) const { return std::lround(m_max_y - v); }

 private:
  static void append(std::string& d, long v) {
    if (v >= 0 && !d.empty() && d.back() != 'l' && d.back() != 'M') d += ' ';
    d += std::to_string(v);
  }

  void ring(const OGRLinearRing* r, bool clockwise, std::string& d) const {
    if (!r || r->getNumPoints() < 4) return;
    const int n = r->getNumPoints() - 1;  // the closing point repeats the first
    const bool reverse = (r->isClockwise() != 0) != clockwise;
    std::vector<std::pair<long, long>> pts;
    for (int k = 0; k < n; ++k) {
      const int i = reverse ? n - 1 - k : k;
      const std::pair<long, long> p{x(r->getX(i)), y(r->getY(i))};
      if (pts.empty() || pts.back() != p) pts.push_back(p);
    }
    while (pts.size() > 1 && pts.back() == pts.front())
      pts.pop_back();
    if (pts.size() < 3) return;  // smaller than a metre
    d += 'M';
    append(d, pts[0].first);
    append(d, pts[0].second);
    d += 'l';
    for (std::size_t i = 1; i < pts.size(); ++i) {
      append(d, pts[i].first - pts[i - 1].first);
      append(d, pts[i].second - pts[i - 1].second);
    }
    d += 'z';
  }

  double m_min_x, m_max_y;
};

std::string num(double v) {
  return std::to_string(std::lround(v));
}

// The first criterion of a parcel's "criteria" field (listed in kCriteria order).
std::string first_criterion(const char* criteria) {
  std::string s = criteria ? criteria : "";
  return s.substr(0, s.find(','));
}

std::unique_ptr<OGRGeometry> simplified(const OGRGeometry* g, double tolerance) {
  return std::unique_ptr<OGRGeometry>(g ? g->SimplifyPreserveTopology(tolerance) : nullptr);
}

// Industrial parcels, one path per colour (low-efficiency ones by their first criterion), then the clusters.
// `frame` limits both to what an inset shows.
std::string parcels_and_clusters(OGRLayer* parcels, OGRLayer* clusters, const PathWriter& w,
                                 const OGREnvelope* frame) {
  std::map<std::string, std::string> paths;
  if (frame) parcels->SetSpatialFilterRect(frame->MinX, frame->MinY, frame->MaxX, frame->MaxY);
  parcels->SetAttributeFilter("industrial = 1");
  for (auto& f : *parcels) {
    const bool low = f->GetFieldAsInteger64("low_efficiency") == 1;
    w.add(f->GetGeometryRef(), paths[low ? first_criterion(f->GetFieldAsString("criteria")) : ""]);
  }
  parcels->SetAttributeFilter(nullptr);
  parcels->SetSpatialFilter(nullptr);
  std::string s;
  if (auto it = paths.find(""); it != paths.end())
    s += "<path class=\"parcel\" fill=\"" + std::string(palette::kEfficient) + "\" stroke=\"#b8d8b4\" d=\"" +
         it->second + "\"><title>工业用地(非低效)</title></path>";
  for (const char* c : rules::kCriteria)
    if (auto it = paths.find(c); it != paths.end()) {
      const std::string colour = palette::criterion_colour(c);
      s += "<path class=\"parcel\" fill=\"" + colour + "\" stroke=\"" + colour + "\" d=\"" + it->second +
           "\"><title>" + html_escape(std::string("低效：") + rules::criterion_label_zh(c)) +
           "</title></path>";
    }
  if (clusters) {
    std::string candidate, other;
    if (frame) clusters->SetSpatialFilterRect(frame->MinX, frame->MinY, frame->MaxX, frame->MaxY);
    for (auto& f : *clusters)
      w.add(f->GetGeometryRef(), f->GetFieldAsInteger64("candidate") == 1 ? candidate : other);
    clusters->SetSpatialFilter(nullptr);
    if (!other.empty())
      s += "<path class=\"cluster\" d=\"" + other + "\"><title>连片(面积不足)</title></path>";
    if (!candidate.empty())
      s += "<path class=\"cluster candidate\" d=\"" + candidate + "\"><title>连片整治候选</title></path>";
  }
  return s;
}

struct Park {
  std::string id, name, value;
  bool meets = false;
  std::unique_ptr<OGRGeometry> outline;
  OGREnvelope extent;
};

// The parks with their uplift against `target`, outlines simplified for the overview.
std::vector<Park> read_parks(OGRLayer* parks_layer, double target) {
  std::vector<Park> parks;
  if (parks_layer)
    for (auto& f : *parks_layer) {
      Park p;
      p.id = f->GetFieldAsString("park_id");
      p.name = f->GetFieldAsString("name");
      const bool has = f->IsFieldSetAndNotNull(f->GetFieldIndex("uplift"));
      const double uplift = has ? f->GetFieldAsDouble("uplift") : NAN;
      p.meets = has && uplift >= target;
      p.value = has ? (uplift >= 0 ? "+" : "") + format_number(uplift, 2) : "—";
      p.outline = simplified(f->GetGeometryRef(), kParkTolerance);
      if (p.outline) p.outline->getEnvelope(&p.extent);
      parks.push_back(std::move(p));
    }
  return parks;
}

// A label of one or more lines at a point inside `g`; "" when there is none.
std::string label(const PathWriter& pw, const OGRGeometry* g, const std::vector<std::string>& lines,
                  const char* cls) {
  std::string labels;
  if (!g) return labels;
  OGRGeometryH h = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g)));
  if (!h) return labels;
  const OGRPoint p = *OGRGeometry::FromHandle(h)->toPoint();
  OGR_G_DestroyGeometry(h);
  labels += "<text class=\"" + std::string(cls) + "\" x=\"" + num(pw.x(p.getX())) + "\" y=\"" +
            num(pw.y(p.getY())) + "\">";
  for (std::size_t i = 0; i < lines.size(); ++i)
    labels += "<tspan x=\"" + num(pw.x(p.getX())) + "\" dy=\"" + (i ? "1.2em" : "0") + "\">" +
              html_escape(lines[i]) + "</tspan>";
  labels += "</text>";
  return labels;
}

// The districts, each in a pastel colour; their names go to `labels`.
std::string districts_svg(OGRLayer* districts, const PathWriter& w, std::string& labels) {
  std::string s;
  std::size_t i = 0;
  for (auto& f : *districts) {
    const auto g = simplified(f->GetGeometryRef(), kDistrictTolerance);
    std::string d;
    w.add(g.get(), d);
    const std::string name = f->GetFieldAsString("name");
    s += "<path class=\"district\" fill=\"" +
         std::string(palette::kPastel[i++ % std::size(palette::kPastel)]) + "\" d=\"" + d + "\"><title>" +
         html_escape(name) + "</title></path>";
    labels += label(w, g.get(), {name}, "district-label");
  }
  return s;
}

// At the city's scale a park is a few pixels wide: filled, so that it shows, and labelled (in `labels`).
std::string park_areas_svg(const std::vector<Park>& parks, const PathWriter& w, std::string& labels) {
  std::string s;
  for (const Park& p : parks) {
    std::string d;
    w.add(p.outline.get(), d);
    s += "<path class=\"park-area " + std::string(p.meets ? "meets" : "misses") + "\" d=\"" + d +
         "\"><title>" + html_escape(p.name + " 容积率提升 " + p.value + (p.meets ? " 达标" : " 未达标")) +
         "</title></path>";
    // Above the park, which the label would hide at this scale.
    labels += "<text class=\"park-label " + std::string(p.meets ? "meets" : "misses") + "\" x=\"" +
              num(w.x((p.extent.MinX + p.extent.MaxX) / 2)) + "\" y=\"" + num(w.y(p.extent.MaxY)) +
              "\"><tspan x=\"" + num(w.x((p.extent.MinX + p.extent.MaxX) / 2)) + "\" dy=\"-1.5em\">" +
              html_escape(p.name) + "</tspan><tspan x=\"" + num(w.x((p.extent.MinX + p.extent.MaxX) / 2)) +
              "\" dy=\"1.15em\">" + html_escape(p.value + (p.meets ? " 达标" : " 未达标")) +
              "</tspan></text>";
  }
  return s;
}

// A round length (1, 2 or 5 × a power of ten) at most `most` metres, for a scale bar.
double scale_length(double most) {
  double bar = std::pow(10.0, std::floor(std::log10(most)));
  for (double m : {5.0, 2.0})
    if (bar * m <= most) {
      bar *= m;
      break;
    }
  return bar;
}

// A scale bar `b` metres long with its left end at (x0, y0), for font size `f`.
std::string scale_bar(double x0, double y0, double b, double f) {
  return "<path class=\"scalebar\" d=\"M" + num(x0) + " " + num(y0 - f * 0.4) + "v" + num(f * 0.4) + "h" +
         num(b) + "v-" + num(f * 0.4) + "\"/><text class=\"scale-label\" x=\"" + num(x0 + b / 2) + "\" y=\"" +
         num(y0 - f * 0.6) + "\">" + format_number(b / 1000, b < 1000 ? 1 : 0) + " 公里</text>";
}

// A park's inset, framed on the park with a margin, at a scale where a parcel is a dozen pixels.
Inset park_inset(const Park& p, OGRLayer* parcels, OGRLayer* clusters) {
  OGREnvelope f = p.extent;
  const double side = std::max(f.MaxX - f.MinX, (f.MaxY - f.MinY) * 4 / 3) * 1.12;
  const double cx = (f.MinX + f.MaxX) / 2, cy = (f.MinY + f.MaxY) / 2;
  f.MinX = cx - side / 2, f.MaxX = cx + side / 2, f.MinY = cy - side * 3 / 8, f.MaxY = cy + side * 3 / 8;
  const PathWriter iw(f.MinX, f.MaxY);
  const double iwidth = std::round(f.MaxX - f.MinX), iheight = std::round(f.MaxY - f.MinY);
  Inset inset{.title = p.name + " (" + p.id + ")",
              .note = "容积率提升 " + p.value + (p.meets ? "，达标" : "，未达标"),
              .meets = p.meets};
  std::string x = "<svg class=\"map inset\" viewBox=\"0 0 " + num(iwidth) + " " + num(iheight) +
                  "\" role=\"img\" aria-label=\"" + html_escape(p.name) + "\" font-size=\"" +
                  num(iwidth / 28) + "\">";
  x += parcels_and_clusters(parcels, clusters, iw, &f);
  std::string d;
  iw.add(p.outline.get(), d);
  x += "<path class=\"park " + std::string(p.meets ? "meets" : "misses") + "\" d=\"" + d + "\"/>";
  x += scale_bar(iwidth * 0.04, iheight * 0.95, scale_length(iwidth / 5), iwidth / 28);
  x += "</svg>";
  inset.svg = std::move(x);
  return inset;
}

// The legend under the map: the criteria's colours, the other industrial land, the clusters, the parks.
std::vector<LegendItem> map_legend() {
  std::vector<LegendItem> items;
  for (const char* c : rules::kCriteria)
    items.push_back(
        {palette::criterion_colour(c), std::string("低效：") + rules::criterion_label_zh(c), false});
  items.push_back({palette::kEfficient, "工业用地(非低效)", false});
  items.push_back({palette::kCluster, "连片整治候选(粗线) / 其他连片(细线)", true});
  items.push_back({palette::kMeets, "园区：容积率提升达标", true});
  items.push_back({palette::kMisses, "园区：容积率提升未达标", true});
  return items;
}

}  // namespace

Map map_svg(const fs::path& gpkg, double target) {
  const io::DatasetPtr ds = open_result_gpkg(gpkg);
  OGRLayer* parcels = ds->GetLayerByName("parcels");
  OGRLayer* districts = ds->GetLayerByName("districts");
  OGRLayer* parks_layer = ds->GetLayerByName("parks");
  OGRLayer* clusters = ds->GetLayerByName("clusters");
  Map map;
  OGREnvelope e;
  if (!parcels || parcels->GetExtent(&e, TRUE) != OGRERR_NONE) return map;
  if (OGREnvelope d; districts && districts->GetExtent(&d, TRUE) == OGRERR_NONE) e.Merge(d);
  const double pad = std::max(e.MaxX - e.MinX, e.MaxY - e.MinY) * 0.02;
  e.MinX -= pad, e.MinY -= pad, e.MaxX += pad, e.MaxY += pad;
  const PathWriter w(e.MinX, e.MaxY);
  const double width = std::round(e.MaxX - e.MinX), height = std::round(e.MaxY - e.MinY);
  const double font = width / 80;
  const std::vector<Park> parks = read_parks(parks_layer, target);

  std::string s = "<svg class=\"map overview\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                  "\" role=\"img\" aria-label=\"低效工业用地、连片和园区分布图\" font-size=\"" + num(font) +
                  "\">";
  std::string labels;
  if (districts) s += districts_svg(districts, w, labels);
  s += park_areas_svg(parks, w, labels);
  s += parcels_and_clusters(parcels, clusters, w, nullptr);
  s += labels;
  // Scale bar (a round length near a sixth of the width) and north arrow.
  s += scale_bar(width * 0.03, height * 0.96, scale_length(width / 6), font);
  s += "<text class=\"north\" x=\"" + num(width * 0.04) + "\" y=\"" + num(height * 0.07) + "\">北 ↑</text>";
  s += "</svg>";
  map.svg = std::move(s);

  // One inset per park.
  for (const Park& p : parks)
    if (p.outline) map.insets.push_back(park_inset(p, parcels, clusters));
  map.legend = map_legend();
  return map;
}

}  // namespace landrenew::out::report
