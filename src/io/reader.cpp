#include "landrenew/io/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <future>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/geom/repair.hpp"
#include "landrenew/io/crs.hpp"
#include "landrenew/io/finding_reporter.hpp"
#include "landrenew/io/webmap.hpp"

#include "io/bind.hpp"

namespace landrenew::io {

namespace {

const char* geometry_family(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint:
      return "point";
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return "line";
    default:
      return nullptr;
  }
}

bool all_coordinates_finite(const OGRGeometry& g) {
  const auto t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon) {
    const auto& poly = *g.toPolygon();
    for (const auto* ring : poly)
      for (const auto& p : *ring)
        if (!std::isfinite(p.getX()) || !std::isfinite(p.getY())) return false;
    return true;
  }
  if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection)) {
    for (const auto* part : *g.toGeometryCollection())
      if (!all_coordinates_finite(*part)) return false;
    return true;
  }
  OGREnvelope e;
  g.getEnvelope(&e);
  return std::isfinite(e.MinX) && std::isfinite(e.MaxX) && std::isfinite(e.MinY) && std::isfinite(e.MaxY);
}

// Bounding box a feature's coordinates must lie in for its CRS (GK zone over China, or degrees).
struct Box {
  double minx = -INFINITY, miny = -INFINITY, maxx = INFINITY, maxy = INFINITY;
  bool contains(const OGREnvelope& e) const {
    return e.MinX >= minx && e.MaxX <= maxx && e.MinY >= miny && e.MaxY <= maxy;
  }
};

Box plausible_box(const OGRSpatialReference& srs) {
  if (srs.IsGeographic()) return {-180, -90, 180, 90};
  if (auto gk = identify_gauss_kruger(srs))
    return {gk->false_easting - 7e5, 1.5e6, gk->false_easting + 7e5, 6.2e6};
  // Any other CRS (projected, or a local engineering one): no coordinate on Earth is 100,000 km from its
  // origin. Beyond that (1e300) areas overflow to infinity and GEOS can take hours.
  return {-1e8, -1e8, 1e8, 1e8};
}

// The 5th–95th percentile box of feature centres, from up to `limit` features: an extent that one wild
// feature (1e300 coordinates) cannot spoil. Without any geometry, GDAL's first failure while reading (a
// corrupt .shp record's reason), if any, goes to `why_none`.
OGREnvelope robust_extent(OGRLayer* layer, std::size_t limit, std::string* why_none = nullptr) {
  std::vector<double> xs, ys;
  GdalMessageCapture capture;
  layer->ResetReading();
  for (std::size_t i = 0; i < limit; ++i) {
    FeaturePtr f(layer->GetNextFeature());
    if (!f) break;
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) continue;
    OGREnvelope e;
    g->getEnvelope(&e);
    const double cx = (e.MinX + e.MaxX) / 2, cy = (e.MinY + e.MaxY) / 2;
    if (std::isfinite(cx) && std::isfinite(cy)) {
      xs.push_back(cx);
      ys.push_back(cy);
    }
  }
  layer->ResetReading();
  OGREnvelope out;
  if (xs.empty() && why_none)
    for (const auto& msg : capture.messages())
      if (msg.level >= CE_Failure && why_none->empty()) *why_none = msg.text;
  if (xs.empty()) return out;
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  const auto q = [](const std::vector<double>& v, double p) {
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  out.MinX = q(xs, 0.05);
  out.MaxX = q(xs, 0.95);
  out.MinY = q(ys, 0.05);
  out.MaxY = q(ys, 0.95);
  return out;
}

std::string field_text(OGRFeature& f, int index, FieldKind kind) {
  const OGRFieldDefn* defn = f.GetFieldDefnRef(index);
  const OGRFieldType t = defn->GetType();
  if (t == OFTDate || t == OFTDateTime) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
    float ss = 0;
    f.GetFieldAsDateTime(index, &y, &m, &d, &hh, &mm, &ss, &tz);
    char buf[32];
    if (t == OFTDate || kind == FieldKind::date)
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    else
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm, static_cast<int>(ss));
    return buf;
  }
  return f.GetFieldAsString(index);
}

// Text in `encoding` from UTF-8 (GDAL's CPLRecode); "" when some character is not in the encoding.
std::string recode_from_utf8(const std::string& utf8, const std::string& encoding) {
  GdalMessageCapture quiet;
  char* out = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, encoding.c_str());
  std::string result = out ? out : "";
  CPLFree(out);
  return quiet.messages().empty() ? result : std::string();
}

// `bytes` decoded from `encoding` as GDAL would; "" when some byte is not in it.
std::string decode_strictly(const std::string& bytes, const std::string& encoding) {
  if (encoding == "UTF-8") return is_valid_utf8(bytes) ? bytes : std::string();
  try {
    TextRecoder recoder(encoding);
    std::string text = recoder.recode(bytes);
    return recoder.lossy() ? std::string() : text;
  } catch (const Error&) {
    return {};
  }
}

// The encoding as a project file declares it (encoding = "GBK").
std::string declared_name(const std::string& iconv_name) {
  return iconv_name == "CP936" ? "GBK" : iconv_name;
}

