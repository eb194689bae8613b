#include "landrenew/pipeline/inputs.hpp"

#include <cstdio>
#include <future>

#include "landrenew/config/schema.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/io/crs.hpp"
#include "landrenew/io/finding_reporter.hpp"
#include "landrenew/io/reader.hpp"

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
    try {
      crs.srs = io::srs_from_user_string(project.analysis_crs);
    } catch (const Error& e) {  // name the key and the file
      throw Error(ErrorKind::project, trf("analysis_crs: {1}", e.detail()), {.file = project.file.string()});
    }
    if (!crs.srs->IsProjected())
      throw Error(ErrorKind::project,
                  trf("analysis_crs must be a projected CRS in metres (areas are planar), not {1}",
                      io::describe_srs(*crs.srs)),
                  {.file = project.file.string()});
    const char* code = crs.srs->GetAuthorityCode(nullptr);
    crs.epsg = code ? std::atoi(code) : 0;
    crs.reason = tr_both("set in the project file");
  } else {
    if (!parcel_extent.IsInit())
      throw Error(
          ErrorKind::input_data,
          tr("the parcel layer has no geometry (it is empty, or every geometry is null): no analysis CRS "
             "can be chosen from it"),
          {.file = project.layer("parcels") ? project.layer("parcels")->display : ""});
    const double lon = io::centre_longitude(parcel_srs, parcel_extent);
    crs.epsg = io::analysis_epsg_for_longitude(lon);
    crs.srs = io::make_srs();
    crs.srs->importFromEPSG(crs.epsg);
    char longitude[32];
    std::snprintf(longitude, sizeof longitude, "%.2f", lon);
    crs.reason = tr_both("CGCS2000 3-degree GK zone nearest the parcels' centre longitude {1}°E", longitude);
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
  for (const auto& [logical, src] : project.layers)
    if (!src.backslash_path.empty())
      FindingReporter(in.findings, logical)
          .layer_wide(FindingKind::path_backslashes,
                      tr_both("the path '{1}' is written with Windows backslashes and names no file; read '{2}' "
                              "instead: write paths with / in the project file",
                              src.backslash_path, src.path));
  log(trf("profile {1} ({2})", in.profile.name, in.profile.origin));

  // The parcel layer decides the analysis CRS, so it is opened first.
  const LayerSource* parcel_src = project.layer("parcels");
  io::InputLayer parcels = io::InputLayer::open(*parcel_src, *find_layer_schema("parcels"));
  in.crs = choose_analysis_crs(project, *parcels.srs(), parcels.extent());
  log(trf("analysis CRS {1}", in.crs.description));
  // A large layer is read as two halves at once when there are two threads (io::ReadOptions).
  const io::ReadOptions read_options{.threads = options.threads};
  const auto read_parcels = [&] {
    in.parcels =
        parcels.read_polygons(*in.crs.srs, in.findings, share(options.progress, 0.0, 0.12), read_options);
  };

  // Each layer's findings are kept apart and appended in this fixed order, so that they come out the same
  // whichever thread read which layer.
  Findings f_parcels_after, f_before, f_after, f_districts, f_parks, f_renewal, f_enterprises;
  const auto read_polygons = [&](const char* name, std::optional<PolygonLayer>& slot, Findings& findings,
                                 const OGRSpatialReference& srs, Progress progress) {
    const LayerSource* src = project.layer(name);
    if (!src) return;
    slot = io::InputLayer::open(*src, *find_layer_schema(name))
               .read_polygons(srs, findings, progress, read_options);
  };
  // RULES.md 23: a register without geometry is read as a table; its footprints are built from the parcels
  // once they are read (register_from_codes below).
  std::optional<TableLayer> register_table;
  const auto read_renewal = [&](const OGRSpatialReference& srs, Progress progress) {
    const LayerSource* src = project.layer("renewal");
    if (!src) return;
    if (!rules::register_is_table(*src)) {
      // A record without geometry is kept for its parcel codes (RULES.md 23, match_register_codes below).
      in.renewal = io::InputLayer::open(*src, *find_layer_schema("renewal"))
                       .read_polygons(srs, f_renewal, progress, {.threads = options.threads, .keep_null_geometry = true});
      return;
    }
    register_table =
        io::InputLayer::open(*src, rules::register_table_schema()).read_table(f_renewal, progress);
  };
  const auto read_enterprises = [&](Progress progress) {
    if (const LayerSource* src = project.layer("enterprises"))
      in.enterprises = io::InputLayer::open(*src, *find_layer_schema("enterprises"))
                           .read_table(f_enterprises, progress);
  };
  const auto announce = [&](const char* name) {
    if (project.layer(name)) log(trf("reading {1}", name));
  };
  if (options.threads >= 2) {
    // The small layers on a lane of their own (its own copy of the analysis CRS — an OGRSpatialReference is
    // not to be shared between threads — its own GDAL datasets, no progress output); the big ones here, one
    // after another, each split over two threads.
    const io::SrsPtr lane_srs = io::make_srs(in.crs.srs.get());
    for (const char* name : {"parcels_after", "buildings_before", "buildings_after", "districts", "parks",
                             "renewal", "enterprises"})
      announce(name);
    auto lane = std::async(std::launch::async, [&] {
      read_polygons("districts", in.districts, f_districts, *lane_srs, {});
      read_polygons("parks", in.parks, f_parks, *lane_srs, {});
      read_renewal(*lane_srs, {});
      read_enterprises({});
    });
    try {
      read_parcels();
      read_polygons("parcels_after", in.parcels_after, f_parcels_after, *in.crs.srs,
                    share(options.progress, 0.12, 0.15));
      read_polygons("buildings_before", in.buildings_before, f_before, *in.crs.srs,
                    share(options.progress, 0.15, 0.24));
      read_polygons("buildings_after", in.buildings_after, f_after, *in.crs.srs,
                    share(options.progress, 0.24, 0.35));
    } catch (...) {
      lane.wait();  // the lane uses this frame; its own error, if any, is dropped for the first one
      throw;
    }
    lane.get();  // rethrows the lane's error
  } else {
    read_parcels();
    announce("parcels_after");
    read_polygons("parcels_after", in.parcels_after, f_parcels_after, *in.crs.srs,
                  share(options.progress, 0.12, 0.15));
    announce("buildings_before");
    read_polygons("buildings_before", in.buildings_before, f_before, *in.crs.srs,
                  share(options.progress, 0.15, 0.24));
    announce("buildings_after");
    read_polygons("buildings_after", in.buildings_after, f_after, *in.crs.srs,
                  share(options.progress, 0.24, 0.33));
    announce("districts");
    read_polygons("districts", in.districts, f_districts, *in.crs.srs, share(options.progress, 0.33, 0.335));
    announce("parks");
    read_polygons("parks", in.parks, f_parks, *in.crs.srs, share(options.progress, 0.335, 0.34));
    announce("renewal");
    read_renewal(*in.crs.srs, share(options.progress, 0.34, 0.345));
    announce("enterprises");
    read_enterprises(share(options.progress, 0.345, 0.35));
  }
  if (register_table)
    in.renewal =
        rules::register_from_codes(std::move(*register_table), in.parcels, in.renewal_parcels, f_renewal);
  else if (in.renewal)
    in.renewal_parcels = rules::match_register_codes(*in.renewal, in.parcels, f_renewal);
  for (const Findings* f : {&f_parcels_after, &f_before, &f_after, &f_districts, &f_parks, &f_renewal,
                            &f_enterprises})
    in.findings.append(*f);
  return in;
}

}  // namespace landrenew
