// The styles of landrenew.gpkg into its layer_styles table, and landrenew.qgs beside it.
#include "landrenew/out/qgis.hpp"

#include <fstream>

#include <cpl_conv.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/report.hpp"

#include "qml.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;

namespace {

std::string esc(std::string_view s) {
  return html_escape(s);
}

// The CRS as QGIS writes it: WKT for QGIS to build it from, and the EPSG code it recognises it by.
std::string srs_xml(const AnalysisCrs& crs, const std::string& in) {
  std::string wkt, proj4;
  if (crs.srs) {
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    if (crs.srs->exportToWkt(&text, options) == OGRERR_NONE && text) wkt = text;
    CPLFree(text);
    text = nullptr;
    if (crs.srs->exportToProj4(&text) == OGRERR_NONE && text) proj4 = text;
    CPLFree(text);
  }
  const bool geographic = crs.srs && crs.srs->IsGeographic();
  std::string x = in + "<spatialrefsys>\n";
  x += in + "  <wkt>" + esc(wkt) + "</wkt>\n";
  x += in + "  <proj4>" + esc(proj4) + "</proj4>\n";
  if (crs.epsg > 0) {
    x += in + "  <srid>" + std::to_string(crs.epsg) + "</srid>\n";
    x += in + "  <authid>EPSG:" + std::to_string(crs.epsg) + "</authid>\n";
  }
  x += in + "  <description>" + esc(crs.srs && crs.srs->GetName() ? crs.srs->GetName() : crs.description) +
       "</description>\n";
  x += in + "  <geographicflag>" + (geographic ? "true" : "false") + "</geographicflag>\n";
  x += in + "</spatialrefsys>\n";
  return x;
}

std::string extent_xml(const OGREnvelope& e, const std::string& in) {
  return in + "<extent>\n" + in + "  <xmin>" + qml::number(e.MinX) + "</xmin>\n" + in + "  <ymin>" +
         qml::number(e.MinY) + "</ymin>\n" + in + "  <xmax>" + qml::number(e.MaxX) + "</xmax>\n" + in +
         "  <ymax>" + qml::number(e.MaxY) + "</ymax>\n" + in + "</extent>\n";
}

struct LayerFacts {
  std::string geometry = "No geometry";  ///< QGIS geometry kind
  std::string wkb = "NoGeometry";        ///< QGIS WKB type name
  OGREnvelope extent;
  bool has_extent = false;
};

LayerFacts layer_facts(OGRLayer* layer) {
  LayerFacts f;
  const OGRwkbGeometryType t = wkbFlatten(layer->GetGeomType());
  if (t == wkbNone) return f;
  f.geometry = t == wkbPoint || t == wkbMultiPoint ? "Point" : "Polygon";
  f.wkb = t == wkbPoint
              ? "Point"
              : (t == wkbMultiPoint ? "MultiPoint" : (t == wkbPolygon ? "Polygon" : "MultiPolygon"));
  f.has_extent = layer->GetExtent(&f.extent, TRUE) == OGRERR_NONE;
  return f;
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Error(ErrorKind::output, tr("cannot write the file"), {.file = file.string()});
}

}  // namespace