// Whether a column name looks wrongly decoded: bytes that are not UTF-8, U+FFFD, or Latin-1's accented
// letters and symbols (U+0080–U+00FF, GBK read as Latin-1: "±¸×¢" for 备注).
bool looks_misdecoded(std::string_view name) {
  if (!is_valid_utf8(name)) return true;
  if (name.find("\xEF\xBF\xBD") != std::string_view::npos) return true;
  return name.find('\xC2') != std::string_view::npos || name.find('\xC3') != std::string_view::npos;
}

// What to add to "the layer has no column X" (issue 18): the shapefile's DBF keeps 10 bytes of a column
// name (in the layer's encoding: a GBK character is 2 bytes, and the cut may split one, which is dropped),
// so 'X' cut there may be the column; and column names that only make sense in another encoding mean that
// the encoding the layer was read in (a .cpg, say) is wrong.
std::string column_hint(const std::string& wanted, const LayerInfo& info, const LayerSource& src,
                        const std::function<int(std::string_view)>& find_column) {
  const std::string& enc = info.encoding.name;
  if (info.driver == "ESRI Shapefile") {
    const std::string bytes = enc == "UTF-8" ? wanted : recode_from_utf8(wanted, enc);
    if (bytes.size() > 10) {
      const std::string cut = bytes.substr(0, 10);
      int index = find_column(cut);
      if (index < 0) {
        try {
          index = find_column(TextRecoder(enc).recode(cut));
        } catch (const Error&) {
        }
      }
      if (index >= 0)
        return trf("; a shapefile's DBF keeps only the first 10 bytes of a column name: '{1}' is '{2}' cut at "
                   "10 bytes ({3}): map that column",
                   info.source_fields[static_cast<std::size_t>(index)], wanted, declared_name(enc));
    }
  }
  if (info.driver != "ESRI Shapefile" && info.driver != "CSV") return "";
  for (const char* other : {"UTF-8", "GB18030"}) {
    if (enc == other || (std::string_view(other) == "GB18030" && (enc == "CP936" || enc == "GB2312")))
      continue;
    for (const std::string& name : info.source_fields) {
      // The bytes the file holds: what GDAL passed as it was, or what it decoded from `enc`.
      const std::string raw = !is_valid_utf8(name) || enc == "UTF-8" ? name : recode_from_utf8(name, enc);
      const std::string decoded = raw.empty() ? std::string() : decode_strictly(raw, other);
      if (decoded.empty() || field_name_key(decoded) != field_name_key(wanted)) continue;
      const std::string declare = std::string_view(other) == "GB18030" ? "GBK" : other;
      const std::string set = trf("set encoding = \"{1}\" in [{2}]", declare, src.logical);
      return info.encoding.source.en.find(".cpg") != std::string::npos
                 ? trf("; the column names are wrongly decoded: read as {1} ({2}), but as {3} column '{4}' is "
                       "'{5}': the .cpg file lies; {6}",
                       declared_name(enc), info.encoding.source, declare, name, wanted, set)
                 : trf("; the column names are wrongly decoded: read as {1} ({2}), but as {3} column '{4}' is "
                       "'{5}'; {6}",
                       declared_name(enc), info.encoding.source, declare, name, wanted, set);
    }
  }
  for (const std::string& name : info.source_fields)
    if (looks_misdecoded(name))
      return trf("; column names such as '{1}' look wrongly decoded (read as {2}: {3}; a .cpg may lie): set "
                 "encoding = \"...\" (GBK, UTF-8, ...) in [{4}]",
                 name, declared_name(enc), info.encoding.source, src.logical);
  return "";
}

// RULES.md 3 for one feature's geometry (not null, not empty): the geometry in the analysis CRS, repaired with
// GEOS MakeValid when invalid (`repaired`, the reason in `message`), or why it is rejected (`kind`, `message`),
// with the location GEOS gives, when it gives one.
struct GeometryVerdict {
  geom::Geometry geometry;  ///< null when rejected
  bool repaired = false;
  FindingKind kind = FindingKind::geometry_repaired;
  Text message;
  double x = NAN, y = NAN;
};

