#include "landrenew/rules/landuse.hpp"

#include <algorithm>
#include <set>

#include "landrenew/config/landuse_codes.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"

namespace landrenew::rules {

namespace {
constexpr std::string_view kIndustrialWord = "工业";

bool contains(const std::vector<std::string>& v, const std::string& key) {
  return std::find(v.begin(), v.end(), key) != v.end();
}
}  // namespace

LanduseClassifier::LanduseClassifier(const Profile& profile, const std::string& only_scheme)
    : m_values(profile.landuse_values), m_ambiguous_is_industrial(profile.ambiguous_is_industrial) {
  for (const auto& s : profile.landuse_schemes) {
    if (!only_scheme.empty() && s.name != only_scheme) continue;
    Scheme scheme{s.name, std::nullopt, {s.codes.begin(), s.codes.end()}, s.industrial_codes};
    if (!s.pattern.empty()) scheme.pattern.emplace(s.pattern, std::regex::ECMAScript | std::regex::optimize);
    m_schemes.push_back(std::move(scheme));
  }
  if (!only_scheme.empty() && m_schemes.empty()) {
    std::string names;
    for (const auto& s : profile.landuse_schemes)
      names += (names.empty() ? "" : ", ") + s.name;
    throw Error(ErrorKind::project, trf("landuse_scheme '{1}' is not a scheme of profile {2} ({3})",
                                        only_scheme, profile.name, names));
  }
  m_names = profile.industrial_names;  // normalised by the profile reader
  if (only_scheme.empty()) m_ambiguous = profile.ambiguous_codes;
}

std::string LanduseClassifier::key_of(std::string_view value) const {
  // RULES.md 21: land-use codes compare after NFKC, whitespace removal and upper-casing, so ０６０１, "06 01"
  // and 0601 are one code, silently. Then the profile's [landuse.values] (RULES.md 24).
  std::string key = normalise_identifier(value);
  if (auto it = m_values.find(key); it != m_values.end()) return it->second;
  return key;
}

bool LanduseClassifier::lists_industrial(const Scheme& s, const std::string& key) {
  return contains(s.industrial, key);
}

bool LanduseClassifier::knows(const Scheme& s, const std::string& key) {
  return lists_industrial(s, key) || s.codes.count(key) > 0 ||
         (s.pattern && landuse_pattern_matches(*s.pattern, key));
}

// RULES.md 24 — a value "looks industrial" when it is no industrial code or name of the profile (the caller
// checked) and
//   (a) it is a proper prefix, of at least two characters, of an industrial code of a scheme in use: a
//       parent class or a truncation (06 and 060 of 0601; 10 and 100 of 1001) may hold industrial land, even
//       where a scheme knows it as a class of its own; or
//   (b) it begins with an industrial code and has characters after it (0601A, M0, M1A, 1001-1), and no
//       scheme knows it (060101, a class of the 2023 classification under its 0601 乡村道路用地, does not
//       look industrial: that scheme decides); or
//   (c) it contains 工业 (工业用地(标准厂房)).
// Returns what it resembles — the shortest industrial code it is a prefix of, else the longest it begins
// with (ties: the smaller code), else "工业" — or "" when it does not look industrial.
std::string LanduseClassifier::looks_industrial(const std::string& key) const {
  std::string cut_of, added_to;
  for (const auto& s : m_schemes)
    for (const auto& code : s.industrial) {
      if (key.size() >= 2 && key.size() < code.size() && code.compare(0, key.size(), key) == 0 &&
          (cut_of.empty() || code.size() < cut_of.size() || (code.size() == cut_of.size() && code < cut_of)))
        cut_of = code;
      if (key.size() > code.size() && key.compare(0, code.size(), code) == 0 &&
          (added_to.empty() || code.size() > added_to.size() ||
           (code.size() == added_to.size() && code < added_to)))
        added_to = code;
    }
  if (!cut_of.empty()) return cut_of;
  if (!added_to.empty() &&
      std::none_of(m_schemes.begin(), m_schemes.end(), [&](const Scheme& s) { return knows(s, key); }))
    return added_to;
  if (key.find(kIndustrialWord) != std::string::npos) return std::string(kIndustrialWord);
  return "";
}

const LayerScheme& LanduseClassifier::settle_by_layer(
    const std::vector<std::optional<std::string_view>>& codes) {
  m_layer = {};
  m_cache.clear();
  if (m_ambiguous.empty()) return m_layer;
  std::set<std::string> others;
  bool has_ambiguous = false;
  for (const auto& v : codes) {
    if (!v) continue;
    std::string key = key_of(*v);
    if (key.empty()) continue;
    if (contains(m_ambiguous, key))
      has_ambiguous = true;
    else
      others.insert(std::move(key));
  }
  if (!has_ambiguous) return m_layer;
  std::vector<std::string> fit;
  for (const auto& s : m_schemes)
    if (std::all_of(others.begin(), others.end(), [&](const std::string& k) { return knows(s, k); }))
      fit.push_back(s.name);
  const std::size_t n = others.size();
  if (others.empty()) {
    m_layer.why = tr_both("the layer has no other code");
  } else if (fit.size() == 1) {
    m_layer.scheme = fit.front();
    m_layer.why = tr_both("the layer's other {1} distinct codes all fit {2} alone", n, fit.front());
  } else if (fit.empty()) {
    m_layer.why = tr_both("the layer's other {1} distinct codes do not all fit one scheme", n);
  } else {
    std::string names;
    for (const auto& f : fit)
      names += (names.empty() ? "" : ", ") + f;
    m_layer.why = tr_both("the layer's other {1} distinct codes fit several schemes ({2})", n, names);
  }
  return m_layer;
}

const LanduseMatch& LanduseClassifier::classify(std::optional<std::string_view> value) {
  if (!value) return m_missing;
  std::string key = key_of(*value);
  if (key.empty()) return m_missing;
  auto it = m_cache.find(key);
  if (it != m_cache.end()) return it->second;
  return m_cache.emplace(key, compute(key)).first->second;
}

LanduseMatch LanduseClassifier::compute(const std::string& key) const {
  using S = LanduseMatch::Status;
  LanduseMatch m;
  m.value = key;
  if (contains(m_names, key)) {
    m.status = S::industrial;
    m.scheme = "name";
    m.counts_as_industrial = true;
    return m;
  }
  // The first scheme (profile order) that lists the code as industrial decides; otherwise the first that
  // knows it says it is another use.
  const Scheme* industrial_in = nullptr;
  for (const auto& s : m_schemes)
    if (lists_industrial(s, key)) {
      industrial_in = &s;
      break;
    }
  if (industrial_in && contains(m_ambiguous, key)) {
    // RULES.md 24: the one scheme the layer's other codes fit decides, when it knows the code; else the
    // profile's `ambiguous`.
    m.status = S::ambiguous;
    auto layer = std::find_if(m_schemes.begin(), m_schemes.end(),
                              [&](const Scheme& s) { return s.name == m_layer.scheme; });
    if (layer != m_schemes.end() && knows(*layer, key)) {
      m.by_layer = true;
      m.scheme = layer->name;
      m.counts_as_industrial = lists_industrial(*layer, key);
    } else {
      m.scheme = industrial_in->name;
      m.counts_as_industrial = m_ambiguous_is_industrial;
    }
    return m;
  }
  if (industrial_in) {
    m.status = S::industrial;
    m.scheme = industrial_in->name;
    m.counts_as_industrial = true;
    return m;
  }
  if (std::string like = looks_industrial(key); !like.empty()) {
    m.status = S::looks_industrial;
    m.resembles = std::move(like);
    return m;
  }
  for (const auto& s : m_schemes)
    if (knows(s, key)) {
      m.status = S::not_industrial;
      m.scheme = s.name;
      return m;
    }
  // A value with non-ASCII text (a name such as 城镇住宅用地) describes itself: not industrial, not unknown.
  const bool is_name =
      std::any_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  m.status = is_name ? S::not_industrial : S::unknown;
  if (is_name) m.scheme = "name";
  return m;
}

}  // namespace landrenew::rules
