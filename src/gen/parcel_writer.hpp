#pragma once
// parcels.shp: a GBK shapefile without .cpg, as bureaus send it, with a small share of planted defects
// whose FIDs go to planted.json.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdal_util.hpp"
#include "geos_util.hpp"
#include "parcels.hpp"
#include "preset.hpp"
#include "rng.hpp"
#include "sites.hpp"

namespace landrenew::gen {

class ParcelWriter {
 public:
  ParcelWriter(const std::string& dir, const Preset& preset, const GeosContext& geos);
  ParcelWriter(const ParcelWriter&) = delete;
  ParcelWriter& operator=(const ParcelWriter&) = delete;

  // Writes the parcels of one site, planting defects as the preset's rates say; `null_rows` extra rows
  // without geometry are appended. Returns the FID of each parcel (index-aligned with `parcels`).
  std::vector<long long> write_site(const Site& site, std::vector<ParcelRec>& parcels, int null_rows,
                                    Rng& rng);

  // Closes the shapefile, fixes the DBF header date, removes the .cpg GDAL writes for ENCODING=CP936.
  void close();

  long long count() const { return m_next_fid; }
  nlohmann::json& planted() { return m_planted; }
  const std::map<std::string, long long>& industrial_by_scheme() const { return m_by_scheme; }

 private:
  long long write(const ParcelRec& p, const Ring* ring);
  double written_area(const Ring& ring, bool invalid) const;
  void note_area(long long fid, const ParcelRec& p, double area);

  std::string m_dir;
  const Preset& m_preset;
  const GeosContext& m_geos;
  DatasetPtr m_ds;
  OGRLayer* m_layer = nullptr;
  long long m_next_fid = 0;
  nlohmann::json m_planted;
  std::map<std::string, long long> m_by_scheme;
};

}  // namespace landrenew::gen
