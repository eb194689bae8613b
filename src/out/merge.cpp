// `landrenew merge` (RULES.md 26): the partitions' summaries added up to one run's.
#include "landrenew/out/merge.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/sha256.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/partition_summary.hpp"
#include "landrenew/out/staging.hpp"
#include "landrenew/pipeline/coverage.hpp"
#include "landrenew/rules/clusters.hpp"
#include "landrenew/rules/far.hpp"
#include "landrenew/rules/freed.hpp"

#include "out/merge_files.hpp"

namespace landrenew::out {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

struct Part {
  fs::path dir;
  json summary;
  const json& piece() const { return summary.at("partition"); }
};

json read_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::usage, tr("not a landrenew output folder: no summary.json"), {.file = file.string()});
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error(ErrorKind::usage, trf("cannot read it as JSON: {1}", e.what()), {.file = file.string()});
  }
}

/// The partitions' outputs, by rank: every rank of one plan once, run on the same date by the same tool.
std::vector<Part> read_parts(const std::vector<fs::path>& runs) {
  std::vector<Part> parts;
  for (const fs::path& dir : runs) {
    Part p{dir, read_json(dir / file::summary)};
    if (!p.summary.contains("partition"))
      throw Error(ErrorKind::usage, tr("not a partition's output (its project has no [partition]): merge "
                                       "recombines the runs of projects written by `landrenew partition`"),
                  {.file = (dir / file::summary).string()});
    parts.push_back(std::move(p));
  }
  std::sort(parts.begin(), parts.end(),
            [](const Part& a, const Part& b) { return a.piece().at("rank") < b.piece().at("rank"); });
  const int count = parts.empty() ? 0 : parts.front().piece().at("count").get<int>();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const json& piece = parts[k].piece();
    if (piece.at("count").get<int>() != count || piece.at("rank").get<int>() != static_cast<int>(k + 1))
      throw Error(ErrorKind::usage,
                  trf("the folders are not the {1} partitions of one plan, each once (found partition {2} of {3} "
                      "as number {4})",
                      count, piece.at("rank").get<int>(), piece.at("count").get<int>(), k + 1),
                  {.file = parts[k].dir.string()});
    for (const char* key : {"tool", "profile", "as_of", "analysis_crs"})
      if (parts[k].summary.at(key) != parts.front().summary.at(key))
        throw Error(ErrorKind::usage, trf("partition {1} differs from partition 1 in '{2}': run every partition "
                                          "with the same landrenew, profile and audit date",
                                          k + 1, key),
                    {.file = parts[k].dir.string()});
  }
  if (static_cast<int>(parts.size()) != count)
    throw Error(ErrorKind::usage, trf("{1} of the plan's {2} partitions given: merge needs all of them",
                                      parts.size(), count));
  return parts;
}

/// Σ over the partitions of the same object: numbers added, other values the first's. Keys in the first
/// partition's order, then the others' new keys; `sorted`: keys in order (maps keyed by data, as one run
/// writes them from a std::map).
json sum(const std::vector<const json*>& all, bool sorted = false) {
  std::vector<const json*> values;  // a null (a ratio a partition could not take) adds nothing
  for (const json* v : all)
    if (!v->is_null()) values.push_back(v);
  if (values.empty()) return nullptr;
  const json& first = *values.front();
  if (first.is_object()) {
    std::vector<std::string> keys;
    for (const json* v : values)
      for (const auto& [k, x] : v->items())
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    if (sorted) std::sort(keys.begin(), keys.end());
    json out = json::object();
    for (const std::string& k : keys) {
      std::vector<const json*> here;
      for (const json* v : values)
        if (v->contains(k)) here.push_back(&v->at(k));
      out[k] = sum(here, sorted);
    }
    return out;
  }
  if (first.is_number_float()) {
    double s = 0;
    for (const json* v : values)
      s += v->get<double>();
    return s;
  }
  if (first.is_number_integer()) {
    std::int64_t s = 0;
    for (const json* v : values)
      s += v->get<std::int64_t>();
    return s;
  }
  return first;
}

std::vector<const json*> each(const std::vector<Part>& parts, const json::json_pointer& at) {
  std::vector<const json*> out;
  for (const Part& p : parts)
    if (p.summary.contains(at)) out.push_back(&p.summary.at(at));
  return out;
}

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

