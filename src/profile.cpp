#include "landrenew/profile.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "landrenew/error.hpp"
#include "landrenew/sha256.hpp"
#include "landrenew/text.hpp"

#include "toml_reader.hpp"

namespace landrenew {
namespace detail {
extern const std::string_view profile_huzhou_2023;
}
namespace fs = std::filesystem;

std::vector<std::string> builtin_profiles() {
  return {"huzhou-2023"};
}

std::string builtin_profile_text(const std::string& name) {
  if (name == "huzhou-2023") return std::string(detail::profile_huzhou_2023);
  throw Error(ErrorKind::profile, "no built-in profile named '" + name + "' (built in: huzhou-2023)");
}

namespace {

void read_geometry(detail::TomlReader& t, Profile& p) {
  if (auto v = t.number("area_mismatch_tolerance")) {
    if (!(*v >= 0 && *v < 1)) t.fail("area_mismatch_tolerance", "must be a fraction from 0 to below 1");
    p.area_mismatch_tolerance = *v;
  }
  if (auto v = t.number("overlap_min_m2")) {
    if (!(*v >= 0)) t.fail("overlap_min_m2", "must be 0 or more square metres");
    p.overlap_min_m2 = *v;
  }
  t.reject_unknown_keys({"area_mismatch_tolerance", "overlap_min_m2"});
}

void read_zones(detail::TomlReader& t, Profile& p) {
  if (auto v = t.number("park_majority")) {
    if (!(*v > 0 && *v <= 1)) t.fail("park_majority", "must be a share above 0 and at most 1");
    p.park_majority = *v;
  }
  t.reject_unknown_keys({"park_majority"});
}

void read_landuse(detail::TomlReader& t, Profile& p) {
  if (auto v = t.string("ambiguous")) {
    if (*v != "industrial" && *v != "not_industrial")
      t.fail("ambiguous", "must be \"industrial\" or \"not_industrial\"");
    p.ambiguous_is_industrial = *v == "industrial";
  }
  if (auto v = t.string_array("industrial_names")) p.industrial_names = *v;
  if (auto v = t.string_array("ambiguous_codes"))
    for (auto& c : *v)
      p.ambiguous_codes.push_back(ascii_upper(trim(c)));
  for (auto& s : t.table_array("scheme")) {
    LanduseScheme scheme;
    auto name = s.string("name");
    if (!name || name->empty()) s.fail("", "every [[landuse.scheme]] needs a name");
    scheme.name = *name;
    scheme.source = s.string("source").value_or("");
    scheme.pattern = s.string("pattern").value_or("");
    if (!scheme.pattern.empty()) {
      try {
        std::regex re(scheme.pattern);
      } catch (const std::regex_error& e) {
        s.fail("pattern", std::string("is not a valid regular expression: ") + e.what());
      }
    }
    auto codes = s.string_array("industrial_codes");
    if (!codes || codes->empty()) s.fail("", "scheme '" + scheme.name + "' needs industrial_codes");
    for (auto& c : *codes)
      scheme.industrial_codes.push_back(ascii_upper(trim(c)));
    s.reject_unknown_keys({"name", "source", "pattern", "industrial_codes"});
    for (const auto& other : p.landuse_schemes)
      if (other.name == scheme.name) s.fail("name", "scheme '" + scheme.name + "' is defined twice");
    p.landuse_schemes.push_back(std::move(scheme));
  }
  if (p.landuse_schemes.empty() && p.industrial_names.empty())
    t.fail("", "[landuse] defines no scheme and no industrial_names: nothing could be industrial");
  t.reject_unknown_keys({"ambiguous", "ambiguous_codes", "industrial_names", "scheme"});
}

}  // namespace

Profile parse_profile(const std::string& text, const std::string& origin) {
  toml::table root = detail::parse_toml(text, origin, ErrorKind::profile);
  detail::TomlReader t(root, origin, ErrorKind::profile);
  Profile p;
  p.origin = origin;
  p.text = text;
  p.sha256 = sha256_hex(text);
  if (auto meta = t.table("profile")) {
    auto name = meta->string("name");
    if (!name || name->empty()) meta->fail("name", "the profile needs a name");
    p.name = *name;
    p.version = meta->string("version").value_or("");
    p.description = meta->string("description").value_or("");
    meta->reject_unknown_keys({"name", "version", "description"});
  } else {
    t.fail("", "the profile needs a [profile] section with its name");
  }
  if (auto g = t.table("geometry")) read_geometry(*g, p);
  if (auto z = t.table("zones")) read_zones(*z, p);
  if (auto l = t.table("landuse"))
    read_landuse(*l, p);
  else
    t.fail("", "the profile needs a [landuse] section (which codes are industrial)");
  t.reject_unknown_keys({"profile", "geometry", "zones", "landuse"});
  return p;
}

Profile load_profile(const std::string& ref, const fs::path& base_dir) {
  for (const auto& name : builtin_profiles()) {
    if (ref == name) {
      Profile p = parse_profile(builtin_profile_text(name), name + " (built-in)");
      p.origin = "built-in";
      return p;
    }
  }
  fs::path path(ref);
  if (path.is_relative()) path = base_dir / path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw Error(ErrorKind::profile,
                "profile '" + ref + "' is neither a built-in profile (huzhou-2023) nor a readable file",
                {.file = path.string()});
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  if (text.size() > (1u << 20))
    throw Error(ErrorKind::profile, "is over 1 MiB: not a profile", {.file = path.string()});
  if (!is_valid_utf8(text))
    throw Error(ErrorKind::profile, "is not UTF-8 text (save it as UTF-8)", {.file = path.string()});
  return parse_profile(text, path.string());
}

}  // namespace landrenew
