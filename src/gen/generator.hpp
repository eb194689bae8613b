#pragma once
// Runs a preset end to end: geography, sites, then site by site parcels -> renewal -> buildings streamed
// to their writers, then the tables and small files.

#include <cstdint>
#include <ostream>
#include <string>

namespace landrenew::gen {

struct GenerateOptions {
  std::string preset;
  std::uint64_t seed = 0;
  std::string dir;  // an existing, empty directory
};

void generate(const GenerateOptions& options, std::ostream& log);

}  // namespace landrenew::gen
