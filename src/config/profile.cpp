#include "landrenew/config/profile.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>
#include <variant>

#include "landrenew/config/landuse_codes.hpp"
#include "landrenew/config/metrics.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/sha256.hpp"
#include "landrenew/core/text.hpp"

#include "config/toml_reader.hpp"

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

std::optional<std::string> IndustryRules::division_2002(std::string_view industry_code) const {
  const std::string code(trim(industry_code));
  if (code.size() < 2) return std::nullopt;
  if (code_edition == "2002") return code.substr(0, 2);
  std::optional<std::string> best;
  std::size_t best_len = 0;
  for (const auto& [prefix, division] : crosswalk_2017_to_2002)
    if (code.rfind(prefix, 0) == 0 && prefix.size() > best_len) {
      best = division;
      best_len = prefix.size();
    }
  return best;
}

std::optional<double> IndustryRules::far_minimum_for(std::string_view industry_code) const {
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
  throw Error(ErrorKind::profile, trf("no built-in profile named '{1}' (built in: huzhou-2023)", name));
}

namespace {

// Land-use codes, names and values are compared after RULES.md 21's normalisation (NFKC, no whitespace,
// upper case), so the profile's spellings are normalised once here.
std::vector<std::string> normalised_codes(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& c : v)
    out.push_back(normalise_identifier(c));
  return out;
}

Compare parse_compare(TomlReader& t, const std::string& s) {
  if (s == ">=") return Compare::ge;
  if (s == ">") return Compare::gt;
  if (s == "<=") return Compare::le;
  if (s == "<") return Compare::lt;
  t.fail("compare", trf("must be one of \">=\", \">\", \"<=\", \"<\", not \"{1}\"", s));
}

// ---------------------------------------------------------------------------------------------------------
// The profile's keys, declared once (kKeys below): reading, the unknown-key check of each section and of the
// top level, and `profile show` are all derived from the one table.

using Strings = std::vector<std::string>;
using NumberMap = std::map<std::string, double>;
using TextMap = std::map<std::string, std::string>;

/// A value of the Profile, for reading and for writing, from one capture-less generic lambda
/// `[](auto& p) -> auto& { return p.x; }`: it converts to both function pointers.
template <class T>
struct Ref {
  T& (*set)(Profile&);
  const T& (*get)(const Profile&);
  template <class F>
  constexpr Ref(F f) : set(f), get(f) {}  // implicit: a table entry names only the lambda
};

/// A composite value (a list of tables, a map merged with the base's): its own reader and writer.
struct Custom {
  void (*read)(TomlReader& section, std::string_view key, Profile& p);
  void (*write)(const Profile& p, toml::table& section, std::string_view key);
};

using Slot = std::variant<Ref<double>, Ref<int>, Ref<bool>, Ref<std::string>, Ref<ClassCut>, Ref<Strings>,
                          Ref<NumberMap>, Ref<TextMap>, Custom>;

enum class Kind {
  number,       ///< a finite number within `bounds`
  years,        ///< a whole number within `bounds`
  flag,         ///< true or false
  text,         ///< any text
  name,         ///< text that must not be blank (`refusal` when it is)
  date,         ///< a real date written YYYY-MM-DD
  date_or_all,  ///< a real date, or "" for no limit
  one_of,       ///< one of `choices`; a bool or enum slot holds the choice's index
  strings,      ///< a list of text, each one of `choices` when there are any (`refusal` otherwise)
  codes,        ///< a list of land-use codes or names, normalised (RULES.md 21)
  number_map,   ///< a table of numbers, each within `bounds`
  text_map,     ///< a table of text
  custom,       ///< read and written by its `Custom` functions
};

/// The range a number must lie in, and the refusal after "'section.key': ".
struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  std::string_view refusal;
  bool with_value = false;  ///< the refusal ends with the value read ("must be 0 or more, not -1.000000")
  std::string_view item;    ///< number_map: the refusal names the entry ("quota of '330502' must be ...")
};

constexpr Bounds kAnyNumber{};
constexpr Bounds kFraction{.lo = 0, .hi = 1, .refusal = N_("must be a fraction from 0 to 1")};
constexpr Bounds kFractionBelowOne{
    .lo = 0, .hi = 1, .hi_open = true, .refusal = N_("must be a fraction from 0 to below 1")};
constexpr Bounds kNonNegative{.lo = 0, .refusal = N_("must be 0 or more, not {1}"), .with_value = true};
constexpr Bounds kPositive{.lo = 0, .lo_open = true, .refusal = N_("must be above 0")};
constexpr Bounds kYears{.lo = 0, .hi = 100, .refusal = N_("must be a whole number of years from 0 to 100")};

bool within(const Bounds& b, double v) {
  return (b.lo_open ? v > b.lo : v >= b.lo) && (b.hi_open ? v < b.hi : v <= b.hi);
}

/// One key of the profile: where it is, the Profile value it reads and writes, how it is checked.
struct Key {
  std::string_view section;  ///< the table of the profile file: "profile", "geometry", ...
  std::string_view name;
  Kind kind;
  Slot slot;
  std::string_view what;  ///< one line of English; docs/rules.md lists the keys (a unit test compares)
  Bounds bounds{};
  std::array<std::string_view, 4> choices{};
  std::string_view refusal{};
  /// Checked once this key is read (given or not), against the keys read before it.
  void (*then)(TomlReader& section, const Profile& p) = nullptr;
  bool shown = true;  ///< false only for [profile] base: `profile show` folds the base in
};

