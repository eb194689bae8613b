#pragma once
// The policy profile: every threshold and rule the analysis uses, in a human-edited TOML file with each
// value's source beside it (src/config/profiles/huzhou-2023.toml is the documented default). A bureau's profile may
// start from another with `base = "huzhou-2023"` in [profile] and change only what differs.
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace landrenew {

/// One land-use classification scheme (DOMAIN.md §3).
struct LanduseScheme {
  std::string name;
  std::string source;   ///< where the code list comes from (confirmed / placeholder)
  std::string pattern;  ///< ECMAScript regex a code of this scheme matches (after RULES.md 21 normalisation)
  /// Every code of the scheme, normalised (RULES.md 21); a scheme knows its industrial codes, these, and what
  /// `pattern` matches. A list tells schemes whose codes have the same shape apart (RULES.md 24).
  std::vector<std::string> codes;
  std::vector<std::string> industrial_codes;
};

/// A comparison of a value with a threshold (admission standard, RULES.md 13).
enum class Compare { ge, gt, le, lt };
const char* to_string(Compare c) noexcept;
/// value `c` threshold, e.g. 400 >= 350.
bool passes(double value, Compare c, double threshold) noexcept;

struct AdmissionIndicator {
  std::string metric;  ///< investment_per_mu, far, tax_per_mu, output_per_mu, value_added_per_mu,
                       ///< energy_per_value_added
  std::string label;   ///< Chinese label with unit
  Compare compare = Compare::ge;
  double threshold = 0;
  std::string source;
};

struct MujunIndicator {
  std::string metric;  ///< tax_per_mu, value_added_per_mu, ... (enterprise metrics)
  double weight = 0;
  std::optional<double> base;  ///< fixed base; nullopt = mean over the group's evaluated enterprises
  std::optional<double> cap;   ///< maximum of x / base; nullopt = no cap
};

struct MujunGroup {
  std::string name;                      ///< 规上 / 规下
  std::vector<std::string> size_values;  ///< values of the size_class column meaning this group
  std::vector<MujunIndicator> indicators;
  /// Pinned by `landrenew partition` (RULES.md 26): the mean term of each indicator (what a missing value
  /// scores) and the minimum scores of classes A, B, C, computed once over the whole table so that every
  /// partition classes an enterprise as the whole run would. Unset: computed over the group (RULES.md 12).
  std::optional<std::vector<double>> mean_terms;
  std::optional<std::array<double, 3>> thresholds;
};

enum class ClassCut { percentile, threshold };

struct WuweiLimits {
  int approved_not_supplied_years = 2;
  int supplied_not_started_years = 1;
  int started_not_completed_years = 2;
  double started_not_completed_built_share = 1.0 / 3.0;
  int completed_not_producing_years = 1;
  int producing_below_standard_years = 3;
};

/// [industry] DOMAIN.md §4: the industry classification's edition and the minimum FAR by industry.
struct IndustryRules {
  std::string code_edition = "2017";
  std::map<std::string, double> far_minimum;                  ///< GB/T 4754-2002 division → minimum FAR
  std::map<std::string, std::string> crosswalk_2017_to_2002;  ///< 2017 code prefix → 2002 division

  /// The GB/T 4754-2002 division of an industry code in the profile's edition (crosswalk for 2017 codes:
  /// longest matching prefix), or nullopt when it has none.
  std::optional<std::string> division_2002(std::string_view industry_code) const;
  /// Minimum FAR for an industry code, or nullopt when the code is missing or not in the table.
  std::optional<double> far_minimum_for(std::string_view industry_code) const;
};

/// [buildings] RULES.md 6, 14.
struct BuildingRules {
  double double_storey_height_m = 8.0;  ///< a storey higher than this counts twice (RULES.md 6)
  double coverage_minimum = 0.30;       ///< 建筑系数 below this flags a parcel (RULES.md 14)
};

/// [mujun] RULES.md 12: who is evaluated, in which group, and how the classes are cut.
struct MujunRules {
  double min_land_mu = 3.0;
  std::vector<std::string> excluded_industries;
  ClassCut class_cut = ClassCut::percentile;
  std::array<double, 3> class_percentiles = {25, 70, 95};
  std::array<double, 3> class_thresholds = {120, 90, 60};
  std::vector<MujunGroup> groups;
};

struct LowEfficiencyRules {
  bool far_below_minimum = true;
  bool coverage_below_minimum = true;
  bool enterprise_class = true;
  std::vector<std::string> enterprise_classes = {"D"};
  bool wuwei = true;
  bool tax_per_mu_below = true;
  bool tax_per_mu_district_mode = false;  ///< false: absolute threshold; true: fraction of the district mean
  double tax_per_mu_threshold = 10.0;     ///< 万元/亩
  double tax_per_mu_district_fraction = 0.5;
  bool admission_standard = true;
  std::string admission_supplied_from = "2023-04-03";  ///< ISO date; "" = every parcel is tested
};

/// Per-mu figures above these come from typing or unit errors (the value is then treated as missing).
struct Plausibility {
  double max_tax_per_mu = 1000.0;
  double max_value_added_per_mu = 5000.0;
  double max_output_per_mu = 50000.0;
  double max_labour_productivity = 2000.0;
};

struct FreedRules {
  double goal_mu = 30000.0;
  std::string period_start = "2023-01-01";
  std::string period_end = "2027-12-31";
  std::vector<std::string> counting_modes;
  std::vector<std::string> completed_status;
  std::map<std::string, double> district_quotas;  ///< GB/T 2260 code → mu
};

struct PlanTargets {
  double provincial_tax_per_mu = 0;
  double provincial_value_added_per_mu = 0;
  double green_channel_energy_per_value_added = 0.52;
  double labour_productivity_target = 28.0;
  double platform_concentration_target = 0.8;
  std::vector<std::string> platform_kinds = {"平台"};
  std::vector<std::string> leading_industry_codes;  ///< GB/T 4754 code prefixes
};

/// [agreement] RULES.md 25: the least share of a layer's area that must lie on the layer it describes the
/// same ground as; below it is a headline warning. Keys: the [agreement] entries of kKeys in profile.cpp.
struct AgreementThresholds {
  double min_buildings_in_parcels = 0.90;    ///< building footprint area inside used parcels
  double min_parcels_in_districts = 0.98;    ///< industrial parcel area inside the district layer
  double min_register_on_industrial = 0.80;  ///< counted register area over industrial parcels
};

struct Profile {
  std::string name;
  std::string version;
  std::string description;
  std::string base;    ///< the profile this one starts from, or ""
  std::string origin;  ///< "built-in" or the file path
  std::string text;    ///< the TOML source, as read (of this file only)
  std::string sha256;  ///< of `text` (and, with a base, of the base's hash and `text`)

  // [geometry] RULES.md 3–4
  double area_mismatch_tolerance = 0.01;  ///< fraction; registered vs geometric parcel area
  double overlap_min_m2 = 1.0;            ///< industrial-parcel overlaps larger than this are findings
  // [zones] RULES.md 5
  double park_majority = 0.5;
  // [landuse] DOMAIN.md §3
  std::vector<LanduseScheme> landuse_schemes;
  std::vector<std::string> industrial_names;
  std::vector<std::string> ambiguous_codes;
  bool ambiguous_is_industrial = true;
  /// [landuse.values] RULES.md 24: a land-use value as a bureau writes it (normalised) → the code or name it
  /// means (normalised), e.g. 工业用地(标准厂房) → 0601.
  std::map<std::string, std::string> landuse_values;
  // [money]
  std::string money_unit = "万元";
  // [industry] DOMAIN.md §4
  IndustryRules industry;
  // [buildings] RULES.md 6
  BuildingRules buildings;
  // [plausibility] RULES.md 11
  Plausibility plausibility;
  // [admission] RULES.md 13
  std::string admission_name;
  std::vector<AdmissionIndicator> admission;
  // [mujun] RULES.md 12
  MujunRules mujun;
  // [wuwei] DOMAIN.md §6
  WuweiLimits wuwei;
  // [low_efficiency] RULES.md 14
  LowEfficiencyRules low_efficiency;
  // [far_target] RULES.md 9
  double far_uplift_target = 0.5;
  // [clusters] RULES.md 15
  double cluster_gap_m = 15.0;
  double cluster_min_mu = 50.0;
  // [freed] RULES.md 16–18
  FreedRules freed;
  // [plan] DOMAIN.md §1
  PlanTargets plan;
  // [agreement] RULES.md 25
  AgreementThresholds agreement;
};

/// Names of the built-in profiles ("huzhou-2023").
std::vector<std::string> builtin_profiles();

/// The TOML text of a built-in profile, or throws Error(profile).
std::string builtin_profile_text(const std::string& name);

/// Loads a profile: a built-in name, or a path (relative paths resolved against `base_dir`).
/// Throws Error(profile) with line numbers for syntax errors, unknown keys, wrong types, impossible values,
/// and for a `base` chain that loops.
Profile load_profile(const std::string& ref, const std::filesystem::path& base_dir = ".");

/// Parses profile text; `origin` names it in messages and resolves a relative `base`.
Profile parse_profile(const std::string& text, const std::string& origin);

/// The resolved profile (defaults and base applied) as TOML, for `landrenew profile show`.
std::string resolved_profile_toml(const Profile& profile);

/// One key of a profile, from the one table (profile.cpp) that reading, the unknown-key checks and
/// `profile show` are derived from.
struct ProfileKey {
  std::string_view section;  ///< "profile", "geometry", ... (a table of the profile file)
  std::string_view name;     ///< the key in that table
  std::string_view what;     ///< one line of English
  bool shown = true;         ///< false only for [profile] base: `profile show` folds the base in
};

/// Every key of a profile, section by section, in reading order.
std::vector<ProfileKey> profile_keys();

}  // namespace landrenew
