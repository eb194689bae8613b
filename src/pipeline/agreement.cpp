// RULES.md 25: the layers that describe the same ground, measured against each other (stages.hpp).
#include <ogr_spatialref.h>

#include "landrenew/core/text.hpp"

#include "pipeline/stages.hpp"

namespace landrenew::stages {

std::vector<rules::AgreementCheck> agreement(const Inputs& in, const std::vector<std::size_t>& industrial,
                                             const std::optional<rules::FreedLedger>& freed,
                                             unsigned threads) {
  const AgreementThresholds& t = in.profile.agreement;
  const OGRSpatialReference& crs = *in.crs.srs;
  const PolygonLayer& parcels = in.parcels;
  std::vector<rules::AgreementCheck> out;
  if (parcels.size() == 0) return out;

  if (const auto& b = in.buildings_after ? in.buildings_after : in.buildings_before) {
    std::vector<const GEOSGeometry*> all;
    for (const auto& g : parcels.geometry)
      all.push_back(g.get());
    const rules::AgreementReference ref(std::move(all));
    rules::AgreementFeatures m;
    for (std::size_t i = 0; i < b->size(); ++i)
      rules::add_feature(m, *b, i);
    out.push_back(rules::measure_pair("buildings_in_parcels", *b, m, parcels.info.logical,
                                      parcels.info.lonlat_source, ref, t.min_buildings_in_parcels, crs,
                                      threads));
  }
  if (in.districts && !industrial.empty()) {
    // Where a parcel should be: the district its code names (a 宗地代码 begins with the 6-digit county code)
    // when one has that code, else any district.
    std::vector<const GEOSGeometry*> zones;
    std::vector<std::string> codes;
    for (std::size_t z = 0; z < in.districts->size(); ++z) {
      zones.push_back(in.districts->geometry[z].get());
      codes.emplace_back(
          normalise_identifier(in.districts->attributes.get(DistrictField::code, z).value_or("")));
    }
    const rules::AgreementReference ref(std::move(zones), std::move(codes));
    rules::AgreementFeatures m;
    for (std::size_t p : industrial) {
      // Both keys compared as identifiers (RULES.md 21): a full-width or spaced code names its district.
      std::string code = normalise_identifier(parcels.id(p)).substr(0, 6);
      rules::add_feature(m, parcels, p, ref.has_key(code) ? std::move(code) : std::string());
    }
    out.push_back(rules::measure_pair("parcels_in_districts", parcels, m, in.districts->info.logical,
                                      in.districts->info.lonlat_source, ref, t.min_parcels_in_districts, crs,
                                      threads));
  }
  if (in.renewal && freed && !industrial.empty()) {
    rules::AgreementFeatures m;
    for (std::size_t r = 0; r < in.renewal->size() && r < freed->records.size(); ++r)
      if (freed->records[r].counted) rules::add_feature(m, *in.renewal, r);
    if (!m.geometry.empty()) {
      std::vector<const GEOSGeometry*> ground;
      for (std::size_t p : industrial)
        ground.push_back(parcels.geometry[p].get());
      const rules::AgreementReference ref(std::move(ground));
      out.push_back(rules::measure_pair("register_on_industrial", *in.renewal, m,
                                        "industrial " + parcels.info.logical, parcels.info.lonlat_source, ref,
                                        t.min_register_on_industrial, crs, threads));
    }
  }
  return out;
}

}  // namespace landrenew::stages