GeometryVerdict judge_geometry(OGRFeature& f, const Box& box, OGRCoordinateTransformation* ct) {
  GeometryVerdict v;
  const auto rejected = [&](FindingKind kind, Text message) {
    v.kind = kind;
    v.message = std::move(message);
    return std::move(v);
  };
  OGRGeometry* g = f.GetGeometryRef();
  if (OGR_GT_IsNonLinear(g->getGeometryType())) {
    OGRGeometry* linear = g->getLinearGeometry();
    f.SetGeometryDirectly(linear);
    g = f.GetGeometryRef();
  }
  const auto flat = wkbFlatten(g->getGeometryType());
  if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbGeometryCollection)
    return rejected(FindingKind::geometry_not_polygonal,
                    tr_both("the geometry is a {1}, not a polygon", OGRGeometryTypeToName(flat)));
  g->flattenTo2D();
  if (!all_coordinates_finite(*g))
    return rejected(FindingKind::geometry_non_finite, tr_both("a coordinate is NaN or infinite"));
  OGREnvelope env;
  g->getEnvelope(&env);
  if (!box.contains(env)) {
    const auto g6 = [](double value) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.6g", value);
      return std::string(buf);
    };
    return rejected(FindingKind::geometry_out_of_range,
                    tr_both("coordinates (x {1}–{2}, y {3}–{4}) are outside the layer CRS's area", g6(env.MinX),
                            g6(env.MaxX), g6(env.MinY), g6(env.MaxY)));
  }
  if (ct && g->transform(ct) != OGRERR_NONE)
    return rejected(FindingKind::geometry_transform_failed,
                    tr_both("PROJ could not transform the coordinates into the analysis CRS"));
  geom::Geometry gg = geom::from_ogr(*g);
  if (!gg)
    return rejected(FindingKind::geometry_invalid_ring,
                    tr_both("GEOS cannot build the geometry: {1}", geom::last_error()));
  geom::RepairOutcome fixed = geom::validate_and_repair(std::move(gg));
  if (fixed.has_location) {
    v.x = fixed.location.x;
    v.y = fixed.location.y;
  }
  if (fixed.status == geom::RepairOutcome::Status::rejected)
    return rejected(find_finding_kind(fixed.kind)->kind, fixed.reason);  // repair.cpp names declared kinds
  v.repaired = fixed.status == geom::RepairOutcome::Status::repaired;
  if (v.repaired) v.message = fixed.reason;
  v.geometry = std::move(fixed.geometry);
  return v;
}

}  // namespace

// Binds logical fields to the columns `find_column` finds (their names in info.source_fields): explicit
// mappings must exist; defaults are tried in order. `note` ends the messages (an office table's header row).
std::vector<std::pair<std::string, int>> bind_fields(const LayerSchema& schema, const LayerSource& src,
                                                     LayerInfo& info,
                                                     const std::function<int(std::string_view)>& find_column,
                                                     const std::string& note) {
  const ErrorContext where{.file = info.display, .layer = info.layer_name};
  std::vector<std::pair<std::string, int>> bindings;
  for (const auto& field : schema.fields) {
    const std::string logical(field.name);
    int index = -1;
    bool explicit_mapping = false;
    if (auto it = src.fields.find(logical); it != src.fields.end()) {
      index = find_column(it->second);
      explicit_mapping = true;
      if (index < 0)
        throw Error(ErrorKind::input_data,
                    trf("the project maps '{1}' to column '{2}', which the layer does not have; its columns "
                        "are: {3}{4}{5}",
                        logical, it->second, join(info.source_fields), note,
                        column_hint(it->second, info, src, find_column)),
                    {.file = info.display, .layer = info.layer_name, .field = it->second});
    } else {
      for (auto candidate : field.defaults)
        if ((index = find_column(candidate)) >= 0) break;
    }
    if (index < 0) {
      if (field.required)
        throw Error(ErrorKind::input_data,
                    trf("no column for the required field '{1}' ({2}); map it in [{3}.fields]; the layer's "
                        "columns are: {4}{5}{6}",
                        logical, field.label_zh, src.logical, join(info.source_fields), note,
                        info.encoding.name != "UTF-8" && src.encoding.empty()
                            ? trf(" (read as {1}: {2}; if the names look garbled, set encoding = \"...\" in "
                                  "[{3}])",
                                  info.encoding.name, info.encoding.source, src.logical)
                            : std::string()),
                    where);
      info.unmapped.push_back(logical);
      continue;
    }
    info.fields.push_back({logical, info.source_fields[static_cast<std::size_t>(index)], explicit_mapping});
    bindings.emplace_back(logical, index);
  }
  return bindings;
}

namespace {

// Geometry type: a layer of points or lines where polygons are expected is a mistake, not a finding.
void require_polygons(OGRLayer* layer, const LayerSource& src, const ErrorContext& where) {
  const OGRwkbGeometryType gt = layer->GetGeomType();
  if (layer->GetLayerDefn()->GetGeomFieldCount() == 0)
    throw Error(ErrorKind::input_data, trf("has no geometry; [{1}] needs polygons", src.logical), where);
  if (const char* family = geometry_family(gt))
    throw Error(ErrorKind::input_data,
                std::string_view(family) == "point"
                    ? trf("holds point geometries ({1}); [{2}] needs polygons", OGRGeometryTypeToName(gt),
                          src.logical)
                    : trf("holds line geometries ({1}); [{2}] needs polygons", OGRGeometryTypeToName(gt),
                          src.logical),
                where);
}

// Money columns need a stated unit (DOMAIN.md §2: never guessed).
void require_units(const LayerInfo& info, const LayerSource& src) {
  for (const auto& b : info.fields) {
    const bool money =
        std::find(money_fields().begin(), money_fields().end(), b.logical) != money_fields().end();
    if ((money || b.logical == "electricity") && !src.units.count(b.logical))
      throw Error(ErrorKind::project,
                  money ? trf("column '{1}' is read as '{2}' but its unit is not stated: add {2} = \"万元\" (or "
                              "\"元\", \"亿元\") to [{3}.units]",
                              b.source, b.logical, src.logical)
                        : trf("column '{1}' is read as '{2}' but its unit is not stated: add {2} = \"万千瓦时\" "
                              "(or \"千瓦时\") to [{3}.units]",
                              b.source, b.logical, src.logical),
                  {.file = src.display});
  }
}

}  // namespace

