#include "landrenew/out/gpkg.hpp"

#include <bit>
#include <cstring>
#include <set>

#include <ogr_geometry.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"

#include "out/sqlite.hpp"

namespace landrenew::out {

namespace {
constexpr std::size_t kChunk = 1024;  // rows handed to the writing thread at once
constexpr std::size_t kQueue = 4;     // chunks waiting for the writing thread at most

// --- GeoPackage binary -------------------------------------------------------------------------------------
// "GP", version 0, flags (bit 0: little-endian; bits 1–3: envelope kind, 1 = minx maxx miny maxy; bit 4:
// empty), srs_id, the envelope, then the geometry as ISO WKB. Little-endian throughout (the host's order:
// static_assert below).
static_assert(std::endian::native == std::endian::little, "the GeoPackage encoder writes the host's bytes");

constexpr unsigned char kLittleEndian = 0x01, kXYEnvelope = 0x02, kEmpty = 0x10;

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

void put_header(std::string& out, std::int32_t srs_id, unsigned char flags, const OGREnvelope* box) {
  out += "GP";
  out += '\0';
  out += static_cast<char>(flags);
  put(out, srs_id);
  if (box) {
    put(out, box->MinX);
    put(out, box->MaxX);
    put(out, box->MinY);
    put(out, box->MaxY);
  }
}

// A 2-D polygon's rings as WKB, with their envelope merged into `box`; false when a ring has no coordinate
// sequence or is empty (then the general path is taken).
bool put_polygon(std::string& out, GEOSContextHandle_t ctx, const GEOSGeometry* polygon, OGREnvelope& box,
                 std::vector<double>& xy) {
  const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
  if (holes < 0) return false;
  out += static_cast<char>(kLittleEndian);
  put(out, std::uint32_t{3});
  put(out, static_cast<std::uint32_t>(holes + 1));
  for (int r = -1; r < holes; ++r) {
    const GEOSGeometry* ring =
        r < 0 ? GEOSGetExteriorRing_r(ctx, polygon) : GEOSGetInteriorRingN_r(ctx, polygon, r);
    const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &n) || n == 0) return false;
    xy.resize(2 * std::size_t{n});
    if (!GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy.data(), 0, 0)) return false;
    put(out, static_cast<std::uint32_t>(n));
    const std::size_t at = out.size();
    out.resize(at + xy.size() * sizeof(double));
    std::memcpy(out.data() + at, xy.data(), xy.size() * sizeof(double));
    if (r < 0)  // the shell holds the holes
      for (std::size_t i = 0; i < n; ++i)
        box.Merge(xy[2 * i], xy[2 * i + 1]);
  }
  return true;
}

// The quick path: a non-empty 2-D polygon or multipolygon straight from GEOS's coordinates.
bool multipolygon_from_geos(const GEOSGeometry* g, std::int32_t srs_id, std::string& out, OGREnvelope& box) {
  GEOSContextHandle_t ctx = geom::context();
  const int type = GEOSGeomTypeId_r(ctx, g);
  if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) || GEOSisEmpty_r(ctx, g) != 0 ||
      GEOSHasZ_r(ctx, g) != 0)
    return false;
  const int parts = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(ctx, g);
  const OGREnvelope unknown;  // the header's envelope, written over once the shells have been read
  put_header(out, srs_id, kLittleEndian | kXYEnvelope, &unknown);
  out += static_cast<char>(kLittleEndian);
  put(out, std::uint32_t{6});
  put(out, static_cast<std::uint32_t>(parts));
  thread_local std::vector<double> xy;
  for (int i = 0; i < parts; ++i) {
    const GEOSGeometry* polygon = type == GEOS_POLYGON ? g : GEOSGetGeometryN_r(ctx, g, i);
    if (!polygon || GEOSisEmpty_r(ctx, polygon) != 0 || !put_polygon(out, ctx, polygon, box, xy)) {
      out.clear();
      return false;
    }
  }
  std::string header;
  put_header(header, srs_id, kLittleEndian | kXYEnvelope, &box);
  out.replace(0, header.size(), header);
  return true;
}

