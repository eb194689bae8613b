#include "generator.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "buildings.hpp"
#include "enterprises.hpp"
#include "error.hpp"
#include "gdal_util.hpp"
#include "geography.hpp"
#include "geos_util.hpp"
#include "layout.hpp"
#include "metadata.hpp"
#include "parcel_writer.hpp"
#include "parcels.hpp"
#include "preset.hpp"
#include "renewal.hpp"
#include "sites.hpp"

namespace landrenew::gen {

namespace {

using json = nlohmann::json;

// buildings.gpkg: both snapshots in one GeoPackage, one transaction stream.
class BuildingWriter {
 public:
  BuildingWriter(const std::string& dir, long batch) {
    m_ds = create_dataset("GPKG", dir + "/buildings.gpkg");
    m_tx = std::make_unique<Transactions>(m_ds.get(), batch);
    OGRSpatialReference srs = make_srs(4549);
    for (const char* name : {"buildings_2022", "buildings_2025"}) {
      OGRLayer* layer = m_ds->CreateLayer(name, &srs, wkbPolygon, nullptr);
      if (!layer) throw GenError(std::string("cannot create layer ") + name);
      add_field(layer, "JZWBH", OFTString);
      add_field(layer, "CS", OFTInteger);
      add_field(layer, "JZGD", OFTReal);
      add_field(layer, "JZMJ", OFTReal);
      add_field(layer, "JCNF", OFTInteger);
      m_layers.emplace_back(layer, m_tx.get());
    }
  }
  long long write(int snapshot, const Building& b) {
    LayerWriter& w = m_layers[static_cast<std::size_t>(snapshot)];
    FeaturePtr f(OGRFeature::CreateFeature(w.defn()));
    f->SetField("JZWBH", b.id.c_str());
    f->SetField("CS", b.floors);
    if (b.height) f->SetField("JZGD", *b.height);
    if (b.floor_area) f->SetField("JZMJ", *b.floor_area);
    f->SetField("JCNF", b.year);
    f->SetGeometryDirectly(to_ogr(b.ring).release());
    return w.write(*f);
  }
  long long count(int snapshot) const { return m_counts[static_cast<std::size_t>(snapshot)]; }
  void close() {
    m_tx->finish();
    for (std::size_t i = 0; i < 2; ++i)
      m_counts[i] = m_layers[i].count();
    m_layers.clear();
    m_ds.reset();
  }

 private:
  DatasetPtr m_ds;
  std::unique_ptr<Transactions> m_tx;
  std::vector<LayerWriter> m_layers;
  long long m_counts[2] = {0, 0};  // kept after close
};

class RenewalWriter {
 public:
  RenewalWriter(const std::string& dir, long batch) {
    m_ds = create_dataset("GPKG", dir + "/renewal.gpkg");
    m_tx = std::make_unique<Transactions>(m_ds.get(), batch);
    OGRSpatialReference srs = make_srs(4549);
    OGRLayer* layer = m_ds->CreateLayer("renewal", &srs, wkbMultiPolygon, nullptr);
    if (!layer) throw GenError("cannot create renewal.gpkg");
    for (const char* name : {"XMBH", "XMMC", "GXMS", "WCRQ", "ZT", "XZQDM", "ZDDM"})
      add_field(layer, name, OFTString);
    m_layer = std::make_unique<LayerWriter>(layer, m_tx.get());
  }
  long long write(const RenewalRecord& r) {
    FeaturePtr f(OGRFeature::CreateFeature(m_layer->defn()));
    f->SetField("XMBH", r.xmbh.c_str());
    f->SetField("XMMC", r.xmmc.c_str());
    f->SetField("GXMS", r.gxms.c_str());
    f->SetField("WCRQ", r.wcrq.c_str());
    f->SetField("ZT", r.zt.c_str());
    f->SetField("XZQDM", r.xzqdm.c_str());
    std::string ids;
    for (const auto& z : r.zddm)
      ids += (ids.empty() ? "" : ";") + z;
    f->SetField("ZDDM", ids.c_str());
    f->SetGeometryDirectly(to_ogr(r.footprint).release());
    return m_layer->write(*f);
  }
  long long count() const { return m_count; }
  void close() {
    m_tx->finish();
    m_count = m_layer->count();
    m_layer.reset();
    m_ds.reset();
  }