InputLayer InputLayer::open(const LayerSource& src, const LayerSchema& schema) {
  InputLayer in;
  in.m_src = src;
  in.m_schema = &schema;
  const SourceRole role = schema.geometry ? SourceRole::polygons : SourceRole::table;
  const OfficeTableOptions office_options;  // while open: spreadsheets without header, as text (RULES.md 21)
  in.m_source = open_source(src, role);
  OGRLayer* layer = in.m_source.layer();
  LayerInfo& info = in.m_info;
  info.logical = src.logical;
  info.path = src.is_connection() ? redact_connection(src.path) : src.path;
  info.display = in.m_source.where();
  info.layer_name = in.m_source.layer_name();
  info.driver = in.m_source.driver();
  info.encoding = in.m_source.encoding();
  info.label = src.label;
  const ErrorContext where{.file = info.display, .layer = info.layer_name};
  if (!in.m_source.recode_from().empty()) {
    // GDAL reads the bytes as they are when it cannot convert the encoding: so does the reader.
    try {
      in.m_recoder = std::make_unique<TextRecoder>(in.m_source.recode_from());
    } catch (const Error&) {
      in.m_recoder.reset();
    }
  }
  if (schema.geometry) require_polygons(layer, src, where);
  if (!schema.geometry && is_office_table(info.driver))
    in.open_office_table(src, schema);
  else
    in.bind_gdal_columns(src, schema);
  if (schema.has_units) require_units(info, src);
  info.declared_count = layer && !is_office_table(info.driver) ? layer->GetFeatureCount(FALSE) : -1;
  if (!schema.geometry) return in;
  in.choose_crs(src, where);
  in.read_extent(where);
  in.choose_datum_shift(src, where);
  return in;
}

void InputLayer::bind_gdal_columns(const LayerSource& src, const LayerSchema& schema) {
  LayerInfo& info = m_info;
  OGRFeatureDefn* defn = m_source.layer()->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const char* name = defn->GetFieldDefn(i)->GetNameRef();
    info.source_fields.emplace_back(m_recoder ? m_recoder->recode(name) : std::string(name));
    if (m_recoder && defn->GetFieldDefn(i)->GetType() == OFTString) m_text_fields.push_back(i);
  }
  if (m_recoder && m_recoder->lossy()) {
    // GDAL converts nothing at all when a column name does not convert (its OLCStringsAsUTF8 test).
    m_recoder.reset();
    m_text_fields.clear();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      info.source_fields[static_cast<std::size_t>(i)] = defn->GetFieldDefn(i)->GetNameRef();
  }
  std::vector<std::string> keys;
  for (const auto& name : info.source_fields)
    keys.push_back(field_name_key(name));
  const auto find_column = [&](std::string_view name) -> int {
    for (std::size_t i = 0; i < info.source_fields.size(); ++i)
      if (info.source_fields[i] == name) return static_cast<int>(i);
    const std::string key = field_name_key(name);
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return static_cast<int>(i);
    return -1;
  };
  m_bindings = bind_fields(schema, src, info, find_column, "");
}

void InputLayer::choose_crs(const LayerSource& src, const ErrorContext& where) {
  LayerInfo& info = m_info;
  const OGRSpatialReference* declared = m_source.layer()->GetSpatialRef();
  if (auto web = web_map_datum(src.crs)) {
    // Web-map lon/lat (webmap.hpp): read as WGS 84 once the published shift is undone, point by point.
    m_web_map = web;
    m_srs = srs_from_user_string("EPSG:4326");
    info.crs_origin =
        declared ? tr_both("set in the project file: {1} web-map coordinates, taken back to WGS 84 by inverting "
                           "the published shift (the source declares {2})",
                           to_string(*web), describe_srs(*declared))
                 : tr_both("set in the project file: {1} web-map coordinates, taken back to WGS 84 by inverting "
                           "the published shift",
                           to_string(*web));
  } else if (!src.crs.empty()) {
    try {
      m_srs = srs_from_user_string(src.crs);
    } catch (const Error& e) {
      throw Error(ErrorKind::project, trf("[{1}] crs: {2}", src.logical, e.detail()), {.file = src.display});
    }
    info.crs_origin = declared ? tr_both("set in the project file (the source declares {1})", describe_srs(*declared))
                               : tr_both("set in the project file (the source declares none)");
  } else if (declared) {
    m_srs = make_srs(declared);
    info.crs_origin = tr_both("declared by the source");
  } else {
    throw Error(ErrorKind::input_data,
                trf("has no CRS (no .prj, or one GDAL cannot read); give it in the project file, e.g. crs = "
                    "\"EPSG:4549\" in [{1}]",
                    src.logical),
                where);
  }
  info.lonlat_source = !m_web_map && m_srs->IsGeographic();
  info.crs_source = m_web_map ? std::string(to_string(*m_web_map)) + " (web-map lon/lat)" : describe_srs(*m_srs);
}

