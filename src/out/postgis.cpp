#include "landrenew/out/postgis.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include <cpl_string.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/io/source.hpp"

namespace landrenew::out {
namespace fs = std::filesystem;

namespace {

// PostgreSQL keeps the first NAMEDATALEN-1 bytes of an identifier and drops the rest with a NOTICE; GDAL would
// still look the tables up under the full name.
constexpr std::size_t kMaxIdentifierBytes = 63;

// GDAL's PostgreSQL messages span lines ("ERROR:  ...\n") and may quote the connection string: made one line,
// with any password redacted.
std::string redacted(const std::string& text) {
  std::string line;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !line.empty();
      continue;
    }
    if (space) line += ' ';
    space = false;
    line += c;
  }
  return io::redact_connection(line);
}

class Session {
 public:
  explicit Session(const PostgisTarget& target)
      : m_target(target), m_where(io::redact_connection(target.connection)) {}

  [[noreturn]] void fail(const std::string& what, const std::string& why = {}) const {
    throw Error(ErrorKind::output,
                why.empty() ? trf("PostGIS output, schema {1}: {2}", quote_identifier(m_target.schema), what)
                            : trf("PostGIS output, schema {1}: {2}: {3}", quote_identifier(m_target.schema),
                                  what, redacted(why)),
                {.file = m_where});
  }

  // The failure-level messages GDAL raised since the last clear(), or "" when there were none.
  std::string failures() const {
    std::string out;
    for (const auto& m : m_capture.messages())
      if (const std::string text = redacted(m.text);
          m.level >= CE_Failure && !text.empty() && out.find(text) == std::string::npos)
        out += (out.empty() ? "" : "; ") + text;
    return out;
  }
  void clear() { m_capture.clear(); }

  void open(bool update) {
    io::init_gdal();
    const char* const drivers[] = {"PostgreSQL", nullptr};
    GDALDatasetH h = GDALOpenEx(m_target.connection.c_str(),
                                GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY), drivers,
                                nullptr, nullptr);
    if (!h) {
      const std::string why = failures();
      fail(tr("cannot connect to the database"), why.empty() ? m_capture.last_error() : why);
    }
    m_ds.reset(GDALDataset::FromHandle(h));
    // Without PostGIS, GDAL would write the geometries as plain bytea columns: refuse instead.
    if (!query_one("SELECT extversion FROM pg_extension WHERE extname = 'postgis'",
                   tr("cannot query the database")))
      fail(tr("the database has no PostGIS extension (CREATE EXTENSION postgis)"));
  }

  GDALDataset& ds() { return *m_ds; }

  // The first column of the first row of a query, if there is one.
  std::optional<std::string> query_one(const std::string& sql, const std::string& what) {
    clear();
    OGRLayer* r = m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    std::optional<std::string> value;
    if (r) {
      r->ResetReading();
      if (io::FeaturePtr f{r->GetNextFeature()}; f && f->IsFieldSetAndNotNull(0)) value = f->GetFieldAsString(0);
      m_ds->ReleaseResultSet(r);
    }
    if (const std::string why = failures(); !why.empty()) fail(what, why);
    return value;
  }

  void execute(const std::string& sql, const std::string& what) {
    clear();
    OGRLayer* r = m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (r) m_ds->ReleaseResultSet(r);
    if (const std::string why = failures(); !why.empty()) fail(what, why);
  }

 private:
  const PostgisTarget& m_target;
  std::string m_where;
  io::GdalMessageCapture m_capture;  // declared before the dataset: alive while it closes
  io::DatasetPtr m_ds;
};

