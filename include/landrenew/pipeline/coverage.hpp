#pragma once
// RULES.md 20: what a run could not evaluate, and the warnings that change a headline figure. The same list
// goes to summary.json (findings.warnings), the screen summary, report.html (数据覆盖) and tables.xlsx.
#include <vector>

#include "landrenew/core/findings.hpp"

namespace landrenew {

struct Analysis;

/// The warnings of an analysis that change a headline figure, largest `mu` first (then most `count`, then
/// kind): each criterion not evaluable on some industrial land (`not_evaluable_<criterion>`), features
/// rejected, enterprises unlinked or unclassified for lack of data, register records unusable, and the
/// finding kinds that leave a value out (bad numbers and dates, implausible values, duplicate or missing
/// credit codes, undecodable text, unknown land-use codes), and per distinct value the land-use values that
/// look industrial and the ambiguous codes the layer decided otherwise than the profile (RULES.md 24).
std::vector<HeadlineWarning> headline_warnings(const Analysis& a);

}  // namespace landrenew
