#include "landrenew/rules/parcels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/io/finding_reporter.hpp"

namespace landrenew::rules {

double ParcelAssessment::industrial_mu() const {
  return mu_from_m2(industrial_m2);
}

namespace {

std::string label(const PolygonLayer& layer, std::size_t i) {
  std::string s = "fid " + std::to_string(layer.fid[i]);
  const std::string id = layer.id(i);
  if (!id.empty()) s += " (" + id + ")";
  return s;
}

}  // namespace

void report_duplicate_ids(const PolygonLayer& layer, std::string_view id_field, Findings& findings) {
  const TextColumn* ids = layer.attributes.find(id_field);
  if (!ids) return;
  FindingReporter report(findings, layer);
  std::unordered_map<std::string_view, std::size_t> first;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    auto v = ids->get(i);
    if (!v || trim(*v).empty()) continue;
    auto [it, inserted] = first.emplace(trim(*v), i);
    if (inserted) continue;
    report.feature(i, FindingKind::duplicate_id,
                   tr_both("id '{1}' is also used by {2}", std::string(trim(*v)), label(layer, it->second)),
                   source_field(layer.info, id_field));
  }
}

namespace {

// An ambiguous code's finding (RULES.md 24): who decided, and how it counts.
Text ambiguous_message(const LanduseMatch& m, const std::string& value, const LayerScheme& layer) {
  const bool industrial = m.counts_as_industrial;
  if (m.by_layer)
    return industrial ? tr_both(
                            "land-use code '{1}' means different uses in different schemes; {2}, which "
                            "decides: industrial",
                            value, layer.why)
                      : tr_both(
                            "land-use code '{1}' means different uses in different schemes; {2}, which "
                            "decides: not industrial",
                            value, layer.why);
  if (layer.why.empty())
    return industrial ? tr_both(
                            "land-use code '{1}' is industrial in {2} but another use in other schemes; "
                            "counted as industrial (profile [landuse] ambiguous; pin a scheme with "
                            "landuse_scheme)",
                            value, m.scheme)
                      : tr_both(
                            "land-use code '{1}' is industrial in {2} but another use in other schemes; "
                            "counted as not industrial (profile [landuse] ambiguous; pin a scheme with "
                            "landuse_scheme)",
                            value, m.scheme);
  return industrial ? tr_both(
                          "land-use code '{1}' is industrial in {2} but another use in other schemes; {3}, "
                          "so counted as industrial (profile [landuse] ambiguous; pin a scheme with "
                          "landuse_scheme)",
                          value, m.scheme, layer.why)
                    : tr_both(
                          "land-use code '{1}' is industrial in {2} but another use in other schemes; {3}, "
                          "so counted as not industrial (profile [landuse] ambiguous; pin a scheme with "
                          "landuse_scheme)",
                          value, m.scheme, layer.why);
}

// The finding, if any, for one parcel's land use (RULES.md 24).
void landuse_finding(FindingReporter& report, std::size_t i, const LanduseMatch& m, std::string_view written,
                     const std::string& field, const LayerScheme& layer) {
  using S = LanduseMatch::Status;
  const std::string value = std::string(trim(written));
  const Text what = m.by_name ? tr_both("no land-use code, and the use name '{1}'", value)
                              : tr_both("land-use code '{1}'", value);
  if (m.status == S::missing) {
    report.feature(i, FindingKind::landuse_missing,
                   tr_both("no land-use code: the parcel is not counted as industrial"), field);
  } else if (m.status == S::unknown) {
    report.feature(i, FindingKind::landuse_unknown,
                   tr_both("{1} belongs to no scheme of the profile: not counted as industrial", what),
                   field);
  } else if (m.status == S::looks_industrial) {
    const Text like = m.resembles == "工业" ? tr_both("contains 工业")
                      : m.value.size() < m.resembles.size()
                          ? tr_both("is {1} with characters cut", m.resembles)
                          : tr_both("is {1} with characters added", m.resembles);
    report.feature(i, FindingKind::landuse_looks_industrial,
                   tr_both("{1} is no code of the profile's schemes but {2}: not counted as industrial (the "
                           "profile's [landuse.values] can map it)",
                           what, like),
                   field);
  } else if (m.status == S::ambiguous) {
    report.feature(i, FindingKind::landuse_ambiguous, ambiguous_message(m, value, layer), field);
  }
}

}  // namespace

