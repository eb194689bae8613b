#pragma once
// The policy profile: every threshold and rule the analysis uses, in a human-edited TOML file with each
// value's source beside it. `huzhou-2023` is built in; a bureau passes its own file by path.
#include <filesystem>
#include <string>
#include <vector>

namespace landrenew {

/// One land-use classification scheme (DOMAIN.md §3).
struct LanduseScheme {
  std::string name;
  std::string source;   ///< where the code list comes from (confirmed / placeholder)
  std::string pattern;  ///< ECMAScript regex a code of this scheme matches (after trim and uppercase)
  std::vector<std::string> industrial_codes;
};

struct Profile {
  std::string name;
  std::string version;
  std::string description;
  std::string origin;  ///< "built-in" or the file path
  std::string text;    ///< the TOML source, as read
  std::string sha256;  ///< of `text`

  // [geometry] RULES.md 3–4
  double area_mismatch_tolerance = 0.01;  ///< fraction; registered vs geometric parcel area
  double overlap_min_m2 = 1.0;            ///< industrial-parcel overlaps larger than this are findings

  // [zones] RULES.md 5
  double park_majority = 0.5;  ///< share of a parcel's area a park must cover for the parcel to be inside it

  // [landuse] DOMAIN.md §3
  std::vector<LanduseScheme> landuse_schemes;
  std::vector<std::string> industrial_names;  ///< names (YT values) that mean industrial
  std::vector<std::string> ambiguous_codes;   ///< industrial in one scheme, another use in another
  bool ambiguous_is_industrial = true;        ///< how ambiguous codes count when no scheme is pinned
};

/// Names of the built-in profiles ("huzhou-2023").
std::vector<std::string> builtin_profiles();

/// The TOML text of a built-in profile, or throws Error(profile).
std::string builtin_profile_text(const std::string& name);

/// Loads a profile: a built-in name, or a path (relative paths resolved against `base_dir`).
/// Throws Error(profile) with line numbers for syntax errors, unknown keys, wrong types, impossible values.
Profile load_profile(const std::string& ref, const std::filesystem::path& base_dir = ".");

/// Parses profile text; `origin` names it in messages.
Profile parse_profile(const std::string& text, const std::string& origin);

}  // namespace landrenew
