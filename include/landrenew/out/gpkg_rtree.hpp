#pragma once
// The GeoPackage spatial index (extension gpkg_rtree_index, GeoPackage 1.2 Annex F.3) written in one pass.
//
// GDAL 3.6 fills a layer's rtree_<table>_<column> by inserting every feature's box through SQLite's R-tree
// module, one insertion (choose-subtree, node splits) at a time: on the city preset that was half of the time
// spent writing landrenew.gpkg. Here the boxes collected while the features are written are packed bottom-up
// (sort-tile-recursive) into full nodes and stored straight into the R-tree's node, rowid and parent tables,
// in the layout SQLite's R-tree module reads; the triggers of Annex F.3 that keep the index current on later
// edits and the gpkg_extensions row are added as GDAL adds them.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace landrenew::out {

/// One feature's box as the R-tree stores it: 32-bit floats, the minima rounded down and the maxima rounded
/// up exactly as SQLite's R-tree module rounds a value it is given, so that the box holds the feature (any
/// coordinate but those nearer to 0 than float's smallest normal number, 1.2e-38, where SQLite's rounding
/// does not move the float).
struct RTreeEntry {
  std::int64_t id = 0;  ///< the feature's FID
  float minx = 0, maxx = 0, miny = 0, maxy = 0;
};

/// The entry for a feature with FID `id` and the (double) box `minx…maxx`, `miny…maxy`.
RTreeEntry rtree_entry(std::int64_t id, double minx, double maxx, double miny, double maxy);

/// The spatial index of one table's geometry column: a box per feature with a non-empty geometry.
struct SpatialIndex {
  std::string table;
  std::string column;      ///< the geometry column ("geom")
  std::string fid_column;  ///< the integer primary key ("fid")
  std::vector<RTreeEntry> entries;
};

/// Adds the spatial index of each of `indexes` to the GeoPackage `file`, which no other connection may have
/// open: creates rtree_<table>_<column>, fills it, adds the update triggers and registers the extension, all
/// in one transaction. The entries are sorted in place; the tables must not have a spatial index yet.
/// Throws Error(output) naming the file and the table.
void write_spatial_indexes(const std::filesystem::path& file, std::vector<SpatialIndex>& indexes);

}  // namespace landrenew::out
