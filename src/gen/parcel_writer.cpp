#include "parcel_writer.hpp"

#include <cmath>
#include <cstdio>

#include <cpl_vsi.h>

#include "error.hpp"

namespace landrenew::gen {

namespace {

enum class Defect { none, invalid_ring, overlap, duplicate_geometry, duplicate_id, area_mismatch };

void set_date(OGRFeature& f, const char* field, Date d) {
  if (d.set()) f.SetField(field, d.y, d.m, d.d, 0, 0, 0.0f, 0);
}

void set_opt(OGRFeature& f, const char* field, const std::optional<double>& v) {
  if (v) f.SetField(field, *v);
}

std::string zddm_with_seq(const std::string& zddm, int seq) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%05d", seq);
  return zddm.substr(0, 14) + buf;  // district (6) + cadastral zone (6) + "GB"
}

// The planted ring defects, drawn on the parcel's west edge (u = u0), which no other parcel vertex
// lies on: a bowtie, an out-and-back spike, or a self-touching "inverted hole".
Ring invalid_ring(const Site& site, const ParcelShape& s, const std::string& kind, Rng& rng) {
  const Frame& f = site.frame;
  if (kind == "bowtie") {
    return {f.to_world(s.u0, s.v0), f.to_world(s.u1, s.v1), f.to_world(s.u1, s.v0), f.to_world(s.u0, s.v1),
            f.to_world(s.u0, s.v0)};
  }
  Ring r(s.ring.begin(), s.ring.end() - 1);  // ... (u0, v1), then closes at (u0, v0)
  const double vm = (s.v0 + s.v1) / 2;
  if (kind == "spike") {
    const double len = rng.uniform(15, 40);
    for (Pt p : {f.to_world(s.u0, vm), f.to_world(s.u0 - len, vm), f.to_world(s.u0, vm)})
      r.push_back(p);
  } else {  // self_touch
    const double a = std::min(15.0, (s.u1 - s.u0) / 3), b = std::min(10.0, (s.v1 - s.v0) / 4);
    for (Pt p : {f.to_world(s.u0, vm), f.to_world(s.u0 + a, vm + b), f.to_world(s.u0 + a, vm - b),
                 f.to_world(s.u0, vm)}) {
      r.push_back(p);
    }
  }
  r.push_back(r.front());
  return r;
}

// The parcel pushed `d` metres east into its neighbour in the row, keeping its shared-line vertices.
Ring enlarged_ring(const Site& site, const ParcelShape& s, double d) {
  const Frame& f = site.frame;
  const Pt a = f.to_world(s.u1, s.v0), b = f.to_world(s.u1, s.v1);
  Ring r = s.ring;
  for (auto& p : r) {
    if (p == a)
      p = f.to_world(s.u1 + d, s.v0);
    else if (p == b)
      p = f.to_world(s.u1 + d, s.v1);
  }
  return r;
}

}  // namespace

ParcelWriter::ParcelWriter(const std::string& dir, const Preset& preset, const GeosContext& geos)
    : m_dir(dir), m_preset(preset), m_geos(geos) {
  m_ds = create_dataset("ESRI Shapefile", dir + "/parcels.shp");
  OGRSpatialReference srs = make_srs(4549);
  Options lco{"ENCODING=CP936", "RESIZE=NO"};
  m_layer = m_ds->CreateLayer("parcels", &srs, wkbPolygon, lco.get());
  if (!m_layer) throw GenError("cannot create parcels.shp: " + std::string(CPLGetLastErrorMsg()));
  add_field(m_layer, "ZDDM", OFTString, 19);
  add_field(m_layer, "BDCDYH", OFTString, 28);
  add_field(m_layer, "ZL", OFTString, 80);
  add_field(m_layer, "ZDMJ", OFTReal, 15, 2);
  add_field(m_layer, "DLBM", OFTString, 6);
  add_field(m_layer, "YT", OFTString, 20);
  add_field(m_layer, "QLR", OFTString, 60);
  add_field(m_layer, "QLRZJH", OFTString, 60);
  add_field(m_layer, "QLXZ", OFTString, 10);
  add_field(m_layer, "RJL", OFTReal, 6, 2);
  add_field(m_layer, "JZMD", OFTReal, 6, 2);
  for (const char* d : {"PZRQ", "GYRQ", "YDKGRQ", "SJKGRQ", "JGRQ", "TCRQ"})
    add_field(m_layer, d, OFTDate);
  add_field(m_layer, "YDTZQD", OFTReal, 10, 1);
  add_field(m_layer, "YDMJSS", OFTReal, 8, 1);
  add_field(m_layer, "备注", OFTString, 40);
  for (const char* k :
       {"invalid_ring", "overlap", "duplicate_geometry", "duplicate_id", "null_geometry", "area_mismatch"}) {
    m_planted[k] = nlohmann::json::array();
  }
  for (const char* k : {"approved_not_supplied", "supplied_not_started", "started_not_finished",
                        "built_not_producing", "producing_below_contract_tax"}) {
    m_planted["wuwei"][k] = nlohmann::json::array();
  }
}

