#pragma once
// `landrenew partition` and the share a partition's run keeps (RULES.md 26): a project cut into one project
// per district, each reading its own features and a margin around them, so that the partitions can run on
// several machines and `landrenew merge` adds their shares up to the figures of one run.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "landrenew/config/project.hpp"
#include "landrenew/pipeline/inputs.hpp"

namespace landrenew {

struct Analysis;

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

/// Whether feature `fid` of layer `logical` belongs to this partition's share (RULES.md 26); true outside a
/// partition.
class PartitionShare {
 public:
  explicit PartitionShare(const Project& project);
  bool partitioned() const noexcept { return m_rank > 0; }
  bool primary() const noexcept { return m_rank <= 1; }
  int rank() const noexcept { return m_rank; }
  /// The rank owning the feature; 0 when the layer is not partitioned (then the primary owns it).
  int owner(const std::string& logical, std::int64_t fid) const;
  bool owns(const std::string& logical, std::int64_t fid) const;

 private:
  int m_rank = 0;
  std::map<std::string, std::map<std::int64_t, int>> m_owner;
};

/// RULES.md 26: in a partition's run, keeps of what analyse() computed over the features it read the share it
/// owns — its parcels, buildings, records, enterprises and findings — and recomputes the figures over them;
/// the rest was read only so that its own parcels are judged as in one run. No-op outside a partition.
void keep_partition_share(Analysis& a, unsigned threads);

}  // namespace landrenew