void write_gpkg_styles(GpkgWriter& w, const OutputContext& ctx) {
  GDALDataset& ds = *w.dataset();  // ends the writer's last layer
  const std::vector<LayerStyle> styles = layer_styles(ctx, ds);
  io::GdalMessageCapture capture;
  const auto fail = [&](const std::string& what) {
    return Error(ErrorKind::output, trf("{1}: {2}", what, capture.last_error()), {.layer = "layer_styles"});
  };
  // The table QGIS itself creates (through OGR, so it is registered in gpkg_contents as attributes), with the
  // column names, types and widths QGIS reads.
  const char* options[] = {"FID=id", "SPATIAL_INDEX=NO", nullptr};
  OGRLayer* table = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
  if (!table) throw fail(tr("cannot create the table"));
  struct Column {
    const char* name;
    OGRFieldType type;
    int width;
  };
  for (const Column& c : {Column{"f_table_catalog", OFTString, 256}, Column{"f_table_schema", OFTString, 256},
                          Column{"f_table_name", OFTString, 256}, Column{"f_geometry_column", OFTString, 256},
                          Column{"styleName", OFTString, 30}, Column{"styleQML", OFTString, 0},
                          Column{"styleSLD", OFTString, 0}, Column{"useAsDefault", OFTInteger, 0},
                          Column{"description", OFTString, 0}, Column{"owner", OFTString, 30},
                          Column{"ui", OFTString, 30}, Column{"update_time", OFTDateTime, 0}}) {
    OGRFieldDefn fd(c.name, c.type);
    fd.SetWidth(c.width);
    if (c.type == OFTInteger) fd.SetSubType(OFSTBoolean);
    if (table->CreateField(&fd) != OGRERR_NONE) throw fail(trf("cannot create column {1}", c.name));
  }
  const std::string update_time = ctx.as_of.iso() + "T00:00:00Z";
  if (ds.StartTransaction() != OGRERR_NONE) throw fail(tr("cannot start a transaction"));
  for (const LayerStyle& s : styles) {
    OGRLayer* layer = ds.GetLayerByName(s.layer.c_str());
    io::FeaturePtr f(OGRFeature::CreateFeature(table->GetLayerDefn()));
    // QGIS finds a layer's style with f_table_schema = '' (a NULL would not match) and the layer's geometry
    // column ('' for a table).
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", s.layer.c_str());
    f->SetField("f_geometry_column", layer ? layer->GetGeometryColumn() : "");
    f->SetField("styleName", s.layer.c_str());
    f->SetField("styleQML", style_qml(s).c_str());
    f->SetField("styleSLD", "");
    f->SetField("useAsDefault", 1);
    f->SetField("description", (s.title_zh + " — landrenew " + std::string(version())).c_str());
    f->SetField("owner", "");
    f->SetField("update_time", update_time.c_str());
    if (table->CreateFeature(f.get()) != OGRERR_NONE)
      throw fail(trf("cannot write the style of {1}", s.layer));
  }
  if (ds.CommitTransaction() != OGRERR_NONE) throw fail(tr("cannot commit the styles"));
}

