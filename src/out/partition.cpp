// `landrenew partition` (RULES.md 26; the files, hence the out layer): one project per district, each with the FIDs it reads — the features
// it owns and a margin that lets it judge them as one run would — and a profile with the 亩均 statistics of
// the whole enterprise table pinned.
#include "landrenew/out/partition.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <set>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/out/staging.hpp"
#include "landrenew/pipeline/check.hpp"
#include "landrenew/rules/mujun.hpp"

#include "geom/index.hpp"
#include "pipeline/stages.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;
using geom::index::box_of;
using geom::index::Entry;
using geom::index::Tree;

namespace {

/// Used features of one layer by partition: what each reads, and who owns each.
struct LayerCut {
  std::vector<int> owner;                      ///< per used feature: its rank (1-based)
  std::vector<std::vector<std::size_t>> read;  ///< per rank − 1: used features it reads, ascending
};

/// An R-tree over a layer's envelopes.
Tree tree_of(const PolygonLayer& layer) {
  std::vector<Entry> entries;
  entries.reserve(layer.size());
  for (std::size_t i = 0; i < layer.size(); ++i)
    entries.emplace_back(box_of(geom::envelope(layer.geometry[i].get())), i);
  return Tree(entries.begin(), entries.end());
}

/// Features of `layer` (by `tree`) within `gap` of `g` (intersecting it when gap = 0).
std::vector<std::size_t> near(const Tree& tree, const PolygonLayer& layer, const GEOSGeometry* g, double gap) {
  geom::Envelope e = geom::envelope(g);
  e.minx -= gap;
  e.miny -= gap;
  e.maxx += gap;
  e.maxy += gap;
  std::vector<Entry> hits;
  tree.query(geom::index::bgi::intersects(box_of(e)), std::back_inserter(hits));
  std::vector<std::size_t> out;
  const auto ctx = geom::context();
  for (const auto& [box, i] : hits) {
    const char r = gap > 0 ? GEOSDistanceWithin_r(ctx, g, layer.geometry[i].get(), gap)
                           : GEOSIntersects_r(ctx, g, layer.geometry[i].get());
    if (r == 2) throw Error(ErrorKind::internal, trf("GEOS failed: {1}", geom::last_error()));
    if (r == 1) out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Adds `more` to the sorted set `into`.
void add_all(std::vector<std::size_t>& into, const std::vector<std::size_t>& more) {
  std::vector<std::size_t> merged;
  merged.reserve(into.size() + more.size());
  std::set_union(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(merged));
  into.swap(merged);
}

/// RULES.md 26 partitions: the districts with used parcels in zone order, then "_outside" for parcels in
/// no district. Returns each parcel's rank.
std::vector<int> parcel_ranks(const ZonesResult& z, std::size_t n, std::vector<PartitionEntry>& entries) {
  std::vector<int> rank_of_zone(z.districts->size(), 0);
  bool outside = false;
  for (std::size_t p = 0; p < n; ++p) {
    if (z.parcel_district[p])
      rank_of_zone[*z.parcel_district[p]] = 1;
    else
      outside = true;
  }
  for (std::size_t d = 0; d < rank_of_zone.size(); ++d)
    if (rank_of_zone[d]) {
      entries.push_back({.id = z.districts->id(d), .name = z.districts->name(d)});
      rank_of_zone[d] = static_cast<int>(entries.size());
    }
  if (outside) entries.push_back({.id = "_outside", .name = "(outside every district)"});
  for (std::size_t r = 0; r < entries.size(); ++r)
    entries[r].rank = static_cast<int>(r + 1);
  std::vector<int> ranks(n);
  for (std::size_t p = 0; p < n; ++p)
    ranks[p] = z.parcel_district[p] ? rank_of_zone[*z.parcel_district[p]] : static_cast<int>(entries.size());
  return ranks;
}

/// The parcels each partition reads: its own, and those that must be read with them so that they are judged as
/// in one run — within the cluster gap of one of them (overlaps, duplicates, RULES.md 4, 15), with the same
/// mapped id, or tied to one of them through enterprises (RULES.md 10: an enterprise's land and a parcel's
/// holders span all its parcels). Sorted, each once.
std::vector<std::vector<std::size_t>> parcels_read(const CheckResult& c, const Tree& tree, double gap,
                                                   const std::vector<int>& rank, std::size_t partitions) {
  const PolygonLayer& parcels = c.inputs.parcels;
  const std::size_t n = parcels.size();
  geom::index::DisjointSets tied(n);
  if (c.enterprises)
    for (const rules::Enterprise& e : c.enterprises->items)
      for (std::size_t k = 1; k < e.parcels.size(); ++k)
        tied.unite(e.parcels[0], e.parcels[k]);
  std::map<std::size_t, std::vector<std::size_t>> components;
  std::map<std::string, std::vector<std::size_t>> by_id;
  for (std::size_t p = 0; p < n; ++p) {
    components[tied.find(p)].push_back(p);
    if (std::string id = parcels.id(p); !id.empty()) by_id[id].push_back(p);
  }
  std::vector<std::vector<std::size_t>> read(partitions);
  std::vector<std::set<std::size_t>> roots(partitions);
  std::vector<std::set<std::string>> ids(partitions);
  for (std::size_t p = 0; p < n; ++p) {
    const auto r = static_cast<std::size_t>(rank[p] - 1);
    const auto with = near(tree, parcels, parcels.geometry[p].get(), gap);
    read[r].insert(read[r].end(), with.begin(), with.end());
    roots[r].insert(tied.find(p));
    if (std::string id = parcels.id(p); !id.empty()) ids[r].insert(id);
  }
  for (std::size_t r = 0; r < partitions; ++r) {
    for (std::size_t root : roots[r])
      read[r].insert(read[r].end(), components[root].begin(), components[root].end());
    for (const std::string& id : ids[r])
      read[r].insert(read[r].end(), by_id[id].begin(), by_id[id].end());
    std::sort(read[r].begin(), read[r].end());
    read[r].erase(std::unique(read[r].begin(), read[r].end()), read[r].end());
  }
  return read;
}

/// RULES.md 26 registers: a record belongs to the partition of the district holding most of it (else the
/// primary); a partition reads its records, the records whose footprints meet theirs (the freed ledger
/// attributes shared ground to the earliest, RULES.md 17) and the parcels under all of them.
LayerCut cut_records(const CheckResult& c, const ZonesResult& z, const std::vector<int>& parcel_rank,
                     const Tree& parcel_tree, std::vector<std::vector<std::size_t>>& parcels_read,
                     std::size_t partitions) {
  const PolygonLayer& records = *c.inputs.renewal;
  const std::size_t n = records.size();
  LayerCut cut{std::vector<int>(n, 1), std::vector<std::vector<std::size_t>>(partitions)};
  std::vector<std::size_t> rank_of_zone(z.districts->size(), 0);
  for (std::size_t p = 0; p < parcel_rank.size(); ++p)
    if (z.parcel_district[p]) rank_of_zone[*z.parcel_district[p]] = static_cast<std::size_t>(parcel_rank[p]);
  const Tree record_tree = tree_of(records);
  for (std::size_t i = 0; i < n; ++i) {
    const GEOSGeometry* g = records.geometry[i].get();
    if (auto d = z.districts->member(g, records.area_m2[i]); d && rank_of_zone[*d])
      cut.owner[i] = static_cast<int>(rank_of_zone[*d]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::size_t> with = near(record_tree, records, records.geometry[i].get(), 0);
    auto& read = cut.read[static_cast<std::size_t>(cut.owner[i] - 1)];
    read.push_back(i);
    read.insert(read.end(), with.begin(), with.end());
  }
  for (std::size_t r = 0; r < partitions; ++r) {  // sorted once: a set union per record is quadratic
    auto& read = cut.read[r];
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    std::vector<std::size_t> more;
    for (std::size_t i : read) {
      const auto under = near(parcel_tree, c.inputs.parcels, records.geometry[i].get(), 0);
      more.insert(more.end(), under.begin(), under.end());
      if (i < c.inputs.renewal_parcels.size())
        more.insert(more.end(), c.inputs.renewal_parcels[i].parcels.begin(), c.inputs.renewal_parcels[i].parcels.end());
    }
    std::sort(more.begin(), more.end());
    more.erase(std::unique(more.begin(), more.end()), more.end());
    add_all(parcels_read[r], more);
  }
  return cut;
}

/// RULES.md 26 buildings: a partition reads every building on a parcel it reads; a building belongs to the
/// partition of the parcel under its point on surface, else of the first parcel it meets, else of the
/// district holding most of it, else the primary. The parcels under a building it reads are read too, so
/// that the building's floor area is split among its parcels as in one run (RULES.md 7).
LayerCut cut_buildings(const PolygonLayer& buildings, const CheckResult& c, const ZonesResult& z,
                       const std::vector<int>& parcel_rank, const Tree& parcel_tree,
                       std::vector<std::vector<std::size_t>>& parcels_read) {
  const std::size_t partitions = parcels_read.size();
  LayerCut cut{std::vector<int>(buildings.size(), 1), std::vector<std::vector<std::size_t>>(partitions)};
  std::vector<std::vector<std::size_t>> under(buildings.size());
  std::vector<std::vector<char>> reads(partitions);
  for (std::size_t r = 0; r < partitions; ++r) {
    reads[r].assign(parcel_rank.size(), 0);
    for (std::size_t p : parcels_read[r])
      reads[r][p] = 1;
  }
  std::vector<std::size_t> rank_of_zone(z.districts->size(), 0);
  for (std::size_t p = 0; p < parcel_rank.size(); ++p)
    if (z.parcel_district[p]) rank_of_zone[*z.parcel_district[p]] = static_cast<std::size_t>(parcel_rank[p]);
  const auto ctx = geom::context();
  for (std::size_t b = 0; b < buildings.size(); ++b) {
    const GEOSGeometry* g = buildings.geometry[b].get();
    under[b] = near(parcel_tree, c.inputs.parcels, g, 0);
    int owner = 0;
    if (auto pt = geom::point_on_surface(g))
      for (std::size_t p : under[b]) {
        geom::Geometry point(GEOSGeom_createPointFromXY_r(ctx, pt->x, pt->y));
        if (GEOSIntersects_r(ctx, c.inputs.parcels.geometry[p].get(), point.get()) == 1) {
          owner = parcel_rank[p];
          break;
        }
      }
    if (!owner && !under[b].empty()) owner = parcel_rank[under[b].front()];
    if (!owner)
      if (auto d = z.districts->member(g, buildings.area_m2[b]); d && rank_of_zone[*d])
        owner = static_cast<int>(rank_of_zone[*d]);
    cut.owner[b] = owner ? owner : 1;
    for (std::size_t r = 0; r < partitions; ++r) {
      const bool on_read = std::any_of(under[b].begin(), under[b].end(), [&](std::size_t p) { return reads[r][p]; });
      if (on_read || static_cast<int>(r + 1) == cut.owner[b]) cut.read[r].push_back(b);
    }
  }
  for (std::size_t r = 0; r < partitions; ++r) {  // once per partition: a set union per building is quadratic
    std::vector<std::size_t> more;
    for (std::size_t b : cut.read[r])
      more.insert(more.end(), under[b].begin(), under[b].end());
    std::sort(more.begin(), more.end());
    more.erase(std::unique(more.begin(), more.end()), more.end());
    add_all(parcels_read[r], more);
  }
  return cut;
}

/// RULES.md 26 / 12: the profile with each 亩均 group's bases, mean terms and class cut points computed once
/// over the whole enterprise table, so that a partition scores and classes an enterprise as one run would.
Profile pinned_profile(const CheckResult& c) {
  Profile p = c.inputs.profile;
  if (!c.enterprises) return p;
  Findings ignored;
  const rules::MujunResult m = rules::evaluate_mujun(*c.enterprises, p.mujun, ignored);
  for (std::size_t g = 0; g < p.mujun.groups.size(); ++g) {
    MujunGroup& group = p.mujun.groups[g];
    const rules::MujunGroupStats& stats = m.groups[g];
    for (std::size_t k = 0; k < group.indicators.size(); ++k)
      if (!group.indicators[k].base && stats.bases[k] > 0) group.indicators[k].base = stats.bases[k];
    if (stats.mean_terms.size() == group.indicators.size()) group.mean_terms = stats.mean_terms;
    // The minimum score of each class and the classes above it: the same cut, as thresholds.
    std::array<double, 3> cuts{};
    std::array<bool, 3> seen{};
    const char classes[] = {'A', 'B', 'C'};
    for (std::size_t e = 0; e < m.enterprises.size(); ++e) {
      const rules::MujunScore& s = m.enterprises[e];
      if (s.group != g || !s.score || !s.cls) continue;
      for (std::size_t k = 0; k < 3; ++k)
        if (s.cls <= classes[k]) {
          cuts[k] = seen[k] ? std::min(cuts[k], *s.score) : *s.score;
          seen[k] = true;
        }
    }
    // A class nobody reached (nor any better one) starts above every score: nobody reaches it in a partition
    // either. The cuts are ordered (A ≥ B ≥ C): each is a minimum over a larger set than the one before.
    double top = 0;
    for (const auto& s : m.enterprises)
      if (s.group == g && s.score) top = std::max(top, *s.score);
    for (std::size_t k = 0; k < 3; ++k)
      if (!seen[k]) cuts[k] = std::nextafter(top, std::numeric_limits<double>::infinity());
    group.thresholds = cuts;
  }
  return p;
}

/// The distinct land-use values of the whole parcel layer, sorted: an ambiguous code is decided from them
/// (RULES.md 24) in every partition as in one run, not from the partition's own parcels' codes.
toml::array distinct_landuse_values(const PolygonLayer& parcels) {
  std::set<std::string_view> values;
  for (std::size_t i = 0; i < parcels.size(); ++i)
    if (auto v = parcels.attributes.get(ParcelField::landuse, i)) values.insert(*v);
  toml::array out;
  for (std::string_view v : values)
    out.push_back(std::string(v));
  return out;
}

/// The project file of one partition: the source project's layers, each reading its FID list.
std::string partition_project_toml(const Project& source, const CheckResult& c, const PartitionEntry& e,
                                   std::size_t count, const std::map<std::string, std::string>& fids,
                                   const toml::array& landuse_codes) {
  toml::table root;
  root.insert("name", source.name);
  root.insert("profile", "../profile.toml");
  root.insert("analysis_crs", !source.analysis_crs.empty() ? source.analysis_crs
                                                           : "EPSG:" + std::to_string(c.inputs.crs.epsg));
  root.insert("audit_date", *source.audit_date);
  const Profile& profile = c.inputs.profile;
  root.insert("partition", toml::table{{"id", e.id},
                                       {"name", e.name},
                                       {"rank", e.rank},
                                       {"count", static_cast<std::int64_t>(count)},
                                       {"profile_name", profile.name},
                                       {"profile_version", profile.version},
                                       {"profile_sha256", profile.sha256}});
  for (const auto& [logical, src] : source.layers) {
    toml::table t{{"path", src.path}};
    if (!src.layer.empty()) t.insert("layer", src.layer);
    if (!src.encoding.empty()) t.insert("encoding", src.encoding);
    if (!src.crs.empty()) t.insert("crs", src.crs);
    if (!src.label.empty()) t.insert("label", src.label);
    if (!src.landuse_scheme.empty()) t.insert("landuse_scheme", src.landuse_scheme);
    if (logical == "parcels") t.insert("landuse_codes", landuse_codes);  // RULES.md 24, 26
    if (src.helmert)
      t.insert("helmert", toml::table{{"x", src.helmert->x}, {"y", src.helmert->y}, {"z", src.helmert->z},
                                      {"rx", src.helmert->rx}, {"ry", src.helmert->ry}, {"rz", src.helmert->rz},
                                      {"s", src.helmert->s}, {"convention", src.helmert->convention}});
    if (auto f = fids.find(logical); f != fids.end()) t.insert("fids", f->second);
    if (!src.sheets.empty()) {
      toml::array sheets;
      for (const auto& s : src.sheets)
        sheets.push_back(s);
      t.insert("layers", sheets);
    }
    if (src.header_row) t.insert("header_row", src.header_row);
    if (src.header_rows) t.insert("header_rows", src.header_rows);
    if (src.evaluation_year) t.insert("evaluation_year", *src.evaluation_year);
    toml::table fields, units;
    for (const auto& [k, v] : src.fields)
      fields.insert(k, v);
    for (const auto& [k, v] : src.units)
      units.insert(k, v);
    if (!fields.empty()) t.insert("fields", fields);
    if (!units.empty()) t.insert("units", units);
    root.insert(logical, t);
  }
  std::ostringstream out;
  out << "# A partition written by `landrenew partition` (RULES.md 26): run it with `landrenew run`, then\n"
         "# recombine the partitions' outputs with `landrenew merge`. Its layers read the features their fids\n"
         "# files list; it owns those whose rank is its own.\n"
      << root << "\n";
  return out.str();
}

/// The FID list of one layer for partition `r` (0-based): its features and their owners, FIDs ascending;
/// the primary also lists the features the reader rejected (they are counted once, by it).
std::string fid_list(const PolygonLayer& layer, const LayerCut& cut, std::size_t r,
                     const std::vector<std::int64_t>& rejected) {
  std::vector<std::pair<std::int64_t, int>> rows;
  for (std::size_t i : cut.read[r])
    rows.emplace_back(layer.fid[i], cut.owner[i]);
  if (r == 0)
    for (std::int64_t fid : rejected)
      rows.emplace_back(fid, 1);
  std::sort(rows.begin(), rows.end());
  std::string text;
  for (const auto& [fid, owner] : rows)
    text += std::to_string(fid) + " " + std::to_string(owner) + "\n";
  return text;
}

/// RULES.md 26 enterprises: a record belongs to the partition of its location parcel (the largest it holds,
/// RULES.md 10), a record linked to no parcel to the primary. Lines "ROW OWNER_RANK" by row.
std::string enterprise_rows(const rules::EnterpriseSet& set, const std::vector<int>& rank) {
  std::vector<std::pair<std::int64_t, int>> rows;
  for (const rules::Enterprise& e : set.items)
    rows.emplace_back(e.row, e.location ? rank[*e.location] : 1);
  std::sort(rows.begin(), rows.end());
  std::string text;
  for (const auto& [row, owner] : rows)
    text += std::to_string(row) + " " + std::to_string(owner) + "\n";
  return text;
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw Error(ErrorKind::output, tr("cannot write the file"), {.file = file.string()});
}

void refuse_unpartitionable(const Project& project, const CheckResult& c, const std::string& by) {
  const std::string file = project.file.string();
  if (by != "district")
    throw Error(ErrorKind::usage, trf("--by {1}: partitions are districts for now (--by district)", by));
  if (!c.inputs.districts)
    throw Error(ErrorKind::project, tr("partitioning by district needs a [districts] layer"), {.file = file});
  if (!project.audit_date)
    throw Error(ErrorKind::project,
                tr("a partitioned audit needs audit_date in the project file: every partition must judge at the "
                   "same date"),
                {.file = file});
  if (c.inputs.parcels_after)
    throw Error(ErrorKind::project, tr("projects with [parcels_after] cannot be partitioned yet"), {.file = file});
  if (const LayerSource* e = project.layer("enterprises"); e && e->sheets.size() > 1)
    throw Error(ErrorKind::project, tr("an enterprise table read from several sheets cannot be partitioned yet"),
                {.file = file});
  if (const LayerSource* r = project.layer("renewal"); r && !r->sheets.empty())
    throw Error(ErrorKind::project, tr("a register kept as an office table cannot be partitioned yet"),
                {.file = file});
  for (const auto& [logical, src] : project.layers)
    if (src.is_connection())
      throw Error(ErrorKind::project, tr("layers read from PostGIS cannot be partitioned yet"), {.file = file});
}

/// The FIDs of the features of each polygon layer the reader rejected (their findings say which).
std::map<std::string, std::vector<std::int64_t>> rejected_fids(const Inputs& in) {
  std::map<std::string, std::vector<std::int64_t>> out;
  for (const Finding& f : in.findings.items())
    if (f.action == Action::rejected && f.fid >= 0) out[f.layer].push_back(f.fid);
  for (auto& [layer, fids] : out) {
    std::sort(fids.begin(), fids.end());
    fids.erase(std::unique(fids.begin(), fids.end()), fids.end());
  }
  return out;
}

}  // namespace

PartitionPlan write_partitions(const Project& project, const fs::path& dir, const PartitionOptions& options) {
  const CheckResult c = run_check(project, options.load);
  refuse_unpartitionable(project, c, options.by);
  const Inputs& in = c.inputs;
  const unsigned threads = options.load.threads;
  const ZonesResult z = stages::zones(in, c.parcels, {.park_majority = in.profile.park_majority}, threads);

  PartitionPlan plan{options.by, {}};
  const std::vector<int> rank = parcel_ranks(z, in.parcels.size(), plan.partitions);
  const std::size_t count = plan.partitions.size();
  const Tree parcel_tree = tree_of(in.parcels);
  LayerCut parcels{rank, parcels_read(c, parcel_tree, in.profile.cluster_gap_m, rank, count)};
  std::map<std::string, std::pair<const PolygonLayer*, LayerCut>> cuts;
  if (in.renewal) cuts["renewal"] = {&*in.renewal, cut_records(c, z, rank, parcel_tree, parcels.read, count)};
  if (in.buildings_before)
    cuts["buildings_before"] = {&*in.buildings_before,
                                cut_buildings(*in.buildings_before, c, z, rank, parcel_tree, parcels.read)};
  if (in.buildings_after)
    cuts["buildings_after"] = {&*in.buildings_after,
                               cut_buildings(*in.buildings_after, c, z, rank, parcel_tree, parcels.read)};
  cuts["parcels"] = {&in.parcels, std::move(parcels)};

  StagingDir staging(dir, false);
  const Profile pinned = pinned_profile(c);
  const toml::array landuse_codes = distinct_landuse_values(in.parcels);
  write_text(staging.path() / "profile.toml", resolved_profile_toml(pinned));
  const auto rejected = rejected_fids(in);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (PartitionEntry& e : plan.partitions) {
    const std::size_t r = static_cast<std::size_t>(e.rank - 1);
    const fs::path folder = staging.path() / e.id;
    fs::create_directories(folder);
    std::map<std::string, std::string> fid_files;
    nlohmann::ordered_json features = nlohmann::ordered_json::object();
    for (const auto& [logical, cut] : cuts) {
      const auto& [layer, share] = cut;
      const auto rej = rejected.find(logical);
      write_text(folder / (logical + ".fids"),
                 fid_list(*layer, share, r, rej == rejected.end() ? std::vector<std::int64_t>{} : rej->second));
      fid_files[logical] = logical + ".fids";
      std::size_t own = 0;
      for (std::size_t i : share.read[r])
        own += share.owner[i] == e.rank ? 1 : 0;
      e.features[logical] = {own, share.read[r].size() - own};
      features[logical] = {{"owned", own}, {"margin", share.read[r].size() - own}};
    }
    if (c.enterprises) {
      write_text(folder / "enterprises.fids", enterprise_rows(*c.enterprises, rank));
      fid_files["enterprises"] = "enterprises.fids";
    }
    e.project = fs::path(e.id) / "project.toml";
    write_text(staging.path() / e.project, partition_project_toml(project, c, e, count, fid_files, landuse_codes));
    list.push_back({{"id", e.id},
                    {"name", e.name},
                    {"rank", e.rank},
                    {"project", e.project.string()},
                    {"parcels", {{"core", e.features["parcels"].first}, {"margin", e.features["parcels"].second}}},
                    {"features", features}});
  }
  const nlohmann::ordered_json doc{{"format", "landrenew-partition-plan"},
                                   {"version", 1},
                                   {"by", plan.by},
                                   {"project", fs::absolute(project.file).lexically_normal().string()},
                                   {"profile", "profile.toml"},
                                   {"partitions", list}};
  write_text(staging.path() / "plan.json", doc.dump(2) + "\n");
  staging.commit();
  return plan;
}

}  // namespace landrenew::out
