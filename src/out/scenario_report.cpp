// Scenario output: OUT_DIR/scenario.json and the short section `landrenew run --scenario` prints.
#include <cstdio>
#include <fstream>
#include <ostream>
#include <type_traits>

#include "landrenew/core/error.hpp"
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
         {"reason", c.reason},
         {"industrial_mu", mu_from_m2(c.industrial_m2)},
         {"already_freed_mu", mu_from_m2(c.already_freed_m2)},
         {"earlier_candidates_mu", mu_from_m2(c.earlier_candidates_m2)},
         {"adds_mu", mu_from_m2(c.adds_m2)},
         {"gfa_current_m2", c.gfa_current_m2},
         {"gfa_scenario_m2", c.gfa_scenario_m2}});
  }
  j["candidates"] = candidates;
  j["notes"] = r.notes;
  return j;
}

void write_scenario_json(const std::filesystem::path& file, const ScenarioResult& r) {
  std::ofstream out(file, std::ios::binary);
  out << scenario_json(r).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!out) throw Error(ErrorKind::output, "cannot write the file", {.file = file.string()});
}

void write_scenario_summary(std::ostream& out, const ScenarioResult& r) {
  const ScenarioSpec& s = r.spec;
  out << "scenario         " << (s.name.empty() ? s.file.filename().string() : s.name) << ": "
      << r.candidates.size() << " candidates";
  if (s.target_far) out << ", target FAR " << format_number(*s.target_far, "%.2f");
  out << ", " << s.mode << ", " << r.default_year << " (scenario.json)\n";
  for (const auto& c : r.candidates) {
    out << "  " << c.candidate.id << " "
        << (c.candidate.kind == ScenarioCandidate::Kind::parcel ? "parcel" : "cluster") << ", "
        << c.industrial_parcels
        << (c.industrial_parcels == 1 ? " industrial parcel, " : " industrial parcels, ")
        << format_number(mu_from_m2(c.industrial_m2)) << " mu, " << c.year << ": ";
    if (!c.counted)
      out << "adds nothing (" << c.reason << ")";
    else
      out << "adds " << format_number(mu_from_m2(c.adds_m2)) << " mu";
    if (c.already_freed_m2 > 0 || c.earlier_candidates_m2 > 0)
      out << " (already freed " << format_number(mu_from_m2(c.already_freed_m2)) << ", earlier candidates "
          << format_number(mu_from_m2(c.earlier_candidates_m2)) << ")";
    out << "\n";
  }
  const double current = mu_from_m2(r.freed_current_m2), added = mu_from_m2(r.added_m2);
  out << "  freed          " << format_number(current) << " + " << format_number(added) << " = "
      << format_number(current + added) << " of " << format_number(r.goal_mu, "%.0f") << " mu ("
      << format_number(r.goal_mu > 0 ? 100.0 * (current + added) / r.goal_mu : 0.0, "%.1f") << "%)\n";
  std::size_t meets = 0, meets_after = 0;
  for (const auto& p : r.parks) {
    meets += p.meets_target;
    meets_after += p.meets_target_scenario;
  }
  if (!r.parks.empty())
    out << "  parks          " << meets << " → " << meets_after << " of " << r.parks.size()
        << " meet the FAR +" << format_number(r.uplift_target, "%.1f") << " target\n";
  for (const auto& p : r.parks) {
    if (!p.candidate_parcels) continue;
    out << "  " << p.id << " " << p.name << ": " << p.candidate_parcels
        << (p.candidate_parcels == 1 ? " parcel" : " parcels") << " rebuilt, FAR after "
        << format_number_or_dash(p.far_after) << " → " << format_number_or_dash(p.far_scenario) << ", uplift "
        << format_number_or_dash(p.uplift, "%+.3f") << " → "
        << format_number_or_dash(p.uplift_scenario, "%+.3f") << (p.meets_target_scenario ? " ✓" : "")
        << (!p.meets_target && p.meets_target_scenario
                ? " (crosses +" + format_number(r.uplift_target, "%.1f") + ")"
                : "")
        << "\n";
  }
  for (const auto& n : r.notes)
    out << "  note: " << n << "\n";
}

}  // namespace landrenew