void write_qgis_project(const OutputContext& ctx, const fs::path& gpkg, const fs::path& qgs) {
  const io::DatasetPtr ds = open_result_gpkg(gpkg);
  const std::vector<LayerStyle> styles = layer_styles(ctx, *ds);
  const AnalysisCrs& crs = *ctx.crs;
  const std::string name = ctx.project_name.empty() ? "landrenew" : ctx.project_name;
  // Paths relative to the project file (QGIS resolves "./" against it when Paths/Absolute is false), so that
  // OUT_DIR can be moved or copied as a whole.
  const std::string file = "./" + gpkg.filename().string();

  std::vector<LayerFacts> facts;
  OGREnvelope view;
  bool has_view = false;
  for (const LayerStyle& s : styles) {
    OGRLayer* layer = ds->GetLayerByName(s.layer.c_str());
    facts.push_back(layer ? layer_facts(layer) : LayerFacts{});
    if (s.layer == "parcels" && facts.back().has_extent) {
      view = facts.back().extent;
      has_view = true;
    }
  }
  if (!has_view)
    for (const LayerFacts& f : facts)
      if (f.has_extent) {
        view.Merge(f.extent);
        has_view = true;
      }
  if (has_view) {  // a margin of 3% so that the outermost parcels are not cut by the window's edge
    const double mx = (view.MaxX - view.MinX) * 0.03, my = (view.MaxY - view.MinY) * 0.03;
    view.MinX -= mx, view.MaxX += mx, view.MinY -= my, view.MaxY += my;
  }
  const auto id = [](const LayerStyle& s) { return "landrenew_" + s.layer; };

  std::string x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  x += "<qgis projectname=\"" + esc(name) + "\" version=\"" + qml::kQgisVersion + "\">\n";
  x += "  <homePath path=\"\"/>\n";
  x += "  <title>" + esc(name) + "</title>\n";
  x += "  <projectCrs>\n" + srs_xml(crs, "    ") + "  </projectCrs>\n";
  x += "  <layer-tree-group>\n    <customproperties/>\n";
  for (const LayerStyle& s : styles)
    x += "    <layer-tree-layer id=\"" + id(s) + "\" name=\"" + esc(s.title_zh) + "\" source=\"" +
         esc(file + "|layername=" + s.layer) + "\" providerKey=\"ogr\" checked=\"" +
         (s.visible ? "Qt::Checked" : "Qt::Unchecked") + "\" expanded=\"" + (s.geometry ? "1" : "0") +
         "\">\n      <customproperties/>\n    </layer-tree-layer>\n";
  x += "    <custom-order enabled=\"0\">\n";
  for (const LayerStyle& s : styles)
    x += "      <item>" + id(s) + "</item>\n";
  x += "    </custom-order>\n  </layer-tree-group>\n";
  // The window QGIS desktop opens with.
  x += "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n";
  x +=
      std::string("    <units>") + (crs.srs && crs.srs->IsGeographic() ? "degrees" : "meters") + "</units>\n";
  if (has_view) x += extent_xml(view, "    ");
  x += "    <rotation>0</rotation>\n";
  x += "    <destinationsrs>\n" + srs_xml(crs, "      ") + "    </destinationsrs>\n";
  x += "    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n";
  x += "  <projectlayers>\n";
  for (std::size_t i = 0; i < styles.size(); ++i) {
    const LayerStyle& s = styles[i];
    x += "    <maplayer type=\"vector\" geometry=\"" + facts[i].geometry + "\" wkbType=\"" + facts[i].wkb +
         "\"" + qml::layer_attributes(s) + ">\n";
    if (facts[i].has_extent) x += extent_xml(facts[i].extent, "      ");
    x += "      <id>" + id(s) + "</id>\n";
    x += "      <datasource>" + esc(file + "|layername=" + s.layer) + "</datasource>\n";
    x += "      <layername>" + esc(s.title_zh) + "</layername>\n";
    if (s.geometry) x += "      <srs>\n" + srs_xml(crs, "        ") + "      </srs>\n";
    x += "      <provider encoding=\"UTF-8\">ogr</provider>\n";
    x += "      <flags>\n        <Identifiable>1</Identifiable>\n        <Removable>1</Removable>\n"
         "        <Searchable>1</Searchable>\n        <Private>0</Private>\n      </flags>\n";
    x += qml::style_elements(s, "      ");
    x += "      <layerOpacity>1</layerOpacity>\n      <blendMode>0</blendMode>\n";
    x += "    </maplayer>\n";
  }
  x += "  </projectlayers>\n";
  x += "  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n";
  x += "    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    "
       "</SpatialRefSys>\n";
  x += "  </properties>\n";
  // The extent QGIS (3.18 and later, and QgsProject for scripts) treats as the project's default view.
  x += "  <ProjectViewSettings UseProjectScales=\"0\" rotation=\"0\">\n    <Scales/>\n";
  if (has_view)
    x += "    <DefaultViewExtent xmin=\"" + qml::number(view.MinX) + "\" ymin=\"" + qml::number(view.MinY) +
         "\" xmax=\"" + qml::number(view.MaxX) + "\" ymax=\"" + qml::number(view.MaxY) + "\">\n" +
         srs_xml(crs, "      ") + "    </DefaultViewExtent>\n";
  x += "  </ProjectViewSettings>\n";
  x += "</qgis>\n";
  write_file(qgs, x);
}

}  // namespace landrenew::out
