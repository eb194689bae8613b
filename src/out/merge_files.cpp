// `landrenew merge`'s files beside summary.json (RULES.md 26): landrenew.gpkg recombined from the partitions'
// own features, then tables.xlsx, landrenew.qgs and report.html made from it and the merged summary.json by
// the writers a run uses.
#include "out/merge_files.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "landrenew/core/date.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/columns.hpp"
#include "landrenew/out/context.hpp"
#include "landrenew/out/gpkg.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/out/xlsx.hpp"
#include "landrenew/rules/zones.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

/// Layer `name` of one partition's landrenew.gpkg, read in order, with the source field of each declared
/// column.
struct Cursor {
  OGRLayer* layer = nullptr;
  std::vector<int> field;  ///< per declared column; -1 when the partition's layer lacks it
  int key = -1;            ///< the ordering field, or -1
  io::FeaturePtr next;

  void advance() { next.reset(layer->GetNextFeature()); }
  std::int64_t key_value() const { return key >= 0 ? next->GetFieldAsInteger64(key) : 0; }
};

Cursor open_cursor(GDALDataset& ds, std::string_view name, const std::vector<ColumnSpec>& columns,
                   const char* key) {
  Cursor c;
  c.layer = ds.GetLayerByName(std::string(name).c_str());
  if (!c.layer) return c;
  OGRFeatureDefn* defn = c.layer->GetLayerDefn();
  for (const ColumnSpec& col : columns)
    c.field.push_back(defn->GetFieldIndex(std::string(col.name).c_str()));
  if (key) c.key = defn->GetFieldIndex(key);
  c.layer->ResetReading();
  c.advance();
  return c;
}

/// The declared columns' values of the cursor's current feature.
std::vector<Value> values_of(const Cursor& c, const std::vector<ColumnSpec>& columns) {
  std::vector<Value> out;
  out.reserve(columns.size());
  const OGRFeature& f = *c.next;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const int i = c.field[k];
    if (i < 0 || !f.IsFieldSetAndNotNull(i)) {
      out.emplace_back();
    } else if (columns[k].type == FieldType::integer) {
      out.emplace_back(static_cast<std::int64_t>(f.GetFieldAsInteger64(i)));
    } else if (columns[k].type == FieldType::real) {
      out.emplace_back(f.GetFieldAsDouble(i));
    } else {
      out.emplace_back(std::string(f.GetFieldAsString(i)));
    }
  }
  return out;
}

/// Adds the cursor's current feature, with `values`, to `l` (a layer of `kind`).
void add_feature(LayerWriter& l, GeometryKind kind, const Cursor& c, std::vector<Value> values) {
  const OGRGeometry* g = c.next->GetGeometryRef();
  if (!g || g->IsEmpty() || kind == GeometryKind::none) {
    l.add(nullptr, std::move(values));
  } else if (kind == GeometryKind::point) {
    const OGRPoint* p = g->toPoint();
    l.add_point(p->getX(), p->getY(), std::move(values));
  } else {
    const geom::Geometry polygon = geom::from_ogr(*g);
    l.add(polygon.get(), std::move(values));
  }
}

std::size_t column_of(const std::vector<ColumnSpec>& columns, std::string_view name) {
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (columns[k].name == name) return k;
  throw Error(ErrorKind::internal, trf("result layer column '{1}' is not declared", name));
}

using Edit = std::function<void(std::vector<Value>&)>;

/// Every partition's rows of a layer each partition writes its own rows of (RULES.md 26): by `key` (each
/// partition's rows are in that order, as one run writes them all), or partition by partition without one.
void copy_owned_rows(LayerWriter& l, const LayerSpec& spec, std::vector<Cursor>& cursors,
                     const std::vector<ColumnSpec>& columns, bool by_key, const Edit& edit) {
  const auto emit = [&](Cursor& c) {
    std::vector<Value> values = values_of(c, columns);
    if (edit) edit(values);
    add_feature(l, spec.kind, c, std::move(values));
    c.advance();
  };
  if (!by_key) {
    for (Cursor& c : cursors)
      while (c.layer && c.next)
        emit(c);
    return;
  }
  for (;;) {
    Cursor* least = nullptr;
    for (Cursor& c : cursors)
      if (c.layer && c.next && (!least || c.key_value() < least->key_value())) least = &c;
    if (!least) return;
    emit(*least);
  }
}

json at_or_null(const json& object, const std::string& key) {
  return object.is_object() && object.contains(key) ? object.at(key) : json(nullptr);
}

Value number(const json& v) {
  return v.is_number() ? Value(v.get<double>()) : Value();
}