// A double as the shortest text that reads back as the same double. GDAL 3.6's PostgreSQL driver writes real
// fields with 15 significant digits (7244.0177058076415 arrives as 7244.01770580764), so real columns are
// declared float8 (COLUMN_TYPES) but handed to GDAL as this text, which PostgreSQL parses exactly.
std::string exact_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// One layer of the GeoPackage into the open transaction; returns the number of features copied.
std::int64_t copy_layer(Session& s, OGRLayer& src, const std::string& schema) {
  const std::string name = src.GetName();
  OGRFeatureDefn* sdefn = src.GetLayerDefn();
  CPLStringList options;
  options.SetNameValue("SCHEMA", schema.c_str());
  options.SetNameValue("OVERWRITE", "YES");
  options.SetNameValue("GEOMETRY_NAME", "geom");
  options.SetNameValue("SPATIAL_INDEX", "GIST");
  options.SetNameValue("FID", "fid");
  options.SetNameValue("PRECISION", "NO");
  options.SetNameValue("LAUNDER", "NO");
  // The layer's Chinese name (GeoPackage identifier) becomes the table's comment.
  if (const char* identifier = src.GetMetadataItem("IDENTIFIER"); identifier && *identifier)
    options.SetNameValue("DESCRIPTION", identifier);
  // Real fields travel as exact text into float8 columns (exact_text); a name GDAL's list syntax cannot
  // carry keeps GDAL's own (15-digit) formatting.
  std::vector<bool> as_text(static_cast<std::size_t>(sdefn->GetFieldCount()), false);
  std::string column_types;
  for (int i = 0; i < sdefn->GetFieldCount(); ++i) {
    const OGRFieldDefn* field = sdefn->GetFieldDefn(i);
    const std::string_view fname = field->GetNameRef();
    if (field->GetType() != OFTReal || field->GetSubType() == OFSTFloat32 ||
        fname.find_first_of(",=\"' ") != std::string_view::npos)
      continue;
    as_text[static_cast<std::size_t>(i)] = true;
    column_types += (column_types.empty() ? "" : ",") + std::string(fname) + "=float8";
  }
  if (!column_types.empty()) options.SetNameValue("COLUMN_TYPES", column_types.c_str());

  s.clear();
  OGRLayer* dst = s.ds().CreateLayer(name.c_str(), src.GetSpatialRef(), sdefn->GetGeomType(), options.List());
  if (!dst) s.fail(trf("cannot create table {1}", quote_identifier(name)), s.failures());

  std::vector<int> map(static_cast<std::size_t>(sdefn->GetFieldCount()), -1);
  for (int i = 0; i < sdefn->GetFieldCount(); ++i) {
    OGRFieldDefn field(sdefn->GetFieldDefn(i));
    if (as_text[static_cast<std::size_t>(i)]) {
      field.SetSubType(OFSTNone);
      field.SetType(OFTString);
    }
    if (dst->CreateField(&field, FALSE) != OGRERR_NONE)
      s.fail(trf("table {1}: cannot create column {2}", quote_identifier(name),
                 quote_identifier(field.GetNameRef())),
             s.failures());
    map[static_cast<std::size_t>(i)] = dst->GetLayerDefn()->GetFieldIndex(field.GetNameRef());
    if (map[static_cast<std::size_t>(i)] < 0)
      s.fail(trf("table {1}: column {2} was not created as named", quote_identifier(name),
                 quote_identifier(field.GetNameRef())));
  }
  if (const std::string why = s.failures(); !why.empty())
    s.fail(trf("cannot create table {1}", quote_identifier(name)), why);

  std::int64_t count = 0;
  src.ResetReading();
  for (io::FeaturePtr f{src.GetNextFeature()}; f; f.reset(src.GetNextFeature())) {
    io::FeaturePtr out{OGRFeature::CreateFeature(dst->GetLayerDefn())};
    bool ok = out->SetFrom(f.get(), map.data(), TRUE) == OGRERR_NONE;
    for (std::size_t i = 0; ok && i < as_text.size(); ++i)
      if (as_text[i] && f->IsFieldSetAndNotNull(static_cast<int>(i)))
        out->SetField(map[i], exact_text(f->GetFieldAsDouble(static_cast<int>(i))).c_str());
    ok = ok && out->SetFID(f->GetFID()) == OGRERR_NONE &&  // the GeoPackage's FID, kept in column fid
         dst->CreateFeature(out.get()) == OGRERR_NONE;
    if (!ok)
      s.fail(trf("table {1}: cannot write feature {2}", quote_identifier(name), f->GetFID()), s.failures());
    ++count;
  }
  // Ends the COPY and runs what GDAL defers (table creation for an empty layer, the spatial index).
  if (dst->SyncToDisk() != OGRERR_NONE)
    s.fail(trf("table {1}: cannot finish", quote_identifier(name)), s.failures());
  if (const std::string why = s.failures(); !why.empty())
    s.fail(trf("table {1}", quote_identifier(name)), why);
  return count;
}

}  // namespace