constexpr Key number(std::string_view s, std::string_view k, Ref<double> r, Bounds b, std::string_view what) {
  return {.section = s, .name = k, .kind = Kind::number, .slot = r, .what = what, .bounds = b};
}
constexpr Key years(std::string_view s, std::string_view k, Ref<int> r, std::string_view what) {
  return {.section = s, .name = k, .kind = Kind::years, .slot = r, .what = what, .bounds = kYears};
}
constexpr Key flag(std::string_view s, std::string_view k, Ref<bool> r, std::string_view what) {
  return {.section = s, .name = k, .kind = Kind::flag, .slot = r, .what = what};
}
constexpr Key text(std::string_view s, std::string_view k, Ref<std::string> r, std::string_view what,
                   Kind kind = Kind::text, std::string_view refusal = {}) {
  return {.section = s, .name = k, .kind = kind, .slot = r, .what = what, .refusal = refusal};
}
/// `T` is std::string (the choice itself), bool (false = the first choice) or an enum (its index).
template <class T>
constexpr Key one_of(std::string_view s, std::string_view k, Ref<T> r,
                     std::array<std::string_view, 4> choices, std::string_view refusal,
                     std::string_view what) {
  return {.section = s,
          .name = k,
          .kind = Kind::one_of,
          .slot = r,
          .what = what,
          .choices = choices,
          .refusal = refusal};
}
constexpr Key strings(std::string_view s, std::string_view k, Ref<Strings> r, std::string_view what,
                      Kind kind = Kind::strings, std::array<std::string_view, 4> choices = {},
                      std::string_view refusal = {}) {
  return {
      .section = s, .name = k, .kind = kind, .slot = r, .what = what, .choices = choices, .refusal = refusal};
}
constexpr Key number_map(std::string_view s, std::string_view k, Ref<NumberMap> r, Bounds b,
                         std::string_view what) {
  return {.section = s, .name = k, .kind = Kind::number_map, .slot = r, .what = what, .bounds = b};
}
constexpr Key text_map(std::string_view s, std::string_view k, Ref<TextMap> r, std::string_view what) {
  return {.section = s, .name = k, .kind = Kind::text_map, .slot = r, .what = what};
}
constexpr Key custom(std::string_view s, std::string_view k, Custom c, std::string_view what) {
  return {.section = s, .name = k, .kind = Kind::custom, .slot = c, .what = what};
}
constexpr Key then(Key k, void (*check)(TomlReader&, const Profile&)) {
  k.then = check;
  return k;
}
constexpr Key not_shown(Key k) {
  k.shown = false;
  return k;
}

toml::array text_array(const Strings& v) {
  toml::array a;
  for (const auto& s : v)
    a.push_back(s);
  return a;
}

template <class Map>
toml::table toml_table(const Map& m) {
  toml::table t;
  for (const auto& [k, v] : m)
    t.insert(k, v);
  return t;
}

// [[landuse.scheme]] DOMAIN.md §3: the schemes replace the base's.
void read_schemes(TomlReader& t, std::string_view key, Profile& p) {
  auto schemes = t.table_array(key);
  if (!schemes.empty()) p.landuse_schemes.clear();
  for (auto& s : schemes) {
    LanduseScheme scheme;
    auto name = s.string("name");
    if (!name || name->empty()) s.fail("", tr("every [[landuse.scheme]] needs a name"));
    scheme.name = *name;
    scheme.source = s.string("source").value_or("");
    scheme.pattern = s.string("pattern").value_or("");
    if (!scheme.pattern.empty()) {
      try {
        std::regex re(scheme.pattern);
      } catch (const std::regex_error& e) {
        s.fail("pattern", trf("is not a valid regular expression: {1}", std::string_view(e.what())));
      }
    }
    if (auto codes = s.string_array("codes")) scheme.codes = normalised_codes(*codes);
    auto codes = s.string_array("industrial_codes");
    if (!codes || codes->empty()) s.fail("", trf("scheme '{1}' needs industrial_codes", scheme.name));
    scheme.industrial_codes = normalised_codes(*codes);
    s.reject_unknown_keys({"name", "source", "pattern", "codes", "industrial_codes"});
    for (const auto& other : p.landuse_schemes)
      if (other.name == scheme.name) s.fail("name", trf("scheme '{1}' is defined twice", scheme.name));
    p.landuse_schemes.push_back(std::move(scheme));
  }
}

void write_schemes(const Profile& p, toml::table& section, std::string_view key) {
  toml::array schemes;
  for (const auto& s : p.landuse_schemes)
    schemes.push_back(toml::table{{"name", s.name},
                                  {"source", s.source},
                                  {"pattern", s.pattern},
                                  {"codes", text_array(s.codes)},
                                  {"industrial_codes", text_array(s.industrial_codes)}});
  section.insert(key, std::move(schemes));
}

// [landuse.values] RULES.md 24: values as the bureau writes them, mapped to a code or name, added to the
// base's (checked against the schemes once the base profile's are known, in parse_chain).
void read_landuse_values(TomlReader& t, std::string_view key, Profile& p) {
  if (auto values = t.string_map(key))
    for (const auto& [value, code] : *values) {
      const std::string normalised = normalise_identifier(value);
      if (normalised.empty()) t.fail(key, tr("maps a blank value"));
      p.landuse_values[normalised] = normalise_identifier(code);
    }
}

