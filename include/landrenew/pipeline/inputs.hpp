#pragma once
// Reading every input a project names into the analysis CRS (RULES.md 1–3), the first stage of both
// `landrenew check` and `landrenew run`.
#include <functional>
#include <optional>
#include <string>

#include "landrenew/config/profile.hpp"
#include "landrenew/config/project.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/io/layer.hpp"
#include "landrenew/rules/register.hpp"

namespace landrenew {

struct AnalysisCrs {
  io::SrsPtr srs;
  int epsg = 0;             ///< 0 when the project gave a CRS without an EPSG code
  std::string description;  ///< "EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)"
  Text reason;  ///< why this one, in both languages (manifest.json keeps the English; check prints it)
};

struct LoadOptions {
  Progress progress;                            ///< may be empty
  std::function<void(const std::string&)> log;  ///< one line per step; may be empty
  /// Threads a run may use (`--threads`; ≥ 1). With 2 or more, large layers are read as two halves at
  /// once and the small ones beside them, the input files are hashed for the manifest in the background,
  /// the two building snapshots are analysed side by side, and the overlap search, unions, zone
  /// memberships, parcel facts, clusters, zone FAR and the freed ledger's grounds are split over the
  /// threads. Results are identical whatever the number.
  unsigned threads = 1;
};

struct Inputs {
  Project project;
  Profile profile;
  AnalysisCrs crs;
  PolygonLayer parcels;
  std::optional<PolygonLayer> parcels_after;
  std::optional<PolygonLayer> buildings_before;
  std::optional<PolygonLayer> buildings_after;
  std::optional<PolygonLayer> districts;
  std::optional<PolygonLayer> parks;
  std::optional<PolygonLayer> renewal;
  /// Per renewal record: the parcel codes it lists and the used parcels they name (RULES.md 23); empty when
  /// the register has no parcel-code column.
  std::vector<rules::RecordParcels> renewal_parcels;
  std::optional<TableLayer> enterprises;
  Findings findings;  ///< everything found while reading

  /// Every polygon layer that was read, in reading order.
  std::vector<const PolygonLayer*> polygon_layers() const;
};

/// Loads the profile and reads every input of `project`. Throws Error when an input cannot be used at all;
/// problems in features are findings.
Inputs load_inputs(const Project& project, const LoadOptions& options = {});

/// RULES.md 1: the analysis CRS for a parcel layer whose extent is `extent` in `srs`, unless the project sets
/// one.
AnalysisCrs choose_analysis_crs(const Project& project, const OGRSpatialReference& parcel_srs,
                                const OGREnvelope& parcel_extent);

}  // namespace landrenew