/// Districts and parks: partition 1's features (every partition reads the whole layer) with the merged
/// figures of each zone (RULES.md 5, 9, 26), as write_zone_layer sets them from one run's analysis.
void zone_rows(LayerWriter& l, const LayerSpec& spec, Cursor& c, const std::vector<ColumnSpec>& columns,
               const MergedFigures& m) {
  const bool parks = spec.name == "parks";
  const json& s = *m.summary;
  const std::size_t id_column = column_of(columns, parks ? "park_id" : "code");
  const std::map<std::string, rules::ZoneFar>& far = parks ? m.park_far : m.district_far;
  const json& rows = s.at(parks ? "parks" : "districts");
  const json freed_by = at_or_null(s.at("freed"), parks ? "by_park" : "by_district");
  const json plan = s.contains("plan") ? at_or_null(s.at("plan"), parks ? "parks" : "districts") : json(nullptr);
  for (; c.next; c.advance()) {
    std::vector<Value> v = values_of(c, columns);
    const std::string id = std::get<std::string>(v[id_column]);
    const auto set = [&](std::string_view name, Value x) { v[column_of(columns, name)] = std::move(x); };
    json row;
    for (const json& r : rows)
      if (r.at(parks ? "id" : "code") == id) row = r;
    set("industrial_mu", row.is_object() ? number(row.at("industrial_mu")) : Value(0.0));
    const auto f = far.find(id);
    const rules::ZoneFar* z = f == far.end() ? nullptr : &f->second;
    set("parcels_before", z ? Value(static_cast<std::int64_t>(z->parcels_before)) : Value());
    set("parcels_after", z ? Value(static_cast<std::int64_t>(z->parcels_after)) : Value());
    set("gfa_before", z ? Value(z->gfa_before_m2) : Value());
    set("gfa_after", z ? Value(z->gfa_after_m2) : Value());
    set("far_before", z ? opt(z->far_before) : Value());
    set("far_after", z ? opt(z->far_after) : Value());
    set("uplift", z ? opt(z->uplift) : Value());
    set("meets_target", z ? Value(static_cast<std::int64_t>(z->meets_target ? 1 : 0)) : Value());
    set("far_note", z ? text_or_null(z->note) : Value());
    set("freed_mu", freed_by.is_object() && freed_by.contains(id) ? number(freed_by.at(id)) : Value(0.0));
    // DOMAIN.md §1: 规上 efficiency, from the merged plan (null where it is not in the merged summary).
    const json e = at_or_null(plan, id);
    set("enterprises_large", e.is_object() ? Value(e.at("enterprises").get<std::int64_t>()) : Value());
    set("tax_per_mu", e.is_object() ? number(e.at("tax_per_mu")) : Value());
    set("value_added_per_mu", e.is_object() ? number(e.at("value_added_per_mu")) : Value());
    set("labour_productivity", e.is_object() ? number(e.at("labour_productivity")) : Value());
    const json above = e.is_object() ? at_or_null(e, "tax_above_provincial") : json(nullptr);
    set("tax_above_provincial", above.is_boolean() ? Value(static_cast<std::int64_t>(above.get<bool>())) : Value());
    add_feature(l, spec.kind, c, std::move(v));
  }
}

/// The freed pieces of every partition (each wrote its own records' pieces), ordered as one run orders them
/// — by completion date, then record id (RULES.md 17's attribution order), then by position — and numbered
/// again.
void freed_rows(LayerWriter& l, std::vector<Cursor>& cursors, const std::vector<ColumnSpec>& columns) {
  struct Piece {
    std::string date, record;
    OGREnvelope box;
    std::vector<Value> values;
    geom::Geometry geometry;
  };
  const std::size_t completed = column_of(columns, "completed"), record = column_of(columns, "record_id"),
                    piece = column_of(columns, "piece");
  std::vector<Piece> pieces;
  for (Cursor& c : cursors)
    for (; c.layer && c.next; c.advance()) {
      Piece p{.values = values_of(c, columns)};
      const auto text = [&](std::size_t k) {
        return std::holds_alternative<std::string>(p.values[k]) ? std::get<std::string>(p.values[k]) : "";
      };
      p.date = text(completed);
      p.record = text(record);
      if (const OGRGeometry* g = c.next->GetGeometryRef(); g && !g->IsEmpty()) {
        g->getEnvelope(&p.box);
        p.geometry = geom::from_ogr(*g);
      }
      pieces.push_back(std::move(p));
    }
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    if (a.date != b.date) return a.date < b.date;  // ISO dates
    if (const int c = rules::compare_zone_ids(a.record, b.record); c != 0) return c < 0;
    if (a.box.MinX != b.box.MinX) return a.box.MinX < b.box.MinX;
    return a.box.MinY < b.box.MinY;
  });
  std::int64_t n = 0;
  for (Piece& p : pieces) {
    p.values[piece] = Value(++n);
    l.add(p.geometry.get(), std::move(p.values));
  }
}