ParcelAssessment assess_parcels(const PolygonLayer& parcels, const Profile& profile,
                                const std::string& landuse_scheme, Findings& findings, unsigned threads,
                                const std::vector<std::string>* layer_codes) {
  ParcelAssessment out;
  FindingReporter report(findings, parcels);
  LanduseClassifier classifier(profile, landuse_scheme);
  const std::string landuse_field = source_field(parcels.info, ParcelField::landuse);
  const bool has_name = parcels.attributes.find(ParcelField::use_name) != nullptr;
  const std::string name_field = has_name ? source_field(parcels.info, ParcelField::use_name) : "";
  std::vector<std::optional<std::string_view>> codes;
  codes.reserve(parcels.size());
  for (std::size_t i = 0; i < parcels.size(); ++i)
    codes.push_back(parcels.attributes.get(ParcelField::landuse, i));
  std::vector<std::optional<std::string_view>> pinned;  // RULES.md 26: the whole layer's, in a partition
  if (layer_codes)
    for (const std::string& code : *layer_codes)
      pinned.emplace_back(code);
  const LayerScheme& layer = classifier.settle_by_layer(layer_codes ? pinned : codes);  // RULES.md 24
  out.landuse.reserve(parcels.size());
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    std::optional<std::string_view> written = codes[i];
    LanduseMatch m = classifier.classify(written);
    // RULES.md 24: a blank code with a mapped name field is decided by the name.
    if (m.status == LanduseMatch::Status::missing && has_name) {
      if (auto name = parcels.attributes.get(ParcelField::use_name, i); name && !trim(*name).empty()) {
        written = name;
        m = classifier.classify(name);
        m.by_name = true;
      }
    }
    landuse_finding(report, i, m, written.value_or(""), m.by_name ? name_field : landuse_field, layer);
    if (m.counts_as_industrial) {
      out.industrial.push_back(i);
      ++out.by_scheme[m.scheme];
    }
    out.landuse.push_back(std::move(m));
  }

  report_duplicate_ids(parcels, std::string(field_name(ParcelField::id)), findings);

  std::vector<const GEOSGeometry*> all;
  all.reserve(parcels.size());
  for (const auto& g : parcels.geometry)
    all.push_back(g.get());
  const auto duplicates = geom::find_duplicate_geometries(all, threads);
  for (const auto& group : duplicates)
    for (std::size_t k = 1; k < group.size(); ++k)
      report.feature(group[k], FindingKind::duplicate_geometry,
                     tr_both("the same geometry as {1}; counted once", label(parcels, group.front())));

  std::vector<const GEOSGeometry*> geoms;
  std::vector<double> areas;
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> position(parcels.size(), none);
  for (auto i : out.industrial) {
    position[i] = geoms.size();
    geoms.push_back(parcels.geometry[i].get());
    areas.push_back(parcels.area_m2[i]);
  }
  // The industrial parcels' duplicate groups are the groups above among them (industrial is ascending).
  std::vector<std::vector<std::size_t>> industrial_duplicates;
  for (const auto& group : duplicates) {
    std::vector<std::size_t> among;
    for (auto i : group)
      if (position[i] != none) among.push_back(position[i]);
    if (among.size() > 1) industrial_duplicates.push_back(std::move(among));
  }
  std::sort(industrial_duplicates.begin(), industrial_duplicates.end());
  out.overlaps =
      geom::analyse_overlaps(geoms, areas, {.threads = threads, .duplicate_groups = &industrial_duplicates});
  out.industrial_m2 = out.overlaps.union_m2;
  for (const auto& p : out.overlaps.overlaps) {
    if (p.area_m2 <= profile.overlap_min_m2) continue;
    const std::size_t a = out.industrial[p.a], b = out.industrial[p.b];
    Finding f = report.make_feature(a, FindingKind::overlap,
                                    tr_both("overlaps industrial parcel {1} by {2} m²; counted once",
                                            label(parcels, b), quantity(p.area_m2)));
    f.x = p.where.x;  // where the two overlap, not a point on the parcel
    f.y = p.where.y;
    report.add(std::move(f));
  }

  if (const TextColumn* reg = parcels.attributes.find(ParcelField::registered_area)) {
    const std::string field = source_field(parcels.info, ParcelField::registered_area);
    for (std::size_t i = 0; i < parcels.size(); ++i) {
      auto v = reg->get(i);
      if (!v || trim(*v).empty()) continue;
      auto n = parse_plain_number(*v);
      if (!n || *n < 0) {
        report.feature(
            i, FindingKind::bad_number,
            tr_both("registered area '{1}' is not a non-negative number; ignored", std::string(*v)), field);
        continue;
      }
      const double geometric = parcels.area_m2[i];
      if (geometric > 0 && std::abs(*n - geometric) / geometric > profile.area_mismatch_tolerance) {
        char pct[32], tol[32];
        std::snprintf(pct, sizeof pct, "%.1f", 100.0 * std::abs(*n - geometric) / geometric);
        std::snprintf(tol, sizeof tol, "%.1f", 100.0 * profile.area_mismatch_tolerance);
        report.feature(
            i, FindingKind::area_mismatch,
            tr_both("registered area {1} m² differs from the geometric area {2} m² by {3}% (tolerance "
                    "{4}%); the geometric area is used",
                    quantity(*n), quantity(geometric), pct, tol),
            field);
      }
    }
  }
  return out;
}

}  // namespace landrenew::rules
