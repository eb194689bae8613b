#pragma once
// `landrenew partition` (RULES.md 26): a project cut into one project per district, each reading its own
// features and a margin around them, so that the partitions can run on several machines and `landrenew merge`
// adds their shares up to the figures of one run.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "landrenew/config/project.hpp"
#include "landrenew/pipeline/inputs.hpp"

namespace landrenew::out {

struct PartitionOptions {
  std::string by = "district";  ///< what the partitions are: "district" (RULES.md 5 membership)
  LoadOptions load;             ///< threads, progress and log for reading the whole project once
};

/// One partition as the plan lists it.
struct PartitionEntry {
  std::string id, name;  ///< the district's code and name ("_outside" for parcels in no district)
  int rank = 0;          ///< 1-based; the first is primary (RULES.md 26)
  std::filesystem::path project;  ///< its project file, relative to the plan's folder
  /// Per geometry layer: the features it owns and the margin it reads beside them.
  std::map<std::string, std::pair<std::size_t, std::size_t>> features;
};

struct PartitionPlan {
  std::string by;
  std::vector<PartitionEntry> partitions;
};

/// Reads the whole project once and writes into `dir` (created; it must not exist): plan.json, profile.toml
/// (the project's profile with the 亩均 statistics of the whole enterprise table pinned) and one folder per
/// partition with its project.toml and the FID lists of its layers. Throws Error(project) for a project it
/// cannot partition (no district layer, no audit_date, a register kept as an office table, parcels_after).
PartitionPlan write_partitions(const Project& project, const std::filesystem::path& dir,
                               const PartitionOptions& options = {});

}  // namespace landrenew::out
