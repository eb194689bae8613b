#include <cmath>
#include <filesystem>
#include <map>

#include "landrenew/core/units.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/out/outputs.hpp"
#include "landrenew/out/partition_summary.hpp"

namespace landrenew::out {

using json = nlohmann::ordered_json;

namespace {

json number_or_null(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

const rules::ZoneFar* far_of(const std::vector<rules::ZoneFar>& list, const std::string& id) {
  for (const auto& z : list)
    if (z.id == id) return &z;
  return nullptr;
}

json efficiency(const rules::ZoneEfficiency& z) {
  const auto flag = [](const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); };
  return json{{"enterprises", z.enterprises},
              {"land_mu", z.land_mu},
              {"tax_per_mu", number_or_null(z.tax_per_mu)},
              {"value_added_per_mu", number_or_null(z.value_added_per_mu)},
              {"labour_productivity", number_or_null(z.labour_productivity)},
              {"tax_above_provincial", flag(z.tax_above_provincial)},
              {"value_added_above_provincial", flag(z.value_added_above_provincial)},
              {"labour_meets_target", flag(z.labour_meets_target)}};
}

json layer_counts(const LayerCounts& c) {
  return json{{"read", c.read}, {"used", c.used}, {"repaired", c.repaired}, {"rejected", c.rejected}};
}

json districts_json(const Analysis& a) {
  // Districts: industrial and freed ground inside each district polygon (RULES.md 5), FAR by membership (9).
  json districts = json::array();
  for (const auto& d : a.district_area) {
    json row{{"code", d.id}, {"name", d.name}, {"industrial_mu", mu_from_m2(d.industrial_m2)}};
    double freed = 0;
    if (a.freed)
      if (auto it = a.freed->by_district_m2.find(d.id); it != a.freed->by_district_m2.end())
        freed = it->second;
    row["freed_mu"] = mu_from_m2(freed);
    if (const rules::ZoneFar* f = far_of(a.district_far, d.id)) {
      row["far_before"] = number_or_null(f->far_before);
      row["far_after"] = number_or_null(f->far_after);
      row["uplift"] = number_or_null(f->uplift);
    }
    districts.push_back(row);
  }
  return districts;
}

json parks_json(const Analysis& a) {
  json parks = json::array();
  for (const auto& p : a.park_area) {
    json row{{"id", p.id}, {"name", p.name}, {"industrial_mu", mu_from_m2(p.industrial_m2)}};
    const rules::ZoneFar* f = far_of(a.park_far, p.id);
    row["far_before"] = f ? number_or_null(f->far_before) : json(nullptr);
    row["far_after"] = f ? number_or_null(f->far_after) : json(nullptr);
    row["uplift"] = f ? number_or_null(f->uplift) : json(nullptr);
    row["meets_target"] = f ? f->meets_target : false;
    if (f) {
      row["parcels_before"] = f->parcels_before;
      row["parcels_after"] = f->parcels_after;
      if (!f->note.empty()) row["note"] = f->note;
    }
    parks.push_back(row);
  }
  return parks;
}

json freed_json(const Analysis& a) {
  const Profile& profile = a.check.inputs.profile;
  json freed{{"goal_mu", profile.freed.goal_mu},
             {"mu", 0.0},
             {"progress", 0.0},
             {"records_counted", 0},
             {"by_year", json::object()},
             {"by_district", json::object()},
             {"by_mode", json::object()}};
  if (a.freed) {
    const rules::FreedLedger& l = *a.freed;
    freed["mu"] = mu_from_m2(l.total_m2);
    freed["progress"] = l.progress;
    freed["records_counted"] = l.records_counted;
    for (const auto& [year, m2] : l.by_year_m2)
      freed["by_year"][std::to_string(year)] = mu_from_m2(m2);
    for (const auto& [code, m2] : l.by_district_m2)
      freed["by_district"][code] = mu_from_m2(m2);
    for (const auto& [mode, m2] : l.by_mode_m2)
      freed["by_mode"][mode] = mu_from_m2(m2);
    freed["outside_districts_mu"] = mu_from_m2(l.outside_districts_m2);
    json by_park = json::object();
    for (const auto& [id, m2] : l.by_park_m2)
      by_park[id] = mu_from_m2(m2);
    freed["by_park"] = by_park;
    freed_pace_json(l, freed);
    json touched = json::object();
    for (const auto& [year, share] : l.parcels_touched_share_by_year)
      touched[std::to_string(year)] = share;
    freed["industrial_parcels_touched_share"] = touched;
  }
  return freed;
}

json low_efficiency_json(const Analysis& a) {
  // RULES.md 20: each criterion with the land it was evaluated on and the land it could not be.
  json by_criterion = json::object();
  for (const char* c : rules::kCriteria) {
    auto it = a.by_criterion.find(c);
    const CriterionTally t = it == a.by_criterion.end() ? CriterionTally{} : it->second;
    by_criterion[c] = {{"parcels", t.parcels},
                       {"mu", mu_from_m2(t.m2)},
                       {"enabled", t.enabled},
                       {"evaluated", {{"parcels", t.evaluated_parcels}, {"mu", mu_from_m2(t.evaluated_m2)}}},
                       {"not_evaluable",
                        {{"parcels", t.not_evaluable_parcels}, {"mu", mu_from_m2(t.not_evaluable_m2)}}}};
  }
  return json{{"parcels", a.low_parcels.size()}, {"mu", mu_from_m2(a.low_m2)}, {"by_criterion", by_criterion}};
}

json clusters_json(const Analysis& a) {
  json clusters = json::array();
  for (const auto& c : a.clusters)
    clusters.push_back({{"id", c.id},
                        {"parcels", c.parcels.size()},
                        {"mu", mu_from_m2(c.area_m2)},
                        {"candidate", c.candidate}});
  return clusters;
}

json enterprises_json(const Analysis& a) {
  json ent{{"evaluated", 0}, {"classes", {{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0}}}, {"outside_parks", 0}};
  if (a.mujun) {
    // A partition counts its own enterprises only (RULES.md 26).
    std::size_t rows = 0, evaluated = 0, lacking = 0;
    std::map<char, std::size_t> classes{{'A', 0}, {'B', 0}, {'C', 0}, {'D', 0}};
    for (std::size_t e = 0; e < a.enterprises->items.size(); ++e) {
      if (!a.owns_enterprise(e)) continue;
      const rules::MujunScore& s = a.mujun->enterprises[e];
      ++rows;
      evaluated += s.evaluated ? 1 : 0;  // as MujunResult::evaluated(), lacking_data(), count()
      lacking += s.lacks_data ? 1 : 0;
      if (s.cls) ++classes[s.cls];
    }
    ent["rows"] = rows;
    ent["evaluated"] = evaluated;
    ent["classes"] = {{"A", classes['A']}, {"B", classes['B']}, {"C", classes['C']}, {"D", classes['D']}};
    std::size_t outside = 0, linked = 0, green = 0;
    for (std::size_t e = 0; e < a.enterprises->items.size(); ++e) {
      if (!a.enterprises->items[e].location || !a.owns_enterprise(e)) continue;
      ++linked;
      if (a.parks && !a.enterprise_park[e]) ++outside;
      if (a.green_channel[e]) ++green;
    }
    ent["linked"] = linked;
    // Issue 18: linked rows by the method that linked them (every method listed, 0 when unused).
    json by_method = json::object();
    for (const auto& m : rules::kLinkMethods) {
      std::size_t n = 0;
      for (std::size_t e = 0; e < a.enterprises->items.size(); ++e)
        n += a.owns_enterprise(e) && a.enterprises->items[e].link == m.method ? 1 : 0;
      by_method[std::string(m.key)] = n;
    }
    ent["links_by_method"] = by_method;
    ent["not_evaluable"] = lacking;  // RULES.md 20: no class for lack of data
    ent["outside_parks"] = outside;
    ent["green_channel"] = green;
  }
  return ent;
}

json findings_json(const Analysis& a) {
  const Inputs& in = a.check.inputs;
  json kinds = json::object();
  for (const auto& [kind, count] : in.findings.count_by_kind())
    kinds[kind] = count;
  return json{{"total", in.findings.size()}, {"by_kind", kinds}, {"warnings", warnings_json(a.warnings)}};
}

// RULES.md 26: what `landrenew merge` needs beside a partition's own figures.
json partition_json(const Analysis& a) {
  const PartitionPieces& p = *a.partition;
  const Project& project = a.check.inputs.project;
  const auto zones = [](const std::vector<rules::ZoneFar>& list) {
    json out = json::object();
    for (const rules::ZoneFar& z : list)
      out[z.id] = {{"parcels_before", z.parcels_before}, {"parcels_after", z.parcels_after},
                   {"area_before_m2", z.area_before_m2}, {"area_after_m2", z.area_after_m2},
                   {"gfa_before_m2", z.gfa_before_m2},   {"gfa_after_m2", z.gfa_after_m2},
                   {"footprint_before_m2", z.footprint_before_m2}, {"footprint_after_m2", z.footprint_after_m2}};
    return out;
  };
  json touched = json::array();
  for (const auto& [fid, year] : p.touched)
    touched.push_back({fid, year});
  return {{"id", p.spec.id},
          {"name", p.spec.name},
          {"rank", p.spec.rank},
          {"count", p.spec.count},
          {"profile_file", std::filesystem::absolute(project.dir / project.profile).lexically_normal().string()},
          {"cross_overlap_m2", p.cross_overlap_m2},
          {"industrial_parcels", a.check.parcels.industrial.size()},
          {"far", {{"districts", zones(a.district_far)}, {"parks", zones(a.park_far)}}},
          {"touched", touched},
          {"plan", a.plan ? plan_sums_json(*a.plan) : json(nullptr)},
          {"agreement", agreement_shares_json(a.agreement, p.agreement, p.agreement_unmeasured)},
          {"warnings", coverage_tally_json(coverage_tally(a))}};
}

}  // namespace

// DOMAIN.md §1 measures (with an enterprise table).
json plan_json(const rules::PlanMetrics& pm, const Profile& profile) {
  json by_district = json::object(), by_park = json::object();
  for (const auto& z : pm.districts)
    by_district[z.id] = efficiency(z);
  for (const auto& z : pm.parks)
    by_park[z.id] = efficiency(z);
  return {
      {"note", "规上 enterprises, placed by their largest parcel; provincial averages from the profile"},
      {"provincial_tax_per_mu", profile.plan.provincial_tax_per_mu},
      {"provincial_value_added_per_mu", profile.plan.provincial_value_added_per_mu},
      {"city", efficiency(pm.city)},
      {"districts", by_district},
      {"parks", by_park},
      {"outside_parks",
       {{"enterprises", pm.outside_parks},
        {"large", pm.outside_parks_large},
        {"small", pm.outside_parks_small},
        {"mu", pm.outside_parks_mu}}},
      {"platform_concentration",
       {{"output_share", number_or_null(pm.platform_output_share)},
        {"land_share", number_or_null(pm.platform_land_share)},
        {"target", profile.plan.platform_concentration_target},
        {"meets_target", pm.platform_meets_target ? json(*pm.platform_meets_target) : json(nullptr)}}}};
}

json agreement_json(const std::vector<rules::AgreementCheck>& checks) {
  // RULES.md 25: shift_m is the offset that, added to the layer, best matches the reference (the reference's
  // displacement from it), when a constant shift explains a share below the threshold, or a web-map datum
  // the disagreement above it (agreement.hpp kWebMapResidual); else null.
  json agreement = json::object();
  for (const rules::AgreementCheck& c : checks)
    agreement[c.key] = {{"layer", c.layer},
                        {"reference", c.reference},
                        {"features", c.features},
                        {"share", c.share},
                        {"threshold", c.threshold},
                        {"shift_m", c.shift_reported ? json::array({c.shift->offset.x, c.shift->offset.y})
                                                     : json(nullptr)}};
  return agreement;
}

json warnings_json(const std::vector<HeadlineWarning>& warnings) {
  json out = json::array();  // RULES.md 20, largest mu first
  for (const HeadlineWarning& w : warnings)
    out.push_back({{"kind", w.kind},
                   {"count", w.count},
                   {"mu", w.mu},
                   {"message", w.message.en},
                   {"message_zh", w.message.zh}});
  return out;
}

void freed_pace_json(const rules::FreedLedger& l, json& freed) {
  freed["years_elapsed"] = l.years_elapsed;
  freed["years_left"] = l.years_left;
  freed["pace_achieved_mu"] = number_or_null(l.pace_achieved_mu);
  freed["pace_needed_mu"] = number_or_null(l.pace_needed_mu);
  json quotas = json::object();
  for (const auto& [code, share] : l.district_quota_progress)
    quotas[code] = share;
  freed["district_quota_progress"] = quotas;
}

json summary_json(const Analysis& a) {
  const Inputs& in = a.check.inputs;
  const Profile& profile = in.profile;
  json s;
  s["tool"] = {{"name", "landrenew"}, {"version", std::string(version())}};
  if (a.partition)  // the source project's profile, not the derived one with pinned statistics (RULES.md 26)
    s["profile"] = {{"name", a.partition->spec.profile_name},
                    {"version", a.partition->spec.profile_version},
                    {"sha256", a.partition->spec.profile_sha256}};
  else
    s["profile"] = {{"name", profile.name}, {"version", profile.version}, {"sha256", profile.sha256}};
  s["as_of"] = a.as_of.iso();
  s["analysis_crs"] = in.crs.description;
  json inputs = json::object();
  for (const PolygonLayer* layer : in.polygon_layers())
    inputs[layer->info.logical] = layer_counts(layer->counts);
  if (in.enterprises) inputs["enterprises"] = layer_counts(in.enterprises->counts);
  s["inputs"] = inputs;
  s["industrial"] = {{"parcels", a.check.parcels.industrial.size()}, {"mu", a.check.parcels.industrial_mu()}};
  s["districts"] = districts_json(a);
  s["parks"] = parks_json(a);
  s["freed"] = freed_json(a);
  s["low_efficiency"] = low_efficiency_json(a);
  s["clusters"] = clusters_json(a);
  s["enterprises"] = enterprises_json(a);
  if (a.plan) s["plan"] = plan_json(*a.plan, profile);
  s["agreement"] = agreement_json(a.agreement);
  s["findings"] = findings_json(a);
  if (a.partition) s["partition"] = partition_json(a);
  return s;
}

}  // namespace landrenew::out
