#include "landrenew/profile.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "landrenew/date.hpp"
#include "landrenew/error.hpp"
#include "landrenew/landuse.hpp"
#include "landrenew/metrics.hpp"
#include "landrenew/sha256.hpp"
#include "landrenew/text.hpp"

#include "toml_reader.hpp"

namespace landrenew {
namespace detail {
extern const std::string_view profile_huzhou_2023;
}
namespace fs = std::filesystem;
using detail::TomlReader;

const char* to_string(Compare c) noexcept {
  switch (c) {
    case Compare::ge:
      return ">=";
    case Compare::gt:
      return ">";
    case Compare::le:
      return "<=";
    case Compare::lt:
      return "<";
  }
  return ">=";
}

bool passes(double value, Compare c, double threshold) noexcept {
  switch (c) {
    case Compare::ge:
      return value >= threshold;
    case Compare::gt:
      return value > threshold;
    case Compare::le:
      return value <= threshold;
    case Compare::lt:
      return value < threshold;
  }
  return false;
}

std::optional<std::string> Profile::division_2002(std::string_view industry_code) const {
  const std::string code(trim(industry_code));
  if (code.size() < 2) return std::nullopt;
  if (industry_code_edition == "2002") return code.substr(0, 2);
  std::optional<std::string> best;
  std::size_t best_len = 0;
  for (const auto& [prefix, division] : crosswalk_2017_to_2002)
    if (code.rfind(prefix, 0) == 0 && prefix.size() > best_len) {
      best = division;
      best_len = prefix.size();
    }
  return best;
}

std::optional<double> Profile::far_minimum_for(std::string_view industry_code) const {
  auto division = division_2002(industry_code);
  if (!division) return std::nullopt;
  auto it = far_minimum.find(*division);
  if (it == far_minimum.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> builtin_profiles() {
  return {"huzhou-2023"};
}

std::string builtin_profile_text(const std::string& name) {
  if (name == "huzhou-2023") return std::string(detail::profile_huzhou_2023);
  throw Error(ErrorKind::profile, "no built-in profile named '" + name + "' (built in: huzhou-2023)");
}

namespace {

bool valid_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  // A real calendar date (no 2027-02-30): the rules parse it again and rely on that.
  return parse_date(s).has_value();
}

double fraction(TomlReader& t, std::string_view key, double current, bool allow_one = true) {
  auto v = t.number(key);
  if (!v) return current;
  if (!(*v >= 0 && (allow_one ? *v <= 1 : *v < 1)))
    t.fail(key, "must be a fraction from 0 to " + std::string(allow_one ? "1" : "below 1"));
  return *v;
}

double non_negative(TomlReader& t, std::string_view key, double current) {
  auto v = t.number(key);
  if (!v) return current;
  if (!(*v >= 0)) t.fail(key, "must be 0 or more, not " + std::to_string(*v));
  return *v;
}

int years(TomlReader& t, std::string_view key, int current) {
  auto v = t.integer(key);
  if (!v) return current;
  if (*v < 0 || *v > 100) t.fail(key, "must be a whole number of years from 0 to 100");
  return static_cast<int>(*v);
}

void read_geometry(TomlReader& t, Profile& p) {
  p.area_mismatch_tolerance = fraction(t, "area_mismatch_tolerance", p.area_mismatch_tolerance, false);
  p.overlap_min_m2 = non_negative(t, "overlap_min_m2", p.overlap_min_m2);
  t.reject_unknown_keys({"area_mismatch_tolerance", "overlap_min_m2"});
}

// RULES.md 25: the [agreement] keys, one declaration for reading and for `profile show`.
constexpr std::pair<const char*, double AgreementThresholds::*> kAgreementKeys[] = {
    {"min_buildings_in_parcels", &AgreementThresholds::min_buildings_in_parcels},
    {"min_parcels_in_districts", &AgreementThresholds::min_parcels_in_districts},
    {"min_register_on_industrial", &AgreementThresholds::min_register_on_industrial},
};

void read_agreement(TomlReader& t, Profile& p) {
  std::vector<std::string> known;
  for (const auto& [key, slot] : kAgreementKeys) {
    p.agreement.*slot = fraction(t, key, p.agreement.*slot, true);
    known.emplace_back(key);
  }
  t.reject_unknown_keys(known);
}

void read_zones(TomlReader& t, Profile& p) {
  if (auto v = t.number("park_majority")) {
    if (!(*v > 0 && *v <= 1)) t.fail("park_majority", "must be a share above 0 and at most 1");
    p.park_majority = *v;
  }
  t.reject_unknown_keys({"park_majority"});
}

// Land-use codes, names and values are compared after RULES.md 21's normalisation (NFKC, no whitespace,
// upper case), so the profile's spellings are normalised once here.
std::vector<std::string> normalised_codes(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& c : v)
    out.push_back(normalise_identifier(c));
  return out;
}

void read_landuse(TomlReader& t, Profile& p) {
  if (auto v = t.string("ambiguous")) {
    if (*v != "industrial" && *v != "not_industrial")
      t.fail("ambiguous", "must be \"industrial\" or \"not_industrial\"");
    p.ambiguous_is_industrial = *v == "industrial";
  }
  if (auto v = t.string_array("industrial_names")) p.industrial_names = normalised_codes(*v);
  if (auto v = t.string_array("ambiguous_codes")) p.ambiguous_codes = normalised_codes(*v);
  auto schemes = t.table_array("scheme");
  if (!schemes.empty()) p.landuse_schemes.clear();
  for (auto& s : schemes) {
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
    if (auto codes = s.string_array("codes")) scheme.codes = normalised_codes(*codes);
    auto codes = s.string_array("industrial_codes");
    if (!codes || codes->empty()) s.fail("", "scheme '" + scheme.name + "' needs industrial_codes");
    scheme.industrial_codes = normalised_codes(*codes);
    s.reject_unknown_keys({"name", "source", "pattern", "codes", "industrial_codes"});
    for (const auto& other : p.landuse_schemes)
      if (other.name == scheme.name) s.fail("name", "scheme '" + scheme.name + "' is defined twice");
    p.landuse_schemes.push_back(std::move(scheme));
  }
  if (p.landuse_schemes.empty() && p.industrial_names.empty())
    t.fail("", "[landuse] defines no scheme and no industrial_names: nothing could be industrial");
  // RULES.md 24: values as the bureau writes them, mapped to a code or name (checked against the schemes
  // once the base profile's are known, in parse_chain).
  if (auto values = t.string_map("values"))
    for (const auto& [value, code] : *values) {
      const std::string key = normalise_identifier(value);
      if (key.empty()) t.fail("values", "maps a blank value");
      p.landuse_values[key] = normalise_identifier(code);
    }
  t.reject_unknown_keys({"ambiguous", "ambiguous_codes", "industrial_names", "scheme", "values"});
}

void read_money(TomlReader& t, Profile& p) {
  if (auto v = t.string("unit")) {
    if (*v != "万元") t.fail("unit", "thresholds are in 万元; only \"万元\" is supported");
    p.money_unit = *v;
  }
  t.reject_unknown_keys({"unit"});
}

void read_industry(TomlReader& t, Profile& p) {
  if (auto v = t.string("code_edition")) {
    if (*v != "2017" && *v != "2002") t.fail("code_edition", "must be \"2017\" or \"2002\" (GB/T 4754)");
    p.industry_code_edition = *v;
  }
  if (auto m = t.number_map("far_minimum")) {
    for (const auto& [k, v] : *m)
      if (!(v > 0 && v < 20))
        t.fail("far_minimum", "minimum FAR of '" + k + "' must be above 0 (and plausible)");
    p.far_minimum = *m;
  }
  if (auto m = t.string_map("crosswalk_2017_to_2002")) p.crosswalk_2017_to_2002 = *m;
  t.reject_unknown_keys({"code_edition", "far_minimum", "crosswalk_2017_to_2002"});
}

void read_buildings(TomlReader& t, Profile& p) {
  if (auto v = t.number("double_storey_height_m")) {
    if (!(*v > 0)) t.fail("double_storey_height_m", "must be a height above 0 m");
    p.double_storey_height_m = *v;
  }
  p.coverage_minimum = fraction(t, "coverage_minimum", p.coverage_minimum);
  t.reject_unknown_keys({"double_storey_height_m", "coverage_minimum"});
}

Compare parse_compare(TomlReader& t, const std::string& s) {
  if (s == ">=") return Compare::ge;
  if (s == ">") return Compare::gt;
  if (s == "<=") return Compare::le;
  if (s == "<") return Compare::lt;
  t.fail("compare", "must be one of \">=\", \">\", \"<=\", \"<\", not \"" + s + "\"");
}

void read_admission(TomlReader& t, Profile& p) {
  if (auto v = t.string("name")) p.admission_name = *v;
  auto items = t.table_array("indicator");
  if (!items.empty()) p.admission.clear();
  for (auto& i : items) {
    AdmissionIndicator a;
    auto metric = i.string("metric");
    if (!metric) i.fail("", "every [[admission.indicator]] needs a metric");
    auto m = metric_from_name(*metric);
    if (!m || (*m != Metric::investment_per_mu && *m != Metric::far && *m != Metric::tax_per_mu &&
               *m != Metric::output_per_mu && *m != Metric::value_added_per_mu &&
               *m != Metric::energy_per_value_added))
      i.fail("metric", "unknown admission metric '" + *metric +
                           "' (investment_per_mu, far, tax_per_mu, output_per_mu, value_added_per_mu, "
                           "energy_per_value_added)");
    a.metric = *metric;
    a.label = i.string("label").value_or(std::string(metric_info(*m).label_zh));
    a.compare = parse_compare(i, i.string("compare").value_or(">="));
    auto threshold = i.number("threshold");
    if (!threshold) i.fail("", "indicator '" + a.metric + "' needs a threshold");
    if (*threshold < 0) i.fail("threshold", "must be 0 or more");
    a.threshold = *threshold;
    a.source = i.string("source").value_or("");
    i.reject_unknown_keys({"metric", "label", "compare", "threshold", "source"});
    for (const auto& other : p.admission)
      if (other.metric == a.metric) i.fail("metric", "indicator '" + a.metric + "' is listed twice");
    p.admission.push_back(std::move(a));
  }
  t.reject_unknown_keys({"name", "indicator"});
}

void read_mujun(TomlReader& t, Profile& p) {
  if (auto v = t.number("min_land_mu")) {
    if (!(*v >= 0)) t.fail("min_land_mu", "must be 0 or more mu");
    p.mujun_min_land_mu = *v;
  }
  if (auto v = t.string_array("excluded_industries")) p.mujun_excluded_industries = *v;
  if (auto v = t.string("class_cut")) {
    if (*v == "percentile")
      p.class_cut = ClassCut::percentile;
    else if (*v == "threshold")
      p.class_cut = ClassCut::threshold;
    else
      t.fail("class_cut", "must be \"percentile\" or \"threshold\"");
  }
  if (auto v = t.number_array("percentiles")) {
    if (v->size() != 3)
      t.fail("percentiles", "must list three cut points (A/B, B/C, C/D), like [25, 70, 95]");
    for (std::size_t i = 0; i < 3; ++i) {
      if (!((*v)[i] > 0 && (*v)[i] < 100)) t.fail("percentiles", "each cut point must lie between 0 and 100");
      if (i > 0 && !((*v)[i] > (*v)[i - 1])) t.fail("percentiles", "must increase: A/B < B/C < C/D");
      p.class_percentiles[i] = (*v)[i];
    }
  }
  if (auto v = t.number_array("thresholds")) {
    if (v->size() != 3) t.fail("thresholds", "must list three scores (A, B, C minimums), like [120, 90, 60]");
    for (std::size_t i = 0; i < 3; ++i) {
      if (i > 0 && !((*v)[i] < (*v)[i - 1]))
        t.fail("thresholds", "must decrease: A minimum > B minimum > C minimum");
      p.class_thresholds[i] = (*v)[i];
    }
  }
  auto groups = t.table_array("group");
  if (!groups.empty()) p.mujun_groups.clear();
  for (auto& g : groups) {
    MujunGroup group;
    auto name = g.string("name");
    if (!name || name->empty()) g.fail("", "every [[mujun.group]] needs a name");
    group.name = *name;
    group.size_values = g.string_array("size_values").value_or(std::vector<std::string>{*name});
    for (auto& ind : g.table_array("indicators")) {
      MujunIndicator mi;
      auto metric = ind.string("metric");
      if (!metric) ind.fail("", "every indicator needs a metric");
      auto m = metric_from_name(*metric);
      if (!m || !metric_info(*m).enterprise || *m == Metric::energy_per_value_added)
        ind.fail("metric",
                 "unknown 亩均 metric '" + *metric +
                     "' (tax_per_mu, value_added_per_mu, output_per_mu, value_added_per_energy, "
                     "value_added_per_emission, labour_productivity, rd_intensity, tax_per_electricity, "
                     "investment_per_mu)");
      mi.metric = *metric;
      auto weight = ind.number("weight");
      if (!weight) ind.fail("", "indicator '" + mi.metric + "' needs a weight");
      if (!(*weight >= 0)) ind.fail("weight", "must be 0 or more, not " + std::to_string(*weight));
      mi.weight = *weight;
      if (ind.is_string("base")) {
        if (*ind.string("base") != "mean") ind.fail("base", "must be \"mean\" or a fixed number above 0");
      } else if (auto b = ind.number("base")) {
        if (!(*b > 0)) ind.fail("base", "a fixed base must be above 0");
        mi.base = *b;
      }
      if (auto c = ind.number("cap")) {
        if (!(*c > 0)) ind.fail("cap", "must be above 0");
        mi.cap = *c;
      }
      ind.reject_unknown_keys({"metric", "weight", "base", "cap"});
      group.indicators.push_back(std::move(mi));
    }
    if (group.indicators.empty()) g.fail("", "group '" + group.name + "' needs indicators");
    g.reject_unknown_keys({"name", "size_values", "indicators"});
    p.mujun_groups.push_back(std::move(group));
  }
  t.reject_unknown_keys(
      {"min_land_mu", "excluded_industries", "class_cut", "percentiles", "thresholds", "group"});
}

void read_wuwei(TomlReader& t, Profile& p) {
  auto& w = p.wuwei;
  w.approved_not_supplied_years = years(t, "approved_not_supplied_years", w.approved_not_supplied_years);
  w.supplied_not_started_years = years(t, "supplied_not_started_years", w.supplied_not_started_years);
  w.started_not_completed_years = years(t, "started_not_completed_years", w.started_not_completed_years);
  w.started_not_completed_built_share =
      fraction(t, "started_not_completed_built_share", w.started_not_completed_built_share);
  w.completed_not_producing_years =
      years(t, "completed_not_producing_years", w.completed_not_producing_years);
  w.producing_below_standard_years =
      years(t, "producing_below_standard_years", w.producing_below_standard_years);
  t.reject_unknown_keys({"approved_not_supplied_years", "supplied_not_started_years",
                         "started_not_completed_years", "started_not_completed_built_share",
                         "completed_not_producing_years", "producing_below_standard_years"});
}

void read_low_efficiency(TomlReader& t, Profile& p) {
  auto& l = p.low_efficiency;
  l.far_below_minimum = t.boolean("far_below_minimum").value_or(l.far_below_minimum);
  l.coverage_below_minimum = t.boolean("coverage_below_minimum").value_or(l.coverage_below_minimum);
  l.enterprise_class = t.boolean("enterprise_class").value_or(l.enterprise_class);
  if (auto v = t.string_array("enterprise_classes")) {
    for (const auto& c : *v)
      if (c != "A" && c != "B" && c != "C" && c != "D")
        t.fail("enterprise_classes", "classes are A, B, C and D");
    l.enterprise_classes = *v;
  }
  l.wuwei = t.boolean("wuwei").value_or(l.wuwei);
  l.tax_per_mu_below = t.boolean("tax_per_mu_below").value_or(l.tax_per_mu_below);
  if (auto v = t.string("tax_per_mu_mode")) {
    if (*v != "absolute" && *v != "district_mean")
      t.fail("tax_per_mu_mode", "must be \"absolute\" or \"district_mean\"");
    l.tax_per_mu_district_mode = *v == "district_mean";
  }
  l.tax_per_mu_threshold = non_negative(t, "tax_per_mu_threshold", l.tax_per_mu_threshold);
  l.tax_per_mu_district_fraction =
      fraction(t, "tax_per_mu_district_fraction", l.tax_per_mu_district_fraction);
  l.admission_standard = t.boolean("admission_standard").value_or(l.admission_standard);
  if (auto v = t.string("admission_supplied_from")) {
    if (!v->empty() && !valid_iso_date(*v))
      t.fail("admission_supplied_from", "must be a date written YYYY-MM-DD, or \"\" for every parcel");
    l.admission_supplied_from = *v;
  }
  t.reject_unknown_keys({"admission_supplied_from", "far_below_minimum", "coverage_below_minimum",
                         "enterprise_class", "enterprise_classes", "wuwei", "tax_per_mu_below",
                         "tax_per_mu_mode", "tax_per_mu_threshold", "tax_per_mu_district_fraction",
                         "admission_standard"});
}

void read_freed(TomlReader& t, Profile& p) {
  auto& f = p.freed;
  if (auto v = t.number("goal_mu")) {
    if (!(*v > 0)) t.fail("goal_mu", "must be above 0 mu");
    f.goal_mu = *v;
  }
  for (const char* key : {"period_start", "period_end"}) {
    if (auto v = t.string(key)) {
      if (!valid_iso_date(*v)) t.fail(key, "must be a real date written YYYY-MM-DD, not '" + *v + "'");
      (std::string_view(key) == "period_start" ? f.period_start : f.period_end) = *v;
    }
  }
  if (f.period_end < f.period_start) t.fail("period_end", "is before period_start");
  if (auto v = t.string_array("counting_modes")) f.counting_modes = *v;
  if (auto v = t.string_array("completed_status")) f.completed_status = *v;
  if (auto v = t.number_map("district_quotas")) {
    for (const auto& [k, q] : *v)
      if (!(q >= 0)) t.fail("district_quotas", "quota of '" + k + "' must be 0 or more mu");
    f.district_quotas = *v;
  }
  t.reject_unknown_keys(
      {"goal_mu", "period_start", "period_end", "counting_modes", "completed_status", "district_quotas"});
}

void read_plan(TomlReader& t, Profile& p) {
  auto& pl = p.plan;
  pl.provincial_tax_per_mu = non_negative(t, "provincial_tax_per_mu", pl.provincial_tax_per_mu);
  pl.provincial_value_added_per_mu =
      non_negative(t, "provincial_value_added_per_mu", pl.provincial_value_added_per_mu);
  pl.green_channel_energy_per_value_added =
      non_negative(t, "green_channel_energy_per_value_added", pl.green_channel_energy_per_value_added);
  pl.labour_productivity_target =
      non_negative(t, "labour_productivity_target", pl.labour_productivity_target);
  pl.platform_concentration_target =
      fraction(t, "platform_concentration_target", pl.platform_concentration_target);
  if (auto v = t.string_array("platform_kinds")) pl.platform_kinds = *v;
  if (auto v = t.string_array("leading_industry_codes")) pl.leading_industry_codes = *v;
  t.reject_unknown_keys({"provincial_tax_per_mu", "provincial_value_added_per_mu",
                         "green_channel_energy_per_value_added", "labour_productivity_target",
                         "platform_concentration_target", "platform_kinds", "leading_industry_codes"});
}

Profile parse_chain(const std::string& text, const std::string& origin, std::vector<std::string>& chain);

Profile load_chain(const std::string& ref, const fs::path& base_dir, std::vector<std::string>& chain) {
  for (const auto& name : builtin_profiles()) {
    if (ref == name) {
      if (std::find(chain.begin(), chain.end(), name) != chain.end())
        throw Error(ErrorKind::profile, "profile base chain loops: " + name + " is its own base");
      chain.push_back(name);
      Profile p = parse_chain(builtin_profile_text(name), name + " (built-in)", chain);
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
  const std::string canonical = fs::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
    throw Error(ErrorKind::profile, "profile base chain loops back to this file", {.file = path.string()});
  chain.push_back(canonical);
  std::ifstream in(path, std::ios::binary);
  std::string text((std::size_t{1} << 20) + 1, '\0');  // read at most 1 MiB + 1 byte
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > (1u << 20))
    throw Error(ErrorKind::profile, "is over 1 MiB: not a profile", {.file = path.string()});
  if (!is_valid_utf8(text))
    throw Error(ErrorKind::profile, "is not UTF-8 text (save it as UTF-8)", {.file = path.string()});
  return parse_chain(text, path.string(), chain);
}

Profile parse_chain(const std::string& text, const std::string& origin, std::vector<std::string>& chain) {
  toml::table root = detail::parse_toml(text, origin, ErrorKind::profile);
  TomlReader t(root, origin, ErrorKind::profile);
  Profile p;
  std::string name, version, description, base;
  if (auto meta = t.table("profile")) {
    auto n = meta->string("name");
    if (!n || n->empty()) meta->fail("name", "the profile needs a name");
    name = *n;
    version = meta->string("version").value_or("");
    description = meta->string("description").value_or("");
    base = meta->string("base").value_or("");
    meta->reject_unknown_keys({"name", "version", "description", "base"});
  } else {
    t.fail("", "the profile needs a [profile] section with its name");
  }
  if (!base.empty()) {
    const fs::path dir = fs::path(origin).has_parent_path() ? fs::path(origin).parent_path() : fs::path(".");
    try {
      p = load_chain(base, dir, chain);
    } catch (const Error& e) {
      if (e.context().line) throw;
      ErrorContext c{.file = origin};
      c.line = t.line_of("profile");
      throw Error(ErrorKind::profile, "base '" + base + "': " + e.detail(), c);
    }
  }
  p.name = name;
  p.version = version;
  p.description = description;
  p.base = base;
  p.origin = origin;
  p.text = text;
  p.sha256 = base.empty() ? sha256_hex(text) : sha256_hex(p.sha256 + "\n" + text);

  if (auto g = t.table("geometry")) read_geometry(*g, p);
  if (auto z = t.table("zones")) read_zones(*z, p);
  if (auto l = t.table("landuse")) read_landuse(*l, p);
  if (auto m = t.table("money")) read_money(*m, p);
  if (auto i = t.table("industry")) read_industry(*i, p);
  if (auto b = t.table("buildings")) read_buildings(*b, p);
  if (auto pl = t.table("plausibility")) {
    auto& q = p.plausibility;
    for (auto [key, slot] : {std::pair{"max_tax_per_mu", &q.max_tax_per_mu},
                             std::pair{"max_value_added_per_mu", &q.max_value_added_per_mu},
                             std::pair{"max_output_per_mu", &q.max_output_per_mu},
                             std::pair{"max_labour_productivity", &q.max_labour_productivity}}) {
      if (auto v = pl->number(key)) {
        if (!(*v > 0)) pl->fail(key, "must be above 0");
        *slot = *v;
      }
    }
    pl->reject_unknown_keys(
        {"max_tax_per_mu", "max_value_added_per_mu", "max_output_per_mu", "max_labour_productivity"});
  }
  if (auto a = t.table("admission")) read_admission(*a, p);
  if (auto m = t.table("mujun")) read_mujun(*m, p);
  if (auto w = t.table("wuwei")) read_wuwei(*w, p);
  if (auto l = t.table("low_efficiency")) read_low_efficiency(*l, p);
  if (auto f = t.table("far_target")) {
    if (auto v = f->number("uplift")) p.far_uplift_target = *v;
    f->reject_unknown_keys({"uplift"});
  }
  if (auto c = t.table("clusters")) {
    p.cluster_gap_m = non_negative(*c, "gap_m", p.cluster_gap_m);
    p.cluster_min_mu = non_negative(*c, "min_mu", p.cluster_min_mu);
    c->reject_unknown_keys({"gap_m", "min_mu"});
  }
  if (auto f = t.table("freed")) read_freed(*f, p);
  if (auto pl = t.table("plan")) read_plan(*pl, p);
  if (auto ag = t.table("agreement")) read_agreement(*ag, p);
  t.reject_unknown_keys({"profile", "geometry", "zones", "landuse", "money", "industry", "buildings",
                         "plausibility", "admission", "mujun", "wuwei", "low_efficiency", "far_target",
                         "clusters", "freed", "plan", "agreement"});
  if (p.landuse_schemes.empty() && p.industrial_names.empty())
    t.fail("", "the profile (with its base) defines no [landuse] scheme: nothing could be industrial");
  for (const auto& [value, code] : p.landuse_values)
    if (!landuse_value_meaningful(p, code))
      t.fail("landuse", "[landuse.values] maps '" + value + "' to '" + code +
                            "', which is no code of the profile's schemes and no industrial name");
  return p;
}

// toml++ prints doubles with 17 significant digits (1.6000000000000001); rewrite each float outside quotes
// in its shortest form that reads back to the same double (1.6), so `profile show` is exact and readable.
std::string shortest_floats(const std::string& text) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (quote) {
      out += c;
      if (c == '\\' && quote == '"' && i + 1 < text.size())
        out += text[++i];
      else if (c == quote)
        quote = 0;
      ++i;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      ++i;
      continue;
    }
    const bool starts_number = (c >= '0' && c <= '9') ||
                               (c == '-' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9');
    const bool after_word =
        !out.empty() && (std::isalnum(static_cast<unsigned char>(out.back())) || out.back() == '_');
    if (!starts_number || after_word) {
      out += c;
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.' ||
                               text[j] == 'e' || text[j] == 'E' || text[j] == '+' || text[j] == '-'))
      ++j;
    const std::string token = text.substr(i, j - i);
    double v = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (token.find('.') != std::string::npos && ec == std::errc() && end == token.data() + token.size()) {
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, v);
      std::string shortest(buf, r.ptr);
      if (shortest.find_first_of(".e") == std::string::npos) shortest += ".0";
      out += shortest;
    } else {
      out += token;
    }
    i = j;
  }
  return out;
}

}  // namespace

