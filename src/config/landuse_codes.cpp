#include "landrenew/config/landuse_codes.hpp"

#include <algorithm>

namespace landrenew {

namespace {
constexpr std::size_t kMaxCodeLength = 32;  ///< bytes; land-use codes are a few characters

bool contains(const std::vector<std::string>& v, const std::string& key) {
  return std::find(v.begin(), v.end(), key) != v.end();
}
}  // namespace

bool landuse_pattern_matches(const std::regex& pattern, const std::string& code) {
  return code.size() <= kMaxCodeLength && std::regex_match(code, pattern);
}

bool landuse_value_meaningful(const Profile& profile, const std::string& code) {
  if (contains(profile.industrial_names, code)) return true;
  for (const auto& s : profile.landuse_schemes) {
    if (contains(s.industrial_codes, code) || contains(s.codes, code)) return true;
    if (!s.pattern.empty() && landuse_pattern_matches(std::regex(s.pattern), code)) return true;
  }
  return false;
}

}  // namespace landrenew