void write_landuse_values(const Profile& p, toml::table& section, std::string_view key) {
  section.insert(key, toml_table(p.landuse_values));
}

// [[admission.indicator]] RULES.md 13: the indicators replace the base's.
void read_admission_indicators(TomlReader& t, std::string_view key, Profile& p) {
  auto items = t.table_array(key);
  if (!items.empty()) p.admission.clear();
  for (auto& i : items) {
    AdmissionIndicator a;
    auto metric = i.string("metric");
    if (!metric) i.fail("", tr("every [[admission.indicator]] needs a metric"));
    auto m = metric_from_name(*metric);
    if (!m || (*m != Metric::investment_per_mu && *m != Metric::far && *m != Metric::tax_per_mu &&
               *m != Metric::output_per_mu && *m != Metric::value_added_per_mu &&
               *m != Metric::energy_per_value_added))
      i.fail("metric",
             trf("unknown admission metric '{1}' (investment_per_mu, far, tax_per_mu, output_per_mu, "
                 "value_added_per_mu, energy_per_value_added)",
                 *metric));
    a.metric = *metric;
    a.label = i.string("label").value_or(std::string(metric_info(*m).label_zh));
    a.compare = parse_compare(i, i.string("compare").value_or(">="));
    auto threshold = i.number("threshold");
    if (!threshold) i.fail("", trf("indicator '{1}' needs a threshold", a.metric));
    if (*threshold < 0) i.fail("threshold", tr("must be 0 or more"));
    a.threshold = *threshold;
    a.source = i.string("source").value_or("");
    i.reject_unknown_keys({"metric", "label", "compare", "threshold", "source"});
    for (const auto& other : p.admission)
      if (other.metric == a.metric) i.fail("metric", trf("indicator '{1}' is listed twice", a.metric));
    p.admission.push_back(std::move(a));
  }
}

void write_admission_indicators(const Profile& p, toml::table& section, std::string_view key) {
  toml::array admission;
  for (const auto& a : p.admission)
    admission.push_back(toml::table{{"metric", a.metric},
                                    {"label", a.label},
                                    {"compare", to_string(a.compare)},
                                    {"threshold", a.threshold},
                                    {"source", a.source}});
  section.insert(key, std::move(admission));
}

// [mujun] percentiles and thresholds RULES.md 12: three cut points, increasing, and three minimum scores,
// decreasing.
void read_percentiles(TomlReader& t, std::string_view key, Profile& p) {
  if (auto v = t.number_array(key)) {
    if (v->size() != 3) t.fail(key, tr("must list three cut points (A/B, B/C, C/D), like [25, 70, 95]"));
    for (std::size_t i = 0; i < 3; ++i) {
      if (!((*v)[i] > 0 && (*v)[i] < 100)) t.fail(key, tr("each cut point must lie between 0 and 100"));
      if (i > 0 && !((*v)[i] > (*v)[i - 1])) t.fail(key, tr("must increase: A/B < B/C < C/D"));
      p.mujun.class_percentiles[i] = (*v)[i];
    }
  }
}

void read_thresholds(TomlReader& t, std::string_view key, Profile& p) {
  if (auto v = t.number_array(key)) {
    if (v->size() != 3) t.fail(key, tr("must list three scores (A, B, C minimums), like [120, 90, 60]"));
    for (std::size_t i = 0; i < 3; ++i) {
      if (i > 0 && !((*v)[i] < (*v)[i - 1]))
        t.fail(key, tr("must decrease: A minimum > B minimum > C minimum"));
      p.mujun.class_thresholds[i] = (*v)[i];
    }
  }
}

template <typename Range>
toml::array numbers(const Range& v) {
  toml::array a;
  for (double x : v)
    a.push_back(x);
  return a;
}

void write_percentiles(const Profile& p, toml::table& section, std::string_view key) {
  section.insert(key, numbers(p.mujun.class_percentiles));
}

void write_thresholds(const Profile& p, toml::table& section, std::string_view key) {
  section.insert(key, numbers(p.mujun.class_thresholds));
}

MujunIndicator read_mujun_indicator(TomlReader& ind) {
  MujunIndicator mi;
  auto metric = ind.string("metric");
  if (!metric) ind.fail("", tr("every indicator needs a metric"));
  auto m = metric_from_name(*metric);
  if (!m || !metric_info(*m).enterprise || *m == Metric::energy_per_value_added)
    ind.fail("metric",
             trf("unknown 亩均 metric '{1}' (tax_per_mu, value_added_per_mu, output_per_mu, "
                 "value_added_per_energy, value_added_per_emission, labour_productivity, rd_intensity, "
                 "tax_per_electricity, investment_per_mu)",
                 *metric));
  mi.metric = *metric;
  auto weight = ind.number("weight");
  if (!weight) ind.fail("", trf("indicator '{1}' needs a weight", mi.metric));
  if (!(*weight >= 0)) ind.fail("weight", trf("must be 0 or more, not {1}", std::to_string(*weight)));
  mi.weight = *weight;
  if (ind.is_string("base")) {
    if (*ind.string("base") != "mean") ind.fail("base", tr("must be \"mean\" or a fixed number above 0"));
  } else if (auto b = ind.number("base")) {
    if (!(*b > 0)) ind.fail("base", tr("a fixed base must be above 0"));
    mi.base = *b;
  }
  if (auto c = ind.number("cap")) {
    if (!(*c > 0)) ind.fail("cap", tr("must be above 0"));
    mi.cap = *c;
  }
  ind.reject_unknown_keys({"metric", "weight", "base", "cap"});
  return mi;
}