long long ParcelWriter::write(const ParcelRec& p, const Ring* ring) {
  FeaturePtr f(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
  f->SetField("ZDDM", p.zddm.c_str());
  f->SetField("BDCDYH", (p.zddm + "W00000000").c_str());
  f->SetField("ZL", p.zl.c_str());
  f->SetField("ZDMJ", p.zdmj);
  f->SetField("DLBM", p.dlbm.c_str());
  f->SetField("YT", p.yt.c_str());
  if (!p.qlr.empty()) f->SetField("QLR", p.qlr.c_str());
  if (!p.qlrzjh.empty()) f->SetField("QLRZJH", p.qlrzjh.c_str());
  if (!p.qlxz.empty()) f->SetField("QLXZ", p.qlxz.c_str());
  set_opt(*f, "RJL", p.rjl);
  set_opt(*f, "JZMD", p.jzmd);
  set_date(*f, "PZRQ", p.pz);
  set_date(*f, "GYRQ", p.gy);
  set_date(*f, "YDKGRQ", p.ydkg);
  set_date(*f, "SJKGRQ", p.sjkg);
  set_date(*f, "JGRQ", p.jg);
  set_date(*f, "TCRQ", p.tc);
  set_opt(*f, "YDTZQD", p.ydtzqd);
  set_opt(*f, "YDMJSS", p.ydmjss);
  f->SetField("备注", p.remark.c_str());
  if (ring) f->SetGeometryDirectly(to_ogr(*ring).release());
  if (m_layer->CreateFeature(f.get()) != OGRERR_NONE) {
    throw GenError("cannot write parcel " + p.zddm + ": " + CPLGetLastErrorMsg());
  }
  return m_next_fid++;
}

// Area a checker gets for the written ring: the ring itself, or its GEOS MakeValid repair (polygonal
// parts) when it was planted invalid.
double ParcelWriter::written_area(const Ring& ring, bool invalid) const {
  if (!invalid) return ring_area(ring);
  GeosGeom g = make_geos(m_geos, ring);
  GeosGeom valid(m_geos, GEOSMakeValid_r(m_geos.get(), g.get()));
  return multipolygon_area(to_multipolygon(m_geos, valid.get()));
}

void ParcelWriter::note_area(long long fid, const ParcelRec& p, double area) {
  if (area > 0 && std::fabs(p.zdmj - area) > 0.01 * area) {
    m_planted["area_mismatch"].push_back(
        {{"fid", fid}, {"zddm", p.zddm}, {"zdmj", p.zdmj}, {"area", std::round(area * 100) / 100}});
  }
}

std::vector<long long> ParcelWriter::write_site(const Site& site, std::vector<ParcelRec>& parcels,
                                                int null_rows, Rng& rng) {
  const std::size_t n = parcels.size();
  std::vector<Defect> defect(n, Defect::none);
  const std::vector<double> w = {m_preset.rate_invalid_ring, m_preset.rate_overlap,
                                 m_preset.rate_duplicate_geometry, m_preset.rate_duplicate_id,
                                 m_preset.rate_area_mismatch};
  double wsum = 0;
  for (double x : w)
    wsum += x;
  std::vector<bool> reserved(n, false);  // overlapped neighbours stay otherwise clean
  for (std::size_t i = 0; i < n; ++i) {
    if (reserved[i] || !rng.chance(wsum)) continue;
    const Defect d = static_cast<Defect>(1 + rng.weighted(w));
    if (d == Defect::overlap) {
      // Needs an industrial neighbour further along the same row.
      const bool ok = i + 1 < n && parcels[i + 1].shape.row == parcels[i].shape.row &&
                      parcels[i].industrial && parcels[i + 1].industrial;
      if (!ok) continue;
      reserved[i + 1] = true;
    }
    if (d == Defect::duplicate_id && i < 3) continue;
    defect[i] = d;
  }

  std::vector<long long> fids(n);
  std::vector<std::size_t> dup_geom;
  std::size_t i = 0;
  while (i < n) {
    ParcelRec& p = parcels[i];
    switch (defect[i]) {
      case Defect::invalid_ring: {
        const char* kinds[] = {"bowtie", "spike", "self_touch"};
        const std::string kind = kinds[rng.index(3)];
        const Ring r = invalid_ring(site, p.shape, kind, rng);
        fids[i] = write(p, &r);
        m_planted["invalid_ring"].push_back({{"fid", fids[i]}, {"zddm", p.zddm}, {"kind", kind}});
        note_area(fids[i], p, written_area(r, true));
        break;
      }
      case Defect::overlap: {
        // Written together with its neighbour so both FIDs are known.
        const double d = rng.uniform(3, 6);
        const Ring r = enlarged_ring(site, p.shape, d);
        fids[i] = write(p, &r);
        note_area(fids[i], p, ring_area(r));
        ++i;
        fids[i] = write(parcels[i], &parcels[i].shape.ring);
        note_area(fids[i], parcels[i], parcels[i].shape.area);
        m_planted["overlap"].push_back(
            {{"fid", fids[i - 1]},
             {"into_fid", fids[i]},
             {"zddm", p.zddm},
             {"overlap_m2", std::round(d * (p.shape.v1 - p.shape.v0) * 100) / 100}});
        break;
      }
      case Defect::duplicate_id: {
        // Takes the code of a parcel written shortly before, which keeps it too.
        const std::size_t j = i - 1 - rng.index(std::min<std::size_t>(i, 20));
        const std::string own = p.zddm;
        p.zddm = parcels[j].zddm;
        fids[i] = write(p, &p.shape.ring);
        m_planted["duplicate_id"].push_back(
            {{"fid", fids[i]}, {"same_id_as_fid", fids[j]}, {"zddm", p.zddm}});
        note_area(fids[i], p, p.shape.area);
        break;
      }
      case Defect::area_mismatch: {
        const double f = rng.chance(0.5) ? rng.uniform(1.02, 1.15) : rng.uniform(0.85, 0.98);
        p.zdmj = std::round(p.zdmj * f * 100) / 100;
        fids[i] = write(p, &p.shape.ring);
        note_area(fids[i], p, p.shape.area);
        break;
      }
      case Defect::duplicate_geometry:
        dup_geom.push_back(i);
        [[fallthrough]];
      case Defect::none:
        fids[i] = write(p, &p.shape.ring);
        note_area(fids[i], p, p.shape.area);
        break;
    }
    ++i;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const ParcelRec& p = parcels[k];
    if (p.industrial) ++m_by_scheme[p.scheme_name];
    const char* cat = nullptr;
    switch (p.life) {
      case Lifecycle::approved_not_supplied:
        cat = "approved_not_supplied";
        break;
      case Lifecycle::supplied_not_started:
        cat = "supplied_not_started";
        break;
      case Lifecycle::started_not_finished:
        cat = "started_not_finished";
        break;
      case Lifecycle::built_not_producing:
        cat = "built_not_producing";
        break;
      case Lifecycle::producing:
        cat = p.below_contract_tax ? "producing_below_contract_tax" : nullptr;
        break;
    }
    if (p.industrial && cat) m_planted["wuwei"][cat].push_back(fids[k]);
  }
  // Extra rows after the site's parcels: exact duplicates (same or another code) and rows without geometry.
  int seq = static_cast<int>(n);
  for (std::size_t k : dup_geom) {
    ParcelRec copy = parcels[k];
    const bool same_id = rng.chance(0.5);
    if (!same_id) copy.zddm = zddm_with_seq(copy.zddm, ++seq);
    const long long fid = write(copy, &copy.shape.ring);
    m_planted["duplicate_geometry"].push_back(
        {{"fid", fid}, {"of_fid", fids[k]}, {"same_id", same_id}, {"zddm", copy.zddm}});
    note_area(fid, copy, copy.shape.area);
  }
  for (int k = 0; k < null_rows && n > 0; ++k) {
    ParcelRec copy = parcels[rng.index(n)];
    copy.zddm = zddm_with_seq(copy.zddm, ++seq);
    const long long fid = write(copy, nullptr);
    m_planted["null_geometry"].push_back({{"fid", fid}, {"zddm", copy.zddm}});
  }
  return fids;
}

void ParcelWriter::close() {
  if (!m_ds) return;
  m_ds.reset();
  patch_dbf_header(m_dir + "/parcels.dbf", 2025, 12, 31);
  // ENCODING=CP936 makes GDAL write a .cpg; the files bureaus send have none (DOMAIN.md §11).
  VSIUnlink((m_dir + "/parcels.cpg").c_str());
}

}  // namespace landrenew::gen
