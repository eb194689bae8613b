#include "landrenew/rules/register.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/source.hpp"

#include "geom/index.hpp"

namespace landrenew::rules {
using namespace geom::index;

namespace {

// Used parcels by normalised id (RULES.md 21); a code several parcels carry names all of them.
std::map<std::string, std::vector<std::size_t>> parcels_by_code(const PolygonLayer& parcels) {
  std::map<std::string, std::vector<std::size_t>> out;
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    std::string code = normalise_identifier(parcels.id(p));
    if (!code.empty()) out[std::move(code)].push_back(p);
  }
  return out;
}

// The listed codes of record `i` looked up among the used parcels.
RecordParcels look_up(const PolygonLayer& renewal, std::size_t i,
                      const std::map<std::string, std::vector<std::size_t>>& by_code) {
  RecordParcels rp;
  const auto cell = renewal.attributes.get(RegisterField::parcel_ids, i);
  if (!cell) return rp;
  rp.listed = split_parcel_codes(*cell);
  for (const auto& code : rp.listed) {
    const auto it = by_code.find(code);
    if (it == by_code.end()) {
      rp.unknown.push_back(code);
      continue;
    }
    rp.known.push_back(code);
    rp.parcels.insert(rp.parcels.end(), it->second.begin(), it->second.end());
  }
  std::sort(rp.parcels.begin(), rp.parcels.end());
  rp.parcels.erase(std::unique(rp.parcels.begin(), rp.parcels.end()), rp.parcels.end());
  return rp;
}

// The union of the parcels (RULES.md 23): ground two listed parcels share, or a parcel listed twice, once.
geom::Geometry union_of_parcels(const PolygonLayer& parcels, const std::vector<std::size_t>& list) {
  if (list.size() == 1) return geom::clone(parcels.geometry[list.front()].get());
  std::vector<const GEOSGeometry*> parts;
  for (auto p : list)
    parts.push_back(parcels.geometry[p].get());
  geom::Geometry u = geom::polygonal_parts(geom::union_of(parts).get());
  if (!u) {
    std::vector<std::string> ids;
    for (auto p : list)
      ids.emplace_back(parcels.id(p));
    throw Error(ErrorKind::internal,
                trf("GEOS union of the listed parcels {1} failed: {2}", join(ids), geom::last_error()),
                {.file = parcels.info.display, .layer = parcels.info.layer_name});
  }
  return u;
}

void report_unknown(const PolygonLayer& r, std::size_t i, const RecordParcels& rp, Findings& findings) {
  if (rp.unknown.empty()) return;
  const Text codes = rp.unknown.size() > 1
                         ? tr_both("parcel codes {1} name no used parcel", join(rp.unknown))
                         : tr_both("parcel code {1} names no used parcel", join(rp.unknown));
  Text message =
      !rp.from_codes ? tr_both("{1} (the record's geometry is kept; RULES.md 23)", codes)
      : rp.parcels.empty()
          ? tr_both("{1}: the record has no footprint and does not count (RULES.md 23)", codes)
          : tr_both("{1}: the footprint is the union of the other listed parcels (RULES.md 23)", codes);
  register_reporter(findings, r)
      .feature(i, FindingKind::parcel_code_unknown, std::move(message),
               source_field(r.info, RegisterField::parcel_ids));
}

// Parcel indices whose area lies inside `g` by more than `share`, and the listed ones by less.
void compare_with_geometry(const PolygonLayer& parcels, const Tree& tree, const GEOSGeometry* g,
                           RecordParcels& rp) {
  const auto ctx = geom::context();
  const geom::Envelope e = geom::envelope(g);
  std::vector<Entry> hits;
  tree.query(bgi::intersects(box_of(e)), std::back_inserter(hits));
  std::sort(hits.begin(), hits.end(), [](const Entry& a, const Entry& b) { return a.second < b.second; });
  const geom::Prepared prepared = geom::prepare(g);
  std::map<std::size_t, double> inside;  // parcel → share of its area inside the geometry
  for (const auto& [box, p] : hits) {
    const GEOSGeometry* parcel = parcels.geometry[p].get();
    if (!(parcels.area_m2[p] > 0) || GEOSPreparedIntersects_r(ctx, prepared.get(), parcel) != 1) continue;
    double a = parcels.area_m2[p];
    if (GEOSPreparedCovers_r(ctx, prepared.get(), parcel) != 1) {
      geom::Geometry part = geom::intersection(g, parcel);
      a = part ? geom::area(part.get()) : 0.0;
    }
    inside[p] = a / parcels.area_m2[p];
  }
  const std::set<std::size_t> listed(rp.parcels.begin(), rp.parcels.end());
  std::set<std::string> outside, unlisted;
  for (auto p : rp.parcels)
    if (const auto it = inside.find(p); it == inside.end() || it->second < kCodesDisagreeShare)
      outside.insert(normalise_identifier(parcels.id(p)));
  for (const auto& [p, share] : inside)
    if (share > kCodesDisagreeShare && !listed.count(p)) unlisted.insert(normalise_identifier(parcels.id(p)));
  rp.listed_outside.assign(outside.begin(), outside.end());
  rp.unlisted_inside.assign(unlisted.begin(), unlisted.end());
}

}  // namespace

