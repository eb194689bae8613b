#include "landrenew/landuse.hpp"

#include <algorithm>

#include "landrenew/error.hpp"
#include "landrenew/text.hpp"

namespace landrenew {

namespace {
constexpr std::size_t kMaxCodeLength = 32;  ///< bytes; land-use codes are a few characters
}  // namespace

LanduseClassifier::LanduseClassifier(const Profile& profile, const std::string& only_scheme)
    : m_ambiguous_is_industrial(profile.ambiguous_is_industrial) {
  for (const auto& s : profile.landuse_schemes) {
    if (!only_scheme.empty() && s.name != only_scheme) continue;
    Scheme scheme{s.name, std::nullopt, s.industrial_codes};
    if (!s.pattern.empty()) scheme.pattern.emplace(s.pattern, std::regex::ECMAScript | std::regex::optimize);
    m_schemes.push_back(std::move(scheme));
  }
  if (!only_scheme.empty() && m_schemes.empty()) {
    std::string names;
    for (const auto& s : profile.landuse_schemes)
      names += (names.empty() ? "" : ", ") + s.name;
    throw Error(ErrorKind::project, "landuse_scheme '" + only_scheme + "' is not a scheme of profile " +
                                        profile.name + " (" + names + ")");
  }
  for (const auto& n : profile.industrial_names)
    m_names.emplace_back(trim(n));
  if (only_scheme.empty()) m_ambiguous = profile.ambiguous_codes;
}

const LanduseMatch& LanduseClassifier::classify(std::optional<std::string_view> value) {
  if (!value) return m_missing;
  std::string key = ascii_upper(trim(*value));
  if (key.empty()) return m_missing;
  auto it = m_cache.find(key);
  if (it != m_cache.end()) return it->second;
  return m_cache.emplace(key, compute(key)).first->second;
}

LanduseMatch LanduseClassifier::compute(const std::string& key) const {
  using S = LanduseMatch::Status;
  LanduseMatch m;
  if (std::find(m_names.begin(), m_names.end(), key) != m_names.end()) {
    m.status = S::industrial;
    m.scheme = "name";
    m.counts_as_industrial = true;
    return m;
  }
  // The first scheme (profile order) that lists the code as industrial decides; otherwise the first whose
  // pattern the code matches says it is another use.
  std::string industrial_in;
  std::string other_use_in;
  for (const auto& s : m_schemes) {
    if (std::find(s.industrial.begin(), s.industrial.end(), key) != s.industrial.end()) {
      industrial_in = s.name;
      break;
    }
    // Codes are a few characters; a cell of megabytes (a GeoPackage has no width limit) would overflow the
    // stack of libstdc++'s recursive regex matcher: longer values are never codes of a scheme.
    if (other_use_in.empty() && s.pattern && key.size() <= kMaxCodeLength &&
        std::regex_match(key, *s.pattern))
      other_use_in = s.name;
  }
  if (!industrial_in.empty() && std::find(m_ambiguous.begin(), m_ambiguous.end(), key) != m_ambiguous.end()) {
    m.status = S::ambiguous;
    m.scheme = industrial_in;
    m.counts_as_industrial = m_ambiguous_is_industrial;
  } else if (!industrial_in.empty()) {
    m.status = S::industrial;
    m.scheme = industrial_in;
    m.counts_as_industrial = true;
  } else if (!other_use_in.empty()) {
    m.status = S::not_industrial;
    m.scheme = other_use_in;
  } else {
    // A value with non-ASCII text (a name such as 城镇住宅用地) describes itself: not industrial, not
    // unknown.
    const bool is_name =
        std::any_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    m.status = is_name ? S::not_industrial : S::unknown;
    if (is_name) m.scheme = "name";
  }
  return m;
}

}  // namespace landrenew
