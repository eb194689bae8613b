#pragma once
// RULES.md 16–19: the freed-land ledger behind the 30,000 mu goal. Which renewal records count (16), the
// freed ground as the union of their footprints on baseline industrial land, each piece attributed to the
// earliest record covering it (17), progress and pace toward the goal (18), and every piece carrying the
// ids of all records covering it (19), so the totals can be recomputed from the pieces alone.
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/io/layer.hpp"
#include "landrenew/rules/register.hpp"
#include "landrenew/rules/zones.hpp"

namespace landrenew::rules {

/// Polygons of at most this area (m²) left by overlay are noise, not ground: dropped from pieces (their
/// area is added up in FreedLedger::slivers_dropped_m2) and not counted as "touching" a parcel.
inline constexpr double kFreedSliverM2 = 1e-6;

/// Why a record does not count (rule 16): flags of RecordStatus::not_counted.
enum class NotCounted : unsigned {
  no_date = 1u << 0,
  bad_date = 1u << 1,  ///< a completion date that does not parse
  outside_period = 1u << 2,
  after_audit = 1u << 3,
  no_mode = 1u << 4,
  mode_not_counted = 1u << 5,  ///< a mode not in the profile's counting set
  no_status = 1u << 6,
  status_not_completed = 1u << 7,
  no_parcel_code = 1u << 8,  ///< RULES.md 23: no geometry and no listed code names a used parcel
};

/// One per used renewal record (same index as the renewal layer).
struct RecordStatus {
  bool counted = false;  ///< passes rule 16
  unsigned not_counted = 0;  ///< NotCounted flags: every condition of rule 16 the record fails
  bool fails(NotCounted c) const noexcept { return (not_counted & static_cast<unsigned>(c)) != 0; }
  /// Why the record does not count (rule 16; several reasons joined by "; "), or why it counts but frees
  /// nothing ("not on industrial land", "wholly covered by earlier records"); "" when it frees ground.
  std::string reason;
  std::optional<Date> date;  ///< the parsed completion date (a partial one: the last day of its month or year)
  DatePrecision date_precision = DatePrecision::day;  ///< RULES.md 22
  std::string mode;          ///< the register's own words, trimmed
  double industrial_m2 = 0;  ///< area(footprint ∩ ∪ baseline industrial parcels), counted or not
  double freed_m2 = 0;       ///< ground attributed to this record (rule 17)
  std::vector<std::size_t> touched;  ///< counted records: the industrial parcels its footprint touches
};

/// Rule 17/19: ground with one set of covering records.
struct FreedPiece {
  geom::Geometry geometry;  ///< a polygon in the analysis CRS
  double area_m2 = 0;
  std::size_t record = 0;  ///< attributed record: earliest completion, ties → smaller record id (rule 5)
  Date date;               ///< that record's date
  std::string mode;        ///< that record's mode
  std::vector<std::size_t> covering;  ///< every counted record covering it, in attribution order
  /// Member zones (rule 5: largest part; parks need the majority share). For display only: the per-zone
  /// figures of the ledger split the piece by area instead.
  std::optional<std::size_t> district, park;
};

struct FreedLedger {
  std::vector<RecordStatus> records;  ///< per renewal record
  /// In attribution order of their record, then by covering records, then by position (min x, min y).
  std::vector<FreedPiece> pieces;
  double total_m2 = 0;  ///< Σ piece areas, summed in piece order (= area of the union of the grounds)
  double slivers_dropped_m2 = 0;     ///< overlay slivers (≤ kFreedSliverM2 each) left out of the pieces
  std::size_t records_counted = 0;   ///< records that pass rule 16
  std::map<int, double> by_year_m2;  ///< year of the attributed completion date
  std::map<std::string, double> by_mode_m2;      ///< attributed record's mode
  std::map<std::string, double> by_district_m2;  ///< district id → ground inside its polygon
  double outside_districts_m2 = 0;               ///< ground inside no district (districts + this = total)
  std::map<std::string, double> by_park_m2;      ///< park id → ground inside its polygon (none: not listed)