/// A zone layer of partition 1's GeoPackage and its index (the index refers to the layer).
struct Zones {
  PolygonLayer layer;
  std::optional<rules::ZoneIndex> index;
};

/// A zone layer of partition 1's GeoPackage as a zone index (RULES.md 5 memberships of the clusters); null
/// when there is no such layer.
std::unique_ptr<Zones> zone_index(GDALDataset& ds, const char* layer_name, const char* id_column,
                                  const char* logical_id) {
  OGRLayer* layer = ds.GetLayerByName(layer_name);
  if (!layer) return nullptr;
  auto out = std::make_unique<Zones>();
  PolygonLayer& zones = out->layer;
  zones.info.logical = layer_name;
  TextColumn& ids = zones.attributes.column(logical_id);
  TextColumn& names = zones.attributes.column("name");
  layer->ResetReading();
  for (io::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    zones.fid.push_back(f->GetFID());
    zones.geometry.push_back(geom::from_ogr(*g));
    geom::cache_envelopes(zones.geometry.back().get());
    zones.area_m2.push_back(geom::area(zones.geometry.back().get()));
    zones.repaired.push_back(false);
    ids.push(std::string_view(f->GetFieldAsString(id_column)));
    names.push(std::string_view(f->GetFieldAsString("name")));
  }
  out->index.emplace(zones, logical_id);
  return out;
}

/// The clusters found again over every partition's low-efficiency parcels (RULES.md 15), as write_clusters
/// writes one run's.
void cluster_rows(LayerWriter& l, GDALDataset& first, const MergedFigures& m) {
  const std::unique_ptr<Zones> district_layer = zone_index(first, "districts", "code", "code");
  const std::unique_ptr<Zones> park_layer = zone_index(first, "parks", "park_id", "id");
  const rules::ZoneIndex* districts = district_layer ? &*district_layer->index : nullptr;
  const rules::ZoneIndex* parks = park_layer ? &*park_layer->index : nullptr;
  for (const rules::Cluster& c : *m.clusters) {
    std::string labels;
    for (std::size_t p : c.parcels) {
      const std::string& id = m.low_ids[p];
      labels += (labels.empty() ? "" : ";") + (id.empty() ? "fid " + std::to_string(m.low->fid[p]) : id);
    }
    const GEOSGeometry* g = c.geometry.get();
    const auto district = districts ? districts->member(g, c.area_m2, 0.0) : std::nullopt;
    const auto park = parks ? parks->member(g, c.area_m2, m.profile->park_majority) : std::nullopt;
    l.add(g, {Value(c.id), Value(static_cast<std::int64_t>(c.parcels.size())), Value(labels),
              Value(mu_from_m2(c.area_m2)), Value(static_cast<std::int64_t>(c.candidate ? 1 : 0)),
              district ? Value(districts->id(*district)) : Value(), park ? Value(parks->id(*park)) : Value()});
  }
}