// [[mujun.group]] RULES.md 12: the groups replace the base's.
void read_mujun_groups(TomlReader& t, std::string_view key, Profile& p) {
  auto groups = t.table_array(key);
  if (!groups.empty()) p.mujun.groups.clear();
  for (auto& g : groups) {
    MujunGroup group;
    auto name = g.string("name");
    if (!name || name->empty()) g.fail("", tr("every [[mujun.group]] needs a name"));
    group.name = *name;
    group.size_values = g.string_array("size_values").value_or(std::vector<std::string>{*name});
    for (auto& ind : g.table_array("indicators"))
      group.indicators.push_back(read_mujun_indicator(ind));
    if (group.indicators.empty()) g.fail("", trf("group '{1}' needs indicators", group.name));
    // RULES.md 26: statistics pinned by `landrenew partition`.
    if (auto terms = g.number_array("mean_terms")) {
      if (terms->size() != group.indicators.size())
        g.fail("mean_terms", tr("needs one number per indicator"));
      group.mean_terms = *terms;
    }
    if (auto cuts = g.number_array("thresholds")) {
      if (cuts->size() != 3) g.fail("thresholds", tr("needs three minimum scores (A, B, C)"));
      group.thresholds = std::array<double, 3>{(*cuts)[0], (*cuts)[1], (*cuts)[2]};
    }
    g.reject_unknown_keys({"name", "size_values", "indicators", "mean_terms", "thresholds"});
    p.mujun.groups.push_back(std::move(group));
  }
}

void write_mujun_groups(const Profile& p, toml::table& section, std::string_view key) {
  toml::array groups;
  for (const auto& g : p.mujun.groups) {
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
    toml::table group{{"name", g.name}, {"size_values", text_array(g.size_values)}, {"indicators", indicators}};
    if (g.mean_terms) group.insert("mean_terms", numbers(*g.mean_terms));
    if (g.thresholds) group.insert("thresholds", numbers(*g.thresholds));
    groups.push_back(std::move(group));
  }
  section.insert(key, std::move(groups));
}

void landuse_defines_something(TomlReader& t, const Profile& p) {
  if (p.landuse_schemes.empty() && p.industrial_names.empty())
    t.fail("", tr("[landuse] defines no scheme and no industrial_names: nothing could be industrial"));
}

void period_in_order(TomlReader& t, const Profile& p) {
  if (p.freed.period_end < p.freed.period_start) t.fail("period_end", tr("is before period_start"));
}