/// A zone's FAR from the partitions' sums (RULES.md 9, 26).
rules::ZoneFar zone_far(const std::vector<Part>& parts, const char* layer, const std::string& id,
                        double uplift_target) {
  rules::ZoneFar z;
  z.id = id;
  for (const Part& p : parts) {
    const json& all = p.piece().at("far").at(layer);
    if (!all.contains(id)) continue;
    const json& s = all.at(id);
    z.parcels_before += s.at("parcels_before").get<std::size_t>();
    z.parcels_after += s.at("parcels_after").get<std::size_t>();
    z.area_before_m2 += s.at("area_before_m2").get<double>();
    z.area_after_m2 += s.at("area_after_m2").get<double>();
    z.gfa_before_m2 += s.at("gfa_before_m2").get<double>();
    z.gfa_after_m2 += s.at("gfa_after_m2").get<double>();
    z.footprint_before_m2 += s.at("footprint_before_m2").get<double>();
    z.footprint_after_m2 += s.at("footprint_after_m2").get<double>();
  }
  rules::settle_zone_far(z, uplift_target);
  return z;
}

/// Rows of summary.json's districts or parks: areas added, FAR settled from the sums.
json zone_rows(const std::vector<Part>& parts, const char* key, const char* id_key, const char* far_layer,
               const Profile& profile, bool with_note) {
  json rows = json::array();
  for (const json& first : parts.front().summary.at(key)) {
    const std::string id = first.at(id_key).get<std::string>();
    std::vector<const json*> same;
    for (const Part& p : parts)
      for (const json& row : p.summary.at(key))
        if (row.at(id_key) == first.at(id_key)) same.push_back(&row);
    json row = sum(same);
    if (row.contains("far_before")) {
      const rules::ZoneFar z = zone_far(parts, far_layer, id, profile.far_uplift_target);
      row["far_before"] = number_or_null(z.far_before);
      row["far_after"] = number_or_null(z.far_after);
      row["uplift"] = number_or_null(z.uplift);
      if (row.contains("meets_target")) row["meets_target"] = z.meets_target;
      if (row.contains("parcels_before")) {
        row["parcels_before"] = z.parcels_before;
        row["parcels_after"] = z.parcels_after;
      }
      row.erase("note");
      if (with_note && !z.note.empty()) row["note"] = z.note;  // as summary.json's parks have it
    }
    rows.push_back(row);
  }
  return rows;
}

/// summary.json's freed: the partitions' ground added up, progress and pace again from the totals (RULES.md
/// 18), and the share of industrial parcels touched from every partition's touched parcels.
json freed(const std::vector<Part>& parts, const Profile& profile, const Date& as_of) {
  json f = sum(each(parts, json::json_pointer("/freed")), true);
  const json& first = parts.front().summary.at("freed");
  json out = json::object();
  for (const auto& [k, v] : first.items())
    out[k] = f.at(k);  // one run's key order
  out["goal_mu"] = first.at("goal_mu");  // the profile's, not a sum
  if (!first.contains("years_elapsed")) return out;  // no register
  rules::FreedLedger ledger;
  ledger.goal_mu = profile.freed.goal_mu;
  ledger.total_m2 = m2_from_mu(f.at("mu").get<double>());
  for (const auto& [code, mu] : f.at("by_district").items())
    ledger.by_district_m2[code] = m2_from_mu(mu.get<double>());
  rules::freed_progress_and_pace(ledger, profile.freed, as_of, first.contains("district_quota_progress") &&
                                                                    !parts.front().summary.at("districts").empty());
  out["progress"] = ledger.progress;
  freed_pace_json(ledger, out);
  std::map<std::int64_t, int> first_year;
  std::size_t industrial = 0;
  for (const Part& p : parts) {
    industrial += p.piece().at("industrial_parcels").get<std::size_t>();
    for (const json& t : p.piece().at("touched")) {
      auto [it, added] = first_year.emplace(t[0].get<std::int64_t>(), t[1].get<int>());
      if (!added) it->second = std::min(it->second, t[1].get<int>());
    }
  }
  json touched = json::object();
  if (industrial > 0)
    for (int y = parse_date(profile.freed.period_start)->year; y <= ledger.reference_year; ++y) {
      std::size_t n = 0;
      for (const auto& [fid, year] : first_year)
        n += year <= y ? 1 : 0;
      touched[std::to_string(y)] = static_cast<double>(n) / static_cast<double>(industrial);
    }
  out["industrial_parcels_touched_share"] = touched;
  return out;
}

