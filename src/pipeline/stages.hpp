#pragma once
// The stages of analyse() (analysis.cpp), in the order it runs them. Each reads what the stages before it put
// into the Analysis and fills its own members; none reads the project file or the profile beyond its own
// part. Internal to the library.
#include <functional>
#include <string>

#include "landrenew/analysis.hpp"

namespace landrenew::stages {

/// Logs a stage's name and moves the run's progress to the share of the work done before it.
using Step = std::function<void(const std::string& name, double done)>;

/// The audit date (RULES.md 16, 19): the project's, else the run date.
void as_of(Analysis& a, const Project& project);
/// RULES.md 5: each parcel's district and park, and the industrial ground split by zone.
void zones(Analysis& a, unsigned threads);
/// RULES.md 6–8: the building snapshots on the parcels (and on parcels_after), side by side with 2 threads.
void buildings(Analysis& a, const Project& project, unsigned threads, const Step& step);
/// RULES.md 10–13: 亩均 classes, each enterprise's admission check, zone and green channel; plan measures.
void enterprises(Analysis& a);
/// RULES.md 13–14: each industrial parcel's facts, 五未 and admission result.
void parcel_facts(Analysis& a, unsigned threads);
/// RULES.md 14, 20: the low-efficiency flags, their union and the tally of each criterion.
void low_efficiency(Analysis& a, unsigned threads);
/// RULES.md 9: FAR before and after of each park, district and renewal record.
void zone_far(Analysis& a, unsigned threads);

}  // namespace landrenew::stages