std::string resolved_profile_toml(const Profile& p) {
  const auto strings = [](const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v)
      a.push_back(s);
    return a;
  };
  toml::table root;
  root.insert("profile",
              toml::table{{"name", p.name}, {"version", p.version}, {"description", p.description}});
  root.insert("geometry", toml::table{{"area_mismatch_tolerance", p.area_mismatch_tolerance},
                                      {"overlap_min_m2", p.overlap_min_m2}});
  root.insert("zones", toml::table{{"park_majority", p.park_majority}});
  toml::array schemes;
  for (const auto& s : p.landuse_schemes)
    schemes.push_back(toml::table{{"name", s.name},
                                  {"source", s.source},
                                  {"pattern", s.pattern},
                                  {"codes", strings(s.codes)},
                                  {"industrial_codes", strings(s.industrial_codes)}});
  toml::table values;
  for (const auto& [value, code] : p.landuse_values)
    values.insert(value, code);
  root.insert("landuse",
              toml::table{{"ambiguous", p.ambiguous_is_industrial ? "industrial" : "not_industrial"},
                          {"ambiguous_codes", strings(p.ambiguous_codes)},
                          {"industrial_names", strings(p.industrial_names)},
                          {"scheme", schemes},
                          {"values", values}});
  root.insert("money", toml::table{{"unit", p.money_unit}});
  toml::table far, crosswalk;
  for (const auto& [k, v] : p.far_minimum)
    far.insert(k, v);
  for (const auto& [k, v] : p.crosswalk_2017_to_2002)
    crosswalk.insert(k, v);
  root.insert("industry", toml::table{{"code_edition", p.industry_code_edition},
                                      {"far_minimum", far},
                                      {"crosswalk_2017_to_2002", crosswalk}});
  root.insert("buildings", toml::table{{"double_storey_height_m", p.double_storey_height_m},
                                       {"coverage_minimum", p.coverage_minimum}});
  root.insert("plausibility",
              toml::table{{"max_tax_per_mu", p.plausibility.max_tax_per_mu},
                          {"max_value_added_per_mu", p.plausibility.max_value_added_per_mu},
                          {"max_output_per_mu", p.plausibility.max_output_per_mu},
                          {"max_labour_productivity", p.plausibility.max_labour_productivity}});
  toml::array admission;
  for (const auto& a : p.admission)
    admission.push_back(toml::table{{"metric", a.metric},
                                    {"label", a.label},
                                    {"compare", to_string(a.compare)},
                                    {"threshold", a.threshold},
                                    {"source", a.source}});
  root.insert("admission", toml::table{{"name", p.admission_name}, {"indicator", admission}});
  toml::array groups;
  for (const auto& g : p.mujun_groups) {
    toml::array indicators;
    for (const auto& i : g.indicators) {
      toml::table t{{"metric", i.metric}, {"weight", i.weight}};
      if (i.base)
        t.insert("base", *i.base);
      else
        t.insert("base", "mean");
      if (i.cap) t.insert("cap", *i.cap);
      indicators.push_back(t);
    }
    groups.push_back(
        toml::table{{"name", g.name}, {"size_values", strings(g.size_values)}, {"indicators", indicators}});
  }
  toml::array percentiles, thresholds;
  for (double v : p.class_percentiles)
    percentiles.push_back(v);
  for (double v : p.class_thresholds)
    thresholds.push_back(v);
  root.insert("mujun",
              toml::table{{"min_land_mu", p.mujun_min_land_mu},
                          {"excluded_industries", strings(p.mujun_excluded_industries)},
                          {"class_cut", p.class_cut == ClassCut::percentile ? "percentile" : "threshold"},
                          {"percentiles", percentiles},
                          {"thresholds", thresholds},
                          {"group", groups}});
  const auto& w = p.wuwei;
  root.insert("wuwei", toml::table{{"approved_not_supplied_years", w.approved_not_supplied_years},
                                   {"supplied_not_started_years", w.supplied_not_started_years},
                                   {"started_not_completed_years", w.started_not_completed_years},
                                   {"started_not_completed_built_share", w.started_not_completed_built_share},
                                   {"completed_not_producing_years", w.completed_not_producing_years},
                                   {"producing_below_standard_years", w.producing_below_standard_years}});
  const auto& l = p.low_efficiency;
  root.insert("low_efficiency",
              toml::table{{"far_below_minimum", l.far_below_minimum},
                          {"coverage_below_minimum", l.coverage_below_minimum},
                          {"enterprise_class", l.enterprise_class},
                          {"enterprise_classes", strings(l.enterprise_classes)},
                          {"wuwei", l.wuwei},
                          {"tax_per_mu_below", l.tax_per_mu_below},
                          {"tax_per_mu_mode", l.tax_per_mu_district_mode ? "district_mean" : "absolute"},
                          {"tax_per_mu_threshold", l.tax_per_mu_threshold},
                          {"tax_per_mu_district_fraction", l.tax_per_mu_district_fraction},
                          {"admission_standard", l.admission_standard},
                          {"admission_supplied_from", l.admission_supplied_from}});
  root.insert("far_target", toml::table{{"uplift", p.far_uplift_target}});
  root.insert("clusters", toml::table{{"gap_m", p.cluster_gap_m}, {"min_mu", p.cluster_min_mu}});
  toml::table quotas;
  for (const auto& [k, v] : p.freed.district_quotas)
    quotas.insert(k, v);
  root.insert("freed", toml::table{{"goal_mu", p.freed.goal_mu},
                                   {"period_start", p.freed.period_start},
                                   {"period_end", p.freed.period_end},
                                   {"counting_modes", strings(p.freed.counting_modes)},
                                   {"completed_status", strings(p.freed.completed_status)},
                                   {"district_quotas", quotas}});
  root.insert("plan", toml::table{{"provincial_tax_per_mu", p.plan.provincial_tax_per_mu},
                                  {"provincial_value_added_per_mu", p.plan.provincial_value_added_per_mu},
                                  {"green_channel_energy_per_value_added",
                                   p.plan.green_channel_energy_per_value_added},
                                  {"labour_productivity_target", p.plan.labour_productivity_target},
                                  {"platform_concentration_target", p.plan.platform_concentration_target},
                                  {"platform_kinds", strings(p.plan.platform_kinds)},
                                  {"leading_industry_codes", strings(p.plan.leading_industry_codes)}});
  toml::table agreement;
  for (const auto& [key, slot] : kAgreementKeys)
    agreement.insert(key, p.agreement.*slot);
  root.insert("agreement", agreement);
  std::ostringstream out;
  // Self-contained: the base is folded in, so the text parses back to the same values.
  out << "# landrenew profile " << p.name << ", resolved (defaults";
  if (!p.base.empty()) out << " and base " << p.base;
  out << " applied)\n# origin: " << p.origin << "\n# sha256: " << p.sha256 << "\n"
      << shortest_floats((std::ostringstream() << root).str()) << "\n";
  return out.str();
}

Profile parse_profile(const std::string& text, const std::string& origin) {
  std::vector<std::string> chain{origin};
  return parse_chain(text, origin, chain);
}

Profile load_profile(const std::string& ref, const fs::path& base_dir) {
  std::vector<std::string> chain;
  return load_chain(ref, base_dir, chain);
}

}  // namespace landrenew
