#pragma once
// The files of OUT_DIR (CONTRACT.md): landrenew.gpkg, summary.json, manifest.json (and, as they are built,
// tables.xlsx, report.html, landrenew.qgs).
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "landrenew/pipeline/analysis.hpp"
#include "landrenew/pipeline/scenario.hpp"

namespace landrenew::out {

/// The names of the files of OUT_DIR (CONTRACT.md, docs/outputs.md).
namespace file {
inline constexpr std::string_view gpkg = "landrenew.gpkg";
inline constexpr std::string_view summary = "summary.json";
inline constexpr std::string_view manifest = "manifest.json";
inline constexpr std::string_view tables = "tables.xlsx";
inline constexpr std::string_view report = "report.html";
inline constexpr std::string_view qgis = "landrenew.qgs";
inline constexpr std::string_view scenario = "scenario.json";
}  // namespace file

struct OutputFile {
  std::string_view name;
  std::string_view what;  ///< one line, for `run --help` and the docs
};
/// Every file `landrenew run` writes into OUT_DIR, in the order --help lists them.
const std::vector<OutputFile>& output_files();

struct RunInfo {
  std::string command_line;  ///< as typed, for the manifest
  std::string started_utc;   ///< ISO 8601 time the run started
  double seconds = 0;        ///< wall time until outputs were written
  /// `--scenario`: written as scenario.json when set.
  const ScenarioResult* scenario = nullptr;
  /// `--threads`: with 2 or more, landrenew.gpkg's features are inserted by a second thread.
  unsigned threads = 1;
  /// `--verbose`: called with the name of each output file before it is written.
  std::function<void(const std::string&)> log;
};

/// summary.json (CONTRACT.md keys, plus more).
nlohmann::ordered_json summary_json(const Analysis& a);

/// summary.json's freed: years elapsed and left, pace achieved and needed, district quota progress (RULES.md
/// 18), set into `freed` (`landrenew merge` sets them from its own totals the same way).
void freed_pace_json(const rules::FreedLedger& l, nlohmann::ordered_json& freed);

/// manifest.json: tool version, profile name and hash, each input's path, size and SHA-256, time.
nlohmann::ordered_json manifest_json(const Analysis& a, const RunInfo& run);

/// Every result layer into `file` (which must not exist). With `background`, a second thread inserts the
/// features while the next ones are built (the same bytes either way).
void write_geopackage(const Analysis& a, const std::filesystem::path& file, bool background = false);

/// The one-screen summary `landrenew run` prints at the end.
void write_run_summary(std::ostream& out, const Analysis& a, const std::string& out_dir);

/// Writes all outputs into `dir` (an empty staging folder).
void write_outputs(const Analysis& a, const std::filesystem::path& dir, const RunInfo& run);

}  // namespace landrenew::out
