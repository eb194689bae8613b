#pragma once
// `landrenew check`: read and validate every input (encoding, CRS, geometry, fields, codes) and report.
#include <iosfwd>

#include "landrenew/pipeline/inputs.hpp"
#include "landrenew/rules/enterprises.hpp"
#include "landrenew/rules/freed.hpp"
#include "landrenew/rules/parcels.hpp"

namespace landrenew {

struct CheckResult {
  Inputs inputs;
  rules::ParcelAssessment parcels;
  std::optional<rules::EnterpriseSet>
      enterprises;  ///< the 亩均 table linked to the parcels (bad cells are findings)
  /// Per renewal record: whether it counts toward freed land and why not (RULES.md 16), as `run` counts.
  std::vector<rules::RecordStatus> renewal;
};

/// Reads the inputs and runs the data checks; findings accumulate in result.inputs.findings.
CheckResult run_check(const Project& project, const LoadOptions& options = {});

struct ReportOptions {
  std::size_t examples_per_kind = 3;  ///< findings printed per kind and layer (0 = counts only)
};

/// The human-readable report `landrenew check` prints: per layer driver, encoding, CRS, field mapping, the
/// accounting line and the findings grouped by kind with examples; then industrial parcels and mu.
void write_check_report(std::ostream& out, const CheckResult& result, const ReportOptions& options = {});

}  // namespace landrenew