std::string quote_literal(std::string_view text) {
  std::string out = "E'";  // the escape form: the same meaning whatever standard_conforming_strings says
  for (const char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

std::string quote_identifier(std::string_view name) {
  return sql_identifier(name);
}

void check_postgis_target(const PostgisTarget& target) {
  if (target.connection.rfind("PG:", 0) != 0)
    throw Error(
        ErrorKind::usage,
        tr("--pg-output: a PostgreSQL connection starting with PG: is needed (PG:\"dbname=... host=...\"); "
           "nothing else is accepted"));
  // libpq also takes URIs (postgresql://user:password@host/db): refused as for inputs (io::check_path_allowed),
  // and so that a password in one cannot be printed unredacted.
  if (target.connection.find("://") != std::string::npos)
    throw Error(
        ErrorKind::usage,
        tr("--pg-output: give the connection as key=value pairs (PG:\"dbname=... host=... user=...\"), "
           "not as a URI"));
  if (target.schema.empty()) throw Error(ErrorKind::usage, tr("--pg-schema: the schema name is empty"));
  if (target.schema.find('\0') != std::string::npos)
    throw Error(ErrorKind::usage, tr("--pg-schema: the schema name holds a NUL byte"));
  if (target.schema.size() > kMaxIdentifierBytes)
    throw Error(ErrorKind::usage, trf("--pg-schema: the schema name is longer than PostgreSQL's {1} bytes",
                                      kMaxIdentifierBytes));
}

void probe_postgis_target(const PostgisTarget& target) {
  check_postgis_target(target);
  Session s(target);
  s.open(false);
}

std::vector<PostgisLayerCount> write_postgis(const fs::path& gpkg, const PostgisTarget& target) {
  check_postgis_target(target);
  io::init_gdal();
  std::vector<PostgisLayerCount> written;

  io::DatasetPtr src;
  {
    io::GdalMessageCapture capture;
    const char* const drivers[] = {"GPKG", nullptr};
    src.reset(GDALDataset::FromHandle(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                                 nullptr, nullptr)));
    if (!src)
      throw Error(ErrorKind::output, trf("cannot open it to copy it into PostGIS: {1}", capture.last_error()),
                  {.file = gpkg.string()});
  }

  Session s(target);
  s.open(true);
  // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database even when the schema exists: a
  // schema the database's owner made for landrenew's role is written into without it.
  const bool exists =
      s.query_one("SELECT 1 FROM pg_namespace WHERE nspname = " + quote_literal(target.schema),
                  tr("cannot query the database"))
          .has_value();
  s.clear();
  if (s.ds().StartTransaction(FALSE) != OGRERR_NONE) s.fail(tr("cannot start a transaction"), s.failures());
  try {
    if (!exists)
      s.execute("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(target.schema),
                tr("cannot create the schema"));
    for (int i = 0; i < src->GetLayerCount(); ++i) {
      OGRLayer* layer = src->GetLayer(i);
      if (!layer || std::strcmp(layer->GetName(), "layer_styles") == 0) continue;
      written.push_back({layer->GetName(), copy_layer(s, *layer, target.schema)});
    }
    s.clear();
    if (s.ds().CommitTransaction() != OGRERR_NONE) s.fail(tr("cannot commit"), s.failures());
  } catch (...) {
    io::GdalMessageCapture quiet;  // the rollback's own messages add nothing to the first failure
    s.ds().RollbackTransaction();
    throw;
  }
  return written;
}

}  // namespace landrenew::out