/// The low-efficiency parcels of every partition's landrenew.gpkg, in FID order (as one run reads them), and
/// their mapped ids.
PolygonLayer low_efficiency_parcels(const std::vector<Part>& parts, std::vector<std::string>& ids) {
  std::vector<std::tuple<std::int64_t, geom::Geometry, double, std::string>> rows;
  for (const Part& p : parts) {
    const fs::path file = p.dir / file::gpkg;
    const char* const drivers[] = {"GPKG", nullptr};
    io::DatasetPtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
    OGRLayer* layer = ds ? ds->GetLayerByName("parcels") : nullptr;
    if (!layer) throw Error(ErrorKind::usage, tr("cannot read the parcels of landrenew.gpkg"), {.file = file.string()});
    layer->SetAttributeFilter("low_efficiency = 1");
    for (io::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g) continue;
      rows.emplace_back(f->GetFieldAsInteger64("source_fid"), geom::from_ogr(*g), f->GetFieldAsDouble("area_m2"),
                        f->IsFieldSetAndNotNull(f->GetFieldIndex("parcel_id")) ? f->GetFieldAsString("parcel_id") : "");
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  PolygonLayer layer;
  for (auto& [fid, g, area, id] : rows) {
    ids.push_back(std::move(id));
    geom::cache_envelopes(g.get());
    layer.fid.push_back(fid);
    layer.geometry.push_back(std::move(g));
    layer.area_m2.push_back(area);
    layer.repaired.push_back(false);
  }
  return layer;
}

/// RULES.md 15 over every partition's low-efficiency parcels: a cluster that crosses a border is one.
std::vector<rules::Cluster> clusters(const PolygonLayer& low, const Profile& profile, unsigned threads) {
  std::vector<std::size_t> all(low.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  return rules::find_clusters(low, all, profile.cluster_gap_m, profile.cluster_min_mu, threads);
}

json clusters_json(const std::vector<rules::Cluster>& clusters) {
  json out = json::array();
  for (const rules::Cluster& c : clusters)
    out.push_back({{"id", c.id}, {"parcels", c.parcels.size()}, {"mu", mu_from_m2(c.area_m2)}, {"candidate", c.candidate}});
  return out;
}

/// manifest.json of the merge: partition 1's project, profile, as-of date, CRS and inputs (every partition
/// reads the same files), each input's read and used counts the merged ones, and each partition's summary
/// with its SHA-256.
json merged_manifest(const std::vector<Part>& parts, const json& summary, const std::string& started_utc) {
  const json first = read_json(parts.front().dir / file::manifest);
  json m{{"tool", {{"name", "landrenew"}, {"version", std::string(version())}}},
         {"command", "merge"},
         {"started_utc", started_utc}};
  for (const char* key : {"project", "profile", "as_of", "analysis_crs"})
    if (first.contains(key)) m[key] = first.at(key);
  json inputs = first.contains("inputs") ? first.at("inputs") : json::array();
  for (json& in : inputs) {
    const std::string layer = in.value("layer", std::string());
    if (!summary.at("inputs").contains(layer)) continue;
    const json& counts = summary.at("inputs").at(layer);
    for (const char* key : {"read", "used", "repaired", "rejected"})
      if (in.contains(key) && counts.contains(key)) in[key] = counts.at(key);
  }
  m["inputs"] = inputs;
  m["partitions"] = json::array();
  for (const Part& p : parts) {
    const fs::path f = p.dir / file::summary;
    m["partitions"].push_back({{"summary", fs::absolute(f).lexically_normal().string()}, {"sha256", sha256_file(f)}});
  }
  return m;
}

/// partition.<key> of a partition's summary.json: what `landrenew merge` adds up beside its figures.
const json& sums_of(const Part& p, const char* key) {
  if (!p.piece().contains(key))
    throw Error(ErrorKind::usage,
                trf("partition {1}'s summary.json has no partition.{2}: run every partition with this landrenew",
                    p.piece().at("rank").get<int>(), key),
                {.file = (p.dir / file::summary).string()});
  return p.piece().at(key);
}

/// summary.json's plan (DOMAIN.md §1): the partitions' sums added up (each enterprise is one partition's) and
/// the ratios and flags settled from them by the rules one run uses (RULES.md 26), never averaged.
json plan(const std::vector<Part>& parts, const Profile& profile) {
  std::optional<PlanSumsRead> all;
  for (const Part& p : parts) {
    if (sums_of(p, "plan").is_null()) continue;
    PlanSumsRead r = plan_sums_from_json(sums_of(p, "plan"));
    if (!all) {
      all = std::move(r);
      continue;
    }
    all->sums += r.sums;  // every partition reads the whole district and park layers
  }
  if (!all) return nullptr;
  return plan_json(rules::settle_plan(all->sums, all->districts, all->parks, profile.plan), profile);
}

/// The headline warnings (RULES.md 20) from the partitions' tallies added up, rendered as one run renders
/// its own. Counts are exact sums. Areas are sums of each partition's unions of its own parcels: exact but
/// where parcels of two partitions overlap (merge.cross_partition_overlap_m2 measures it for the industrial
/// ones), which such a sum may count twice. The messages' industrial area is the merged one.
std::vector<HeadlineWarning> warnings(const std::vector<Part>& parts, const std::vector<rules::AgreementCheck>& checks,
                                      double cross_overlap_m2) {
  CoverageTally all;
  for (const Part& p : parts)
    all += coverage_tally_from_json(sums_of(p, "warnings"));
  all.industrial_m2 -= cross_overlap_m2;  // as summary.json's industrial.mu: the overlap counted once
  all.agreement = checks;
  return render_warnings(all);
}

/// What the merge could not estimate (RULES.md 26): the constant shift of a check below its threshold, and
/// the web-map datum check of one with lon/lat data and some disagreement; both move a sample of the whole
/// layer, or the whole layer, and no partition has it.
std::vector<std::string> not_estimated(const std::vector<rules::AgreementCheck>& checks) {
  std::vector<std::string> out;
  for (const rules::AgreementCheck& c : checks)
    if (c.below()) out.push_back("agreement." + c.key + ".shift_m");
    else if (c.share < 1 && c.lonlat) out.push_back("agreement." + c.key + ".web_map");
  return out;
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw Error(ErrorKind::output, tr("cannot write the file"), {.file = file.string()});
}

}  // namespace

MergeResult merge_partitions(const std::vector<fs::path>& runs, const fs::path& out_dir, const MergeOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_utc = utc_now();
  io::init_gdal();
  const std::vector<Part> parts = read_parts(runs);
  const json& first = parts.front().summary;
  const Profile profile = load_profile(parts.front().piece().at("profile_file").get<std::string>());
  const Date as_of = *parse_date(first.at("as_of").get<std::string>());
  MergeResult result;
  for (const Part& p : parts)
    result.cross_overlap_m2 += p.piece().at("cross_overlap_m2").get<double>();
  result.cross_overlap_mu = mu_from_m2(result.cross_overlap_m2);

  json s;
  for (const char* key : {"tool", "profile", "as_of", "analysis_crs"})
    s[key] = first.at(key);
  s["inputs"] = sum(each(parts, json::json_pointer("/inputs")));
  json industrial = sum(each(parts, json::json_pointer("/industrial")));
  industrial["mu"] = industrial.at("mu").get<double>() - result.cross_overlap_mu;
  s["industrial"] = industrial;
  s["districts"] = zone_rows(parts, "districts", "code", "districts", profile, false);
  s["parks"] = zone_rows(parts, "parks", "id", "parks", profile, true);
  s["freed"] = freed(parts, profile, as_of);
  s["low_efficiency"] = sum(each(parts, json::json_pointer("/low_efficiency")));
  std::vector<std::string> low_ids;
  const PolygonLayer low = low_efficiency_parcels(parts, low_ids);
  const std::vector<rules::Cluster> found = clusters(low, profile, options.threads);
  s["clusters"] = clusters_json(found);
  s["enterprises"] = sum(each(parts, json::json_pointer("/enterprises")));
  if (first.contains("plan")) s["plan"] = plan(parts, profile);
  std::vector<const json*> shares;
  for (const Part& p : parts)
    shares.push_back(&sums_of(p, "agreement"));
  const std::vector<rules::AgreementCheck> checks = agreement_from_shares(shares);
  s["agreement"] = agreement_json(checks);
  result.warnings = warnings(parts, checks, result.cross_overlap_m2);
  json findings{{"total", sum(each(parts, json::json_pointer("/findings/total")))},
                {"by_kind", sum(each(parts, json::json_pointer("/findings/by_kind")), true)},
                {"warnings", warnings_json(result.warnings)}};
  s["findings"] = findings;
  // Not recombined (none left): said in the file itself, and never printed as a figure.
  result.not_estimated = not_estimated(checks);
  s["merge"] = {{"partitions", parts.size()},
                {"cross_partition_overlap_m2", result.cross_overlap_m2},
                {"not_merged", result.not_merged},
                {"not_estimated", result.not_estimated}};
  result.summary = s;

  StagingDir staging(out_dir, options.overwrite);
  write_file(staging.path() / file::summary, s.dump(2) + "\n");
  json manifest = merged_manifest(parts, s, started_utc);
  MergedFigures figures{.summary = &s, .manifest = &manifest, .profile = &profile, .low = &low,
                        .low_ids = std::move(low_ids), .clusters = &found};
  for (const Part& p : parts)
    figures.runs.push_back(p.dir);
  for (const auto& [layer, far] : {std::pair{"districts", &figures.district_far}, std::pair{"parks", &figures.park_far}})
    for (const json& row : s.at(layer))
      if (row.contains(std::string_view(layer) == "parks" ? "parcels_before" : "far_before")) {  // as a run
        const std::string id = row.at(std::string_view(layer) == "parks" ? "id" : "code").get<std::string>();
        far->emplace(id, zone_far(parts, layer, id, profile.far_uplift_target));
      }
  manifest["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_file(staging.path() / file::manifest, manifest.dump(2) + "\n");
  write_merged_files(figures, staging.path());
  staging.commit();
  return result;
}

}  // namespace landrenew::out
