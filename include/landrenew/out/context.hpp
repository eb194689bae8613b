#pragma once
// What the files made from landrenew.gpkg and summary.json — the QGIS styles and project, report.html — take
// besides those two: from a run's analysis (output_context) or, for `landrenew merge`, from the partitions'
// outputs and the profile they were run with (RULES.md 26).
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "landrenew/pipeline/analysis.hpp"

namespace landrenew::out {

struct OutputContext {
  std::string project_name;
  Date as_of;
  const Profile* profile = nullptr;  ///< never null
  const AnalysisCrs* crs = nullptr;  ///< never null
  std::vector<std::pair<std::string, std::string>> districts;  ///< code and name, in the district layer's order
  std::set<int> freed_years;                                   ///< years with freed ground
  /// The first finding of each kind, in the order the findings were made (the report's examples; the kinds
  /// are the QGIS style's categories).
  std::map<std::string, const Finding*> first_finding;
};

/// The context of a run's outputs; refers to `a`, which must outlive it.
OutputContext output_context(const Analysis& a);

}  // namespace landrenew::out
