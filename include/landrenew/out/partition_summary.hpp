#pragma once
// RULES.md 26: the parts of summary.json a partition's run and `landrenew merge` write alike, and the sums a
// partition's summary.json carries in its `partition` object for the merge to add up: the plan measures'
// sums, the spatial agreement over its own features, and the tally the headline warnings are made of. Each
// JSON shape is declared once here, its writer next to its reader.
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/config/profile.hpp"
#include "landrenew/pipeline/analysis.hpp"
#include "landrenew/pipeline/coverage.hpp"
#include "landrenew/rules/agreement.hpp"
#include "landrenew/rules/plan.hpp"

namespace landrenew::out {

/// summary.json `plan` (DOMAIN.md §1) from the measures.
nlohmann::ordered_json plan_json(const rules::PlanMetrics& pm, const Profile& profile);
/// summary.json `agreement` (RULES.md 25).
nlohmann::ordered_json agreement_json(const std::vector<rules::AgreementCheck>& checks);
/// summary.json `findings.warnings` (RULES.md 20).
nlohmann::ordered_json warnings_json(const std::vector<HeadlineWarning>& warnings);

/// partition.plan: the sums the plan measures are taken from, zones in order with their ids.
nlohmann::ordered_json plan_sums_json(const rules::PlanMetrics& pm);
/// The sums of partition.plan, and each district's and park's (id, name) in order.
struct PlanSumsRead {
  rules::PlanSums sums;
  std::vector<std::pair<std::string, std::string>> districts, parks;
};
PlanSumsRead plan_sums_from_json(const nlohmann::ordered_json& j);

/// partition.agreement: per check of `checks` (a partition's, over what it read), its own features' sums.
/// Then one entry per unmeasured share (`measured` false: only its features and their area, added by the merge
/// to a check another partition measured).
nlohmann::ordered_json agreement_shares_json(const std::vector<rules::AgreementCheck>& checks,
                                             const std::vector<PartitionPieces::AgreementShare>& own,
                                             const std::vector<PartitionPieces::UnmeasuredShare>& unmeasured = {});
/// The checks one run would have measured, from every partition's partition.agreement: features and share
/// from the sums. The shift search and the web-map check move a sample or the whole layer and are not taken
/// across partitions: no shift is reported, and a check below its threshold says so as its likely cause.
std::vector<rules::AgreementCheck> agreement_from_shares(const std::vector<const nlohmann::ordered_json*>& parts);

/// partition.warnings: the tally a partition's headline warnings are made of (agreement left out: see
/// agreement_shares_json).
nlohmann::ordered_json coverage_tally_json(const CoverageTally& t);
CoverageTally coverage_tally_from_json(const nlohmann::ordered_json& j);

}  // namespace landrenew::out