/// The merged GeoPackage; fills `context`'s districts and first findings from what it copies.
void write_merged_gpkg(const MergedFigures& m, const fs::path& file, std::vector<io::DatasetPtr>& sources,
                       OutputContext& context, std::map<std::string, Finding>& first_findings) {
  GDALDataset& first = *sources.front();
  OGRLayer* parcels = first.GetLayerByName("parcels");
  if (!parcels || !parcels->GetSpatialRef())
    throw Error(ErrorKind::usage, tr("cannot read the parcels of landrenew.gpkg"),
                {.file = (m.runs.front() / file::gpkg).string()});
  GpkgWriter w(file, *parcels->GetSpatialRef());
  std::map<std::int64_t, std::string> cluster_of;  // parcel source FID → merged cluster id
  for (const rules::Cluster& c : *m.clusters)
    for (std::size_t p : c.parcels)
      cluster_of[m.low->fid[p]] = c.id;
  for (const LayerSpec& spec : output_layers()) {
    if (!first.GetLayerByName(std::string(spec.name).c_str())) continue;  // an optional input not given
    const std::vector<ColumnSpec>& columns = *output_columns(spec.name);
    LayerWriter& l = start_layer(w, spec.name);
    const bool keyed = spec.name == "parcels" || spec.name == "buildings_before" ||
                       spec.name == "buildings_after" || spec.name == "renewal" || spec.name == "enterprises" ||
                       spec.name == "enterprise_points";
    const char* key = spec.name.starts_with("enterprise") ? "row" : "source_fid";
    std::vector<Cursor> cursors;
    for (io::DatasetPtr& ds : sources)
      cursors.push_back(open_cursor(*ds, spec.name, columns, keyed ? key : nullptr));
    if (spec.name == "districts" || spec.name == "parks") {
      zone_rows(l, spec, cursors.front(), columns, m);
      continue;
    }
    if (spec.name == "clusters") {
      cluster_rows(l, first, m);
      continue;
    }
    if (spec.name == "freed") {
      freed_rows(l, cursors, columns);
      continue;
    }
    Edit edit;
    if (spec.name == "parcels") {
      const std::size_t fid = column_of(columns, "source_fid"), cluster = column_of(columns, "cluster_id");
      edit = [&, fid, cluster](std::vector<Value>& v) {
        const auto it = cluster_of.find(std::get<std::int64_t>(v[fid]));
        v[cluster] = it == cluster_of.end() ? Value() : Value(it->second);
      };
    } else if (spec.name == "qa_findings") {
      const auto text = [&](const std::vector<Value>& v, std::string_view name) {
        const Value& x = v[column_of(columns, name)];
        return std::holds_alternative<std::string>(x) ? std::get<std::string>(x) : std::string();
      };
      // The report's example of each kind is the finding one run makes first: a run finds layer by layer,
      // each in FID (or row) order, so of each kind the one on the earliest layer with the smallest FID —
      // the layers in the order they first appear.
      edit = [&, text, layers = std::map<std::string, std::size_t>()](std::vector<Value>& v) mutable {
        Finding f;
        f.kind = text(v, "kind");
        f.layer = text(v, "layer");
        const Value& fid = v[column_of(columns, "source_fid")];
        f.fid = std::holds_alternative<std::int64_t>(fid) ? std::get<std::int64_t>(fid) : -1;
        layers.emplace(f.layer, layers.size());
        const auto best = first_findings.find(f.kind);
        if (best != first_findings.end()) {
          const Finding& b = best->second;
          const bool earlier = layers.at(f.layer) < layers.at(b.layer) ||
                               (f.layer == b.layer && f.fid >= 0 && b.fid >= 0 && f.fid < b.fid);
          if (!earlier) return;
        }
        f.feature_id = text(v, "feature_id");
        f.message = Text{text(v, "message"), text(v, "message_zh")};
        first_findings.insert_or_assign(f.kind, std::move(f));
      };
    }
    copy_owned_rows(l, spec, cursors, columns, keyed, edit);
  }
  for (const auto& [kind, f] : first_findings)
    context.first_finding.emplace(kind, &f);
  if (OGRLayer* d = first.GetLayerByName("districts")) {
    d->ResetReading();
    for (io::FeaturePtr f(d->GetNextFeature()); f; f.reset(d->GetNextFeature()))
      context.districts.emplace_back(f->GetFieldAsString("code"), f->GetFieldAsString("name"));
  }
  write_gpkg_styles(w, context);
  w.close();
}

}  // namespace

void write_merged_files(const MergedFigures& m, const fs::path& dir) {
  io::init_gdal();
  std::vector<io::DatasetPtr> sources;
  for (const fs::path& run : m.runs)
    sources.push_back(open_result_gpkg(run / file::gpkg));
  const json& s = *m.summary;
  const json& manifest = *m.manifest;
  AnalysisCrs crs;
  if (OGRLayer* parcels = sources.front()->GetLayerByName("parcels"))
    crs.srs = io::make_srs(parcels->GetSpatialRef());
  const json crs_info = at_or_null(manifest, "analysis_crs");
  crs.epsg = crs_info.is_object() ? crs_info.value("epsg", 0) : 0;
  crs.description = s.at("analysis_crs").get<std::string>();
  OutputContext context{.project_name = at_or_null(manifest, "project").value("name", std::string()),
                        .as_of = *parse_date(s.at("as_of").get<std::string>()),
                        .profile = m.profile,
                        .crs = &crs};
  if (const json years = at_or_null(s.at("freed"), "by_year"); years.is_object())
    for (const auto& [year, mu] : years.items())
      context.freed_years.insert(std::stoi(year));
  std::map<std::string, Finding> first_findings;
  const fs::path gpkg = dir / file::gpkg;
  // As a run does: the GeoPackage's "last change" time is the as-of date, so that the same partitions give
  // the same bytes.
  const std::string stamp = context.as_of.iso() + "T00:00:00.000Z";
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", stamp.c_str());
  try {
    write_merged_gpkg(m, gpkg, sources, context, first_findings);
  } catch (...) {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    throw;
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  sources.clear();
  write_qgis_project(context, gpkg, dir / file::qgis);
  write_tables_xlsx(s, gpkg, dir / file::tables);
  write_report_html(context, s, manifest, gpkg, dir / file::report);
}

}  // namespace landrenew::out