void InputLayer::read_extent(const ErrorContext& where) {
  OGRLayer* layer = m_source.layer();
  {
    GdalMessageCapture capture;
    if (layer->GetExtent(&m_extent, TRUE) != OGRERR_NONE) m_extent = OGREnvelope();
  }
  // A shapefile without geometries (empty, or every shape null) has 0,0,0,0 in its header: no extent.
  const OGREnvelope& e = m_extent;
  if (e.IsInit() && e.MinX == 0 && e.MaxX == 0 && e.MinY == 0 && e.MaxY == 0) {
    std::string why_none;
    m_extent = robust_extent(layer, 2000, &why_none);
    if (!m_extent.IsInit() && !why_none.empty())  // GDAL's own reason, not "every geometry is null"
      throw Error(ErrorKind::input_data, trf("no geometry of the layer can be read: {1}", why_none), where);
  }
  try {
    check_coordinates_fit(*m_srs, m_extent, where);
  } catch (const Error&) {
    // One wild feature must not condemn a layer: judge the bulk of it; outliers are rejected per feature.
    const OGREnvelope robust = robust_extent(layer, 2000);
    check_coordinates_fit(*m_srs, robust, where);
    // ... and choose the analysis CRS from the bulk too (a shapefile's header extent includes the outlier,
    // and an empty or all-null layer's header says 0,0: then the robust extent is empty, as it should be).
    m_extent = robust;
  }
}

void InputLayer::choose_datum_shift(const LayerSource& src, const ErrorContext& where) {
  if (src.helmert) {  // the bureau's own 7 parameters: the datum shift is done (crs.hpp helmert_pipeline)
    m_helmert = src.helmert;
    m_info.crs_origin = tr_both("{1}; to CGCS2000 by the project's Helmert transformation ({2})", m_info.crs_origin,
                                src.helmert->convention);
  } else if (auto legacy = legacy_datum(*m_srs)) {
    m_legacy_datum = true;
    m_legacy_name = *legacy;
  }
  // The 7 parameters take a layer from its legacy datum to CGCS2000; on a layer already on CGCS2000 (or
  // WGS 84) they would be skipped where its CRS is the analysis CRS and applied where it is not: refuse.
  if (src.helmert && !legacy_datum(*m_srs))
    throw Error(ErrorKind::project,
                trf("helmert is given, but the layer's CRS ({1}) is not on Xian 1980 or Beijing 1954: the "
                    "parameters take a legacy datum to CGCS2000; remove them, or declare the layer's real CRS "
                    "with crs = \"EPSG:…\"",
                    describe_srs(*m_srs)),
                where);
}

std::int64_t InputLayer::split_fid(std::size_t split_from) {
  if (m_info.declared_count < 0 || static_cast<std::size_t>(m_info.declared_count) < split_from) return -1;
  OGRLayer* layer = m_source.layer();
  if (m_info.driver == "ESRI Shapefile") return m_info.declared_count / 2;  // FID = record number from 0
  if (m_info.driver != "GPKG" || !layer->GetFIDColumn() || !*layer->GetFIDColumn()) return -1;
  // A GeoPackage table's FID is its integer primary key (the SQLite rowid), which a scan returns in order:
  // cut halfway between the smallest and the largest. A view has no such order, and is read in one pass.
  const std::string sql =
      "SELECT MIN(" + sql_identifier(layer->GetFIDColumn()) + "), MAX(" +
      sql_identifier(layer->GetFIDColumn()) +
      "), (SELECT type FROM sqlite_master WHERE name = " + single_quoted(m_info.layer_name) + ") FROM " +
      sql_identifier(m_info.layer_name);
  GdalMessageCapture capture;
  OGRLayer* result = m_source.dataset()->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return -1;
  std::int64_t cut = -1;
  if (FeaturePtr f(result->GetNextFeature()); f && f->IsFieldSetAndNotNull(0) && f->IsFieldSetAndNotNull(1) &&
                                              std::string_view(f->GetFieldAsString(2)) == "table") {
    const std::int64_t lo = f->GetFieldAsInteger64(0), hi = f->GetFieldAsInteger64(1);
    if (hi > lo) cut = lo + (hi - lo) / 2 + 1;
  }
  m_source.dataset()->ReleaseResultSet(result);
  return cut;
}