// Every key of the profile, section by section, in the order they are read (the first error of a section is
// the first in this order). [profile] comes first: it is read before the base is loaded.
// (Not clang-formatted: it would put each lambda on a line of its own.)
// clang-format off
constexpr Key kKeys[] = {
    text("profile", "name", [](auto& p) -> auto& { return p.name; }, "the profile's name", Kind::name,
         N_("the profile needs a name")),
    text("profile", "version", [](auto& p) -> auto& { return p.version; }, "the profile's version"),
    text("profile", "description", [](auto& p) -> auto& { return p.description; }, "what the profile is"),
    not_shown(text("profile", "base", [](auto& p) -> auto& { return p.base; },
                   "the profile this one starts from (a built-in name or a path)")),
    // RULES.md 3–4
    number("geometry", "area_mismatch_tolerance", [](auto& p) -> auto& { return p.area_mismatch_tolerance; },
           kFractionBelowOne, "registered vs geometric parcel area: a larger difference is a finding"),
    number("geometry", "overlap_min_m2", [](auto& p) -> auto& { return p.overlap_min_m2; }, kNonNegative,
           "industrial-parcel overlaps larger than this many m² are findings"),
    // RULES.md 5
    number("zones", "park_majority", [](auto& p) -> auto& { return p.park_majority; },
           {.lo = 0, .hi = 1, .lo_open = true, .refusal = N_("must be a share above 0 and at most 1")},
           "a parcel is in a park when the park covers at least this share of it"),
    // DOMAIN.md §3, RULES.md 24
    one_of<bool>("landuse", "ambiguous", [](auto& p) -> auto& { return p.ambiguous_is_industrial; },
                 {"not_industrial", "industrial"}, N_("must be \"industrial\" or \"not_industrial\""),
                 "how an ambiguous code counts when no single scheme decides it"),
    strings("landuse", "industrial_names", [](auto& p) -> auto& { return p.industrial_names; },
            "land-use names that mean industrial", Kind::codes),
    strings("landuse", "ambiguous_codes", [](auto& p) -> auto& { return p.ambiguous_codes; },
            "codes that are industrial in one scheme and another use in another", Kind::codes),
    then(custom("landuse", "scheme", {read_schemes, write_schemes},
                "the land-use classification schemes: name, source, pattern, codes, industrial_codes"),
         landuse_defines_something),
    custom("landuse", "values", {read_landuse_values, write_landuse_values},
           "land-use values as the bureau writes them, mapped to the code or name they mean"),
    one_of<std::string>("money", "unit", [](auto& p) -> auto& { return p.money_unit; }, {"万元"},
                        N_("thresholds are in 万元; only \"万元\" is supported"),
                        "the unit of the profile's money thresholds"),
    // DOMAIN.md §4, RULES.md 14
    one_of<std::string>("industry", "code_edition", [](auto& p) -> auto& { return p.industry.code_edition; },
                        {"2017", "2002"}, N_("must be \"2017\" or \"2002\" (GB/T 4754)"),
                        "the GB/T 4754 edition of the industry codes"),
    number_map("industry", "far_minimum", [](auto& p) -> auto& { return p.industry.far_minimum; },
               {.lo = 0,
                .hi = 20,
                .lo_open = true,
                .hi_open = true,
                .refusal = N_("must be above 0 (and plausible)"),
                .item = N_("minimum FAR")},
               "minimum FAR by GB/T 4754-2002 division"),
    text_map("industry", "crosswalk_2017_to_2002", [](auto& p) -> auto& { return p.industry.crosswalk_2017_to_2002; },
             "GB/T 4754-2017 code prefix → 2002 division (the longest prefix wins)"),
    // RULES.md 6
    number("buildings", "double_storey_height_m", [](auto& p) -> auto& { return p.buildings.double_storey_height_m; },
           {.lo = 0, .lo_open = true, .refusal = N_("must be a height above 0 m")},
           "a storey taller than this many metres counts double in FAR"),
    number("buildings", "coverage_minimum", [](auto& p) -> auto& { return p.buildings.coverage_minimum; }, kFraction,
           "the building coverage minimum"),
    // RULES.md 11
    number("plausibility", "max_tax_per_mu", [](auto& p) -> auto& { return p.plausibility.max_tax_per_mu; },
           kPositive, "亩均税收 above this (万元/亩) is a typing or unit error"),
    number("plausibility", "max_value_added_per_mu",
           [](auto& p) -> auto& { return p.plausibility.max_value_added_per_mu; }, kPositive,
           "亩均增加值 above this (万元/亩) is a typing or unit error"),
    number("plausibility", "max_output_per_mu",
           [](auto& p) -> auto& { return p.plausibility.max_output_per_mu; }, kPositive,
           "亩均产值 above this (万元/亩) is a typing or unit error"),
    number("plausibility", "max_labour_productivity",
           [](auto& p) -> auto& { return p.plausibility.max_labour_productivity; }, kPositive,
           "labour productivity above this (万元/人) is a typing or unit error"),
    // RULES.md 13
    text("admission", "name", [](auto& p) -> auto& { return p.admission_name; },
         "the admission standard's name"),
    custom("admission", "indicator", {read_admission_indicators, write_admission_indicators},
           "the admission indicators: metric, label, compare, threshold, source"),
    // RULES.md 12
    number("mujun", "min_land_mu", [](auto& p) -> auto& { return p.mujun.min_land_mu; },
           {.lo = 0, .refusal = N_("must be 0 or more mu")}, "enterprises on less land (mu) are not evaluated"),
    strings("mujun", "excluded_industries", [](auto& p) -> auto& { return p.mujun.excluded_industries; },
            "GB/T 4754-2017 code prefixes that get no class"),
    one_of<ClassCut>("mujun", "class_cut", [](auto& p) -> auto& { return p.mujun.class_cut; },
                     {"percentile", "threshold"}, N_("must be \"percentile\" or \"threshold\""),
                     "how scores become classes A–D"),
    custom("mujun", "percentiles", {read_percentiles, write_percentiles},
           "the A/B, B/C and C/D cut points (percent of the group scoring higher)"),
    custom("mujun", "thresholds", {read_thresholds, write_thresholds},
           "the A, B and C minimum scores when class_cut = \"threshold\""),
    custom("mujun", "group", {read_mujun_groups, write_mujun_groups},
           "the evaluation groups: name, size_values, indicators (metric, weight, base, cap)"),
    // DOMAIN.md §6
    years("wuwei", "approved_not_supplied_years",
          [](auto& p) -> auto& { return p.wuwei.approved_not_supplied_years; },
          "批而未供: approved, not supplied"),
    years("wuwei", "supplied_not_started_years",
          [](auto& p) -> auto& { return p.wuwei.supplied_not_started_years; },
          "供而未用: supplied, not started"),
    years("wuwei", "started_not_completed_years",
          [](auto& p) -> auto& { return p.wuwei.started_not_completed_years; },
          "用而未尽: started, not completed"),
    number("wuwei", "started_not_completed_built_share",
           [](auto& p) -> auto& { return p.wuwei.started_not_completed_built_share; }, kFraction,
           "用而未尽: under this share of the contracted floor area built"),
    years("wuwei", "completed_not_producing_years",
          [](auto& p) -> auto& { return p.wuwei.completed_not_producing_years; },
          "建而未投: completed, not producing"),
    years("wuwei", "producing_below_standard_years",
          [](auto& p) -> auto& { return p.wuwei.producing_below_standard_years; },
          "投而未达标: producing, 亩均税收 below the contract"),
    // RULES.md 14
    flag("low_efficiency", "far_below_minimum",
         [](auto& p) -> auto& { return p.low_efficiency.far_below_minimum; },
         "criterion: FAR below its industry's minimum"),
    flag("low_efficiency", "coverage_below_minimum",
         [](auto& p) -> auto& { return p.low_efficiency.coverage_below_minimum; },
         "criterion: building coverage below the minimum"),
    flag("low_efficiency", "enterprise_class",
         [](auto& p) -> auto& { return p.low_efficiency.enterprise_class; },
         "criterion: the enterprise's 亩均 class is one of enterprise_classes"),
    strings("low_efficiency", "enterprise_classes",
            [](auto& p) -> auto& { return p.low_efficiency.enterprise_classes; },
            "the 亩均 classes that are low-efficiency", Kind::strings, {"A", "B", "C", "D"},
            N_("classes are A, B, C and D")),
    flag("low_efficiency", "wuwei", [](auto& p) -> auto& { return p.low_efficiency.wuwei; },
         "criterion: the parcel is 五未 land"),
    flag("low_efficiency", "tax_per_mu_below",
         [](auto& p) -> auto& { return p.low_efficiency.tax_per_mu_below; },
         "criterion: 亩均税收 below the threshold"),
    one_of<bool>("low_efficiency", "tax_per_mu_mode",
                 [](auto& p) -> auto& { return p.low_efficiency.tax_per_mu_district_mode; },
                 {"absolute", "district_mean"}, N_("must be \"absolute\" or \"district_mean\""),
                 "the tax threshold: absolute (万元/亩) or a fraction of the district mean"),
    number("low_efficiency", "tax_per_mu_threshold",
           [](auto& p) -> auto& { return p.low_efficiency.tax_per_mu_threshold; }, kNonNegative,
           "the absolute 亩均税收 threshold (万元/亩)"),
    number("low_efficiency", "tax_per_mu_district_fraction",
           [](auto& p) -> auto& { return p.low_efficiency.tax_per_mu_district_fraction; }, kFraction,
           "the share of the district mean in district_mean mode"),
    flag("low_efficiency", "admission_standard",
         [](auto& p) -> auto& { return p.low_efficiency.admission_standard; },
         "criterion: the admission standard is not met"),
    text("low_efficiency", "admission_supplied_from",
         [](auto& p) -> auto& { return p.low_efficiency.admission_supplied_from; },
         "only land supplied on or after this date is tested against the admission standard",
         Kind::date_or_all),
    // RULES.md 9 (any number: the target is the bureau's)
    number("far_target", "uplift", [](auto& p) -> auto& { return p.far_uplift_target; }, kAnyNumber,
           "a park meets the target when its FAR rose by at least this much"),
    // RULES.md 15
    number("clusters", "gap_m", [](auto& p) -> auto& { return p.cluster_gap_m; }, kNonNegative,
           "low-efficiency parcels within this distance (m) form one cluster"),
    number("clusters", "min_mu", [](auto& p) -> auto& { return p.cluster_min_mu; }, kNonNegative,
           "clusters of at least this many mu are 连片整治 candidates"),
    // RULES.md 16–18
    number("freed", "goal_mu", [](auto& p) -> auto& { return p.freed.goal_mu; },
           {.lo = 0, .lo_open = true, .refusal = N_("must be above 0 mu")}, "the freed-land goal in mu"),
    text("freed", "period_start", [](auto& p) -> auto& { return p.freed.period_start; },
         "the first day of the plan period", Kind::date),
    then(text("freed", "period_end", [](auto& p) -> auto& { return p.freed.period_end; },
              "the last day of the plan period", Kind::date),
         period_in_order),
    strings("freed", "counting_modes", [](auto& p) -> auto& { return p.freed.counting_modes; },
            "the renewal modes that count as freed land"),
    strings("freed", "completed_status", [](auto& p) -> auto& { return p.freed.completed_status; },
            "status values that mean completed"),
    number_map("freed", "district_quotas", [](auto& p) -> auto& { return p.freed.district_quotas; },
               {.lo = 0, .refusal = N_("must be 0 or more mu"), .item = N_("quota")},
               "per-district quotas in mu, by GB/T 2260 code"),
    // DOMAIN.md §1
    number("plan", "provincial_tax_per_mu", [](auto& p) -> auto& { return p.plan.provincial_tax_per_mu; },
           kNonNegative, "the provincial average 亩均税收 (万元/亩)"),
    number("plan", "provincial_value_added_per_mu",
           [](auto& p) -> auto& { return p.plan.provincial_value_added_per_mu; }, kNonNegative,
           "the provincial average 亩均增加值 (万元/亩)"),
    number("plan", "green_channel_energy_per_value_added",
           [](auto& p) -> auto& { return p.plan.green_channel_energy_per_value_added; }, kNonNegative,
           "the energy green channel: energy per value added below this (tce/万元)"),
    number("plan", "labour_productivity_target",
           [](auto& p) -> auto& { return p.plan.labour_productivity_target; }, kNonNegative,
           "the labour productivity target (万元/人)"),
    number("plan", "platform_concentration_target",
           [](auto& p) -> auto& { return p.plan.platform_concentration_target; }, kFraction,
           "the leading-industry share target in the platforms"),
    strings("plan", "platform_kinds", [](auto& p) -> auto& { return p.plan.platform_kinds; },
            "park kinds that are platforms (平台)"),
    strings("plan", "leading_industry_codes", [](auto& p) -> auto& { return p.plan.leading_industry_codes; },
            "leading industries as GB/T 4754-2017 code prefixes"),
    // RULES.md 25
    number("agreement", "min_buildings_in_parcels",
           [](auto& p) -> auto& { return p.agreement.min_buildings_in_parcels; }, kFraction,
           "least share of the buildings' footprint area on the parcels"),
    number("agreement", "min_parcels_in_districts",
           [](auto& p) -> auto& { return p.agreement.min_parcels_in_districts; }, kFraction,
           "least share of the industrial parcels' area inside their district"),
    number("agreement", "min_register_on_industrial",
           [](auto& p) -> auto& { return p.agreement.min_register_on_industrial; }, kFraction,
           "least share of the counted register area on industrial parcels"),
};
// clang-format on

