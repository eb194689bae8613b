#pragma once
// The project file: a TOML file naming each input layer, how to open it and how its columns map to
// landrenew's logical fields (schema.hpp). Paths in it are relative to the file. Format:
// docs/project-file.md.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace landrenew {

/// A bureau's 7-parameter (Helmert) transformation from a layer's datum to CGCS2000, as the project file's
/// `helmert = { x, y, z, rx, ry, rz, s, convention }` gives it: translations in metres, rotations in arc-seconds,
/// scale in ppm; convention "position_vector" (EPSG 9606, TOWGS84) or "coordinate_frame" (EPSG 9607).
struct Helmert {
  double x = 0, y = 0, z = 0, rx = 0, ry = 0, rz = 0, s = 0;
  std::string convention;
};

/// One input as the project file names it.
struct LayerSource {
  std::string logical;   ///< "parcels", "buildings_before", ... (schema.hpp)
  std::string path;      ///< resolved path, or a "PG:" connection string as given
  std::string display;   ///< the path as written in the project file (for messages)
  /// A path written with Windows backslashes (data\parcels.shp) that names no file, resolved with / instead
  /// because that file exists: the path as written (finding path_backslashes); empty otherwise.
  std::string backslash_path;
  std::string layer;     ///< layer / sheet / table name; empty = the source's only (or first) layer
  std::string encoding;  ///< override of the detected encoding; empty = detect
  std::string crs;       ///< CRS to use when the source has none, or instead of a wrong one; empty = declared
  std::optional<Helmert> helmert;  ///< the layer's datum → CGCS2000 (geometry layers only)
  std::string label;     ///< display label, e.g. "2022" for a building snapshot
  std::string landuse_scheme;                 ///< restrict land-use codes to one scheme of the profile
  /// A partition's parcels (RULES.md 24, 26): `landuse_codes = [...]`, the distinct land-use values of the
  /// whole layer, from which an ambiguous code is decided as in one run (not from the partition's own codes).
  std::optional<std::vector<std::string>> landuse_codes;
  std::map<std::string, std::string> fields;  ///< logical field → source column (explicit mappings only)
  std::map<std::string, std::string> units;   ///< logical money field → unit ("元", "万元", "亿元")
  // Tables only (RULES.md 21):
  std::vector<std::string> sheets;  ///< `layers = [...]`: sheets read as one table, in order (layer: 1st)
  int header_row = 0;   ///< `header_row`: sheet row of the header, 1-based; 0 = found by what its cells name
  int header_rows = 0;  ///< `header_rows`: 1, or 2 for a merged two-row header; 0 = found
  std::optional<int> evaluation_year;  ///< `evaluation_year`; unset = the latest year in the year column
  int line = 0;                               ///< line of the [section] in the project file
  /// A partition's project (RULES.md 26): `fids = "parcels.fids"` — the source FIDs this partition reads,
  /// ascending, each with the rank of the partition that owns it (an empty list reads nothing). Unset: every
  /// feature is read. A table (the enterprise table) is read whole; its list gives the owner of each record
  /// by its row number.
  std::optional<std::vector<std::pair<std::int64_t, int>>> fids;
  bool is_connection() const { return path.rfind("PG:", 0) == 0; }
};

/// `[partition]`: this project is one share of a larger one, written by `landrenew partition` (RULES.md 26).
/// Its layers' `fids` lists say which features it reads (its own and a margin around them); it counts,
/// reports and writes only those it owns, so that `landrenew merge` adds the shares up to the whole.
struct PartitionSpec {
  std::string id;    ///< the partition key: a district code
  std::string name;  ///< the district's name
  int rank = 0;      ///< 1-based position in the plan
  int count = 0;     ///< partitions in the plan
  /// The source project's profile (summary.json reports it, not the derived one with pinned statistics).
  std::string profile_name, profile_version, profile_sha256;
  /// The first partition owns what belongs to no feature: layer-wide findings, whole layers (districts, parks),
  /// table rows linked to no parcel.
  bool primary() const { return rank == 1; }
};

struct Project {
  std::filesystem::path file;  ///< the project file as given
  std::filesystem::path dir;   ///< its folder; relative paths are resolved against it
  std::string name;
  std::string profile = "huzhou-2023";    ///< built-in profile name, or a path relative to the file
  std::string analysis_crs;               ///< empty = chosen from the parcel layer (RULES.md 1)
  std::optional<std::string> audit_date;  ///< ISO date; records completed after it do not count (RULES.md 16)
  std::map<std::string, LayerSource> layers;
  std::optional<PartitionSpec> partition;  ///< set in a partition's project (RULES.md 26)

  const LayerSource* layer(const std::string& logical) const;
};

/// Reads and validates a project file. Throws Error(project) with the line for syntax errors, unknown
/// sections or keys (with a "did you mean"), wrong types, unknown logical fields and units.
Project load_project(const std::filesystem::path& file);

/// Same, from text (for tests); `file` is used for messages and to resolve relative paths.
Project parse_project(const std::string& text, const std::filesystem::path& file);

}  // namespace landrenew
