// libFuzzer target: the policy-profile parser (parse_profile) and `profile show` of what it accepts. Any
// input must either parse or throw landrenew::Error; a profile that parses must print and parse back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // A relative `base` resolves against a folder that does not exist; "huzhou-2023" is the built-in.
    const landrenew::Profile p = landrenew::parse_profile(text, "/nonexistent-landrenew-fuzz/profile.toml");
    const std::string shown = landrenew::resolved_profile_toml(p);
    try {
      landrenew::parse_profile(shown, "resolved");
    } catch (const landrenew::Error&) {
      // `profile show` must print something `profile check` accepts: a refusal here is a bug.
      __builtin_trap();
    }
  } catch (const landrenew::Error&) {
  }
  return 0;
}