std::size_t choice_index(TomlReader& t, const Key& k, const std::string& v) {
  for (std::size_t i = 0; i < k.choices.size() && !k.choices[i].empty(); ++i)
    if (k.choices[i] == v) return i;
  t.fail(k.name, tr(k.refusal.data()));
}

void read_slot(TomlReader& t, const Key& k, const Ref<double>& r, Profile& p) {
  if (auto v = t.number(k.name)) {
    if (!within(k.bounds, *v))
      t.fail(k.name, k.bounds.with_value ? trf(k.bounds.refusal.data(), std::to_string(*v))
                                         : std::string(tr(k.bounds.refusal.data())));
    r.set(p) = *v;
  }
}

void read_slot(TomlReader& t, const Key& k, const Ref<int>& r, Profile& p) {
  if (auto v = t.integer(k.name)) {
    if (!within(k.bounds, static_cast<double>(*v))) t.fail(k.name, tr(k.bounds.refusal.data()));
    r.set(p) = static_cast<int>(*v);
  }
}

void read_slot(TomlReader& t, const Key& k, const Ref<bool>& r, Profile& p) {
  if (k.kind == Kind::one_of) {
    if (auto v = t.string(k.name)) r.set(p) = choice_index(t, k, *v) == 1;
  } else if (auto v = t.boolean(k.name)) {
    r.set(p) = *v;
  }
}

