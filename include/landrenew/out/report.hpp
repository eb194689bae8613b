#pragma once
// report.html: one self-contained page for planners (CONTRACT.md) — headline figures, the 30,000 mu progress
// and pace chart, freed land by district, a map, the park FAR table, the A/B/C/D distribution, the QA summary
// and the manifest. Inline CSS and SVG only: no script, no font, no image and no request leaves the file, so
// it opens offline on a government intranet. Every text that comes from the data is escaped.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "landrenew/out/context.hpp"

namespace landrenew::out {

/// Escapes text for HTML and XML, in element content and in quoted attributes: & < > " ' become entities.
/// Bytes that are not well-formed UTF-8, and control characters other than tab, line feed and carriage
/// return (which XML 1.0 forbids), become U+FFFD, so that the result always parses.
std::string html_escape(std::string_view text);

/// A number as planners read it: thousands separators and `decimals` places ("30,000", "6,323.63",
/// "-0.07"); "—" for a missing or non-finite value.
std::string format_number(double value, int decimals);

/// Chinese name of a finding kind ("overlap" → "宗地重叠"), or "" for a kind this table does not know.
std::string finding_kind_zh(std::string_view kind);

/// Chinese name of an admission outcome as the GeoPackage writes it ("pass" → "通过").
std::string admission_zh(std::string_view outcome);

/// Writes report.html. `summary` and `manifest` are the contents of summary.json and manifest.json; the
/// map's geometries and the enterprise list are read from `gpkg` (the finished landrenew.gpkg), so the page
/// shows what the files hold. The run's time appears once, in the manifest section. Throws Error(output).
void write_report_html(const OutputContext& c, const nlohmann::ordered_json& summary,
                       const nlohmann::ordered_json& manifest, const std::filesystem::path& gpkg,
                       const std::filesystem::path& file);

}  // namespace landrenew::out
