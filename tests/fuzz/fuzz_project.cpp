// libFuzzer target: the project-file parser (parse_project). Any input must either parse or throw
// landrenew::Error; another exception, a crash, a hang or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "landrenew/config/project.hpp"
#include "landrenew/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // A folder that does not exist: relative paths resolve against it and nothing is opened.
    const landrenew::Project p = landrenew::parse_project(text, "/nonexistent-landrenew-fuzz/project.toml");
    if (!p.layer("parcels")) __builtin_trap();  // [parcels] is required: parse_project must refuse without it
  } catch (const landrenew::Error&) {
  }
  return 0;
}
