#pragma once
// `landrenew merge` (RULES.md 26): the outputs of a partitioned run's partitions recombined into the figures
// of one run.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/core/findings.hpp"

namespace landrenew::out {

struct MergeOptions {
  bool overwrite = false;  ///< replace OUT_DIR when it exists
  unsigned threads = 1;    ///< for the clusters' unions
};

struct MergeResult {
  nlohmann::ordered_json summary;       ///< as written to summary.json
  std::vector<std::string> not_merged;  ///< summary.json sections left out (not recombined yet): none now
  /// What one run would estimate and the merge cannot (RULES.md 26): "agreement.<key>.shift_m" for a check
  /// below its threshold, "agreement.<key>.web_map" for one whose web-map datum check is not redone.
  std::vector<std::string> not_estimated;
  std::vector<HeadlineWarning> warnings;  ///< as written to summary.json findings.warnings (RULES.md 20)
  /// Ground industrial parcels of two partitions both cover: industrial land counts it once; the other
  /// areas (low-efficiency land, criteria, zone areas and FAR) may count up to it twice.
  double cross_overlap_m2 = 0, cross_overlap_mu = 0;
};

/// Reads the summary.json, manifest.json and landrenew.gpkg of every partition's output folder (each run of a
/// project `landrenew partition` wrote; all of one plan, each once) and writes into OUT_DIR every file a run
/// writes: summary.json — counts and areas are sums of the partitions' disjoint shares, zone FAR is Σ floor
/// area ÷ Σ union area, progress and pace are taken again from the totals, clusters are found again over
/// every partition's low-efficiency parcels so that one that crosses a border is counted once; manifest.json
/// (partition 1's project, profile and inputs, the merged counts, each partition's summary and its SHA-256);
/// landrenew.gpkg with every partition's own features (out/merge_files.hpp); tables.xlsx, landrenew.qgs and
/// report.html made from those two as a run makes them. Throws Error(usage) for folders that are not one
/// plan's partitions, Error(output) when OUT_DIR cannot be written.
MergeResult merge_partitions(const std::vector<std::filesystem::path>& runs, const std::filesystem::path& out_dir,
                             const MergeOptions& options = {});

}  // namespace landrenew::out