void read_slot(TomlReader& t, const Key& k, const Ref<ClassCut>& r, Profile& p) {
  if (auto v = t.string(k.name)) r.set(p) = static_cast<ClassCut>(choice_index(t, k, *v));
}

void read_slot(TomlReader& t, const Key& k, const Ref<std::string>& r, Profile& p) {
  auto v = t.string(k.name);
  if (k.kind == Kind::name && (!v || v->empty())) t.fail(k.name, tr(k.refusal.data()));
  if (!v) return;
  if (k.kind == Kind::one_of) choice_index(t, k, *v);
  if (k.kind == Kind::date && !is_iso_date(*v))
    t.fail(k.name, trf("must be a real date written YYYY-MM-DD, not '{1}'", *v));
  if (k.kind == Kind::date_or_all && !v->empty() && !is_iso_date(*v))
    t.fail(k.name, tr("must be a date written YYYY-MM-DD, or \"\" for every parcel"));
  r.set(p) = *v;
}

void read_slot(TomlReader& t, const Key& k, const Ref<Strings>& r, Profile& p) {
  auto v = t.string_array(k.name);
  if (!v) return;
  if (!k.choices[0].empty())
    for (const auto& s : *v)
      choice_index(t, k, s);
  r.set(p) = k.kind == Kind::codes ? normalised_codes(*v) : *v;
}

void read_slot(TomlReader& t, const Key& k, const Ref<NumberMap>& r, Profile& p) {
  auto m = t.number_map(k.name);
  if (!m) return;
  for (const auto& [key, v] : *m)
    if (!within(k.bounds, v))
      t.fail(k.name, trf("{1} of '{2}' {3}", tr(k.bounds.item.data()), key, tr(k.bounds.refusal.data())));
  r.set(p) = *m;
}

void read_slot(TomlReader& t, const Key& k, const Ref<TextMap>& r, Profile& p) {
  if (auto m = t.string_map(k.name)) r.set(p) = *m;
}

void read_slot(TomlReader& t, const Key& k, const Custom& c, Profile& p) {
  c.read(t, k.name, p);
}

void write_slot(const Key& k, const Ref<bool>& r, const Profile& p, toml::table& s) {
  if (k.kind == Kind::one_of)
    s.insert(k.name, std::string(k.choices[r.get(p) ? 1 : 0]));
  else
    s.insert(k.name, r.get(p));
}

void write_slot(const Key& k, const Ref<ClassCut>& r, const Profile& p, toml::table& s) {
  s.insert(k.name, std::string(k.choices[static_cast<std::size_t>(r.get(p))]));
}

void write_slot(const Key& k, const Ref<Strings>& r, const Profile& p, toml::table& s) {
  s.insert(k.name, text_array(r.get(p)));
}

template <class Map>
requires std::same_as<Map, NumberMap> || std::same_as<Map, TextMap>
void write_slot(const Key& k, const Ref<Map>& r, const Profile& p, toml::table& s) {
  s.insert(k.name, toml_table(r.get(p)));
}

template <class T>
void write_slot(const Key& k, const Ref<T>& r, const Profile& p, toml::table& s) {  // number, text
  s.insert(k.name, r.get(p));
}

