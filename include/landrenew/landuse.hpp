#pragma once
// Which parcels are industrial (DOMAIN.md §3), through the profile's configurable code table.
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "landrenew/profile.hpp"

namespace landrenew {

struct LanduseMatch {
  enum class Status {
    industrial,      ///< listed as industrial by a scheme (or an industrial name)
    not_industrial,  ///< a code of a known scheme, or a name, that is not industrial
    ambiguous,       ///< one of the profile's ambiguous_codes, no scheme pinned (counted per the profile)
    unknown,         ///< a code no scheme recognises
    missing,         ///< blank or null
  };
  Status status = Status::missing;
  std::string scheme;  ///< the scheme that decided (industrial / ambiguous), or ""
  bool counts_as_industrial = false;
};

class LanduseClassifier {
 public:
  /// `only_scheme` restricts recognition to one scheme of the profile (project's landuse_scheme); throws
  /// Error(project) when the profile has no such scheme.
  explicit LanduseClassifier(const Profile& profile, const std::string& only_scheme = "");
  /// Classifies one value; results are cached per distinct value (a layer has few distinct codes).
  const LanduseMatch& classify(std::optional<std::string_view> value);

 private:
  LanduseMatch compute(const std::string& key) const;
  struct Scheme {
    std::string name;
    std::optional<std::regex> pattern;
    std::vector<std::string> industrial;
  };
  std::vector<Scheme> m_schemes;
  std::vector<std::string> m_names;
  std::vector<std::string> m_ambiguous;  ///< empty when the project pins one scheme
  bool m_ambiguous_is_industrial = true;
  std::unordered_map<std::string, LanduseMatch> m_cache;
  LanduseMatch m_missing;
};

}  // namespace landrenew