// Any other geometry through OGR, as GDAL's writer would take it: promoted to a multipolygon on a polygon
// layer, ISO WKB, no envelope for a point or an empty geometry.
std::string gpkg_from_ogr(const GEOSGeometry* g, GeometryKind kind, std::int32_t srs_id,
                          std::optional<OGREnvelope>& box) {
  std::unique_ptr<OGRGeometry> o(
      OGRGeometryFactory::createFromGEOS(geom::context(), const_cast<GEOSGeometry*>(g)));
  if (!o) throw Error(ErrorKind::internal, tr("cannot convert a GEOS geometry for the GeoPackage"));
  if (kind == GeometryKind::polygon) o.reset(OGRGeometryFactory::forceToMultiPolygon(o.release()));
  const bool empty = o->IsEmpty();
  const bool point = wkbFlatten(o->getGeometryType()) == wkbPoint;
  OGREnvelope e;
  if (!empty) {
    o->getEnvelope(&e);
    box = e;
  }
  std::string out;
  put_header(out, srs_id, kLittleEndian | (empty ? kEmpty : 0) | (empty || point ? 0 : kXYEnvelope),
             empty || point ? nullptr : &e);
  const std::size_t at = out.size();
  out.resize(at + o->WkbSize());
  o->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(out.data() + at), wkbVariantIso);
  return out;
}

const char* type_name(const Value& v) {
  switch (v.index()) {
    case 1:
      return "integer";
    case 2:
      return "real";
    default:
      return "text";
  }
}

// The GeoPackage schema extension (GeoPackage 1.2, F.9), as GDAL 3.7 creates it, with each field's Chinese
// alias as its name and title (QGIS shows them; GDAL 3.6 keeps aliases in memory only). An alias used twice
// in a table gets the field's name appended (the extension wants names unique per table).
void write_data_columns(SqliteConnection& db, const std::string& table,
                        const std::vector<FieldSpec>& fields) {
  ensure_gpkg_extensions(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
      "name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc "
      "PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name))",
      table);
  db.exec(
      "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT NULL, "
      "constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, "
      "max_is_inclusive BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, "
      "constraint_type, value))",
      table);
  for (const char* t : {"gpkg_data_columns", "gpkg_data_column_constraints"})
    db.exec(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) SELECT " +
            single_quoted(t) +
            ", NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write' WHERE "
            "NOT EXISTS (SELECT 1 FROM gpkg_extensions WHERE table_name = " +
            single_quoted(t) + " AND extension_name = 'gpkg_schema')",
        table);
  Stmt s = db.prepare(
      "INSERT OR IGNORE INTO gpkg_data_columns (table_name, column_name, name, title) VALUES (?1, ?2, ?3, "
      "?3)",
      table);
  std::set<std::string> used;
  for (const FieldSpec& f : fields) {
    if (f.alias_zh.empty()) continue;
    std::string alias = f.alias_zh;
    if (!used.insert(alias).second) alias += " (" + f.name + ")";
    sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s.get(), 2, f.name.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s.get(), 3, alias.c_str(), -1, SQLITE_TRANSIENT);
    db.run(s.get(), table);
  }
}

}  // namespace

std::string gpkg_geometry(const GEOSGeometry* g, GeometryKind kind, std::int32_t srs_id,
                          std::optional<OGREnvelope>& box) {
  box.reset();
  if (!g) return {};
  if (kind == GeometryKind::polygon) {
    std::string out;
    OGREnvelope e;
    if (multipolygon_from_geos(g, srs_id, out, e)) {
      box = e;
      return out;
    }
  }
  return gpkg_from_ogr(g, kind, srs_id, box);
}

Value opt(const std::optional<double>& v) {
  return v ? Value(*v) : Value();
}
Value opt(const std::optional<std::size_t>& v) {
  return v ? Value(static_cast<std::int64_t>(*v)) : Value();
}
Value text_or_null(const std::string& s) {
  return s.empty() ? Value() : Value(s);
}

io::DatasetPtr open_result_gpkg(const std::filesystem::path& gpkg) {
  io::init_gdal();
  io::GdalMessageCapture capture;
  io::DatasetPtr ds(GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds)
    throw Error(ErrorKind::output, trf("cannot read the GeoPackage back: {1}", capture.last_error()),
                {.file = gpkg.string()});
  return ds;
}

// The layer whose rows are being inserted: its INSERT statement, the types of its fields, and what is
// written into gpkg_contents and gpkg_ogr_contents when it ends.
struct LayerSink {
  std::string table;
  Stmt insert;
  bool has_geometry = false;
  std::vector<FieldType> types;
  std::string count_trigger;  ///< GDAL's feature-count trigger, dropped while the rows go in
  std::optional<OGREnvelope> extent;
};