void InputLayer::seek(const Range& range) {
  OGRLayer* layer = m_source.layer();
  if (m_info.driver == "GPKG" && (range.begin >= 0 || range.end >= 0)) {
    const std::string fid = sql_identifier(layer->GetFIDColumn());
    const std::string where = range.begin >= 0 ? fid + " >= " + std::to_string(range.begin)
                                               : fid + " < " + std::to_string(range.end);
    if (layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
      throw Error(ErrorKind::input_open, trf("cannot select features by FID ({1})", where),
                  {.file = m_info.display, .layer = m_info.layer_name});
  }
  layer->ResetReading();
  if (m_info.driver == "ESRI Shapefile" && range.begin > 0 &&
      layer->SetNextByIndex(range.begin) != OGRERR_NONE)
    throw Error(ErrorKind::input_open, trf("cannot seek to feature {1}", range.begin),
                {.file = m_info.display, .layer = m_info.layer_name});
}

PolygonLayer InputLayer::read_polygons(const OGRSpatialReference& analysis, Findings& findings,
                                       const Progress& progress, const ReadOptions& options) {
  // A partition reads the features its fids list names, one by one (RULES.md 26): in one pass.
  const std::int64_t cut = options.threads >= 2 && !m_src.fids ? split_fid(options.split_from) : -1;
  PolygonLayer out;
  if (cut < 0) {
    out = read_range(analysis, findings, progress, Range{.keep_null = options.keep_null_geometry});
  } else {
    // The second half on its own thread, with its own dataset and its own copy of the analysis CRS.
    InputLayer second = open(m_src, *m_schema);
    const SrsPtr srs = make_srs(&analysis);
    Findings later;
    auto tail = std::async(std::launch::async, [&] {
      return second.read_range(*srs, later, {},
                               Range{.begin = cut, .first = false, .keep_null = options.keep_null_geometry});
    });
    const std::size_t mark = findings.size();
    try {
      out = read_range(analysis, findings, progress, Range{.end = cut, .keep_null = options.keep_null_geometry});
    } catch (...) {
      tail.wait();  // the thread uses this frame
      throw;
    }
    PolygonLayer rest;
    try {
      rest = tail.get();
    } catch (const Error&) {
      // Read the second half again here, after the first, so that the message counts the features before it
      // as one pass would; the file fails the same way.
      InputLayer again = open(m_src, *m_schema);
      Findings ignored;
      again.read_range(analysis, ignored, {},
                       Range{.begin = cut,
                             .count_base = out.counts.read,
                             .first = false,
                             .keep_null = options.keep_null_geometry});
      throw;
    }
    // Findings reported once per layer keep the first occurrence, as in one pass: text that could not be
    // decoded (no feature) and text that is not valid UTF-8 (with its feature).
    bool gdal_lossy = false, bad_utf8 = false;
    for (std::size_t i = mark; i < findings.size(); ++i)
      if (const Finding& f = findings.items()[i]; f.kind == kind_key(FindingKind::encoding_lossy))
        (f.fid < 0 ? gdal_lossy : bad_utf8) = true;
    for (const Finding& f : later.items()) {
      if (f.kind == kind_key(FindingKind::encoding_lossy) && (f.fid < 0 ? gdal_lossy : bad_utf8)) continue;
      findings.add(f);
    }
    out.append(std::move(rest));
  }
  if (m_info.declared_count >= 0 && static_cast<std::int64_t>(out.counts.read) != m_info.declared_count &&
      m_info.driver == "ESRI Shapefile" && !m_src.fids)
    throw Error(ErrorKind::input_open,
                trf("the layer declares {1} features but {2} could be read (the .shp, .shx or .dbf is truncated)",
                    m_info.declared_count, out.counts.read),
                {.file = m_info.display, .layer = m_info.layer_name});
  if (progress) progress("read " + m_info.logical, 1.0);
  return out;
}

PolygonLayer InputLayer::read_range(const OGRSpatialReference& analysis, Findings& findings,
                                    const Progress& progress, const Range& range) {
  PolygonLayer out;
  out.info = m_info;
  OGRLayer* layer = m_source.layer();
  const ErrorContext where{.file = m_info.display, .layer = m_info.layer_name};
  const std::string& logical = m_info.logical;
  FindingReporter report(findings, logical);

  TransformPtr ct = transformation_to(analysis, where, out.info.crs_transform);
  if (m_legacy_datum && range.first) {
    report.layer_wide(FindingKind::crs_no_datum_shift,
                      tr_both("the layer is on the {1} datum; landrenew applies no datum shift to CGCS2000 (PROJ "
                              "has no published transformation): in Zhejiang the two differ by tens of metres "
                              "(Beijing 1954 more than Xian 1980), enough to move parcels across park and "
                              "district boundaries; convert the layer with the bureau's own 7-parameter "
                              "transformation first",
                              m_legacy_name));
  }

  const Box box = plausible_box(*m_srs);
  const auto id_binding =
      std::find_if(m_bindings.begin(), m_bindings.end(), [](auto& b) { return b.first == "id"; });
  const int id_index = id_binding == m_bindings.end() ? -1 : id_binding->second;
  for (const auto& [name, index] : m_bindings)
    out.attributes.column(name);  // every bound column exists

  GdalMessageCapture capture;
  seek(range);
  const bool part = range.begin >= 0 || range.end >= 0;
  const double expected =
      m_info.declared_count > 0 ? static_cast<double>(m_info.declared_count) / (part ? 2.0 : 1.0) : 0.0;
  std::size_t lossy_reported = 0;
  // GDAL's failures that came with a feature: a shapefile's corrupt record comes with its own feature (null
  // geometry); GDAL 3.6's GeoJSON driver reports an unreadable geometry (null coordinates) when it ingests
  // the file, with the first feature. Each is told with the next feature without a geometry (issue 18).
  // A failure that ends the reading stops it, and so does a .shp shorter than its index says (GDAL's
  // "Error in fread() reading object ... from .shp file"): a truncated file, not one bad record.
  std::deque<std::string> unread;
  const auto fatal = [](const GdalMessage& msg, const OGRFeature* feature) {
    return msg.level >= CE_Failure && (!feature || msg.text.starts_with("Error in fread()"));
  };
  std::size_t listed = 0;  // a partition's next FID to read (RULES.md 26)
  const auto next = [&]() -> OGRFeature* {
    if (!m_src.fids) return layer->GetNextFeature();
    if (listed == m_src.fids->size()) return nullptr;
    const std::int64_t fid = (*m_src.fids)[listed++].first;
    OGRFeature* f = layer->GetFeature(fid);
    if (!f)
      throw Error(ErrorKind::input_open,
                  trf("the partition lists feature {1}, which the layer does not have (partitioned from other data?)",
                      fid),
                  where);
    return f;
  };
  for (;;) {
    const std::size_t before = capture.messages().size();
    FeaturePtr f(next());
    // The feature just past this range is read by the next range too: its failures are told there, once,
    // whatever the thread count.
    const bool past = f && range.end >= 0 && f->GetFID() >= range.end;
    for (std::size_t m = before; m < capture.messages().size(); ++m) {
      const auto& msg = capture.messages()[m];
      if (fatal(msg, f.get()))
        throw Error(ErrorKind::input_open,
                    trf("reading stopped after {1} features: {2} (the file is corrupt or truncated)",
                        range.count_base + out.counts.read, msg.text),
                    where);
      if (msg.level >= CE_Failure && !past) unread.push_back(msg.text);
      if (msg.text.find("couldn't be converted") != std::string::npos && lossy_reported++ == 0)
        report.layer_wide(FindingKind::encoding_lossy,
                          tr_both("some text could not be decoded as {1} ({2}); set encoding = \"...\" for this "
                                  "layer if names look wrong",
                                  m_info.encoding.name, msg.text));
    }
    if (f) recode_text(*f, findings);  // even the feature past the range: GDAL converted it on reading
    if (!f || past) {
      for (const std::string& text : unread)  // failures no feature without a geometry accounts for
        report.layer_wide(
            FindingKind::read_error,
            tr_both("GDAL reported an error while reading the layer, and every feature was read: {1}", text));
      break;
    }
    ++out.counts.read;
    if (progress && expected > 0 && out.counts.read % 65536 == 0)
      progress("read " + logical, std::min(1.0, static_cast<double>(out.counts.read) / expected));

    const std::int64_t fid = f->GetFID();
    const std::string fid_label =
        id_index >= 0 && f->IsFieldSetAndNotNull(id_index) ? f->GetFieldAsString(id_index) : "";
    auto reject = [&](FindingKind kind, const Text& message, double x = NAN, double y = NAN) {
      ++out.counts.rejected;
      report.source_feature(fid, fid_label, kind, message, "", Action::rejected, x, y);
    };

    OGRGeometry* g = f->GetGeometryRef();
    if (!g && !unread.empty()) {
      reject(FindingKind::geometry_unreadable, tr_both("GDAL cannot read the feature's geometry: {1}", unread.front()));
      unread.pop_front();
      continue;
    }
    if ((!g || g->IsEmpty()) && range.keep_null) {
      report.source_feature(
          fid, fid_label, FindingKind::geometry_null_kept,
          g ? tr_both("the geometry is empty: kept without a footprint of its own, for the parcel codes it may "
                      "list (RULES.md 23)")
            : tr_both("the feature has no geometry: kept without a footprint of its own, for the parcel codes it "
                      "may list (RULES.md 23)"));
      keep_feature(out, *f, geom::empty_polygon(), false, findings);
      continue;
    }
    if (!g) {
      reject(FindingKind::geometry_null, tr_both("the feature has no geometry"));
      continue;
    }
    if (g->IsEmpty()) {
      reject(FindingKind::geometry_empty, tr_both("the geometry is empty"));
      continue;
    }
    GeometryVerdict v = judge_geometry(*f, box, ct.get());
    if (!v.geometry) {
      reject(v.kind, v.message, v.x, v.y);
      continue;
    }
    if (v.repaired) {
      ++out.counts.repaired;
      report.source_feature(fid, fid_label, FindingKind::geometry_repaired,
                            tr_both("{1} — repaired with GEOS MakeValid, polygonal parts kept", v.message), "",
                            Action::repaired, v.x, v.y);
    }
    keep_feature(out, *f, std::move(v.geometry), v.repaired, findings);
  }
  if (part) layer->SetAttributeFilter(nullptr);
  return out;
}

TransformPtr InputLayer::transformation_to(const OGRSpatialReference& analysis, const ErrorContext& where,
                                           Text& how) const {
  if (m_srs->IsSame(&analysis)) {
    how = tr_both("already in the analysis CRS");
    return nullptr;
  }
  GdalMessageCapture capture;
  TransformPtr ct;
  if (m_helmert) {
    OGRCoordinateTransformationOptions options;
    std::string pipeline;
    try {
      pipeline = helmert_pipeline(*m_srs, analysis, *m_helmert);
    } catch (const Error& e) {  // name the layer whose parameters they are
      throw Error(e.kind(), e.detail(), where);
    }
    options.SetCoordinateOperation(pipeline.c_str(), false);
    ct.reset(OGRCreateCoordinateTransformation(m_srs.get(), &analysis, options));
  } else {
    ct.reset(OGRCreateCoordinateTransformation(m_srs.get(), &analysis));
  }
  if (!ct)
    throw Error(ErrorKind::input_data,
                trf("cannot transform from {1} to the analysis CRS: {2}", m_info.crs_source, capture.last_error()),
                where);
  how = tr_both("transformed to {1}", describe_srs(analysis));
  if (m_web_map) ct = web_map_transformation(*m_web_map, std::move(ct));
  return ct;
}

void InputLayer::keep_feature(PolygonLayer& out, OGRFeature& f, geom::Geometry geometry, bool repaired,
                              Findings& findings) {
  const std::int64_t fid = f.GetFID();
  ++out.counts.used;
  out.fid.push_back(fid);
  out.area_m2.push_back(geom::area(geometry.get()));
  geom::cache_envelopes(geometry.get());  // the analysis reads inputs from several threads
  out.geometry.push_back(std::move(geometry));
  out.repaired.push_back(repaired);
  for (const auto& [name, index] : m_bindings) {
    const auto kind = m_schema->field(name)->kind;
    if (!f.IsFieldSetAndNotNull(index))
      out.attributes.column(name).push(std::nullopt);
    else
      out.attributes.column(name).push(checked_utf8(field_text(f, index, kind), index, fid, findings));
  }
}

// What GDAL does when it converts a shapefile's text: every text field of a feature, as it is read.
void InputLayer::recode_text(OGRFeature& f, Findings& findings) {
  if (!m_recoder) return;
  for (const int i : m_text_fields) {
    if (!f.IsFieldSetAndNotNull(i)) continue;
    const char* raw = f.GetFieldAsString(i);
    const std::string utf8 = m_recoder->recode(raw);
    if (utf8 != raw) f.SetField(i, utf8.c_str());
  }
  report_lossy_recoding(findings);
}

void InputLayer::report_lossy_recoding(Findings& findings) {
  if (m_lossy_reported || !m_recoder || !m_recoder->lossy()) return;
  m_lossy_reported = true;
  // Where GDAL's own conversion would have warned (read_range: a finding without a feature, added when
  // the feature with the undecodable text is read, before that feature's own findings).
  FindingReporter(findings, m_info.logical)
      .layer_wide(FindingKind::encoding_lossy,
                  tr_both("some text could not be decoded as {1} (one or several bytes are not {1} and were "
                          "skipped); set encoding = \"...\" for this layer if names look wrong",
                          m_info.encoding.name));
}

// GDAL recodes text from the encoding it is told, reporting what it cannot convert; text it is told is
// already UTF-8 (a .cpg that says so wrongly, a GeoPackage written by a broken tool) passes unchecked. The
// first such cell of a layer is a finding; the text is kept as it is (the outputs replace what is not UTF-8).
std::string InputLayer::checked_utf8(std::string text, int index, std::int64_t fid, Findings& findings) {
  if (!m_invalid_utf8_reported && !is_valid_utf8(text)) {
    m_invalid_utf8_reported = true;
    const std::size_t i = static_cast<std::size_t>(index);
    FindingReporter(findings, m_info.logical)
        .source_feature(
            fid, "", FindingKind::encoding_lossy,
            tr_both("text is not valid {1} although the layer is read as {1} ({2}); set encoding = \"...\" for "
                    "this layer (GBK, GB18030, ...) if names look wrong",
                    m_info.encoding.name, m_info.encoding.source),
            i < m_info.source_fields.size() ? m_info.source_fields[i] : "");
  }
  return text;
}

void InputLayer::read_gdal_rows(std::vector<StagedRow>& staged, TableLayer& out, Findings& findings) {
  OGRLayer* layer = m_source.layer();
  const ErrorContext where{.file = m_info.display, .layer = m_info.layer_name};
  GdalMessageCapture capture;
  layer->ResetReading();
  std::size_t lossy_reported = 0;
  for (;;) {
    const std::size_t before = capture.messages().size();
    FeaturePtr f(layer->GetNextFeature());
    for (std::size_t m = before; m < capture.messages().size(); ++m) {
      const auto& msg = capture.messages()[m];
      if (msg.level >= CE_Failure)
        throw Error(ErrorKind::input_open,
                    trf("reading stopped after {1} rows: {2}", out.counts.read, msg.text), where);
      if (msg.text.find("couldn't be converted") != std::string::npos && lossy_reported++ == 0)
        FindingReporter(findings, m_info.logical)
            .layer_wide(FindingKind::encoding_lossy,
                        tr_both("some text could not be decoded as {1}: {2}", m_info.encoding.name, msg.text));
    }
    if (!f) break;
    recode_text(*f, findings);
    std::vector<std::string> cells;
    for (int i = 0; i < f->GetFieldCount(); ++i)
      cells.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
    std::vector<std::optional<std::string>> values;
    for (const auto& [name, index] : m_bindings) {
      if (!f->IsFieldSetAndNotNull(index))
        values.emplace_back(std::nullopt);
      else
        values.emplace_back(
            checked_utf8(field_text(*f, index, m_schema->field(name)->kind), index, f->GetFID(), findings));
    }
    stage_row(f->GetFID(), "", cells, std::move(values), staged, out, findings);
  }
}

}  // namespace landrenew::io