void write_slot(const Key& k, const Custom& c, const Profile& p, toml::table& s) {
  c.write(p, s, k.name);
}

/// The sections, in the table's order.
std::vector<std::string_view> sections() {
  std::vector<std::string_view> out;
  for (const Key& k : kKeys)
    if (std::find(out.begin(), out.end(), k.section) == out.end()) out.push_back(k.section);
  return out;
}

/// Reads every key of `section` into `p`, then refuses the keys the table does not declare.
void read_section(TomlReader& t, std::string_view section, Profile& p) {
  std::vector<std::string> known;
  for (const Key& k : kKeys) {
    if (k.section != section) continue;
    std::visit([&](const auto& slot) { read_slot(t, k, slot, p); }, k.slot);
    if (k.then) k.then(t, p);
    known.emplace_back(k.name);
  }
  t.reject_unknown_keys(known);
}

Profile parse_chain(const std::string& text, const std::string& origin, std::vector<std::string>& chain);

Profile load_chain(const std::string& ref, const fs::path& base_dir, std::vector<std::string>& chain) {
  for (const auto& name : builtin_profiles()) {
    if (ref == name) {
      if (std::find(chain.begin(), chain.end(), name) != chain.end())
        throw Error(ErrorKind::profile, trf("profile base chain loops: {1} is its own base", name));
      chain.push_back(name);
      Profile p = parse_chain(builtin_profile_text(name), name + " (built-in)", chain);
      p.origin = N_("built-in");  // printed through tr(); written as it is
      return p;
    }
  }
  fs::path path(ref);
  if (path.is_relative()) path = base_dir / path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw Error(ErrorKind::profile,
                trf("profile '{1}' is neither a built-in profile (huzhou-2023) nor a readable file", ref),
                {.file = path.string()});
  const std::string canonical = fs::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
    throw Error(ErrorKind::profile, tr("profile base chain loops back to this file"),
                {.file = path.string()});
  chain.push_back(canonical);
  std::ifstream in(path, std::ios::binary);
  std::string text((std::size_t{1} << 20) + 1, '\0');  // read at most 1 MiB + 1 byte
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > (1u << 20))
    throw Error(ErrorKind::profile, tr("is over 1 MiB: not a profile"), {.file = path.string()});
  if (!is_valid_utf8(text))
    throw Error(ErrorKind::profile, tr("is not UTF-8 text (save it as UTF-8)"), {.file = path.string()});
  return parse_chain(text, path.string(), chain);
}

Profile parse_chain(const std::string& text, const std::string& origin, std::vector<std::string>& chain) {
  toml::table root = detail::parse_toml(text, origin, ErrorKind::profile);
  TomlReader t(root, origin, ErrorKind::profile);
  Profile own;  // this file's [profile]: name, version, description, base
  if (auto meta = t.table("profile"))
    read_section(*meta, "profile", own);
  else
    t.fail("", tr("the profile needs a [profile] section with its name"));
  Profile p;
  if (!own.base.empty()) {
    const fs::path dir = fs::path(origin).has_parent_path() ? fs::path(origin).parent_path() : fs::path(".");
    try {
      p = load_chain(own.base, dir, chain);
    } catch (const Error& e) {
      if (e.context().line) throw;
      ErrorContext c{.file = origin};
      c.line = t.line_of("profile");
      throw Error(ErrorKind::profile, trf("base '{1}': {2}", own.base, e.detail()), c);
    }
  }
  p.name = own.name;
  p.version = own.version;
  p.description = own.description;
  p.base = own.base;
  p.origin = origin;
  p.text = text;
  p.sha256 = own.base.empty() ? sha256_hex(text) : sha256_hex(p.sha256 + "\n" + text);

  std::vector<std::string> known;
  for (std::string_view section : sections()) {
    known.emplace_back(section);
    if (section == "profile") continue;
    if (auto s = t.table(section)) read_section(*s, section, p);
  }
  t.reject_unknown_keys(known);
  if (p.landuse_schemes.empty() && p.industrial_names.empty())
    t.fail("", tr("the profile (with its base) defines no [landuse] scheme: nothing could be industrial"));
  for (const auto& [value, code] : p.landuse_values)
    if (!landuse_value_meaningful(p, code))
      t.fail("landuse",
             trf("[landuse.values] maps '{1}' to '{2}', which is no code of the profile's schemes and "
                 "no industrial name",
                 value, code));
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
  toml::table root;
  for (std::string_view section : sections()) {
    toml::table s;
    for (const Key& k : kKeys)
      if (k.section == section && k.shown)
        std::visit([&](const auto& slot) { write_slot(k, slot, p, s); }, k.slot);
    root.insert(section, std::move(s));
  }
  std::ostringstream out;
  // Self-contained: the base is folded in, so the text parses back to the same values.
  out << "# landrenew profile " << p.name << ", resolved (defaults";
  if (!p.base.empty()) out << " and base " << p.base;
  out << " applied)\n# origin: " << p.origin << "\n# sha256: " << p.sha256 << "\n"
      << shortest_floats((std::ostringstream() << root).str()) << "\n";
  return out.str();
}

std::vector<ProfileKey> profile_keys() {
  std::vector<ProfileKey> out;
  for (const Key& k : kKeys)
    out.push_back({k.section, k.name, k.what, k.shown});
  return out;
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