GpkgWriter::GpkgWriter(const std::filesystem::path& file, const OGRSpatialReference& srs, bool background)
    : m_file(file), m_srs(io::make_srs(&srs)) {
  io::init_gdal();
  io::GdalMessageCapture capture;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  m_ds.reset(drv ? drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
  if (!m_ds)
    throw Error(ErrorKind::output, trf("cannot create the GeoPackage: {1}", capture.last_error()),
                {.file = file.string()});
  if (background) m_worker = std::thread([this] { worker_loop(); });
}

void GpkgWriter::worker_loop() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake_worker.wait(lock, [&] { return m_stop || !m_queue.empty(); });
    if (m_queue.empty()) break;  // stopped with nothing left
    Chunk chunk = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = true;
    lock.unlock();
    m_wake_caller.notify_all();  // room in the queue
    std::exception_ptr error;
    try {
      run(chunk);
    } catch (...) {
      error = std::current_exception();
    }
    chunk = {};
    lock.lock();
    m_busy = false;
    if (error && !m_error) {
      m_error = error;
      m_queue.clear();  // nothing after a failed row is written
    }
    m_wake_caller.notify_all();
  }
}

void GpkgWriter::run(Chunk& chunk) {
  if (!chunk.indexes.empty()) write_spatial_indexes(*m_db, chunk.indexes);
  for (Row& row : chunk.rows)
    insert(row);
}

void GpkgWriter::submit(Row row) {
  if (!m_worker.joinable()) {
    insert(row);
    return;
  }
  m_filling.rows.push_back(std::move(row));
  if (m_filling.rows.size() >= kChunk) hand_over();
}

void GpkgWriter::write_finished_indexes() {
  Chunk chunk;
  chunk.indexes = std::move(m_indexes);
  m_indexes.clear();
  if (chunk.indexes.empty()) return;
  if (!m_worker.joinable()) {
    run(chunk);
    return;
  }
  hand_over();  // nothing is pending here, but keep the order in any case
  m_filling = std::move(chunk);
  hand_over();
}

void GpkgWriter::hand_over() {
  if (m_filling.empty()) return;
  std::unique_lock lock(m_mutex);
  m_wake_caller.wait(lock, [&] { return m_error || m_queue.size() < kQueue; });
  if (m_error) std::rethrow_exception(m_error);
  m_queue.push_back(std::move(m_filling));
  m_filling = {};
  lock.unlock();
  m_wake_worker.notify_one();
}

void GpkgWriter::drain() {
  if (!m_worker.joinable()) return;
  hand_over();
  std::unique_lock lock(m_mutex);
  m_wake_caller.wait(lock, [&] { return m_queue.empty() && !m_busy; });
  if (m_error) std::rethrow_exception(m_error);
}

void GpkgWriter::stop_worker() noexcept {
  if (!m_worker.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_queue.clear();  // a failed run: what is still queued is dropped
    m_filling = {};
  }
  m_wake_worker.notify_one();
  m_worker.join();
}

GDALDataset* GpkgWriter::dataset() {
  end_layer();
  open_gdal();
  return m_ds.get();
}

GpkgWriter::~GpkgWriter() {
  stop_worker();
  // A failed run: the open transaction rolls back as the connection closes; GDAL closes quietly (the staging
  // folder is removed anyway).
  m_sink.reset();
  m_db.reset();
  io::GdalMessageCapture capture;
  m_current.reset();
  m_ds.reset();
}