bool register_is_table(const LayerSource& src) {
  if (src.is_connection()) return false;
  std::string ext = std::filesystem::path(src.path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".csv" || ext == ".txt" || ext == ".xlsx" || ext == ".xls" || ext == ".ods" || ext == ".dbf")
    return true;
  if (ext != ".gpkg") return false;
  // A GeoPackage holds feature tables and attribute tables alike: the named one decides.
  const io::OpenedSource opened = io::open_source(src, io::SourceRole::table);
  return opened.layer() && opened.layer()->GetLayerDefn()->GetGeomFieldCount() == 0;
}

const LayerSchema& register_table_schema() {
  static const LayerSchema schema = [] {
    LayerSchema s = *find_layer_schema("renewal");  // the one declaration (schema.cpp), read as a table
    s.geometry = false;
    return s;
  }();
  return schema;
}

PolygonLayer register_from_codes(TableLayer table, const PolygonLayer& parcels,
                                 std::vector<RecordParcels>& out, Findings& findings) {
  if (!table.attributes.has(RegisterField::parcel_ids))
    throw Error(
        ErrorKind::input_data,
        trf("the register has no geometry and no parcel-code column: map parcel_ids = \"<column>\" in "
            "[renewal.fields] (RULES.md 23: a record's footprint is the union of the parcels it lists); "
            "its columns are: {1}",
            join(table.info.source_fields)),
        {.file = table.info.display, .layer = table.info.layer_name});
  PolygonLayer r;
  r.info = std::move(table.info);
  r.info.crs_transform = tr_both("footprints are the listed parcels' (RULES.md 23)");
  r.counts = table.counts;
  r.fid = std::move(table.row);
  r.attributes = std::move(table.attributes);
  const auto by_code = parcels_by_code(parcels);
  out.clear();
  out.reserve(r.fid.size());
  for (std::size_t i = 0; i < r.fid.size(); ++i) {
    RecordParcels rp = look_up(r, i, by_code);
    rp.from_codes = true;
    geom::Geometry g = rp.parcels.empty() ? geom::empty_polygon() : union_of_parcels(parcels, rp.parcels);
    geom::cache_envelopes(g.get());  // read from several threads later
    r.area_m2.push_back(geom::area(g.get()));
    r.geometry.push_back(std::move(g));
    r.repaired.push_back(false);
    report_unknown(r, i, rp, findings);
    out.push_back(std::move(rp));
  }
  return r;
}

std::vector<RecordParcels> match_register_codes(PolygonLayer& renewal, const PolygonLayer& parcels,
                                                Findings& findings) {
  std::vector<RecordParcels> out;
  const auto has_no_footprint = [&](std::size_t i) { return geom::is_empty(renewal.geometry[i].get()); };
  bool any_without = false;
  for (std::size_t i = 0; i < renewal.size() && !any_without; ++i)
    any_without = has_no_footprint(i);
  if (!renewal.attributes.has(RegisterField::parcel_ids) && !any_without) return out;
  const auto by_code = parcels_by_code(parcels);
  std::vector<Entry> entries;
  for (std::size_t p = 0; p < parcels.size(); ++p)
    entries.emplace_back(box_of(geom::envelope(parcels.geometry[p].get())), p);
  const Tree tree(entries.begin(), entries.end());
  out.reserve(renewal.size());
  FindingReporter report = register_reporter(findings, renewal);
  const std::string codes_field = source_field(renewal.info, RegisterField::parcel_ids);
  for (std::size_t i = 0; i < renewal.size(); ++i) {
    RecordParcels rp = look_up(renewal, i, by_code);
    if (has_no_footprint(i)) {
      // A record kept without geometry (ReadOptions::keep_null_geometry): its codes make its footprint, as
      // in a register without geometry; none known, it does not count (NotCounted::no_parcel_code).
      rp.from_codes = true;
      if (!rp.parcels.empty()) {
        geom::Geometry g = union_of_parcels(parcels, rp.parcels);
        geom::cache_envelopes(g.get());  // read from several threads later
        renewal.area_m2[i] = geom::area(g.get());
        renewal.geometry[i] = std::move(g);
        report.feature(
            i, FindingKind::register_footprint_from_codes,
            tr_both("the record has no geometry; its footprint is the union of the parcels it lists: "
                    "{1} (RULES.md 23)",
                    join(rp.known)),
            codes_field);
      }
    } else if (!rp.listed.empty()) {
      compare_with_geometry(parcels, tree, renewal.geometry[i].get(), rp);
    }
    report_unknown(renewal, i, rp, findings);
    if (!rp.listed_outside.empty() || !rp.unlisted_inside.empty()) {
      Text message =
          tr_both("the listed parcel codes disagree with the record's geometry, which is kept (RULES.md 23)");
      if (!rp.listed_outside.empty())
        message = tr_both("{1}; listed, less than half inside: {2}", message, join(rp.listed_outside));
      if (!rp.unlisted_inside.empty())
        message = tr_both("{1}; not listed, more than half inside: {2}", message, join(rp.unlisted_inside));
      report.feature(i, FindingKind::parcel_codes_disagree, std::move(message), codes_field);
    }
    out.push_back(std::move(rp));
  }
  return out;
}

FindingReporter register_reporter(Findings& findings, const PolygonLayer& renewal) {
  return FindingReporter(findings, renewal.info.logical.empty() ? "renewal" : renewal.info.logical, renewal,
                         FeatureIdForm::trimmed);
}

}  // namespace landrenew::rules