 private:
  DatasetPtr m_ds;
  std::unique_ptr<Transactions> m_tx;
  std::unique_ptr<LayerWriter> m_layer;
  long long m_count = 0;  // kept after close
};

struct ParkTally {
  double area = 0, gfa_before = 0, gfa_after = 0;
  long parcels = 0;
};

const std::set<std::string> kCountedModes = {"收储", "拆除重建", "兼并重组", "提容增效", "腾退"};

void note_record(json& planted, long long fid, const RenewalRecord& r) {
  const json id = {{"fid", fid}, {"xmbh", r.xmbh}};
  if (!r.bad_date.empty())
    planted["bad_date"].push_back({{"fid", fid}, {"xmbh", r.xmbh}, {"wcrq", r.wcrq}, {"kind", r.bad_date}});
  if (r.mode_problem == "blank") planted["blank_mode"].push_back(id);
  if (r.mode_problem == "unknown")
    planted["unknown_mode"].push_back({{"fid", fid}, {"xmbh", r.xmbh}, {"gxms", r.gxms}});
  if (r.true_date.y < 2023)
    planted["outside_period"].push_back({{"fid", fid}, {"xmbh", r.xmbh}, {"year", r.true_date.y}});
  if (r.true_date.y > 2026) planted["after_audit_date"].push_back(id);
  if (!r.repeat_of.empty())
    planted["repeated"].push_back({{"fid", fid}, {"xmbh", r.xmbh}, {"repeat_of", r.repeat_of}});
  if (!r.overlaps.empty())
    planted["overlapping"].push_back({{"fid", fid}, {"xmbh", r.xmbh}, {"reaches_into", r.overlaps}});
  planted["by_status"][r.zt] = planted["by_status"].value(r.zt, 0) + 1;
  const bool counted = r.zt == "已完成" && r.bad_date.empty() && kCountedModes.count(r.gxms) &&
                       r.true_date.y >= 2023 && r.true_date.y <= 2026;
  if (counted) planted["counted_records"] = planted.value("counted_records", 0) + 1;
}

std::string short_name(const std::string& name) {
  // 吴兴区 -> 吴兴, 杭州市 -> 杭州: drop the one-character unit suffix.
  return name.substr(0, name.size() - std::string("区").size());
}

}  // namespace

void generate(const GenerateOptions& options, std::ostream& log) {
  const auto t0 = std::chrono::steady_clock::now();
  GDALAllRegister();
  // GeoPackage writes timestamps; a fixed "now" makes the files reproducible.
  ScopedConfig fixed_date("OGR_CURRENT_DATE", "2025-12-31T00:00:00.000Z");
  ScopedConfig sync("OGR_SQLITE_SYNCHRONOUS", "OFF");
  const Preset preset = make_preset(options.preset);
  const std::uint64_t seed = options.seed;
  const std::string& dir = options.dir;
  GeosContext geos;
  Projector projector;

  const Geography geo = build_geography(preset, seed, geos, projector);
  SitePlan plan = plan_sites(preset, geo, seed, geos, projector);
  log << "landrenew-gen-sample: " << geo.districts.size() << " districts (" << geo.iterations
      << " weight iterations, worst area error " << geo.max_relative_error * 100 << "%), "
      << plan.parks.size() << " parks, " << plan.sites.size() - plan.parks.size() << " village clusters\n";

  ParcelWriter parcels_out(dir, preset, geos);
  BuildingWriter buildings_out(dir, preset.gpkg_batch);
  RenewalWriter renewal_out(dir, preset.gpkg_batch);
  EnterpriseRegistry registry;
  RecordIds record_ids;
  BuildingIds building_ids;
  std::vector<ParkTally> tally(plan.parks.size());
  json planted_renewal;
  for (const char* k : {"bad_date", "blank_mode", "unknown_mode", "outside_period", "after_audit_date",
                        "repeated", "overlapping"}) {
    planted_renewal[k] = json::array();
  }
  planted_renewal["counted_records"] = 0;
  planted_renewal["by_status"] = json::object();
  json straddling = {{"buildings_2022", json::array()}, {"buildings_2025", json::array()}};

  // Which sites get a row without geometry.
  std::set<std::size_t> null_sites;
  {
    Rng rng(seed, "null-rows");
    const std::size_t want =
        std::min<std::size_t>(static_cast<std::size_t>(preset.null_geometries), plan.sites.size());
    while (null_sites.size() < want)
      null_sites.insert(rng.index(plan.sites.size()));
  }

  std::size_t next_report = plan.sites.size() / 10;
  for (const Site& site : plan.sites) {
    Rng rng(seed, "site", site.index);
    const District& district = geo.districts[site.district];
    SiteLayout layout = layout_site(site, rng);
    const std::string dshort = short_name(district.name);
    const bool province = preset.kind == PresetKind::province;
    AttributeContext ctx{site,
                         site.is_park ? &plan.parks[site.park].spec : nullptr,
                         district,
                         province ? district.name : preset.city_name + district.name,
                         {province ? dshort : short_name(preset.city_name), "浙江", dshort},
                         province ? district.code : preset.regions.front().code.substr(0, 4) + "00"};
    std::vector<ParcelRec> parcels = assign_attributes(layout, ctx, registry, rng);
    // Parcels first: planting defects changes some codes, and the register lists codes as written.
    parcels_out.write_site(site, parcels, null_sites.count(site.index) ? 1 : 0, rng);
    const std::vector<RenewalRecord> records = plan_renewal(site, district, layout, parcels, record_ids, rng);
    std::vector<ParcelBuildings> buildings;
    buildings.reserve(parcels.size());
    for (const auto& p : parcels)
      buildings.push_back(make_buildings(site, p, preset, building_ids, rng));

    for (std::size_t i = 0; i < parcels.size(); ++i) {
      const auto& pb = buildings[i];
      for (int snap = 0; snap < 2; ++snap) {
        const std::vector<Building>& list = snap == 0 ? pb.before : pb.after;
        double gfa = 0;
        for (const auto& b : list) {
          const long long fid = buildings_out.write(snap, b);
          if (b.straddles) straddling[snap == 0 ? "buildings_2022" : "buildings_2025"].push_back(fid);
          gfa += gross_floor_area(b);
        }
        if (site.is_park && parcels[i].industrial)
          (snap == 0 ? tally[site.park].gfa_before : tally[site.park].gfa_after) += gfa;
      }
      if (site.is_park && parcels[i].industrial) {
        tally[site.park].area += parcels[i].shape.area;
        tally[site.park].parcels += 1;
      }
    }
    for (const auto& r : records)
      note_record(planted_renewal, renewal_out.write(r), r);
    if (site.index + 1 == next_report && plan.sites.size() > 2000) {
      log << "landrenew-gen-sample: " << (site.index + 1) * 100 / plan.sites.size() << "% of sites, "
          << parcels_out.count() << " parcels\n";
      next_report += plan.sites.size() / 10;
    }
  }
  parcels_out.close();
  buildings_out.close();
  renewal_out.close();

  json planted;
  planted["generator"] = {
      {"preset", preset.name}, {"seed", seed}, {"note", "合成数据 synthetic; see README.md"}};
  planted["conventions"] = {
      {"fid", "as GDAL reports it: 0-based for parcels.shp, 1-based for GeoPackage layers"},
      {"enterprise_row",
       "0-based data row of enterprises.xlsx / enterprises.csv; GDAL reports it as FID row + 2 in the XLSX "
       "(the sheet row) and row + 1 in the CSV"},
      {"area_mismatch",
       "every parcel row whose ZDMJ differs by more than 1% from its geometry's area (after MakeValid for "
       "planted invalid rings)"},
      {"duplicate_id",
       "different geometries sharing a ZDDM; duplicate_geometry rows with same_id=true share one too"},
      {"industrial_by_scheme",
       "industrial parcels as generated, without the extra duplicate and null-geometry rows"},
      {"wuwei",
       "FIDs of industrial parcels by the lifecycle they were given; producing_below_contract_tax: YDMJSS "
       "above the "
       "holder's generated tax per mu (before the enterprise table's planted bad cells)"},
      {"park_far",
       "generator's own tally: each building credited whole to the parcel it was generated on, parcel areas "
       "before planted defects"}};
  planted["parcels"] = parcels_out.planted();
  planted["parcels"]["industrial_by_scheme"] = parcels_out.industrial_by_scheme();
  planted["buildings"] = {{"straddling", straddling}};
  planted["renewal"] = planted_renewal;
  planted["enterprises"] = write_enterprises(dir, registry, preset, seed);
  write_districts(dir, geo, projector);
  write_parks(dir, plan);

  json far = json::array();
  for (std::size_t k = 0; k < plan.parks.size(); ++k) {
    const ParkTally& t = tally[k];
    const double before = t.area > 0 ? t.gfa_before / t.area : 0,
                 after = t.area > 0 ? t.gfa_after / t.area : 0;
    const ParkSpec& spec = plan.parks[k].spec;
    const char* ages[] = {"young", "middle", "old"};
    far.push_back({{"id", spec.id},
                   {"name", spec.name},
                   {"industrial_parcels", t.parcels},
                   {"age", ages[static_cast<int>(spec.age)]},
                   {"renewal_intensity", spec.renewal},
                   {"efficiency", spec.efficiency},
                   {"district", geo.districts[plan.parks[k].district].code},
                   {"industrial_mu", std::round(t.area * 15 / 10000 * 100) / 100},
                   {"far_before", std::round(before * 1000) / 1000},
                   {"far_after", std::round(after * 1000) / 1000},
                   {"uplift", std::round((after - before) * 1000) / 1000}});
  }
  planted["park_far"] = far;
  json districts = json::array();
  for (const auto& d : geo.districts) {
    districts.push_back({{"code", d.code},
                         {"name", d.name},
                         {"area_km2", std::round(d.area_m2 / 1e4) / 100},
                         {"official_km2", d.target_m2 / 1e6}});
  }
  planted["districts"] = districts;
  planted["layers"] = {{"parcels", {{"features", parcels_out.count()}}},
                       {"buildings_2022", {{"features", buildings_out.count(0)}}},
                       {"buildings_2025", {{"features", buildings_out.count(1)}}},
                       {"renewal", {{"features", renewal_out.count()}}},
                       {"districts", {{"features", geo.districts.size()}}},
                       {"parks", {{"features", plan.parks.size()}}},
                       {"enterprises", {{"features", planted["enterprises"]["rows"]}}}};
  write_project_toml(dir, preset);
  write_readme(dir, preset, seed, planted);
  write_planted(dir, planted);

  if (preset.print_far) {
    log << "park FAR (generator's tally; 2022 -> 2025):\n";
    for (const auto& p : far) {
      char line[256];
      std::snprintf(line, sizeof line, "  %-4s %6.3f -> %6.3f  uplift %+6.3f  %s  %s\n",
                    p["id"].get<std::string>().c_str(), p["far_before"].get<double>(),
                    p["far_after"].get<double>(), p["uplift"].get<double>(),
                    p["uplift"].get<double>() >= 0.5 ? ">=0.5" : "< 0.5",
                    p["name"].get<std::string>().c_str());
      log << line;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log << "landrenew-gen-sample: " << parcels_out.count() << " parcels, " << buildings_out.count(0) << " + "
      << buildings_out.count(1) << " buildings, " << renewal_out.count() << " renewal records, "
      << planted["enterprises"]["rows"] << " enterprises in " << std::round(secs * 10) / 10 << " s\n";
}

}  // namespace landrenew::gen
