#include "landrenew/inputs.hpp"

#include <cstdio>

#include "landrenew/error.hpp"
#include "landrenew/io/crs.hpp"
#include "landrenew/io/reader.hpp"
#include "landrenew/schema.hpp"

namespace landrenew {

std::vector<const PolygonLayer*> Inputs::polygon_layers() const {
  std::vector<const PolygonLayer*> out{&parcels};
  for (const auto* l : {&parcels_after, &buildings_before, &buildings_after, &districts, &parks, &renewal})
    if (l->has_value()) out.push_back(&**l);
  return out;
}

AnalysisCrs choose_analysis_crs(const Project& project, const OGRSpatialReference& parcel_srs,
                                const OGREnvelope& parcel_extent) {
  AnalysisCrs crs;
  if (!project.analysis_crs.empty()) {
    crs.srs = io::srs_from_user_string(project.analysis_crs);
    if (!crs.srs->IsProjected())
      throw Error(ErrorKind::project,
                  "analysis_crs must be a projected CRS in metres (areas are planar), not " +
                      io::describe_srs(*crs.srs),
                  {.file = project.file.string()});
    const char* code = crs.srs->GetAuthorityCode(nullptr);
    crs.epsg = code ? std::atoi(code) : 0;
    crs.reason = "set in the project file";
  } else {
    if (!parcel_extent.IsInit())
      throw Error(ErrorKind::input_data, "the parcel layer is empty: no analysis CRS can be chosen from it");
    const double lon = io::centre_longitude(parcel_srs, parcel_extent);
    crs.epsg = io::analysis_epsg_for_longitude(lon);
    crs.srs = io::make_srs();
    crs.srs->importFromEPSG(crs.epsg);
    char buf[96];
    std::snprintf(buf, sizeof buf, "CGCS2000 3-degree GK zone nearest the parcels' centre longitude %.2f°E",
                  lon);
    crs.reason = buf;
  }
  crs.description = io::describe_srs(*crs.srs);
  return crs;
}

namespace {
// Maps a layer's own progress (0..1) onto its share [from, to] of the whole run.
Progress share(const Progress& run, double from, double to) {
  if (!run) return {};
  return [run, from, to](std::string_view, double fraction) { run("run", from + (to - from) * fraction); };
}
}  // namespace

Inputs load_inputs(const Project& project, const LoadOptions& options) {
  const auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  Inputs in;
  in.project = project;
  in.profile = load_profile(project.profile, project.dir);
  log("profile " + in.profile.name + " (" + in.profile.origin + ")");

  // The parcel layer decides the analysis CRS, so it is opened first.
  const LayerSource* parcel_src = project.layer("parcels");
  io::InputLayer parcels = io::InputLayer::open(*parcel_src, *find_layer_schema("parcels"));
  in.crs = choose_analysis_crs(project, *parcels.srs(), parcels.extent());
  log("analysis CRS " + in.crs.description);
  in.parcels = parcels.read_polygons(*in.crs.srs, in.findings, share(options.progress, 0.0, 0.12));

  const auto read_polygons = [&](const char* name, std::optional<PolygonLayer>& slot, double from, double to) {
    const LayerSource* src = project.layer(name);
    if (!src) return;
    log(std::string("reading ") + name);
    slot = io::InputLayer::open(*src, *find_layer_schema(name))
               .read_polygons(*in.crs.srs, in.findings, share(options.progress, from, to));
  };
  read_polygons("parcels_after", in.parcels_after, 0.12, 0.15);
  read_polygons("buildings_before", in.buildings_before, 0.15, 0.24);
  read_polygons("buildings_after", in.buildings_after, 0.24, 0.33);
  read_polygons("districts", in.districts, 0.33, 0.335);
  read_polygons("parks", in.parks, 0.335, 0.34);
  read_polygons("renewal", in.renewal, 0.34, 0.345);
  if (const LayerSource* src = project.layer("enterprises")) {
    log("reading enterprises");
    in.enterprises = io::InputLayer::open(*src, *find_layer_schema("enterprises"))
                         .read_table(in.findings, share(options.progress, 0.345, 0.35));
  }
  return in;
}

}  // namespace landrenew
