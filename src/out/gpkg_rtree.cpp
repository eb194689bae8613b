#include "landrenew/out/gpkg_rtree.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"

#include "out/sqlite.hpp"

namespace landrenew::out {

namespace {

// SQLite's R-tree module stores a real coordinate as a float, moved one float step outwards by scaling by
// 1 ± 2^-23 when the conversion went inwards.
constexpr double kTowardsZero = 1.0 - 1.0 / 8388608.0;
constexpr double kAwayFromZero = 1.0 + 1.0 / 8388608.0;

float round_down(double d) {
  float f = static_cast<float>(d);
  if (f > d) f = static_cast<float>(d * (d < 0 ? kAwayFromZero : kTowardsZero));
  return f;
}
float round_up(double d) {
  float f = static_cast<float>(d);
  if (f < d) f = static_cast<float>(d * (d < 0 ? kTowardsZero : kAwayFromZero));
  return f;
}

// --- Packing ----------------------------------------------------------------------------------------------

// `n` items cut into `parts` runs as equal as can be (the longer ones first).
std::vector<std::size_t> even_runs(std::size_t n, std::size_t parts) {
  std::vector<std::size_t> runs(parts, n / parts);
  for (std::size_t i = 0; i < n % parts; ++i)
    ++runs[i];
  return runs;
}

// One level of the tree: node i holds cells[start[i] .. start[i + 1]); a cell's id is a FID on the leaf
// level and the index of a node of the level below elsewhere.
struct Level {
  std::vector<RTreeEntry> cells;
  std::vector<std::size_t> start;
  std::size_t nodes() const { return start.size() - 1; }
};

// Sort-tile-recursive packing: sorted by box centre along x, cut into about √nodes vertical slices of whole
// nodes, each slice sorted along y and cut into nodes. Ties go by id, so the tree is the same on every run.
Level pack(std::vector<RTreeEntry> items, std::size_t capacity) {
  const std::size_t n = items.size();
  const std::size_t nodes = (n + capacity - 1) / capacity;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  const std::vector<std::size_t> node_sizes = even_runs(n, nodes);
  const std::vector<std::size_t> slice_nodes = even_runs(nodes, slices);
  const auto by_x = [](const RTreeEntry& a, const RTreeEntry& b) {
    const double ca = double(a.minx) + double(a.maxx), cb = double(b.minx) + double(b.maxx);
    return ca != cb ? ca < cb : a.id < b.id;
  };
  const auto by_y = [](const RTreeEntry& a, const RTreeEntry& b) {
    const double ca = double(a.miny) + double(a.maxy), cb = double(b.miny) + double(b.maxy);
    return ca != cb ? ca < cb : a.id < b.id;
  };
  std::sort(items.begin(), items.end(), by_x);
  Level level;
  level.start.reserve(nodes + 1);
  level.start.push_back(0);
  std::size_t node = 0, pos = 0;
  for (const std::size_t in_slice : slice_nodes) {
    std::size_t count = 0;
    for (std::size_t k = 0; k < in_slice; ++k)
      count += node_sizes[node + k];
    std::sort(items.begin() + static_cast<std::ptrdiff_t>(pos),
              items.begin() + static_cast<std::ptrdiff_t>(pos + count), by_y);
    for (std::size_t k = 0; k < in_slice; ++k) {
      pos += node_sizes[node++];
      level.start.push_back(pos);
    }
  }
  level.cells = std::move(items);
  return level;
}

// The boxes of a level's nodes, as the cells of the level above.
std::vector<RTreeEntry> node_boxes(const Level& level) {
  std::vector<RTreeEntry> boxes(level.nodes());
  for (std::size_t i = 0; i < level.nodes(); ++i) {
    RTreeEntry box = level.cells[level.start[i]];
    for (std::size_t c = level.start[i] + 1; c < level.start[i + 1]; ++c) {
      const RTreeEntry& e = level.cells[c];
      box.minx = std::min(box.minx, e.minx);
      box.maxx = std::max(box.maxx, e.maxx);
      box.miny = std::min(box.miny, e.miny);
      box.maxy = std::max(box.maxy, e.maxy);
    }
    box.id = static_cast<std::int64_t>(i);
    boxes[i] = box;
  }
  return boxes;
}

// --- The R-tree module's node format ----------------------------------------------------------------------
// A node is a blob of the table's node size: a 2-byte depth of the tree (read from the root only), a 2-byte
// cell count, then per cell an 8-byte id (FID or child node number) and the coordinates minx, maxx, miny,
// maxy as 4-byte floats, every number big-endian, the rest zero.

constexpr std::size_t kCellBytes = 8 + 4 * 4;

void put_u16(unsigned char* p, unsigned v) {
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}
void put_u32(unsigned char* p, std::uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8)
    p[i] = static_cast<unsigned char>(v);
}
void put_i64(unsigned char* p, std::int64_t v) {
  auto u = static_cast<std::uint64_t>(v);
  for (int i = 7; i >= 0; --i, u >>= 8)
    p[i] = static_cast<unsigned char>(u);
}
void put_float(unsigned char* p, float f) {
  std::uint32_t u = 0;
  std::memcpy(&u, &f, sizeof u);
  put_u32(p, u);
}

// The node size SQLite chose for this file's page size (the empty root node it wrote has it).
std::size_t node_size_of(SqliteConnection& db, const std::string& rtree, const std::string& t) {
  const std::string size =
      db.text("SELECT length(data) FROM " + sql_identifier(rtree + "_node") + " WHERE nodeno = 1", t);
  return size.empty() ? 0 : std::stoul(size);
}

// Levels bottom-up; the last has the root alone. The entries are moved into the leaves (`entries` is left
// empty).
std::vector<Level> pack_levels(std::vector<RTreeEntry>& entries, std::size_t capacity) {
  std::vector<Level> levels;
  levels.push_back(pack(std::move(entries), capacity));
  entries = {};
  while (levels.back().nodes() > 1)
    levels.push_back(pack(node_boxes(levels.back()), capacity));
  return levels;
}

// Node numbers top-down: the root is 1 (the R-tree module looks for it there), each level after the one
// above it. Returns the number of each level's first node.
std::vector<std::int64_t> first_node_numbers(const std::vector<Level>& levels) {
  const std::size_t top = levels.size() - 1;
  std::vector<std::int64_t> first(levels.size());
  first[top] = 1;
  for (std::size_t l = top; l-- > 0;)
    first[l] = first[l + 1] + static_cast<std::int64_t>(levels[l + 1].nodes());
  return first;
}

// Every node's blob, top level first: the root over the empty root node SQLite wrote, the others inserted.
void write_nodes(SqliteConnection& db, const std::string& rtree, const std::string& t,
                 const std::vector<Level>& levels, const std::vector<std::int64_t>& first,
                 std::size_t node_size) {
  const std::size_t top = levels.size() - 1;
  Stmt root = db.prepare("UPDATE " + sql_identifier(rtree + "_node") + " SET data = ?1 WHERE nodeno = 1", t);
  Stmt node =
      db.prepare("INSERT INTO " + sql_identifier(rtree + "_node") + " (nodeno, data) VALUES (?1, ?2)", t);
  std::vector<unsigned char> blob(node_size);
  for (std::size_t l = levels.size(); l-- > 0;) {
    const Level& level = levels[l];
    for (std::size_t i = 0; i < level.nodes(); ++i) {
      std::fill(blob.begin(), blob.end(), 0);
      if (l == top) put_u16(blob.data(), static_cast<unsigned>(top));
      put_u16(blob.data() + 2, static_cast<unsigned>(level.start[i + 1] - level.start[i]));
      unsigned char* p = blob.data() + 4;
      for (std::size_t c = level.start[i]; c < level.start[i + 1]; ++c, p += kCellBytes) {
        const RTreeEntry& e = level.cells[c];
        put_i64(p, l == 0 ? e.id : first[l - 1] + e.id);
        put_float(p + 8, e.minx);
        put_float(p + 12, e.maxx);
        put_float(p + 16, e.miny);
        put_float(p + 20, e.maxy);
      }
      const std::int64_t number = first[l] + static_cast<std::int64_t>(i);
      sqlite3_stmt* s = l == top ? root.get() : node.get();
      int k = 1;
      if (l != top) sqlite3_bind_int64(s, k++, number);
      sqlite3_bind_blob(s, k, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
      db.run(s, t);
    }
  }
}

// Each node's parent, in node-number order.
void write_parents(SqliteConnection& db, const std::string& rtree, const std::string& t,
                   const std::vector<Level>& levels, const std::vector<std::int64_t>& first) {
  const std::size_t top = levels.size() - 1;
  Stmt parent = db.prepare(
      "INSERT INTO " + sql_identifier(rtree + "_parent") + " (nodeno, parentnode) VALUES (?1, ?2)", t);
  for (std::size_t l = top; l-- > 0;) {
    std::vector<std::int64_t> parent_of(levels[l].nodes());
    const Level& above = levels[l + 1];
    for (std::size_t i = 0; i < above.nodes(); ++i)
      for (std::size_t c = above.start[i]; c < above.start[i + 1]; ++c)
        parent_of[static_cast<std::size_t>(above.cells[c].id)] = first[l + 1] + static_cast<std::int64_t>(i);
    for (std::size_t i = 0; i < parent_of.size(); ++i) {
      sqlite3_bind_int64(parent.get(), 1, first[l] + static_cast<std::int64_t>(i));
      sqlite3_bind_int64(parent.get(), 2, parent_of[i]);
      db.run(parent.get(), t);
    }
  }
}

// Each feature's (FID's) leaf node number, in leaf order; `first_leaf` is the first leaf's number.
std::vector<std::pair<std::int64_t, std::int64_t>> feature_leaves(const Level& leaves,
                                                                  std::int64_t first_leaf) {
  std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of;
  leaf_of.reserve(leaves.cells.size());
  for (std::size_t i = 0; i < leaves.nodes(); ++i)
    for (std::size_t c = leaves.start[i]; c < leaves.start[i + 1]; ++c)
      leaf_of.emplace_back(leaves.cells[c].id, first_leaf + static_cast<std::int64_t>(i));
  return leaf_of;
}

// Each feature's leaf, in FID order (sorts `leaf_of`).
void write_rowids(SqliteConnection& db, const std::string& rtree, const std::string& t,
                  std::vector<std::pair<std::int64_t, std::int64_t>>& leaf_of) {
  Stmt rowid =
      db.prepare("INSERT INTO " + sql_identifier(rtree + "_rowid") + " (rowid, nodeno) VALUES (?1, ?2)", t);
  std::sort(leaf_of.begin(), leaf_of.end());
  for (const auto& [fid, leaf] : leaf_of) {
    sqlite3_bind_int64(rowid.get(), 1, fid);
    sqlite3_bind_int64(rowid.get(), 2, leaf);
    db.run(rowid.get(), t);
  }
}

// The triggers of GeoPackage 1.2 Annex F.3, as GDAL writes them, and the extension's registration.
void write_triggers(SqliteConnection& db, const SpatialIndex& index, const std::string& rtree) {
  const std::string& t = index.table;
  const std::string R = sql_identifier(rtree), T = sql_identifier(t), C = sql_identifier(index.column),
                    I = sql_identifier(index.fid_column);
  const std::string box = "(NEW." + I + ",ST_MinX(NEW." + C + "), ST_MaxX(NEW." + C + "),ST_MinY(NEW." + C +
                          "), ST_MaxY(NEW." + C + "))";
  const std::string present = "(NEW." + C + " NOTNULL AND NOT ST_IsEmpty(NEW." + C + "))";
  const std::string absent = "(NEW." + C + " ISNULL OR ST_IsEmpty(NEW." + C + "))";
  const auto trigger = [&](const char* suffix, const std::string& body) {
    db.exec("CREATE TRIGGER " + sql_identifier(rtree + suffix) + " " + body, t);
  };
  trigger("_insert", "AFTER INSERT ON " + T + " WHEN (new." + C + " NOT NULL AND NOT ST_IsEmpty(NEW." + C +
                         ")) BEGIN INSERT OR REPLACE INTO " + R + " VALUES " + box + "; END");
  trigger("_update1", "AFTER UPDATE OF " + C + " ON " + T + " WHEN OLD." + I + " = NEW." + I + " AND " +
                          present + " BEGIN INSERT OR REPLACE INTO " + R + " VALUES " + box + "; END");
  trigger("_update2", "AFTER UPDATE OF " + C + " ON " + T + " WHEN OLD." + I + " = NEW." + I + " AND " +
                          absent + " BEGIN DELETE FROM " + R + " WHERE id = OLD." + I + "; END");
  trigger("_update3", "AFTER UPDATE ON " + T + " WHEN OLD." + I + " != NEW." + I + " AND " + present +
                          " BEGIN DELETE FROM " + R + " WHERE id = OLD." + I + "; INSERT OR REPLACE INTO " +
                          R + " VALUES " + box + "; END");
  trigger("_update4", "AFTER UPDATE ON " + T + " WHEN OLD." + I + " != NEW." + I + " AND " + absent +
                          " BEGIN DELETE FROM " + R + " WHERE id IN (OLD." + I + ", NEW." + I + "); END");
  trigger("_delete", "AFTER DELETE ON " + T + " WHEN old." + C + " NOT NULL BEGIN DELETE FROM " + R +
                         " WHERE id = OLD." + I + "; END");
  db.exec(
      "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (" +
          single_quoted(t) + ", " + single_quoted(index.column) +
          ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
      t);
}

void write_index(SqliteConnection& db, SpatialIndex& index) {
  const std::string& t = index.table;
  const std::string rtree = "rtree_" + t + "_" + index.column;
  db.exec("CREATE VIRTUAL TABLE " + sql_identifier(rtree) + " USING rtree(id, minx, maxx, miny, maxy)", t);
  const std::size_t node_size = node_size_of(db, rtree, t);
  const std::size_t capacity = node_size >= 4 ? (node_size - 4) / kCellBytes : 0;
  if (capacity < 2)
    throw Error(ErrorKind::output, trf("unexpected R-tree node size {1}", std::to_string(node_size)),
                {.file = db.file(), .layer = t});

  if (!index.entries.empty()) {
    std::vector<Level> levels = pack_levels(index.entries, capacity);
    const std::vector<std::int64_t> first = first_node_numbers(levels);
    write_nodes(db, rtree, t, levels, first, node_size);
    write_parents(db, rtree, t, levels, first);
    std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of = feature_leaves(levels.front(), first[0]);
    levels.clear();
    write_rowids(db, rtree, t, leaf_of);
  }
  write_triggers(db, index, rtree);
}

}  // namespace

RTreeEntry rtree_entry(std::int64_t id, double minx, double maxx, double miny, double maxy) {
  return {id, round_down(minx), round_up(maxx), round_down(miny), round_up(maxy)};
}

void ensure_gpkg_extensions(SqliteConnection& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT "
      "NOT "
      "NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, "
      "column_name, "
      "extension_name))",
      {});
}

void write_spatial_indexes(SqliteConnection& db, std::vector<SpatialIndex>& indexes) {
  ensure_gpkg_extensions(db);
  for (SpatialIndex& index : indexes)
    write_index(db, index);
}

void write_spatial_indexes(const std::filesystem::path& file, std::vector<SpatialIndex>& indexes) {
  if (indexes.empty()) return;
  SqliteConnection db(file);
  db.exec("BEGIN", {});
  write_spatial_indexes(db, indexes);
  db.exec("COMMIT", {});  // a failure before this rolls back when the connection closes
}

}  // namespace landrenew::out
