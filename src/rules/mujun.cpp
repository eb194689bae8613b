#include "landrenew/rules/mujun.hpp"

#include <algorithm>
#include <cstdio>

#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/finding_reporter.hpp"

namespace landrenew::rules {

std::size_t MujunResult::count(char cls) const {
  return static_cast<std::size_t>(std::count_if(enterprises.begin(), enterprises.end(),
                                                [cls](const MujunScore& s) { return s.cls == cls; }));
}

std::size_t MujunResult::evaluated() const {
  return static_cast<std::size_t>(
      std::count_if(enterprises.begin(), enterprises.end(), [](const MujunScore& s) { return s.evaluated; }));
}

std::size_t MujunResult::lacking_data() const {
  return static_cast<std::size_t>(
      std::count_if(enterprises.begin(), enterprises.end(), [](const MujunScore& s) { return s.lacks_data; }));
}

char percentile_class(std::size_t better, std::size_t n, const std::array<double, 3>& percentiles) {
  if (n == 0) return 0;
  const double share = static_cast<double>(better) / static_cast<double>(n);
  if (share < percentiles[0] / 100.0) return 'A';
  if (share < percentiles[1] / 100.0) return 'B';
  if (share < percentiles[2] / 100.0) return 'C';
  return 'D';
}

char threshold_class(double score, const std::array<double, 3>& thresholds) {
  if (score >= thresholds[0]) return 'A';
  if (score >= thresholds[1]) return 'B';
  if (score >= thresholds[2]) return 'C';
  return 'D';
}

namespace {

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// RULES.md 12: who is evaluated and in which group — land of at least the profile's minimum, a size class
// of a group, not an excluded industry; the others get the reason they have no class.
void eligibility(const EnterpriseSet& set, const MujunRules& mujun, MujunResult& out) {
  for (std::size_t e = 0; e < set.items.size(); ++e) {
    const Enterprise& ent = set.items[e];
    MujunScore& s = out.enterprises[e];
    for (std::size_t g = 0; g < mujun.groups.size() && !s.group; ++g)
      for (const auto& v : mujun.groups[g].size_values)
        if (trim(v) == ent.size_class) s.group = g;
    if (!s.group) {
      // The reasons for lack of data are msgids: coverage.cpp translates them in its warning (one line for
      // every size class that matches no group, "size class matches no group").
      s.reason = ent.size_class.empty() ? N_("no size class (规上/规下)")
                                        : "size class '" + ent.size_class + "' matches no group";
      s.lacks_data = true;
      continue;
    }
    bool excluded = false;
    for (const auto& prefix : mujun.excluded_industries)
      if (!prefix.empty() && ent.industry_code.rfind(prefix, 0) == 0) {
        s.reason = "excluded industry " + ent.industry_code;
        excluded = true;
      }
    if (excluded) continue;
    auto mu = ent.land_mu();
    if (!mu) {
      s.reason = N_("no land area (linked to no parcel and none in the table)");
      s.lacks_data = true;
      continue;
    }
    if (*mu < mujun.min_land_mu) {
      s.reason = "land " + fmt(*mu) + " mu is under " + fmt(mujun.min_land_mu) + " mu";
      continue;
    }
    s.evaluated = true;
  }
}

// Each indicator's base: fixed, or the mean over the group's evaluated enterprises that have the value; a
// base that is not positive adds nothing (a finding).
std::vector<double> group_bases(const EnterpriseSet& set, const MujunGroup& group,
                                const std::vector<std::size_t>& members, Findings& findings) {
  std::vector<double> bases;
  for (const auto& ind : group.indicators) {
    const Metric m = *metric_from_name(ind.metric);
    double base = 0;
    if (ind.base) {
      base = *ind.base;
    } else {
      double sum = 0;
      std::size_t n = 0;
      for (auto e : members)
        if (auto v = set.items[e].metric(m)) {
          sum += *v;
          ++n;
        }
      base = n ? sum / static_cast<double>(n) : 0.0;
    }
    if (!(base > 0) && !members.empty())
      FindingReporter(findings, "enterprises")
          .layer_wide(FindingKind::mujun_no_base,
                      tr_both("亩均 indicator {1} has no positive base in group {2}: it adds nothing to the scores",
                              ind.metric, group.name));
    bases.push_back(base > 0 ? base : 0.0);
  }
  return bases;
}

// Each member's terms (weight × value ÷ base, capped), the group's mean term of each indicator, then the
// scores: a missing indicator gets the group's mean term (RULES.md 12); no value at all gives no score.
void score_members(const EnterpriseSet& set, const MujunGroup& group, const std::vector<std::size_t>& members,
                   MujunGroupStats& stats, MujunResult& out) {
  std::vector<double> term_sum(group.indicators.size(), 0.0);
  std::vector<std::size_t> term_n(group.indicators.size(), 0);
  for (auto e : members) {
    MujunScore& s = out.enterprises[e];
    for (std::size_t k = 0; k < group.indicators.size(); ++k) {
      const auto& ind = group.indicators[k];
      MujunTerm t;
      t.metric = ind.metric;
      t.value = set.items[e].metric(*metric_from_name(ind.metric));
      t.base = stats.bases[k];
      if (t.value && t.base > 0) {
        double ratio = *t.value / t.base;
        if (ind.cap) ratio = std::min(ratio, *ind.cap);
        t.term = ind.weight * ratio;
        term_sum[k] += t.term;
        ++term_n[k];
      }
      s.terms.push_back(t);
    }
  }
  for (std::size_t k = 0; k < group.indicators.size(); ++k)
    stats.mean_terms.push_back(group.mean_terms ? (*group.mean_terms)[k]  // pinned (RULES.md 26)
                               : term_n[k]      ? term_sum[k] / static_cast<double>(term_n[k])
                                                : 0.0);
  for (auto e : members) {
    MujunScore& s = out.enterprises[e];
    bool any_value = false;
    double score = 0;
    for (std::size_t k = 0; k < s.terms.size(); ++k) {
      MujunTerm& t = s.terms[k];
      if (!t.value) {
        t.term = stats.mean_terms[k];  // RULES.md 12: a missing indicator gets the group's mean term
        t.imputed = true;
      } else {
        any_value = true;
      }
      score += t.term;
    }
    if (!any_value) {
      s.evaluated = false;
      s.reason = N_("no indicator values");
      s.lacks_data = true;
      continue;
    }
    s.score = score;
  }
}

// The class of each scored member: by its rank among the group's scores, or by the profile's thresholds.
void classify_members(const std::vector<std::size_t>& members, const MujunRules& mujun, const MujunGroup& group,
                      MujunResult& out) {
  std::vector<double> scores;
  for (auto e : members)
    if (out.enterprises[e].score) scores.push_back(*out.enterprises[e].score);
  std::sort(scores.begin(), scores.end(), std::greater<>());
  for (auto e : members) {
    MujunScore& s = out.enterprises[e];
    if (!s.score) continue;
    if (group.thresholds) {
      s.cls = threshold_class(*s.score, *group.thresholds);  // cut points pinned by partition (RULES.md 26)
    } else if (mujun.class_cut == ClassCut::percentile) {
      const auto better = static_cast<std::size_t>(
          std::lower_bound(scores.begin(), scores.end(), *s.score, std::greater<>()) - scores.begin());
      s.cls = percentile_class(better, scores.size(), mujun.class_percentiles);
    } else {
      s.cls = threshold_class(*s.score, mujun.class_thresholds);
    }
  }
}

}  // namespace

MujunResult evaluate_mujun(const EnterpriseSet& set, const MujunRules& mujun, Findings& findings) {
  MujunResult out;
  out.enterprises.resize(set.items.size());
  out.groups.resize(mujun.groups.size());
  eligibility(set, mujun, out);
  for (std::size_t g = 0; g < mujun.groups.size(); ++g) {
    const MujunGroup& group = mujun.groups[g];
    MujunGroupStats& stats = out.groups[g];
    stats.name = group.name;
    std::vector<std::size_t> members;
    for (std::size_t e = 0; e < set.items.size(); ++e)
      if (out.enterprises[e].evaluated && out.enterprises[e].group == g) members.push_back(e);
    stats.evaluated = members.size();
    stats.bases = group_bases(set, group, members, findings);
    score_members(set, group, members, stats, out);
    classify_members(members, mujun, group, out);
  }
  return out;
}

}  // namespace landrenew::rules