  // Rule 18.
  double goal_mu = 0;
  double progress = 0;  ///< cumulative freed mu ÷ goal
  /// The year the pace is measured to: the audit year, else the last year with a counted record (else the
  /// year before the period), kept within [period start year − 1, period end year].
  int reference_year = 0;
  int years_elapsed = 0;                   ///< reference year − (period start year − 1)
  int years_left = 0;                      ///< period end year − reference year
  std::optional<double> pace_achieved_mu;  ///< mu per year; nullopt when no year has elapsed
  /// (goal − cumulative) ÷ years left, negative once the goal is passed; nullopt when no year is left.
  std::optional<double> pace_needed_mu;
  /// District code → freed mu in its polygon ÷ quota, for quotas above 0, when a district layer is given.
  std::map<std::string, double> district_quota_progress;
  /// Plan target "三年全覆盖": per year from the period start to the reference year, the cumulative share of
  /// the industrial parcels that a counted record completed by then overlaps with positive area.
  std::map<int, double> parcels_touched_share_by_year;
};

/// Computes the ledger. `industrial` lists the baseline industrial parcels (indices into `parcels`);
/// `districts` and `parks` may be null (no per-zone figures); `park_majority` is the profile's share for park
/// membership. `audit_date`, when set, excludes records completed after it and fixes the pace's year.
/// Record problems (no or bad date, mode not counted, status not completed) are findings, never exceptions:
/// `renewal_not_counted` (info) for every record that fails rule 16, `bad_date` (warning) for a completion
/// date that does not parse. Throws Error(profile) when the profile's period does not parse and
/// Error(internal) when GEOS fails on valid geometry. The records' grounds and the pieces' zones are
/// computed on up to `threads` threads; the ledger is the same whatever the number.
/// Rule 16 for every record of `renewal`: whether it counts and, if not, why (`not_counted`, `reason`). Findings:
/// `renewal_not_counted` (info) for every record that does not count, `bad_date` (warning) for a completion date
/// that does not parse. `landrenew check` prints the tally; compute_freed() builds the ledger on it. Throws
/// Error(profile) when the profile's period does not parse.
/// `parcels` (Inputs::renewal_parcels, may be empty): a record whose footprint comes from its parcel codes
/// and which names no used parcel does not count (RULES.md 23).
std::vector<RecordStatus> classify_records(const PolygonLayer& renewal, const FreedRules& rules,
                                           std::optional<Date> audit_date, Findings& findings,
                                           std::span<const RecordParcels> parcels = {});

/// compute_freed() below on records classified already (classify_records(), which adds their findings).
FreedLedger compute_freed(const PolygonLayer& renewal, std::vector<RecordStatus> records,
                          const PolygonLayer& parcels, std::span<const std::size_t> industrial,
                          const ZoneIndex* districts, const ZoneIndex* parks, double park_majority,
                          const FreedRules& rules, std::optional<Date> audit_date, unsigned threads = 1);

FreedLedger compute_freed(const PolygonLayer& renewal, const PolygonLayer& parcels,
                          std::span<const std::size_t> industrial, const ZoneIndex* districts,
                          const ZoneIndex* parks, double park_majority, const FreedRules& rules,
                          std::optional<Date> audit_date, Findings& findings, unsigned threads = 1);

/// RULES.md 26: the ledger's totals again from the pieces of the records `keep` marks only (a partition's
/// own records; the others were read because they meet them), with progress and pace (RULES.md 18) on those
/// totals. The share of industrial parcels touched is left empty: `landrenew merge` computes it from every
/// partition's touched parcels.
void retotal_freed(FreedLedger& ledger, const std::vector<bool>& keep, const ZoneIndex* districts,
                   const ZoneIndex* parks, const FreedRules& rules, std::optional<Date> audit_date,
                   unsigned threads = 1);

/// RULES.md 18: progress and pace of a ledger whose totals are set (total_m2, by_district_m2), at the audit
/// date or, without one, at the latest completion year among `records` counted.
void freed_progress_and_pace(FreedLedger& ledger, const FreedRules& rules, std::optional<Date> audit_date,
                             bool with_districts);

}  // namespace landrenew::rules
