#pragma once
// The share a partition's run keeps (RULES.md 26): a project cut by `landrenew partition` (out/partition.hpp)
// into one project per district reads its own features and a margin around them; it counts what it owns, so
// that `landrenew merge` adds the shares up to the figures of one run.
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
