#pragma once
// `landrenew diff OLD_OUT_DIR NEW_OUT_DIR`: the annual audit's comparison of two runs, from their output
// folders alone (landrenew.gpkg, summary.json, manifest.json). What changed in the low-efficiency flags, the
// freed ground (RULES.md 17, 19), the renewal register (16) and the parks' FAR against +0.5 (9), with totals
// that reconcile: old + added − removed = new.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/core/i18n.hpp"
#include "landrenew/geom/geos.hpp"

namespace landrenew::diff {

/// A parcel of the `parcels` layer, as the diff needs it (geometry is not read).
struct OutputParcel {
  std::int64_t source_fid = -1;
  std::string parcel_id;  ///< "" when null
  bool industrial = false;
  bool low_efficiency = false;
  std::vector<std::string> criteria;  ///< RULES.md 14 criterion names, as written
};

/// A piece of the `freed` layer (RULES.md 17, 19).
struct OutputPiece {
  std::string record_id;             ///< the attributed record
  std::vector<std::string> records;  ///< every record covering it
  std::string completed, mode;
  int year = 0;
  double area_m2 = 0;  ///< of its geometry
  geom::Geometry geometry;
  std::string wkb;  ///< normalised WKB of `geometry` (equal bytes = the same ground)
};

/// A record of the `renewal` layer (RULES.md 16).
struct OutputRecord {
  std::int64_t source_fid = -1;
  std::string record_id;  ///< the register's id, or "fid N" as landrenew writes it
  std::string mode, date, status, reason;
  bool counted = false;
  double industrial_mu = 0, freed_mu = 0;
};

/// A park of summary.json's `parks` (CONTRACT.md).
struct OutputPark {
  std::string id, name;
  std::optional<double> far_before, far_after, uplift;
  bool meets_target = false;
};

/// One input file of manifest.json.
struct InputFile {
  std::string layer, path, sha256;
  std::uint64_t size = 0;
};

/// Everything the diff reads from one OUT_DIR.
struct RunOutput {
  std::filesystem::path dir;
  // manifest.json
  std::string tool_version, started_utc, as_of, project_name, project_sha256;
  std::string profile_name, profile_version, profile_sha256;
  std::vector<InputFile> inputs;  ///< in manifest order
  // summary.json
  std::size_t industrial_parcels = 0;
  double industrial_mu = 0;
  std::size_t low_parcels = 0;
  double low_mu = 0;
  std::map<std::string, std::pair<std::size_t, double>> low_by_criterion;  ///< criterion → (parcels, mu)
  double freed_mu = 0, goal_mu = 0;
  std::size_t records_counted = 0;
  std::map<std::string, double> freed_by_year, freed_by_district, freed_by_mode;
  std::vector<OutputPark> parks;
  // landrenew.gpkg
  std::vector<OutputParcel> parcels;
  bool has_renewal = false;  ///< the run had a renewal register (the freed and renewal layers exist)
  std::vector<OutputPiece> pieces;
  std::vector<OutputRecord> records;
};

/// Reads an output folder. Throws Error(input_open) when `dir` is missing, is not a folder, or lacks
/// landrenew.gpkg, summary.json or manifest.json ("not a landrenew output folder"), or a file cannot be
/// opened or parsed; Error(input_data) when a file lacks what landrenew writes (a key, layer or field).
RunOutput read_run_output(const std::filesystem::path& dir);

// ---- The comparison ----

/// A number in both runs.
struct Change {
  double old_value = 0, new_value = 0;
  double delta() const noexcept { return new_value - old_value; }
};

/// Old + added − removed = new, checked (counts exactly; areas within `kReconcileMu`).
struct Reconciliation {
  double old_total = 0, added = 0, removed = 0, new_total = 0;
  double residual() const noexcept { return old_total + added - removed - new_total; }
  bool ok = false;
};

/// Mu differences up to this are rounding in overlay, not ground (0.00067 m²).
inline constexpr double kReconcileMu = 1e-6;

struct ParcelMatch {
  std::size_t old_parcels = 0, new_parcels = 0;
  std::size_t by_id = 0;   ///< matched by a parcel_id unique in both runs
  std::size_t by_fid = 0;  ///< parcel_id missing or repeated: matched by source_fid with the same parcel_id
  std::size_t unmatched_old = 0, unmatched_new = 0;
};

/// A parcel whose low-efficiency flag or criteria differ.
struct FlagChange {
  std::string parcel_id;
  std::optional<std::int64_t> old_fid, new_fid;  ///< nullopt when not in that run's parcel layer
  std::vector<std::string> old_criteria, new_criteria;
  std::vector<std::string> criteria_added, criteria_removed;  ///< new − old, old − new
};

struct FlagDiff {
  ParcelMatch match;
  /// Flagged now, not before: matched parcels newly flagged, then flagged parcels new in the parcel layer.
  std::vector<FlagChange> newly_flagged;
  /// Flagged before, not now: matched parcels no longer flagged, then flagged parcels gone from the layer.
  std::vector<FlagChange> no_longer_flagged;
  std::vector<FlagChange> criteria_changed;  ///< flagged in both runs, for other reasons
  Reconciliation parcels;                    ///< summary counts: old + newly − no longer = new
  Change mu;                                 ///< low_efficiency.mu (area of the union; not decomposed)
  std::map<std::string, std::pair<Change, Change>> by_criterion;  ///< (parcels, mu)
};

/// Freed ground one record gained or lost between the runs (pieces attributed to it).
struct RecordGround {
  std::string record_id;
  double mu = 0;
};

struct FreedDiff {
  Reconciliation mu;  ///< summary freed.mu: old + ground added − ground removed = new
  double added_m2 = 0, removed_m2 = 0;
  /// Ground freed now but not before (new pieces minus old ground), by the record it is attributed to now;
  /// ground freed before but not now, by the record it was attributed to then. Ascending by record id.
  std::vector<RecordGround> added_by_record, removed_by_record;
  std::size_t old_pieces = 0, new_pieces = 0, unchanged_pieces = 0;  ///< same ground, record and coverage
  std::size_t added_pieces = 0, removed_pieces = 0;                  ///< the rest
  std::map<std::string, Change> by_year, by_district, by_mode;       ///< from summary.json, mu
  Change records_counted;
};

/// A record in both runs whose fields differ: field → (old, new) as text.
struct RecordChange {
  std::string record_id;
  OutputRecord old_record, new_record;
  std::vector<std::string> fields;  ///< which of mode, date, status, counted, freed_mu, industrial_mu
};

struct RecordDiff {
  Reconciliation records;  ///< register rows: old + added − removed = new
  std::vector<OutputRecord> added, removed;
  std::vector<RecordChange> changed;
  Reconciliation counted;  ///< counted records: old + now counted − no longer counted = new
};

struct ParkChange {
  std::string id, name;
  std::optional<OutputPark> old_park, new_park;  ///< nullopt when the park is in one run only
  /// +1 now meets the +0.5 target and did not; −1 the reverse; 0 no crossing.
  int crossed = 0;
};

struct InputChange {
  std::string what;                  ///< "profile", "project", "tool", "as_of", or "<layer>: <file>"
  std::string old_value, new_value;  ///< sha256 (or version/date); "" when absent in that run
};

struct RunDiff {
  std::filesystem::path old_dir, new_dir;
  std::string old_as_of, new_as_of;
  std::vector<InputChange> inputs;  ///< only what differs
  FlagDiff low_efficiency;
  FreedDiff freed;
  RecordDiff records;
  std::vector<ParkChange> parks;   ///< parks whose FAR, uplift or meets_target differ (or in one run only)
  std::vector<Text> notes;  ///< inconsistencies found in either folder (e.g. layer ≠ summary); diff.json: .en
  /// Every reconciliation holds.
  bool reconciles() const noexcept;
};

/// Compares two runs. Pure: no I/O.
RunDiff compare_runs(const RunOutput& old_run, const RunOutput& new_run);

/// Reads both folders and compares them.
RunDiff diff_folders(const std::filesystem::path& old_dir, const std::filesystem::path& new_dir);

/// The diff as JSON (`landrenew diff --json FILE`).
nlohmann::ordered_json diff_json(const RunDiff& d);

/// Writes diff_json(d) to `file`; throws Error(output) when it cannot.
void write_diff_json(const std::filesystem::path& file, const RunDiff& d);

/// The diff as text; lists longer than `limit` lines are cut with "… and N more" (0 = no limit).
void write_diff_text(std::ostream& out, const RunDiff& d, std::size_t limit = 20);

}  // namespace landrenew::diff
