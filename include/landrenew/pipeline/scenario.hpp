#pragma once
// `landrenew run PROJECT -o OUT --scenario FILE`: what renewing a list of candidate parcels or 连片 clusters
// would add to the freed tally (RULES.md 16–17: counted modes and period, ground not already freed, counted
// once, industrial only) and to each park's FAR (RULES.md 9, with the candidates' parcels rebuilt to an
// assumed target FAR). Written as OUT_DIR/scenario.json; format: docs/audit-diff-and-scenarios.md.
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/core/i18n.hpp"
#include "landrenew/pipeline/analysis.hpp"

namespace landrenew {

/// One candidate of a scenario file: a parcel (by its id, ZDDM) or a cluster (LP0001…), with overrides.
struct ScenarioCandidate {
  enum class Kind { parcel, cluster };
  Kind kind = Kind::parcel;
  std::string id;
  int line = 0;  ///< in the scenario file, for messages
  std::optional<double> target_far;
  std::optional<std::string> mode;
  std::optional<int> year;
};

/// A scenario file, parsed (docs/audit-diff-and-scenarios.md).
struct ScenarioSpec {
  std::filesystem::path file;
  std::string sha256;  ///< of the file's bytes
  std::string name;
  std::optional<double> target_far;  ///< FAR the candidates' parcels are rebuilt to (per-candidate override)
  std::string mode = "拆除重建";     ///< renewal mode of the candidates (RULES.md 16 counting set decides)
  std::optional<int> year;           ///< completion year; default: the year after the as-of date
  std::vector<ScenarioCandidate> candidates;  ///< in file order (by line)
};

/// Reads a scenario file. Throws Error(project) with the line for a missing or non-UTF-8 file, TOML syntax,
/// unknown keys, wrong types, impossible values (target FAR ≤ 0), a candidate listed twice, no candidates,
/// or no target FAR for some candidate.
ScenarioSpec load_scenario(const std::filesystem::path& file);
/// Same, from text (tests); `file` is used in messages.
ScenarioSpec parse_scenario(const std::string& text, const std::filesystem::path& file);

struct ScenarioCandidateResult {
  ScenarioCandidate candidate;
  double target_far = 0;
  std::string mode;
  int year = 0;
  std::vector<std::size_t> parcels;    ///< parcel indices, ascending
  std::size_t industrial_parcels = 0;  ///< of them, industrial (the rest add nothing)
  bool counted = false;                ///< RULES.md 16: mode counted, year within the period
  Text reason;                         ///< why not counted; empty when counted (scenario.json: .en)
  double industrial_m2 = 0;            ///< area of the union of its industrial parcels
  double already_freed_m2 = 0;         ///< of that, ground the ledger already counts
  double earlier_candidates_m2 = 0;    ///< of the rest, ground an earlier candidate of the scenario takes
  double adds_m2 = 0;                  ///< what it would add (0 when not counted)
  double gfa_current_m2 = 0;           ///< Σ current (after-snapshot) GFA on its industrial parcels
  double gfa_scenario_m2 = 0;          ///< Σ target FAR × parcel area over them
};

struct ScenarioPark {
  std::string id, name;
  std::size_t candidate_parcels = 0;  ///< member industrial parcels (after snapshot) rebuilt
  double area_m2 = 0;                 ///< area of the union of the members (after snapshot), as in zone_far
  double gfa_after_m2 = 0, gfa_scenario_m2 = 0;
  std::optional<double> far_before, far_after, uplift;  ///< as the run found them
  bool meets_target = false;
  std::optional<double> far_scenario, uplift_scenario;  ///< with the candidates rebuilt
  bool meets_target_scenario = false;
  double freed_added_m2 = 0;  ///< scenario ground inside the park polygon (split by area)
};

struct ScenarioResult {
  ScenarioSpec spec;
  std::string as_of;
  int default_year = 0;  ///< the scenario's year, or the year after the as-of date
  double uplift_target = 0.5;
  double goal_mu = 0;
  double freed_current_m2 = 0;  ///< the ledger's total
  double added_m2 = 0;          ///< Σ candidates' adds (disjoint by construction)
  std::map<int, double> added_by_year_m2;
  std::map<std::string, double> added_by_mode_m2;
  std::map<std::string, double> added_by_district_m2;  ///< district id → ground inside its polygon
  double added_outside_districts_m2 = 0;
  std::map<std::string, double> added_by_park_m2;   ///< park id → ground inside its polygon
  std::vector<ScenarioCandidateResult> candidates;  ///< in file order
  std::vector<ScenarioPark> parks;                  ///< every park, in park order
  std::vector<Text> notes;  ///< e.g. a candidate parcel that is not industrial (.en in files)
};

/// Applies the scenario to a run's analysis. Candidates are attributed ground in order of completion year,
/// then file order (RULES.md 17's earliest-first). A parcel in several candidates takes the target FAR of the
/// first of them in that order. Throws Error(project) with the scenario file's line for an id that is not a
/// parcel id (nor "fid N") of the parcel layer or not a cluster id of this run.
ScenarioResult evaluate_scenario(const Analysis& a, const ScenarioSpec& spec);

/// scenario.json.
nlohmann::ordered_json scenario_json(const ScenarioResult& r);
/// Writes scenario.json to `file`; throws Error(output) when it cannot.
void write_scenario_json(const std::filesystem::path& file, const ScenarioResult& r);
/// The short section `landrenew run` prints after its summary.
void write_scenario_summary(std::ostream& out, const ScenarioResult& r);

}  // namespace landrenew
