#include "landrenew/out/gpkg.hpp"

#include <ogr_geometry.h>

#include "landrenew/error.hpp"

namespace landrenew::out {

namespace {
constexpr std::size_t kBatch = 50000;  // features per transaction
constexpr std::size_t kChunk = 1024;   // features handed to the writing thread at once
constexpr std::size_t kQueue = 4;      // chunks waiting for the writing thread at most
}  // namespace

Value opt(const std::optional<double>& v) {
  return v ? Value(*v) : Value();
}
Value opt(const std::optional<std::size_t>& v) {
  return v ? Value(static_cast<std::int64_t>(*v)) : Value();
}
Value text_or_null(const std::string& s) {
  return s.empty() ? Value() : Value(s);
}

void set_field(OGRFeature& f, int index, const Value& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          f.SetFieldNull(index);
        else if constexpr (std::is_same_v<T, std::int64_t>)
          f.SetField(index, static_cast<GIntBig>(x));
        else if constexpr (std::is_same_v<T, double>)
          f.SetField(index, x);
        else
          f.SetField(index, x.c_str());
      },
      v);
}

io::DatasetPtr open_result_gpkg(const std::filesystem::path& gpkg) {
  io::init_gdal();
  io::GdalMessageCapture capture;
  io::DatasetPtr ds(GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds)
    throw Error(ErrorKind::output, "cannot read the GeoPackage back: " + capture.last_error(),
                {.file = gpkg.string()});
  return ds;
}

GpkgWriter::GpkgWriter(const std::filesystem::path& file, const OGRSpatialReference& srs, bool background)
    : m_file(file), m_srs(io::make_srs(&srs)) {
  io::init_gdal();
  io::GdalMessageCapture capture;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  m_ds.reset(drv ? drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
  if (!m_ds)
    throw Error(ErrorKind::output, "cannot create the GeoPackage: " + capture.last_error(),
                {.file = file.string()});
  if (background) {
    // The GeoPackage records "last change" times from OGR_CURRENT_DATE, a thread-local setting here.
    if (const char* date = CPLGetConfigOption("OGR_CURRENT_DATE", nullptr)) m_current_date = date;
    m_worker = std::thread([this] { worker_loop(); });
  }
}

void GpkgWriter::worker_loop() {
  if (!m_current_date.empty()) CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", m_current_date.c_str());
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake_worker.wait(lock, [&] { return m_stop || !m_queue.empty(); });
    if (m_queue.empty()) break;  // stopped with nothing left
    std::vector<Job> chunk = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = true;
    lock.unlock();
    m_wake_caller.notify_all();  // room in the queue
    std::exception_ptr error;
    try {
      for (Job& job : chunk)
        insert(job.layer, *job.feature);
    } catch (...) {
      error = std::current_exception();
    }
    chunk.clear();
    lock.lock();
    m_busy = false;
    if (error && !m_error) {
      m_error = error;
      m_queue.clear();  // nothing after a failed feature is written
    }
    m_wake_caller.notify_all();
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
}

void GpkgWriter::submit(OGRLayer* layer, io::FeaturePtr f) {
  if (!m_worker.joinable()) {
    insert(layer, *f);
    return;
  }
  m_filling.push_back({layer, std::move(f)});
  if (m_filling.size() >= kChunk) hand_over();
}

void GpkgWriter::hand_over() {
  if (m_filling.empty()) return;
  std::unique_lock lock(m_mutex);
  m_wake_caller.wait(lock, [&] { return m_error || m_queue.size() < kQueue; });
  if (m_error) std::rethrow_exception(m_error);
  m_queue.push_back(std::move(m_filling));
  m_filling.clear();
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
    m_filling.clear();
  }
  m_wake_worker.notify_one();
  m_worker.join();
}

GDALDataset* GpkgWriter::dataset() {
  drain();
  return m_ds.get();
}

GpkgWriter::~GpkgWriter() {
  stop_worker();
  if (m_ds) {
    io::GdalMessageCapture capture;  // a failed run: close quietly; the staging folder is removed anyway
    if (m_in_transaction) m_ds->RollbackTransaction();
    m_current.reset();
    m_ds.reset();
  }
}

