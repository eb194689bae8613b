#pragma once
// `landrenew init`: a project file proposed from the bureau's own files (issue 20). Which file is the parcel
// layer, the building snapshots, the districts, the parks, the register and the 亩均 table is guessed from
// what each one holds — the columns landrenew's readers recognise (config/schema.hpp) and the geometry —
// and from its name; every field mapping is the one `check` and `run` would make. Every guess is marked for
// the planner to confirm; nothing is read beyond the columns and the layer's header.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landrenew {

/// One layer the project file will name, as proposed.
struct InitLayer {
  std::string role;   ///< the project file's table: "parcels", "buildings_before", …
  std::string path;   ///< as given, or found in the folder
  std::string layer;  ///< layer or sheet name; "" = the source's only (or first) one
  std::string label;  ///< building snapshots: the year their name carries ("2022"), else ""
  /// Logical field → source column, in the schema's order: given with --field, or found by the readers.
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> detected;  ///< keys of `fields` the readers found (not given)
  /// Fields of the schema with no column, in the schema's order (all optional: a layer without a column
  /// for a required field is not proposed; given with --layer, it is an error naming the field).
  std::vector<std::string> missing;
  /// Money fields of the enterprise table → the unit its header states ("万元"), or "" when it states none.
  std::vector<std::pair<std::string, std::string>> units;
  bool guessed = false;  ///< the role was guessed from the folder (not given with --layer)
  std::string why;       ///< why this role: "7 of its columns are parcel fields; its name says 宗地"
};

/// What `landrenew init` is asked.
struct InitRequest {
  std::optional<std::filesystem::path> folder;  ///< scanned for the roles not given
  /// ROLE=SOURCE: SOURCE a path, or QGIS's OGR form "path|layername=NAME" (or "|layerid=N").
  std::vector<std::string> layers;
  std::vector<std::string> fields;  ///< ROLE.KEY=COLUMN
  std::string profile = "huzhou-2023";
  std::string audit_date;  ///< ISO date, or "" (the file then says how to set it)
};

/// What `landrenew init` proposes.
struct InitResult {
  std::vector<InitLayer> layers;  ///< in the project file's order of roles
  /// Files of the folder used for no role, each with why ("also looks like the 亩均 table: enterprises.csv").
  std::vector<std::string> unused;
};

/// The roles `init` knows, in the project file's order.
const std::vector<std::string>& init_roles();

/// Proposes the layers of a project. Throws Error(usage) for a malformed --layer/--field or an unknown role
/// or key, Error(input_open/input_data) when a layer given with --layer cannot be opened or lacks a column
/// given with --field; a file of the folder that cannot be read is left out (listed in `unused`).
InitResult propose_project(const InitRequest& request);

/// The project file: commented in Chinese and English, every guess marked 请确认 / confirm. Paths are written
/// relative to `project_dir` where the file lies below it.
std::string project_file_text(const InitResult& result, const InitRequest& request,
                              const std::filesystem::path& project_dir);

/// Writes the project file in full or not at all (a temporary file renamed into place). Throws Error(output)
/// when `path` exists and `force` is false, or when it cannot be written.
void write_project_file(const std::filesystem::path& path, const std::string& text, bool force);

/// `init --json`: {"roles": {ROLE: {"path", "layer", "label", "fields", "detected_fields", "missing_fields",
/// "guessed", "why"}}, "unused": [...], "project_file": path or null}.
nlohmann::json init_json(const InitResult& result, const std::optional<std::filesystem::path>& project_file);

}  // namespace landrenew