void GpkgWriter::open_gdal() {
  if (m_ds) return;
  m_db.reset();
  io::GdalMessageCapture capture;
  const char* drivers[] = {"GPKG", nullptr};
  m_ds.reset(GDALDataset::Open(m_file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
  if (!m_ds)
    throw Error(ErrorKind::output, trf("cannot reopen the GeoPackage: {1}", capture.last_error()),
                {.file = m_file.string()});
}

void GpkgWriter::close_gdal() {
  if (!m_ds) return;
  io::GdalMessageCapture capture;
  m_ds.reset();
  for (const auto& m : capture.messages())
    if (m.level >= CE_Failure)
      throw Error(ErrorKind::output, trf("cannot finish the GeoPackage: {1}", m.text),
                  {.file = m_file.string()});
}

LayerWriter& GpkgWriter::layer(const std::string& name, GeometryKind kind,
                               const std::vector<FieldSpec>& fields, const std::string& identifier_zh,
                               const std::string& description) {
  end_layer();
  open_gdal();
  OGRLayer* l = nullptr;
  {
    io::GdalMessageCapture capture;
    const std::string identifier = "IDENTIFIER=" + identifier_zh;
    const std::string desc = "DESCRIPTION=" + description;
    // No spatial index from GDAL: close() writes them packed (out/gpkg_rtree.hpp).
    const char* options[] = {"SPATIAL_INDEX=NO", "FID=fid", identifier.c_str(), desc.c_str(), nullptr};
    const OGRwkbGeometryType type =
        kind == GeometryKind::polygon ? wkbMultiPolygon : (kind == GeometryKind::point ? wkbPoint : wkbNone);
    l = m_ds->CreateLayer(name.c_str(), kind == GeometryKind::none ? nullptr : m_srs.get(), type,
                          const_cast<char**>(options));
    if (!l)
      throw Error(ErrorKind::output, trf("cannot create layer: {1}", capture.last_error()),
                  {.file = m_file.string(), .layer = name});
    for (const auto& f : fields) {
      OGRFieldDefn fd(f.name.c_str(), f.type == FieldType::integer
                                          ? OFTInteger64
                                          : (f.type == FieldType::real ? OFTReal : OFTString));
      if (l->CreateField(&fd) != OGRERR_NONE)
        throw Error(ErrorKind::output, trf("cannot create field: {1}", capture.last_error()),
                    {.file = m_file.string(), .layer = name, .field = f.name});
    }
  }
  auto sink = std::make_unique<LayerSink>();
  sink->table = name;
  sink->has_geometry = kind != GeometryKind::none;
  const std::string fid_column = l->GetFIDColumn(),
                    geometry_column = sink->has_geometry ? l->GetGeometryColumn() : "";
  // GDAL writes the table, its gpkg_contents row and feature-count triggers as it closes.
  close_gdal();
  m_db = std::make_unique<SqliteConnection>(m_file);
  SqliteConnection& db = *m_db;
  const std::string table = single_quoted(name);
  if (sink->has_geometry) {
    const std::string id = db.text(
        "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(" + table + ")", name);
    if (id.empty())
      throw Error(ErrorKind::output, tr("GDAL did not register the layer's geometry column"),
                  {.file = m_file.string(), .layer = name});
    m_srs_id = static_cast<std::int32_t>(std::stol(id));
  }
  const std::string trigger = "trigger_insert_feature_count_" + name;
  sink->count_trigger = db.text(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = " + single_quoted(trigger), name);
  db.exec("BEGIN", name);
  write_data_columns(db, name, fields);
  if (!sink->count_trigger.empty()) db.exec("DROP TRIGGER " + sql_identifier(trigger), name);
  std::string columns = sql_identifier(fid_column), params = "?1";
  int n = 1;
  if (sink->has_geometry) {
    columns += ", " + sql_identifier(geometry_column);
    params += ", ?" + std::to_string(++n);
  }
  for (const auto& f : fields) {
    columns += ", " + sql_identifier(f.name);
    params += ", ?" + std::to_string(++n);
    sink->types.push_back(f.type);
  }
  sink->insert =
      db.prepare("INSERT INTO " + sql_identifier(name) + " (" + columns + ") VALUES (" + params + ")", name);
  const bool spatial = sink->has_geometry;
  m_sink = std::move(sink);
  // The previous layers' spatial indexes go in first, on the writing thread while this layer's rows are
  // built.
  write_finished_indexes();
  if (spatial) m_indexes.push_back({.table = name, .column = geometry_column, .fid_column = fid_column});
  m_current.reset(new LayerWriter(this, kind));
  return *m_current;
}

void GpkgWriter::insert(Row& row) {
  LayerSink& sink = *m_sink;
  sqlite3_stmt* s = sink.insert.get();
  int k = 1;
  sqlite3_bind_int64(s, k++, row.fid);
  if (sink.has_geometry) {
    if (row.geometry.empty())
      sqlite3_bind_null(s, k++);
    else
      sqlite3_bind_blob(s, k++, row.geometry.data(), static_cast<int>(row.geometry.size()), SQLITE_STATIC);
  }
  for (std::size_t i = 0; i < sink.types.size(); ++i, ++k) {
    const Value* v = i < row.values.size() ? &row.values[i] : nullptr;
    if (!v || std::holds_alternative<std::monostate>(*v)) {
      sqlite3_bind_null(s, k);
    } else if (sink.types[i] == FieldType::integer && std::holds_alternative<std::int64_t>(*v)) {
      sqlite3_bind_int64(s, k, std::get<std::int64_t>(*v));
    } else if (sink.types[i] == FieldType::real && std::holds_alternative<double>(*v)) {
      sqlite3_bind_double(s, k, std::get<double>(*v));  // NaN is stored as NULL, as GDAL stored it
    } else if (sink.types[i] == FieldType::real && std::holds_alternative<std::int64_t>(*v)) {
      sqlite3_bind_double(s, k, static_cast<double>(std::get<std::int64_t>(*v)));
    } else if (sink.types[i] == FieldType::text && std::holds_alternative<std::string>(*v)) {
      sqlite3_bind_text(s, k, std::get<std::string>(*v).c_str(), -1, SQLITE_STATIC);
    } else {
      throw Error(ErrorKind::internal, trf("a {1} value for a field of another type", type_name(*v)),
                  {.file = m_file.string(), .layer = sink.table, .fid = row.fid});
    }
  }
  if (sqlite3_step(s) != SQLITE_DONE) {
    sqlite3_reset(s);
    m_db->fail(trf("cannot write feature {1}", row.fid), sink.table);
  }
  sqlite3_reset(s);
}

void GpkgWriter::end_layer() {
  drain();
  const auto rows = static_cast<std::int64_t>(m_current ? m_current->count() : 0);
  m_current.reset();
  if (!m_sink) return;
  const std::unique_ptr<LayerSink> sink = std::move(m_sink);
  SqliteConnection& db = *m_db;
  const std::string& name = sink->table;
  sink->insert.reset();
  // What GDAL sets when it has written the rows itself: the extent of the non-empty geometries and the count.
  if (sink->extent) {
    Stmt s = db.prepare(
        "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4 WHERE "
        "lower(table_name) = lower(?5) AND lower(data_type) = 'features'",
        name);
    sqlite3_bind_double(s.get(), 1, sink->extent->MinX);
    sqlite3_bind_double(s.get(), 2, sink->extent->MinY);
    sqlite3_bind_double(s.get(), 3, sink->extent->MaxX);
    sqlite3_bind_double(s.get(), 4, sink->extent->MaxY);
    sqlite3_bind_text(s.get(), 5, name.c_str(), -1, SQLITE_STATIC);
    db.run(s.get(), name);
  }
  {
    Stmt s = db.prepare("UPDATE gpkg_ogr_contents SET feature_count = ?1 WHERE lower(table_name) = lower(?2)",
                        name);
    sqlite3_bind_int64(s.get(), 1, rows);
    sqlite3_bind_text(s.get(), 2, name.c_str(), -1, SQLITE_STATIC);
    db.run(s.get(), name);
  }
  if (!sink->count_trigger.empty()) db.exec(sink->count_trigger, name);
  db.exec("COMMIT", name);
}

void GpkgWriter::execute(const std::string& sql) {
  end_layer();
  open_gdal();
  io::GdalMessageCapture capture;
  OGRLayer* result = m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) m_ds->ReleaseResultSet(result);
  for (const auto& m : capture.messages())
    if (m.level >= CE_Failure)
      throw Error(ErrorKind::output, trf("SQL failed: {1}", m.text), {.file = m_file.string()});
}

void GpkgWriter::close() {
  end_layer();
  stop_worker();
  close_gdal();
  if (!m_db) m_db = std::make_unique<SqliteConnection>(m_file);
  m_db->exec("BEGIN", {});
  write_spatial_indexes(*m_db, m_indexes);
  m_db->exec("COMMIT", {});
  m_indexes.clear();
  m_db.reset();
}

void LayerWriter::write(std::string geometry, const OGREnvelope* box, std::vector<Value> values) {
  LayerSink& sink = *m_owner->m_sink;
  const auto fid = static_cast<std::int64_t>(++m_count);
  if (box) {  // as GDAL: the extent and the index (its insert trigger) take non-empty geometries
    if (sink.extent)
      sink.extent->Merge(*box);
    else
      sink.extent = *box;
    m_owner->m_indexes.back().entries.push_back(rtree_entry(fid, box->MinX, box->MaxX, box->MinY, box->MaxY));
  }
  m_owner->submit({.fid = fid, .geometry = std::move(geometry), .values = std::move(values)});
}

void LayerWriter::add(const GEOSGeometry* geometry, std::vector<Value> values) {
  std::optional<OGREnvelope> box;
  std::string blob =
      m_kind == GeometryKind::none ? std::string() : gpkg_geometry(geometry, m_kind, m_owner->m_srs_id, box);
  write(std::move(blob), box ? &*box : nullptr, std::move(values));
}

void LayerWriter::add_point(double x, double y, std::vector<Value> values) {
  std::string blob;
  put_header(blob, m_owner->m_srs_id, kLittleEndian, nullptr);
  blob += static_cast<char>(kLittleEndian);
  put(blob, std::uint32_t{1});
  put(blob, x);
  put(blob, y);
  OGREnvelope box;
  box.Merge(x, y);
  write(std::move(blob), &box, std::move(values));
}

}  // namespace landrenew::out
