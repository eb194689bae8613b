#include "landrenew/analysis.hpp"

#include <algorithm>
#include <cstdio>
#include <future>

#include "landrenew/coverage.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/sha256.hpp"
#include "landrenew/text.hpp"
#include "landrenew/units.hpp"

#include "parallel.hpp"

namespace landrenew {

namespace {

std::string source_field(const PolygonLayer& layer, const std::string& logical) {
  for (const auto& b : layer.info.fields)
    if (b.logical == logical) return b.source;
  return logical;
}

Finding parcel_finding(const PolygonLayer& parcels, std::size_t p, const char* kind, const std::string& field,
                       std::string message) {
  Finding f;
  f.severity = Severity::warning;
  f.kind = kind;
  f.layer = parcels.info.logical;
  f.fid = parcels.fid[p];
  f.feature_id = parcels.id(p);
  f.field = field;
  f.message = std::move(message);
  f.action = Action::ignored;
  if (auto pt = geom::point_on_surface(parcels.geometry[p].get())) {
    f.x = pt->x;
    f.y = pt->y;
  }
  return f;
}

// A non-negative number from a parcel field; a bad cell is a finding and gives nullopt.
std::optional<double> parcel_number(const PolygonLayer& parcels, std::size_t p, const char* logical,
                                    Findings& findings) {
  auto cell = parcels.attributes.get(logical, p);
  if (!cell || trim(*cell).empty()) return std::nullopt;
  auto v = parse_plain_number(*cell);
  if (!v || *v < 0) {
    findings.add(parcel_finding(parcels, p, "bad_number", source_field(parcels, logical),
                                "'" + std::string(trim(*cell)) + "' is not a non-negative number; ignored"));
    return std::nullopt;
  }
  return v;
}

std::optional<Date> parcel_date(const PolygonLayer& parcels, std::size_t p, const char* logical,
                                Findings& findings) {
  auto cell = parcels.attributes.get(logical, p);
  if (!cell || trim(*cell).empty()) return std::nullopt;
  auto d = parse_date(*cell);
  if (!d)
    findings.add(parcel_finding(parcels, p, "bad_date", source_field(parcels, logical),
                                "'" + std::string(trim(*cell)) + "' is not a date; ignored"));
  return d;
}

// The industrial ground as disjoint-ish pieces: parcels that overlap nothing, and each overlapping group's
// union.
using ZoneOverlaps = std::vector<std::vector<std::pair<std::size_t, double>>>;  // per parcel

void split_ground(const Analysis& a, const ZoneIndex& zones, const ZoneOverlaps& parcel_overlaps,
                  std::vector<ZoneArea>& out, double* outside_m2, unsigned threads) {
  const PolygonLayer& parcels = a.check.inputs.parcels;
  const ParcelAssessment& pa = a.check.parcels;
  out.assign(zones.size(), {});
  for (std::size_t z = 0; z < zones.size(); ++z) {
    out[z].id = zones.id(z);
    out[z].name = zones.name(z);
  }
  std::vector<bool> grouped(pa.industrial.size(), false);
  for (const auto& comp : pa.overlaps.components)
    for (auto k : comp)
      grouped[k] = true;
  double inside = 0;
  const auto add = [&](const std::vector<std::pair<std::size_t, double>>& found) {
    for (const auto& [z, m2] : found) {
      out[z].industrial_m2 += m2;
      inside += m2;
    }
  };
  for (std::size_t k = 0; k < pa.industrial.size(); ++k)
    if (!grouped[k]) add(parcel_overlaps[pa.industrial[k]]);  // each parcel's own overlaps, found once
  // Each overlapping group's union split by zone on the threads, added in group order.
  const auto& components = pa.overlaps.components;
  ZoneOverlaps by_component(components.size());
  parallel_for(components.size(), threads, 16, [&](std::size_t c) {
    std::vector<const GEOSGeometry*> parts;
    for (auto k : components[c])
      parts.push_back(parcels.geometry[pa.industrial[k]].get());
    by_component[c] = zones.overlaps(geom::union_of(parts).get());
  });
  for (const auto& found : by_component)
    add(found);
  if (outside_m2) *outside_m2 = std::max(0.0, pa.industrial_m2 - inside);
}

}  // namespace

Analysis analyse(const Project& project, const LoadOptions& options) {
  // Each stage logs its name and moves the run's progress to the share of the work done before it.
  const auto step = [&](const std::string& name, double done) {
    if (options.log) options.log(name);
    if (options.progress) options.progress("run", done);
  };
  if (options.threads >= 2) {
    // The manifest's SHA-256 of every input file, computed while the inputs are read and analysed.
    std::vector<std::filesystem::path> files{project.file};
    for (const auto& [name, src] : project.layers)
      if (!src.is_connection())
        for (auto& f : io::source_files(src.path))
          files.push_back(std::move(f));
    prefetch_sha256(std::move(files));
  }
  Analysis a;
  a.check = run_check(project, options);
  const unsigned threads = options.threads;
  Inputs& in = a.check.inputs;
  const Profile& profile = in.profile;
  const PolygonLayer& parcels = in.parcels;
  const std::vector<std::size_t>& industrial = a.check.parcels.industrial;
  Findings& findings = in.findings;
  const std::size_t n = parcels.size();

  if (project.audit_date) {
    a.as_of = *parse_date(*project.audit_date);
    a.as_of_source = "audit_date in the project file";
  } else {
    a.as_of = today_utc();
    a.as_of_source = "the run date (the project sets no audit_date)";
  }

  // Zones (RULES.md 5).
  step("zones", 0.40);
  a.parcel_district.assign(n, std::nullopt);
  a.parcel_park.assign(n, std::nullopt);
  a.parcel_park_share.assign(n, 0.0);
  // Each parcel's overlaps with each zone layer are computed once: they decide its membership and split
  // the industrial ground by zone.
  ZoneOverlaps found(n);
  if (in.districts) {
    a.districts.emplace(*in.districts, "code");
    parallel_for(n, threads, 1024, [&](std::size_t p) {
      found[p] = a.districts->overlaps(parcels.geometry[p].get());
      a.parcel_district[p] = a.districts->membership_of(found[p], parcels.area_m2[p], 0.0).zone;
    });
    split_ground(a, *a.districts, found, a.district_area, &a.industrial_outside_districts_m2, threads);
  }
  if (in.parks) {
    a.parks.emplace(*in.parks, "id");
    parallel_for(n, threads, 1024, [&](std::size_t p) {
      found[p] = a.parks->overlaps(parcels.geometry[p].get());
      auto m = a.parks->membership_of(found[p], parcels.area_m2[p], profile.park_majority);
      a.parcel_park[p] = m.zone;
      a.parcel_park_share[p] = m.share;
    });
    split_ground(a, *a.parks, found, a.park_area, nullptr, threads);
  }
  found.clear();
  found.shrink_to_fit();

  // Buildings (RULES.md 6–8).
  // With two threads the snapshot after renewal is analysed beside the one before: each builds its own
  // index and prepared parcels (GEOS contexts are per thread; the parcels are only read) and keeps its own
  // findings, appended in the order one thread would have found them.
  std::future<SnapshotResult> after_lane;
  Findings after_findings;
  if (options.threads >= 2 && in.buildings_before && in.buildings_after)
    after_lane = std::async(std::launch::async, [&] {
      return analyse_snapshot(*in.buildings_after, parcels, industrial, profile, after_findings);
    });
  if (in.buildings_before) {
    step("buildings before", 0.45);
    try {
      a.before = analyse_snapshot(*in.buildings_before, parcels, industrial, profile, findings);
    } catch (...) {
      if (after_lane.valid()) after_lane.wait();  // it uses this frame
      throw;
    }
  }
  if (in.buildings_after) {
    step("buildings after", 0.55);
    if (after_lane.valid()) {
      a.after = after_lane.get();
      findings.append(after_findings);
    } else {
      a.after = analyse_snapshot(*in.buildings_after, parcels, industrial, profile, findings);
    }
    if (in.parcels_after) {
      const LayerSource* src = project.layer("parcels_after");
      ParcelAssessment pa =
          assess_parcels(*in.parcels_after, profile, src ? src->landuse_scheme : "", findings);
      a.industrial_after = pa.industrial;
      a.after_own =
          analyse_snapshot(*in.buildings_after, *in.parcels_after, a.industrial_after, profile, findings);
    }
  }

  // Enterprises (RULES.md 10–13).
  if (in.enterprises) {
    step("enterprises", 0.65);
    a.enterprises = std::move(a.check.enterprises);
    a.mujun = evaluate_mujun(*a.enterprises, profile, findings);
    const auto& items = a.enterprises->items;
    a.enterprise_admission.reserve(items.size());
    for (const Enterprise& e : items) {
      a.enterprise_admission.push_back(
          check_admission(profile.admission, [&](Metric m) -> std::optional<double> {
            if (m != Metric::far) return e.metric(m);
            if (!a.after || e.parcels.empty()) return std::nullopt;
            double gfa = 0, area = 0;  // FAR of the parcels it holds, after renewal
            for (auto p : e.parcels) {
              gfa += a.after->parcel_gfa_m2[p];
              area += parcels.area_m2[p];
            }
            return area > 0 ? std::optional<double>(gfa / area) : std::nullopt;
          }));
      a.enterprise_park.push_back(e.location ? a.parcel_park[*e.location] : std::nullopt);
      a.enterprise_district.push_back(e.location ? a.parcel_district[*e.location] : std::nullopt);
      auto intensity = e.metric(Metric::energy_per_value_added);
      a.green_channel.push_back(intensity && *intensity < profile.plan.green_channel_energy_per_value_added);
    }
  }

  if (a.enterprises)
    a.plan = plan_metrics(*a.enterprises, a.enterprise_district, a.enterprise_park,
                          a.districts ? &*a.districts : nullptr, a.parks ? &*a.parks : nullptr, profile);

  // Per-parcel facts, 五未 and the admission standard, then the low-efficiency flags (RULES.md 13–14).
  step("low-efficiency land", 0.68);
  a.facts.assign(n, {});
  a.wuwei.assign(n, {});
  a.parcel_admission.assign(n, {});
  // Each parcel's facts on the threads; the findings of each block of parcels kept apart and appended in
  // parcel order, as one thread finds them. A block is a 16th of the industrial parcels, at least 64 and at
  // most 4,096, so that a small project (the tests) goes through the merge of many blocks as a province does.
  const std::size_t facts_block = std::clamp<std::size_t>(industrial.size() / 16, 64, 4096);
  std::vector<Findings> facts_findings(industrial.size() / facts_block + 1);
  parallel_for(industrial.size(), threads, facts_block, [&](std::size_t k) {
    const std::size_t p = industrial[k];
    Findings& block_findings = facts_findings[k / facts_block];
    ParcelFacts& f = a.facts[p];
    f.area_m2 = parcels.area_m2[p];
    const double mu = mu_from_m2(f.area_m2);
    if (a.after) {
      f.far = a.after->parcel_far[p];
      f.coverage = a.after->parcel_coverage[p];
    }
    if (auto code = parcels.attributes.get("industry_code", p); code && !trim(*code).empty()) {
      f.industry_code = std::string(trim(*code));
    } else if (a.enterprises) {
      // The parcel's main enterprise: the most land on it, ties to the smaller credit code (as RULES.md 5
      // breaks ties by the smaller id), so that the table's row order does not decide.
      double best = -1;
      std::string best_code;
      for (auto e : a.enterprises->by_parcel[p]) {
        const double share = a.enterprises->allocation(e, p);
        const Enterprise& ent = a.enterprises->items[e];
        if (ent.industry_code.empty()) continue;
        if (share > best || (share == best && ent.credit_code < best_code)) {
          best = share;
          best_code = ent.credit_code;
          f.industry_code = ent.industry_code;
        }
      }
    }
    const auto per_mu = [&](Quantity q) -> std::optional<double> {
      if (!a.enterprises || mu <= 0) return std::nullopt;
      auto v = a.enterprises->parcel_quantity(p, q);
      return v ? std::optional<double>(*v / mu) : std::nullopt;
    };
    if (a.enterprises) {
      // RULES.md 20: the classes are known when the parcel has an enterprise and none lacks its class for
      // want of data (a class withheld by rule, under 3 mu or an excluded industry, is known to be none).
      f.enterprise_classes_known = !a.enterprises->by_parcel[p].empty();
      for (auto e : a.enterprises->by_parcel[p]) {
        const MujunScore& score = a.mujun->enterprises[e];
        if (score.cls) f.enterprise_classes += score.cls;
        if (score.lacks_data) f.enterprise_classes_known = false;
      }
      std::sort(f.enterprise_classes.begin(), f.enterprise_classes.end());  // "AB" whatever the row order
      f.tax_per_mu = per_mu(Quantity::tax);
    }
    f.district = a.parcel_district[p];

    ParcelDates dates;
    dates.approval = parcel_date(parcels, p, "approval_date", block_findings);
    dates.supply = parcel_date(parcels, p, "supply_date", block_findings);
    dates.contract_start = parcel_date(parcels, p, "contract_start_date", block_findings);
    dates.start = parcel_date(parcels, p, "start_date", block_findings);
    dates.completion = parcel_date(parcels, p, "completion_date", block_findings);
    dates.production = parcel_date(parcels, p, "production_date", block_findings);
    WuweiFacts wf;
    wf.tax_per_mu = f.tax_per_mu;
    wf.contract_tax = parcel_number(parcels, p, "contract_tax", block_findings);
    if (auto rfar = parcel_number(parcels, p, "registered_far", block_findings); rfar && *rfar > 0 && a.after)
      wf.built_share = a.after->parcel_gfa_m2[p] / (f.area_m2 * *rfar);
    a.wuwei[p] = classify_wuwei(dates, wf, a.as_of, profile.wuwei);
    f.supply_date = dates.supply;
    f.wuwei = a.wuwei[p].category;
    f.wuwei_evaluable = a.wuwei[p].evaluable;

    const auto contract_investment = parcel_number(parcels, p, "contract_investment", block_findings);
    a.parcel_admission[p] = check_admission(profile.admission, [&](Metric m) -> std::optional<double> {
      switch (m) {
        case Metric::far:
          return f.far;
        case Metric::tax_per_mu:
          return f.tax_per_mu;
        case Metric::output_per_mu:
          return per_mu(Quantity::revenue);
        case Metric::value_added_per_mu:
          return per_mu(Quantity::value_added);
        case Metric::investment_per_mu:
          // New projects are admitted on their contracted investment intensity; otherwise the enterprises'
          // own.
          return contract_investment ? contract_investment : per_mu(Quantity::investment);
        case Metric::energy_per_value_added: {
          if (!a.enterprises) return std::nullopt;
          auto energy = a.enterprises->parcel_quantity(p, Quantity::energy);
          auto va = a.enterprises->parcel_quantity(p, Quantity::value_added);
          if (!energy || !va || *va <= 0) return std::nullopt;
          return *energy / *va;
        }
        default:
          return std::nullopt;
      }
    });
    f.admission = a.parcel_admission[p].overall;
  });
  for (const Findings& block : facts_findings)
    findings.append(block);
  facts_findings.clear();
  a.low = flag_low_efficiency(industrial, a.facts, profile);
  for (auto p : industrial)
    if (a.low[p].flagged()) a.low_parcels.push_back(p);
  {
    // Low-efficiency parcels are industrial: their union comes from the industrial parcels' overlap
    // analysis (the same figure as analysing them alone).
    std::vector<std::size_t> position(n, 0);
    std::vector<const GEOSGeometry*> ind_geoms;
    std::vector<double> ind_areas;
    for (std::size_t k = 0; k < industrial.size(); ++k) {
      position[industrial[k]] = k;
      ind_geoms.push_back(parcels.geometry[industrial[k]].get());
      ind_areas.push_back(parcels.area_m2[industrial[k]]);
    }
    const bool ascending = std::is_sorted(industrial.begin(), industrial.end());
    qa::SubsetUnion unions(a.check.parcels.overlaps, ind_geoms, ind_areas);
    const auto union_area = [&](const std::vector<std::size_t>& idx) {
      if (ascending && std::is_sorted(idx.begin(), idx.end())) {
        std::vector<std::size_t> subset;
        for (auto p : idx)
          subset.push_back(position[p]);
        return unions.union_m2(subset);
      }
      std::vector<const GEOSGeometry*> g;
      std::vector<double> areas;
      for (auto p : idx) {
        g.push_back(parcels.geometry[p].get());
        areas.push_back(parcels.area_m2[p]);
      }
      return qa::analyse_overlaps(g, areas).union_m2;
    };
    a.low_m2 = union_area(a.low_parcels);
    const auto has = [](const std::vector<std::string>& list, const char* c) {
      return std::find(list.begin(), list.end(), c) != list.end();
    };
    // Per criterion the parcels where it fired, where it was evaluated (fired or passed) and where it was not
    // evaluable (RULES.md 14, 20); the areas of their unions are taken on the threads, each into its own slot.
    struct Subset {
      std::vector<std::size_t> parcels;
      double* m2 = nullptr;
    };
    std::vector<Subset> subsets;
    for (const char* c : kCriteria) {
      CriterionTally& t = a.by_criterion[c];
      t.enabled = criterion_enabled(profile.low_efficiency, c);
      if (!t.enabled) continue;
      Subset fired{{}, &t.m2}, evaluated{{}, &t.evaluated_m2}, not_evaluable{{}, &t.not_evaluable_m2};
      for (auto p : industrial) {
        if (has(a.low[p].criteria, c)) fired.parcels.push_back(p);
        (has(a.low[p].not_evaluable, c) ? not_evaluable : evaluated).parcels.push_back(p);
      }
      t.parcels = fired.parcels.size();
      t.evaluated_parcels = evaluated.parcels.size();
      t.not_evaluable_parcels = not_evaluable.parcels.size();
      for (Subset* s : {&fired, &evaluated, &not_evaluable})
        subsets.push_back(std::move(*s));
    }
    parallel_for(subsets.size(), threads, 1, [&](std::size_t k) { *subsets[k].m2 = union_area(subsets[k].parcels); });
  }

  // 连片 clusters (RULES.md 15).
  step("clusters", 0.78);
  a.clusters = find_clusters(parcels, a.low_parcels, profile.cluster_gap_m, profile.cluster_min_mu, threads);

  // Zone FAR before and after (RULES.md 9).
  if (a.before || a.after) {
    step("zone FAR", 0.82);
    SnapshotResult empty_before, empty_after;
    const auto sized = [&](SnapshotResult& s, const PolygonLayer& layer) {
      s.parcel_gfa_m2.assign(layer.size(), 0.0);
      s.parcel_footprint_m2.assign(layer.size(), 0.0);
      s.parcel_far.assign(layer.size(), std::nullopt);
      s.parcel_coverage.assign(layer.size(), std::nullopt);
    };
    sized(empty_before, parcels);
    const PolygonLayer& after_parcels = in.parcels_after ? *in.parcels_after : parcels;
    sized(empty_after, after_parcels);
    SnapshotInput before{&parcels, industrial, a.before ? &*a.before : &empty_before};
    before.overlaps = &a.check.parcels.overlaps;
    SnapshotInput after{
        &after_parcels, in.parcels_after ? std::span<const std::size_t>(a.industrial_after) : industrial,
        a.after_own ? &*a.after_own : (a.after ? &*a.after : &empty_after)};
    if (!in.parcels_after) after.overlaps = before.overlaps;
    // The memberships of the zones stage, for the industrial parcels only (RULES.md 9 counts those).
    const auto industrial_only = [&](const std::vector<std::optional<std::size_t>>& all) {
      std::vector<std::optional<std::size_t>> out(n);
      for (auto p : industrial)
        out[p] = all[p];
      return out;
    };
    if (a.parks) {
      const auto members = industrial_only(a.parcel_park);
      before.membership = &members;
      after.membership = in.parcels_after ? nullptr : &members;
      a.park_far =
          zone_far(*a.parks, profile.park_majority, before, after, profile.far_uplift_target, threads);
    }
    if (a.districts) {
      const auto members = industrial_only(a.parcel_district);
      before.membership = &members;
      after.membership = in.parcels_after ? nullptr : &members;
      a.district_far = zone_far(*a.districts, 0.0, before, after, profile.far_uplift_target, threads);
    }
    before.membership = after.membership = nullptr;
    if (in.renewal) {
      ZoneIndex records(*in.renewal, "id", "name");
      a.renewal_far =
          zone_far(records, profile.park_majority, before, after, profile.far_uplift_target, threads);
    }
  }

  // The freed-land ledger (RULES.md 16–19).
  if (in.renewal) {
    step("freed land", 0.86);
    std::optional<Date> audit;
    if (project.audit_date) audit = a.as_of;
    // The records as `check` classified them (RULES.md 16; their findings are in already).
    a.freed = compute_freed(*in.renewal, std::move(a.check.renewal), parcels, industrial,
                            a.districts ? &*a.districts : nullptr, a.parks ? &*a.parks : nullptr,
                            profile.park_majority, profile.freed, audit, threads);
  }
  step("agreement", 0.93);
  a.agreement = measure_agreement(a);  // RULES.md 25
  a.warnings = headline_warnings(a);  // RULES.md 20
  if (options.progress) options.progress("run", 0.95);
  return a;
}

}  // namespace landrenew