LayerWriter& GpkgWriter::layer(const std::string& name, GeometryKind kind,
                               const std::vector<FieldSpec>& fields, const std::string& identifier_zh,
                               const std::string& description) {
  end_layer();
  io::GdalMessageCapture capture;
  const std::string identifier = "IDENTIFIER=" + identifier_zh;
  const std::string desc = "DESCRIPTION=" + description;
  // No spatial index from GDAL: it would insert every box through SQLite's R-tree module one at a time;
  // close() writes them packed (out/gpkg_rtree.hpp).
  const char* options[] = {"SPATIAL_INDEX=NO", "FID=fid", identifier.c_str(), desc.c_str(), nullptr};
  const OGRwkbGeometryType type =
      kind == GeometryKind::polygon ? wkbMultiPolygon : (kind == GeometryKind::point ? wkbPoint : wkbNone);
  OGRLayer* l = m_ds->CreateLayer(name.c_str(), kind == GeometryKind::none ? nullptr : m_srs.get(), type,
                                  const_cast<char**>(options));
  if (!l)
    throw Error(ErrorKind::output, "cannot create layer: " + capture.last_error(),
                {.file = m_file.string(), .layer = name});
  for (const auto& f : fields) {
    OGRFieldDefn fd(f.name.c_str(), f.type == FieldType::integer
                                        ? OFTInteger64
                                        : (f.type == FieldType::real ? OFTReal : OFTString));
    if (!f.alias_zh.empty()) fd.SetAlternativeName(f.alias_zh.c_str());
    if (l->CreateField(&fd) != OGRERR_NONE)
      throw Error(ErrorKind::output, "cannot create field: " + capture.last_error(),
                  {.file = m_file.string(), .layer = name, .field = f.name});
  }
  m_indexing = kind != GeometryKind::none;
  if (m_indexing)
    m_indexes.push_back({.table = name, .column = l->GetGeometryColumn(), .fid_column = l->GetFIDColumn()});
  m_current.reset(new LayerWriter(this, l, kind, fields.size()));
  return *m_current;
}

void GpkgWriter::maybe_commit() {
  if (m_in_transaction == 0) {
    if (m_ds->StartTransaction() != OGRERR_NONE)
      throw Error(ErrorKind::output, "cannot start a transaction", {.file = m_file.string()});
  }
  if (++m_in_transaction >= kBatch) {
    if (m_ds->CommitTransaction() != OGRERR_NONE)
      throw Error(ErrorKind::output, "cannot commit", {.file = m_file.string()});
    m_in_transaction = 0;
  }
}

void GpkgWriter::end_layer() {
  drain();
  if (m_in_transaction) {
    if (m_ds->CommitTransaction() != OGRERR_NONE)
      throw Error(ErrorKind::output, "cannot commit", {.file = m_file.string()});
    m_in_transaction = 0;
  }
  m_current.reset();
}

void GpkgWriter::execute(const std::string& sql) {
  end_layer();
  io::GdalMessageCapture capture;
  OGRLayer* result = m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) m_ds->ReleaseResultSet(result);
  for (const auto& m : capture.messages())
    if (m.level >= CE_Failure)
      throw Error(ErrorKind::output, "SQL failed: " + m.text, {.file = m_file.string()});
}

void GpkgWriter::close() {
  end_layer();
  stop_worker();
  {
    io::GdalMessageCapture capture;
    m_ds.reset();
    for (const auto& m : capture.messages())
      if (m.level >= CE_Failure)
        throw Error(ErrorKind::output, "cannot finish the GeoPackage: " + m.text, {.file = m_file.string()});
  }
  write_spatial_indexes(m_file, m_indexes);
  m_indexes.clear();
}

void LayerWriter::write(io::FeaturePtr f, const std::vector<Value>& values) {
  for (std::size_t i = 0; i < values.size() && i < m_fields; ++i)
    set_field(*f, static_cast<int>(i), values[i]);
  m_owner->submit(m_layer, std::move(f));
  ++m_count;
}

void GpkgWriter::insert(OGRLayer* layer, OGRFeature& f) {
  maybe_commit();
  io::GdalMessageCapture capture;
  if (layer->CreateFeature(&f) != OGRERR_NONE)
    throw Error(ErrorKind::output, "cannot write a feature: " + capture.last_error(),
                {.file = m_file.string(), .layer = layer->GetName()});
  const OGRGeometry* g = f.GetGeometryRef();
  if (m_indexing && g &&
      !g->IsEmpty()) {  // as the GeoPackage's insert trigger: boxes of non-empty geometries
    OGREnvelope e;
    g->getEnvelope(&e);
    m_indexes.back().entries.push_back(rtree_entry(f.GetFID(), e.MinX, e.MaxX, e.MinY, e.MaxY));
  }
}

void LayerWriter::add(const GEOSGeometry* geometry, const std::vector<Value>& values) {
  io::FeaturePtr f(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
  if (geometry && m_kind != GeometryKind::none) {
    OGRGeometry* g = OGRGeometryFactory::createFromGEOS(geom::context(), const_cast<GEOSGeometry*>(geometry));
    if (g && m_kind == GeometryKind::polygon) g = OGRGeometryFactory::forceToMultiPolygon(g);
    f->SetGeometryDirectly(g);
  }
  write(std::move(f), values);
}

void LayerWriter::add_point(double x, double y, const std::vector<Value>& values) {
  io::FeaturePtr f(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
  f->SetGeometryDirectly(new OGRPoint(x, y));
  write(std::move(f), values);
}

}  // namespace landrenew::out
