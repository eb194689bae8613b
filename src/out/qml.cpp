// QML as QGIS 3.22 writes it, reduced to what landrenew sets: simple fill and marker symbols, categorised and
// graduated renderers, one simple labeling, field aliases. Whatever is left out QGIS fills with its defaults.
#include "qml.hpp"

#include <cstdio>
#include <cstdlib>

#include "landrenew/out/report.hpp"

namespace landrenew::out::qml {

namespace {

std::string esc(std::string_view s) {
  return html_escape(s);
}

std::string rgba(const Rgba& c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
         std::to_string(c.a);
}

std::string option(const std::string& indent, const char* name, const std::string& value) {
  return indent + "<Option name=\"" + name + "\" type=\"QString\" value=\"" + esc(value) + "\"/>\n";
}

std::string symbol_xml(const Symbol& s, SymbolKind kind, std::size_t index, const std::string& in) {
  const std::string o = in + "      ";
  std::string x = in + "<symbol type=\"" + (kind == SymbolKind::fill ? "fill" : "marker") + "\" name=\"" +
                  std::to_string(index) + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
  x += in + "  <layer class=\"" + (kind == SymbolKind::fill ? "SimpleFill" : "SimpleMarker") +
       "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
  x += in + "    <Option type=\"Map\">\n";
  if (kind == SymbolKind::fill) {
    x += option(o, "color", rgba(s.fill));
    x += option(o, "joinstyle", "bevel");
    x += option(o, "outline_color", rgba(s.stroke));
    x += option(o, "outline_style", s.stroke_style);
    x += option(o, "outline_width", number(s.stroke_mm));
    x += option(o, "outline_width_unit", "MM");
    x += option(o, "style", s.fill.a == 0 ? "no" : "solid");
  } else {
    x += option(o, "angle", "0");
    x += option(o, "color", rgba(s.fill));
    x += option(o, "joinstyle", "bevel");
    x += option(o, "name", s.marker);
    x += option(o, "outline_color", rgba(s.stroke));
    x += option(o, "outline_style", s.stroke_style);
    x += option(o, "outline_width", number(s.stroke_mm));
    x += option(o, "outline_width_unit", "MM");
    x += option(o, "scale_method", "diameter");
    x += option(o, "size", number(s.size_mm));
    x += option(o, "size_unit", "MM");
  }
  x += in + "    </Option>\n";
  x += in + "  </layer>\n";
  x += in + "</symbol>\n";
  return x;
}

std::string renderer_xml(const LayerStyle& s, const std::string& in) {
  std::string x;
  const std::string common =
      " attr=\"" + esc(s.attribute) +
      "\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\" referencescale=\"-1\"";
  std::vector<const Symbol*> symbols;
  if (s.graduated) {
    x += in + "<renderer-v2 type=\"graduatedSymbol\" graduatedMethod=\"GraduatedColor\"" + common + ">\n";
    x += in + "  <ranges>\n";
    for (const Range& r : s.ranges) {
      x += in + "    <range render=\"true\" symbol=\"" + std::to_string(symbols.size()) + "\" lower=\"" +
           number(r.lower) + "\" upper=\"" + number(r.upper) + "\" label=\"" + esc(r.label) + "\"/>\n";
      symbols.push_back(&r.symbol);
    }
    x += in + "  </ranges>\n";
  } else {
    x += in + "<renderer-v2 type=\"categorizedSymbol\"" + common + ">\n";
    x += in + "  <categories>\n";
    for (const Category& c : s.categories) {
      x += in + "    <category render=\"true\" symbol=\"" + std::to_string(symbols.size()) + "\" value=\"" +
           esc(c.value) + "\" label=\"" + esc(c.label) + "\"/>\n";
      symbols.push_back(&c.symbol);
    }
    x += in + "  </categories>\n";
  }
  x += in + "  <symbols>\n";
  for (std::size_t i = 0; i < symbols.size(); ++i)
    x += symbol_xml(*symbols[i], s.kind, i, in + "    ");
  x += in + "  </symbols>\n";
  if (s.graduated) {
    // "Custom": QGIS keeps the ranges as given instead of recomputing breaks from the data.
    x += in + "  <classificationMethod id=\"Custom\">\n";
    x += in + "    <labelFormat format=\"%1 - %2\" labelprecision=\"2\" trimtrailingzeroes=\"1\"/>\n";
    x += in + "  </classificationMethod>\n";
  }
  x += in + "</renderer-v2>\n";
  return x;
}

std::string labeling_xml(const Label& l, const std::string& in) {
  // Placement: around the point or the centroid (0), a little off it, so that a small park is not hidden.
  std::string x = in + "<labeling type=\"simple\">\n";
  x += in + "  <settings calloutType=\"simple\">\n";
  x += in + "    <text-style fontFamily=\"" + kCjkFont + "\" namedStyle=\"\" fontSize=\"" +
       number(l.size_pt) + "\" fontSizeUnit=\"Point\" fontWeight=\"" + (l.bold ? "75" : "50") +
       "\" fontItalic=\"0\" fontUnderline=\"0\" fontStrikeout=\"0\" textColor=\"" + rgba(l.color) +
       "\" textOpacity=\"1\" fieldName=\"" + esc(l.expression) +
       "\" isExpression=\"1\" allowHtml=\"0\" capitalization=\"0\" multilineHeight=\"1\" "
       "textOrientation=\"horizontal\" useSubstitutions=\"0\">\n";
  x += in +
       "      <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
       "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\" bufferNoFill=\"1\" bufferJoinStyle=\"128\"/>\n";
  x += in + "    </text-style>\n";
  x +=
      in +
      "    <text-format multilineAlign=\"3\" wrapChar=\"\" autoWrapLength=\"0\" addDirectionSymbol=\"0\"/>\n";
  x += in + "    <placement placement=\"" + (l.around ? "0" : "1") +
       "\" centroidInside=\"1\" centroidWhole=\"0\" " + "dist=\"" + (l.around ? "1.5" : "0") +
       "\" distUnits=\"MM\" fitInPolygonOnly=\"0\" priority=\"5\"/>\n";
  // QGIS writes the most zoomed-out scale at which labels show as scaleMax.
  x += in + "    <rendering drawLabels=\"1\" scaleVisibility=\"" + (l.max_denominator > 0 ? "1" : "0") +
       "\" scaleMin=\"0\" scaleMax=\"" + number(l.max_denominator) +
       "\" obstacle=\"1\" obstacleFactor=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" "
       "mergeLines=\"0\" limitNumLabels=\"0\" maxNumLabels=\"2000\" minFeatureSize=\"0\" zIndex=\"0\"/>\n";
  x += in + "  </settings>\n";
  x += in + "</labeling>\n";
  return x;
}

}  // namespace

std::string number(double v) {
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string layer_attributes(const LayerStyle& s) {
  std::string x = " labelsEnabled=\"" + std::string(s.label ? "1" : "0") + "\"";
  x += " hasScaleBasedVisibilityFlag=\"" + std::string(s.max_denominator > 0 ? "1" : "0") + "\"";
  // QGIS calls the most zoomed-out scale at which a layer shows its minScale.
  x += " minScale=\"" + (s.max_denominator > 0 ? number(s.max_denominator) : std::string("100000000")) + "\"";
  x += " maxScale=\"0\" styleCategories=\"AllStyleCategories\"";
  return x;
}

std::string style_elements(const LayerStyle& s, const std::string& in) {
  std::string x;
  if (s.geometry) {
    x += renderer_xml(s, in);
    if (s.label) x += labeling_xml(*s.label, in);
  }
  x += in + "<aliases>\n";
  // QGIS counts the GeoPackage's fid as field 0; the aliases name fields, the index is informative.
  for (std::size_t i = 0; i < s.aliases.size(); ++i)
    x += in + "  <alias field=\"" + esc(s.aliases[i].first) + "\" index=\"" + std::to_string(i) +
         "\" name=\"" + esc(s.aliases[i].second) + "\"/>\n";
  x += in + "</aliases>\n";
  // QgsWkbTypes::GeometryType: 0 point, 2 polygon, 4 none.
  x += in + "<layerGeometryType>" + (!s.geometry ? "4" : (s.kind == SymbolKind::marker ? "0" : "2")) +
       "</layerGeometryType>\n";
  return x;
}

}  // namespace landrenew::out::qml

namespace landrenew::out {

std::string style_qml(const LayerStyle& style) {
  std::string x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  x += "<qgis version=\"" + std::string(qml::kQgisVersion) + "\"" + qml::layer_attributes(style) + ">\n";
  x += qml::style_elements(style, "  ");
  x += "</qgis>\n";
  return x;
}

}  // namespace landrenew::out
