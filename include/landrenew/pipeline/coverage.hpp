#pragma once
// RULES.md 20: what a run could not evaluate, and the warnings that change a headline figure. The same list
// goes to summary.json (findings.warnings), the screen summary, report.html (数据覆盖) and tables.xlsx.
//
// Two steps: coverage_tally gathers the counts and areas the warnings are made of from an analysis, and
// render_warnings writes the warnings from a tally. A run renders its own tally; `landrenew merge` renders the
// sum of its partitions' tallies (RULES.md 26), so that both say the same thing the same way.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "landrenew/core/findings.hpp"
#include "landrenew/rules/agreement.hpp"

namespace landrenew {

struct Analysis;

/// The counts and areas the headline warnings are made of. Counts add up over partitions; areas are each
/// partition's unions of its own parcels, so their sum is exact except where parcels of two partitions
/// overlap (summary.json merge.cross_partition_overlap_m2 measures that for industrial parcels).
struct CoverageTally {
  double industrial_m2 = 0;  ///< the messages' "of N mu" (the merge's: Σ less the cross-partition overlap)
  /// A low-efficiency criterion (RULES.md 14, 20), by its key of rules::kCriteria.
  struct Criterion {
    bool enabled = false;
    std::size_t evaluated_parcels = 0, not_evaluable_parcels = 0;
    double not_evaluable_m2 = 0;
  };
  std::map<std::string, Criterion> criteria;
  /// Rejected features per polygon layer, in the inputs' order (RULES.md 3); every layer, 0 included.
  std::vector<std::pair<std::string, std::size_t>> rejected;
  bool enterprises = false;  ///< the 亩均 evaluation ran
  /// Enterprise rows without a class for lack of data, by reason (the English msgid).
  std::map<std::string, std::size_t> not_classified;
  bool records = false;  ///< a renewal register was read
  /// Register records that do not count for want of data (rule 16, 23), and why.
  struct Register {
    std::size_t records = 0, no_date = 0, bad_date = 0, no_mode = 0, other_mode = 0, no_parcel = 0;
  } unusable;
  /// A finding kind with a headline line (finding_kinds.hpp): its findings, per layer, and the land of the
  /// parcels they name.
  struct Kind {
    std::size_t count = 0;
    std::map<std::string, std::size_t> layers;
    double m2 = 0;
  };
  std::map<std::string, Kind> kinds;
  /// A land-use value warned about (RULES.md 24), by (decided by the layer?, value): how it was decided and
  /// its parcels and their land.
  struct LanduseValue {
    std::string scheme, resembles;
    bool counts_as_industrial = false;
    std::size_t parcels = 0;
    double m2 = 0;
  };
  std::map<std::pair<bool, std::string>, LanduseValue> landuse;
  /// RULES.md 25: the checks as measured (a run's), or as settled from the partitions' sums (the merge's).
  std::vector<rules::AgreementCheck> agreement;

  /// Adds another partition's tally (counts and areas; a value's decision and a criterion's switch are the
  /// first's). Agreement checks are not added: the merge settles them from their own sums.
  CoverageTally& operator+=(const CoverageTally& o);
};

/// What the warnings of `a` are made of: over what the run owns (a partition's own share, RULES.md 26).
CoverageTally coverage_tally(const Analysis& a);

/// The warnings of a tally that change a headline figure, largest `mu` first (then most `count`, then kind):
/// each criterion not evaluable on some industrial land (`not_evaluable_<criterion>`), features rejected,
/// enterprises unclassified for lack of data, register records unusable, the finding kinds that leave a value
/// out (bad numbers and dates, implausible values, duplicate or missing credit codes, undecodable text,
/// unknown land-use codes), and per distinct value the land-use values that look industrial and the ambiguous
/// codes the layer decided otherwise than the profile (RULES.md 24), and the layers that disagree (rule 25).
std::vector<HeadlineWarning> render_warnings(const CoverageTally& t);

/// render_warnings(coverage_tally(a)).
std::vector<HeadlineWarning> headline_warnings(const Analysis& a);

}  // namespace landrenew
