#pragma once
// The 亩均 evaluation table (enterprises.xlsx, sheet 亩均评价, and the same rows as a GBK CSV), with a
// few bad rows of the kinds real tables have.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "parcels.hpp"
#include "preset.hpp"

namespace landrenew::gen {

// Writes both files into dir and returns what was planted (row numbers are 0-based data rows; the sheet
// row is that + 2 because of the header).
nlohmann::json write_enterprises(const std::string& dir, const EnterpriseRegistry& reg, const Preset& preset,
                                 std::uint64_t seed);

}  // namespace landrenew::gen
