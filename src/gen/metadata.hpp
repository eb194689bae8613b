#pragma once
// The small outputs: districts (GeoJSON, EPSG:4490), parks (GeoPackage), project.toml, README.md and
// planted.json.

#include <string>

#include <nlohmann/json.hpp>

#include "gdal_util.hpp"
#include "geography.hpp"
#include "preset.hpp"
#include "sites.hpp"

namespace landrenew::gen {

void write_districts(const std::string& dir, const Geography& geo, const Projector& projector);
void write_parks(const std::string& dir, const SitePlan& plan);
void write_project_toml(const std::string& dir, const Preset& preset);
void write_readme(const std::string& dir, const Preset& preset, std::uint64_t seed,
                  const nlohmann::json& planted);
void write_planted(const std::string& dir, const nlohmann::json& planted);

}  // namespace landrenew::gen
