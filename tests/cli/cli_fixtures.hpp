#pragma once
// What the end-to-end tests of the CLI share: the binary under test, the demo, and a run that must succeed.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace landrenew::test {

/// The binary under test, and the bundled demo's folder.
inline const std::string bin = LANDRENEW_BIN;
inline const std::filesystem::path demo_dir =
    std::filesystem::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";

/// `landrenew run PROJECT -o OUT -q`, expected to exit 0; its summary.json.
inline nlohmann::json run_summary(const std::filesystem::path& project, const std::filesystem::path& out) {
  auto [code, text] =
      run(bin + " run " + quote(project) + " -o " + quote(out) + " -q");
  EXPECT_EQ(code, 0) << text;
  std::ifstream in(out / "summary.json");
  return nlohmann::json::parse(in);
}

/// report.html without the run's time and duration, the only bytes two runs of the same inputs differ in
/// (README "Outputs").
inline std::string report_without_run_time(std::string html) {
  const auto at = html.find("<span id=\"run-time\">");
  if (at != std::string::npos) html.erase(at, html.find("</span>", at) - at);
  return html;
}

/// manifest.json without the fields of the run itself (its command line, start time and duration).
inline nlohmann::json manifest_without_run(const std::filesystem::path& file) {
  nlohmann::json m = nlohmann::json::parse(read_file(file));
  for (const char* k : {"command", "started_utc", "seconds"})
    m.erase(k);
  return m;
}

}  // namespace landrenew::test
