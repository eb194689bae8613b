#pragma once
// Which parcels are industrial (DOMAIN.md §3, RULES.md 24), through the profile's configurable code table.
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "landrenew/config/profile.hpp"
#include "landrenew/core/i18n.hpp"

namespace landrenew::rules {

struct LanduseMatch {
  enum class Status {
    industrial,        ///< listed as industrial by a scheme (or an industrial name)
    not_industrial,    ///< a code of a known scheme, or a name, that is not industrial
    ambiguous,         ///< one of the profile's ambiguous_codes: decided by the layer's codes or the profile
    looks_industrial,  ///< no code of any scheme but looks industrial (RULES.md 24): not counted
    unknown,           ///< a code no scheme recognises
    missing,           ///< blank or null
  };
  Status status = Status::missing;
  std::string scheme;  ///< the scheme that decided (industrial / not industrial / ambiguous), "name", or ""
  bool counts_as_industrial = false;
  std::string value;      ///< the value classified, after RULES.md 21 normalisation and [landuse.values]
  std::string resembles;  ///< looks_industrial: the industrial code it was cut from or added to, or "工业"
  bool by_layer = false;  ///< ambiguous: the layer's other codes decided, not the profile (RULES.md 24)
  bool by_name = false;   ///< the code was blank and the mapped name field decided (RULES.md 24)
};

/// How an ambiguous code was settled for a layer (RULES.md 24), for the findings' messages.
struct LayerScheme {
  std::string scheme;  ///< the one scheme all the layer's other codes fit, or "" (then the profile decides)
  Text why;  ///< in both languages, e.g. "the layer's other 9 distinct codes all fit GB/T 21010-2017 alone"
};

class LanduseClassifier {
 public:
  /// `only_scheme` restricts recognition to one scheme of the profile (project's landuse_scheme); throws
  /// Error(project) when the profile has no such scheme.
  explicit LanduseClassifier(const Profile& profile, const std::string& only_scheme = "");

  /// RULES.md 24: the layer's codes (every value of its code field, blanks included) decide the profile's
  /// ambiguous codes when all the other non-blank codes fit exactly one scheme; otherwise the profile does.
  /// Call before classify(); without it the profile decides. Depends only on the set of distinct values.
  const LayerScheme& settle_by_layer(const std::vector<std::optional<std::string_view>>& codes);

  /// Classifies one value (a code, or a name); results are cached per distinct value (a layer has few).
  const LanduseMatch& classify(std::optional<std::string_view> value);

  /// The value as it is matched: RULES.md 21 normalisation, then the profile's [landuse.values].
  std::string key_of(std::string_view value) const;

 private:
  struct Scheme {
    std::string name;
    std::optional<std::regex> pattern;
    std::unordered_set<std::string> codes;
    std::vector<std::string> industrial;
  };
  LanduseMatch compute(const std::string& key) const;
  static bool knows(const Scheme& s, const std::string& key);
  static bool lists_industrial(const Scheme& s, const std::string& key);
  std::string looks_industrial(const std::string& key) const;
  std::vector<Scheme> m_schemes;
  std::vector<std::string> m_names;
  std::vector<std::string> m_ambiguous;         ///< empty when the project pins one scheme
  std::map<std::string, std::string> m_values;  ///< [landuse.values]
  bool m_ambiguous_is_industrial = true;
  LayerScheme m_layer;
  std::unordered_map<std::string, LanduseMatch> m_cache;
  LanduseMatch m_missing;
};

}  // namespace landrenew::rules
