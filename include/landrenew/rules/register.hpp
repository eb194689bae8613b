#pragma once
// RULES.md 23: the renewal register keyed by parcel codes. A register kept as a table (XLSX, CSV, ODS, XLS,
// or a GeoPackage attribute table) takes each record's footprint from the used parcels its parcel-code cell
// lists; a register with geometry keeps its geometry and its codes are checked against it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "landrenew/config/project.hpp"
#include "landrenew/config/schema.hpp"
#include "landrenew/core/findings.hpp"
#include "landrenew/io/finding_reporter.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew::rules {

/// Per register record: the parcel codes its cell lists and what they name (RULES.md 23).
struct RecordParcels {
  bool from_codes = false;           ///< no geometry: the footprint is the union of `parcels`
  std::vector<std::string> listed;   ///< the cell's codes, normalised (RULES.md 21), in order, each once
  std::vector<std::size_t> parcels;  ///< used parcels a listed code names (indices, ascending)
  std::vector<std::string> known;    ///< the listed codes that name a used parcel, in listed order
  std::vector<std::string> unknown;  ///< the listed codes that name none
  /// With geometry only: listed codes whose parcels lie less than half inside the geometry, and codes of
  /// unlisted used parcels more than half inside it (kCodesDisagreeShare).
  std::vector<std::string> listed_outside, unlisted_inside;
};

/// A parcel disagrees with a record's geometry when it is listed and less than this share of its area lies
/// inside the geometry, or unlisted and more than this share lies inside it (RULES.md 23 "codes that
/// disagree").
inline constexpr double kCodesDisagreeShare = 0.5;

/// True when the register is a table without geometry: a CSV, XLSX, XLS or ODS file, or a GeoPackage or DBF
/// table without a geometry column. Throws Error(input_open) when a GeoPackage or DBF cannot be opened.
bool register_is_table(const LayerSource& src);

/// The renewal schema read as a table (the same fields, no geometry).
const LayerSchema& register_table_schema();

/// RULES.md 23: a register table as a polygon layer whose records' footprints are the union of the used
/// parcels listed in their parcel-code cell; a record without a known code keeps an empty geometry (it does
/// not count: classify_records()). `out` gets one RecordParcels per record. Findings: `parcel_code_unknown`
/// (warning) per record listing codes that name no used parcel. Throws Error(input_data) when the table has
/// no parcel-code column (nothing would give a footprint).
PolygonLayer register_from_codes(TableLayer table, const PolygonLayer& parcels,
                                 std::vector<RecordParcels>& out, Findings& findings);

/// RULES.md 23 for a register with geometry: each record's listed codes matched to the used parcels and
/// checked against the geometry ("when a record has both, geometry wins"). A record read without geometry
/// (io::ReadOptions::keep_null_geometry: an empty polygon) gets the union of its listed parcels as its
/// footprint, as in a register without geometry, with a finding `register_footprint_from_codes`; with no
/// known code it keeps the empty polygon and does not count. Findings: `parcel_code_unknown` and
/// `parcel_codes_disagree` (warnings: the geometry is kept). Empty when the register has no parcel-code column
/// and every record has geometry.
std::vector<RecordParcels> match_register_codes(PolygonLayer& renewal, const PolygonLayer& parcels,
                                                Findings& findings);

/// Findings about register records (here and in rules/freed.cpp): on the layer "renewal" even when it was
/// built without a logical name, each record named by its id without surrounding space.
FindingReporter register_reporter(Findings& findings, const PolygonLayer& renewal);

}  // namespace landrenew::rules
