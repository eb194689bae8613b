#pragma once
// `landrenew merge`'s files beside summary.json (RULES.md 26): landrenew.gpkg recombined from the partitions'
// own features, and tables.xlsx, report.html and landrenew.qgs made from it as a run makes them.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/config/profile.hpp"
#include "landrenew/io/layer.hpp"
#include "landrenew/rules/clusters.hpp"
#include "landrenew/rules/far.hpp"

namespace landrenew::out {

/// What merge computed over all partitions that the files need beside the partitions' GeoPackages.
struct MergedFigures {
  std::vector<std::filesystem::path> runs;  ///< the partitions' output folders, by rank
  const nlohmann::ordered_json* summary = nullptr;   ///< the merged summary.json
  const nlohmann::ordered_json* manifest = nullptr;  ///< the merged manifest.json
  const Profile* profile = nullptr;
  /// Every partition's low-efficiency parcels (FID order; their mapped ids in `low_ids`) and the clusters
  /// found again over them (RULES.md 15; indices into `low`).
  const PolygonLayer* low = nullptr;
  std::vector<std::string> low_ids;
  const std::vector<rules::Cluster>* clusters = nullptr;
  /// Zone FAR settled from the partitions' sums (RULES.md 9, 26), by zone id; a zone without industrial
  /// land is absent, as in a run.
  std::map<std::string, rules::ZoneFar> district_far, park_far;
};

/// Writes landrenew.gpkg, tables.xlsx, landrenew.qgs and report.html into `dir` (merge's staging folder).
/// Each layer holds every partition's own rows — each partition's run wrote only those — in the order one
/// run writes them (by source FID or table row; freed pieces and findings by partition); clusters and the
/// parcels' cluster ids are the merge's, and districts and parks carry the merged figures. Throws Error.
void write_merged_files(const MergedFigures& m, const std::filesystem::path& dir);

}  // namespace landrenew::out
