#pragma once
// The profile's land-use vocabulary (DOMAIN.md §3, RULES.md 24) as the profile reader checks it and the
// classifier (rules/landuse.hpp) matches it.
#include <regex>
#include <string>

#include "landrenew/config/profile.hpp"

namespace landrenew {

/// Whether a scheme's code pattern matches `code` (normalised). Codes are a few characters; a cell of
/// megabytes (a GeoPackage has no width limit) would overflow the stack of libstdc++'s recursive regex
/// matcher, so values longer than a code can be never match.
bool landuse_pattern_matches(const std::regex& pattern, const std::string& code);

/// Whether `code` (normalised) means something to the profile: a code some scheme knows, or an industrial
/// name; the targets of [landuse.values] must.
bool landuse_value_meaningful(const Profile& profile, const std::string& code);

}  // namespace landrenew
