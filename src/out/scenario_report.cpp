// Scenario output: OUT_DIR/scenario.json and the short section `landrenew run --scenario` prints.
#include <cstdio>
#include <fstream>
#include <ostream>
#include <type_traits>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/pipeline/scenario.hpp"

namespace landrenew {

using json = nlohmann::ordered_json;

namespace {

json opt(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

template <class K>
json mu_map(const std::map<K, double>& m2) {
  json out = json::object();
  for (const auto& [k, v] : m2) {
    if constexpr (std::is_same_v<K, int>)
      out[std::to_string(k)] = mu_from_m2(v);
    else
      out[k] = mu_from_m2(v);
  }
  return out;
}

}  // namespace

json scenario_json(const ScenarioResult& r) {
  const ScenarioSpec& s = r.spec;
  json j;
  j["scenario"] = {{"file", s.file.string()},         {"sha256", s.sha256}, {"name", s.name},
                   {"target_far", opt(s.target_far)}, {"mode", s.mode},     {"year", r.default_year}};
  j["as_of"] = r.as_of;
  j["rules"] =
      "freed: RULES.md 16-17 (counted modes and period; industrial ground not already freed, counted once, "
      "earliest year first, then file order); FAR: RULES.md 9 with each candidate parcel's after-snapshot "
      "GFA replaced by target FAR x parcel area";

  const double current = mu_from_m2(r.freed_current_m2), added = mu_from_m2(r.added_m2);
  j["freed"] = {{"goal_mu", r.goal_mu},
                {"current_mu", current},
                {"added_mu", added},
                {"after_mu", current + added},
                {"progress_current", r.goal_mu > 0 ? json(current / r.goal_mu) : json(nullptr)},
                {"progress_after", r.goal_mu > 0 ? json((current + added) / r.goal_mu) : json(nullptr)},
                {"by_year", mu_map(r.added_by_year_m2)},
                {"by_mode", mu_map(r.added_by_mode_m2)},
                {"by_district", mu_map(r.added_by_district_m2)},
                {"outside_districts_mu", mu_from_m2(r.added_outside_districts_m2)},
                {"by_park", mu_map(r.added_by_park_m2)}};

  json parks = json::array();
  std::size_t meets = 0, meets_after = 0;
  for (const auto& p : r.parks) {
    meets += p.meets_target;
    meets_after += p.meets_target_scenario;
    parks.push_back({{"id", p.id},
                     {"name", p.name},
                     {"candidate_parcels", p.candidate_parcels},
                     {"industrial_area_m2", p.area_m2},
                     {"gfa_after_m2", p.gfa_after_m2},
                     {"gfa_scenario_m2", p.gfa_scenario_m2},
                     {"far_before", opt(p.far_before)},
                     {"far_after", opt(p.far_after)},
                     {"uplift", opt(p.uplift)},
                     {"meets_target", p.meets_target},
                     {"far_scenario", opt(p.far_scenario)},
                     {"uplift_scenario", opt(p.uplift_scenario)},
                     {"meets_target_scenario", p.meets_target_scenario},
                     {"crosses_target", !p.meets_target && p.meets_target_scenario},
                     {"freed_added_mu", mu_from_m2(p.freed_added_m2)}});
  }
  j["parks_meeting_target"] = {{"uplift_target", r.uplift_target},
                               {"current", meets},
                               {"scenario", meets_after},
                               {"of", r.parks.size()}};
  j["parks"] = parks;

  json candidates = json::array();
  for (const auto& c : r.candidates) {
    candidates.push_back(
        {{"kind", c.candidate.kind == ScenarioCandidate::Kind::parcel ? "parcel" : "cluster"},
         {"id", c.candidate.id},
         {"line", c.candidate.line},
         {"parcels", c.parcels.size()},
         {"industrial_parcels", c.industrial_parcels},
         {"target_far", c.target_far},
         {"mode", c.mode},
         {"year", c.year},
         {"counted", c.counted},
         {"reason", c.reason.en},
         {"industrial_mu", mu_from_m2(c.industrial_m2)},
         {"already_freed_mu", mu_from_m2(c.already_freed_m2)},
         {"earlier_candidates_mu", mu_from_m2(c.earlier_candidates_m2)},
         {"adds_mu", mu_from_m2(c.adds_m2)},
         {"gfa_current_m2", c.gfa_current_m2},
         {"gfa_scenario_m2", c.gfa_scenario_m2}});
  }
  j["candidates"] = candidates;
  json notes = json::array();
  for (const auto& n : r.notes)
    notes.push_back(n.en);  // scenario.json stays in English whatever the language (issue 21)
  j["notes"] = notes;
  return j;
}

void write_scenario_json(const std::filesystem::path& file, const ScenarioResult& r) {
  std::ofstream out(file, std::ios::binary);
  out << scenario_json(r).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!out) throw Error(ErrorKind::output, tr("cannot write the file"), {.file = file.string()});
}

// What `run --scenario` prints, in the current language (issue 21); scenario.json above does not change.
void write_scenario_summary(std::ostream& out, const ScenarioResult& r) {
  const ScenarioSpec& s = r.spec;
  const std::string name = s.name.empty() ? s.file.filename().string() : s.name;
  const std::string default_year = std::to_string(r.default_year);
  if (s.target_far)
    out << trf("scenario         {1}: {2} candidates, target FAR {3}, {4}, {5} (scenario.json)", name,
               r.candidates.size(), format_number(*s.target_far, "%.2f"), s.mode, default_year);
  else
    out << trf("scenario         {1}: {2} candidates, {3}, {4} (scenario.json)", name, r.candidates.size(),
               s.mode, default_year);
  out << "\n";
  for (const auto& c : r.candidates) {
    const std::string parcels = std::to_string(c.industrial_parcels), year = std::to_string(c.year);
    const std::string mu = format_number(mu_from_m2(c.industrial_m2));
    const unsigned long n = c.industrial_parcels;
    out << (c.candidate.kind == ScenarioCandidate::Kind::parcel
                ? substitute(trn("  {1} parcel, {2} industrial parcel, {3} mu, {4}: ",
                                 "  {1} parcel, {2} industrial parcels, {3} mu, {4}: ", n),
                             {c.candidate.id, parcels, mu, year})
                : substitute(trn("  {1} cluster, {2} industrial parcel, {3} mu, {4}: ",
                                 "  {1} cluster, {2} industrial parcels, {3} mu, {4}: ", n),
                             {c.candidate.id, parcels, mu, year}));
    if (!c.counted)
      out << trf("adds nothing ({1})", c.reason);
    else
      out << trf("adds {1} mu", format_number(mu_from_m2(c.adds_m2)));
    if (c.already_freed_m2 > 0 || c.earlier_candidates_m2 > 0)
      out << trf(" (already freed {1}, earlier candidates {2})",
                 format_number(mu_from_m2(c.already_freed_m2)),
                 format_number(mu_from_m2(c.earlier_candidates_m2)));
    out << "\n";
  }
  const double current = mu_from_m2(r.freed_current_m2), added = mu_from_m2(r.added_m2);
  out << trf("  freed          {1} + {2} = {3} of {4} mu ({5}%)", format_number(current),
             format_number(added), format_number(current + added), format_number(r.goal_mu, "%.0f"),
             format_number(r.goal_mu > 0 ? 100.0 * (current + added) / r.goal_mu : 0.0, "%.1f"))
      << "\n";
  std::size_t meets = 0, meets_after = 0;
  for (const auto& p : r.parks) {
    meets += p.meets_target;
    meets_after += p.meets_target_scenario;
  }
  const std::string target = format_number(r.uplift_target, "%.1f");
  if (!r.parks.empty())
    out << trf("  parks          {1} → {2} of {3} meet the FAR +{4} target", meets, meets_after,
               r.parks.size(), target)
        << "\n";
  for (const auto& p : r.parks) {
    if (!p.candidate_parcels) continue;
    out << substitute(trn("  {1} {2}: {3} parcel rebuilt, FAR after {4} → {5}, uplift {6} → {7}",
                          "  {1} {2}: {3} parcels rebuilt, FAR after {4} → {5}, uplift {6} → {7}",
                          static_cast<unsigned long>(p.candidate_parcels)),
                      {p.id, p.name, std::to_string(p.candidate_parcels), format_number_or_dash(p.far_after),
                       format_number_or_dash(p.far_scenario), format_number_or_dash(p.uplift, "%+.3f"),
                       format_number_or_dash(p.uplift_scenario, "%+.3f")})
        << (p.meets_target_scenario ? " ✓" : "")
        << (!p.meets_target && p.meets_target_scenario ? trf(" (crosses +{1})", target) : std::string())
        << "\n";
  }
  for (const auto& n : r.notes)
    out << trf("  note: {1}", n) << "\n";
}

}  // namespace landrenew
