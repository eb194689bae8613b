// Reading one OUT_DIR for `landrenew diff`: manifest.json, summary.json and the parcels, freed and renewal
// layers of landrenew.gpkg, exactly as src/out/ writes them.
#include <fstream>
#include <functional>

#include "landrenew/audit/diff.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/outputs.hpp"

namespace landrenew::diff {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::string_view kFiles[] = {out::file::gpkg, out::file::summary, out::file::manifest};

json read_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::input_open, tr("cannot read the file"), {.file = file.string()});
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error(ErrorKind::input_open, trf("not JSON: {1}", std::string_view(e.what())),
                {.file = file.string()});
  }
}

// Typed access to the keys landrenew writes; a missing key or a wrong type is Error(input_data).
class JsonFile {
 public:
  JsonFile(const fs::path& file) : m_file(file.string()), m_root(read_json(file)) {}

  const json& at(const std::string& dotted) const {
    const json* j = &m_root;
    std::size_t start = 0;
    while (start <= dotted.size()) {
      const std::size_t dot = dotted.find('.', start);
      const std::string key =
          dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!j->is_object() || !j->contains(key)) fail(dotted, tr("is missing"));
      j = &(*j)[key];
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return *j;
  }
  bool has(const std::string& dotted) const {
    try {
      at(dotted);
      return true;
    } catch (const Error&) {
      return false;
    }
  }
  double number(const std::string& key) const { return number(at(key), key); }
  double number(const json& j, const std::string& key) const {
    if (!j.is_number()) fail(key, tr("is not a number"));
    return j.get<double>();
  }
  std::optional<double> number_or_null(const json& j, const std::string& key) const {
    if (j.is_null()) return std::nullopt;
    return number(j, key);
  }
  std::size_t count(const std::string& key) const {
    const json& j = at(key);
    if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0))
      fail(key, tr("is not a count"));
    return j.get<std::size_t>();
  }
  std::string text(const std::string& key) const { return text(at(key), key); }
  std::string text(const json& j, const std::string& key) const {
    if (!j.is_string()) fail(key, tr("is not text"));
    return j.get<std::string>();
  }
  std::string text_or_empty(const std::string& key) const { return has(key) ? text(key) : std::string(); }
  std::map<std::string, double> numbers(const std::string& key) const {
    std::map<std::string, double> out;
    const json& j = at(key);
    if (!j.is_object()) fail(key, tr("is not an object"));
    for (const auto& [k, v] : j.items())
      out[k] = number(v, key + "." + k);
    return out;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw Error(ErrorKind::input_data, trf("key '{1}' {2} (not written by this landrenew?)", key, what),
                {.file = m_file});
  }

 private:
  std::string m_file;
  json m_root;
};

void read_manifest(const fs::path& file, RunOutput& r) {
  const JsonFile m(file);
  r.tool_version = m.text("tool.version");
  r.started_utc = m.text_or_empty("started_utc");
  r.as_of = m.text("as_of.date");
  r.project_name = m.text_or_empty("project.name");
  r.project_sha256 = m.text_or_empty("project.sha256");
  r.profile_name = m.text("profile.name");
  r.profile_version = m.text_or_empty("profile.version");
  r.profile_sha256 = m.text("profile.sha256");
  const json& inputs = m.at("inputs");
  if (!inputs.is_array()) m.fail("inputs", tr("is not a list"));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string where = "inputs[" + std::to_string(i) + "]";
    const std::string layer = m.text(inputs[i].value("layer", json()), where + ".layer");
    const json files = inputs[i].value("files", json::array());
    for (const auto& f : files) {
      InputFile in;
      in.layer = layer;
      in.path = m.text(f.value("path", json()), where + ".files.path");
      in.sha256 = m.text(f.value("sha256", json()), where + ".files.sha256");
      in.size = f.value("size", std::uint64_t{0});
      r.inputs.push_back(std::move(in));
    }
  }
}

void read_summary(const fs::path& file, RunOutput& r) {
  const JsonFile s(file);
  r.industrial_parcels = s.count("industrial.parcels");
  r.industrial_mu = s.number("industrial.mu");
  r.low_parcels = s.count("low_efficiency.parcels");
  r.low_mu = s.number("low_efficiency.mu");
  const json& by = s.at("low_efficiency.by_criterion");
  if (!by.is_object()) s.fail("low_efficiency.by_criterion", tr("is not an object"));
  for (const auto& [c, v] : by.items()) {
    const std::string key = "low_efficiency.by_criterion." + c;
    r.low_by_criterion[c] = {s.count(key + ".parcels"), s.number(key + ".mu")};
  }
  r.freed_mu = s.number("freed.mu");
  r.goal_mu = s.number("freed.goal_mu");
  r.records_counted = s.count("freed.records_counted");
  r.freed_by_year = s.numbers("freed.by_year");
  r.freed_by_district = s.numbers("freed.by_district");
  r.freed_by_mode = s.numbers("freed.by_mode");
  const json& parks = s.at("parks");
  if (!parks.is_array()) s.fail("parks", tr("is not a list"));
  for (std::size_t i = 0; i < parks.size(); ++i) {
    const std::string where = "parks[" + std::to_string(i) + "]";
    const json& p = parks[i];
    OutputPark park;
    park.id = s.text(p.value("id", json()), where + ".id");
    park.name = p.value("name", std::string());
    park.far_before = s.number_or_null(p.value("far_before", json()), where + ".far_before");
    park.far_after = s.number_or_null(p.value("far_after", json()), where + ".far_after");
    park.uplift = s.number_or_null(p.value("uplift", json()), where + ".uplift");
    park.meets_target = p.value("meets_target", false);
    r.parks.push_back(std::move(park));
  }
}

// One layer of landrenew.gpkg, read field by field by name.
class LayerReader {
 public:
  LayerReader(OGRLayer* layer, std::string file) : m_layer(layer), m_file(std::move(file)) {}

  int field(const char* name) const {
    const int i = m_layer->GetLayerDefn()->GetFieldIndex(name);
    if (i < 0)
      throw Error(ErrorKind::input_data, trf("no field '{1}' (not written by this landrenew?)", name),
                  {.file = m_file, .layer = m_layer->GetName()});
    return i;
  }
  void each(const std::function<void(OGRFeature&)>& f) {
    m_layer->ResetReading();
    for (io::FeaturePtr feat(m_layer->GetNextFeature()); feat; feat.reset(m_layer->GetNextFeature()))
      f(*feat);
  }
  OGRLayer* layer() const noexcept { return m_layer; }

  static std::string text(const OGRFeature& f, int i) {
    return f.IsFieldSetAndNotNull(i) ? std::string(trim(f.GetFieldAsString(i))) : std::string();
  }
  static std::int64_t integer(const OGRFeature& f, int i) {
    return f.IsFieldSetAndNotNull(i) ? f.GetFieldAsInteger64(i) : 0;
  }
  static double real(const OGRFeature& f, int i) {
    return f.IsFieldSetAndNotNull(i) ? f.GetFieldAsDouble(i) : 0.0;
  }

 private:
  OGRLayer* m_layer;
  std::string m_file;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    const std::string part(trim(std::string_view(s).substr(start, end - start)));
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

void read_parcels(OGRLayer* layer, const std::string& file, RunOutput& r) {
  LayerReader l(layer, file);
  const int fid = l.field("source_fid"), id = l.field("parcel_id"), ind = l.field("industrial"),
            low = l.field("low_efficiency"), crit = l.field("criteria");
  layer->SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
  l.each([&](OGRFeature& f) {
    OutputParcel p;
    p.source_fid = LayerReader::integer(f, fid);
    p.parcel_id = LayerReader::text(f, id);
    p.industrial = LayerReader::integer(f, ind) != 0;
    p.low_efficiency = LayerReader::integer(f, low) != 0;
    p.criteria = split(LayerReader::text(f, crit), ',');
    r.parcels.push_back(std::move(p));
  });
}

void read_pieces(OGRLayer* layer, const std::string& file, RunOutput& r) {
  LayerReader l(layer, file);
  const int rec = l.field("record_id"), recs = l.field("records"), completed = l.field("completed"),
            year = l.field("year"), mode = l.field("mode");
  l.each([&](OGRFeature& f) {
    OutputPiece p;
    p.record_id = LayerReader::text(f, rec);
    p.records = split(LayerReader::text(f, recs), ';');
    p.completed = LayerReader::text(f, completed);
    p.year = static_cast<int>(LayerReader::integer(f, year));
    p.mode = LayerReader::text(f, mode);
    if (const OGRGeometry* g = f.GetGeometryRef()) p.geometry = geom::from_ogr(*g);
    if (!p.geometry)
      throw Error(ErrorKind::input_data, tr("a freed piece has no usable geometry"),
                  {.file = file, .layer = "freed", .fid = f.GetFID()});
    p.area_m2 = geom::area(p.geometry.get());
    p.wkb = geom::normalised_wkb(p.geometry.get());
    r.pieces.push_back(std::move(p));
  });
}

void read_records(OGRLayer* layer, const std::string& file, RunOutput& r) {
  LayerReader l(layer, file);
  const int fid = l.field("source_fid"), id = l.field("record_id"), mode = l.field("mode"),
            date = l.field("date"), raw = l.field("completion_date"), status = l.field("status"),
            counted = l.field("counted"), reason = l.field("reason"), ind = l.field("industrial_mu"),
            freed = l.field("freed_mu");
  layer->SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
  l.each([&](OGRFeature& f) {
    OutputRecord o;
    o.source_fid = LayerReader::integer(f, fid);
    o.record_id = LayerReader::text(f, id);
    o.mode = LayerReader::text(f, mode);
    o.date = LayerReader::text(f, date);
    // A date that did not parse is compared as the register wrote it.
    if (o.date.empty()) o.date = LayerReader::text(f, raw);
    o.status = LayerReader::text(f, status);
    o.counted = LayerReader::integer(f, counted) != 0;
    o.reason = LayerReader::text(f, reason);
    o.industrial_mu = LayerReader::real(f, ind);
    o.freed_mu = LayerReader::real(f, freed);
    r.records.push_back(std::move(o));
  });
}

}  // namespace

RunOutput read_run_output(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec))
    throw Error(ErrorKind::input_open, tr("output folder not found"), {.file = dir.string()});
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorKind::input_open, tr("is not a folder (give the OUT_DIR of a landrenew run)"),
                {.file = dir.string()});
  for (std::string_view f : kFiles)
    if (!fs::is_regular_file(dir / f, ec))
      throw Error(ErrorKind::input_open, trf("not a landrenew output folder: {1} is missing", f),
                  {.file = dir.string()});

  RunOutput r;
  r.dir = dir;
  for (const auto& [name, read] :
       {std::pair{out::file::manifest, &read_manifest}, std::pair{out::file::summary, &read_summary}}) {
    try {
      read(dir / name, r);
    } catch (const json::exception& e) {  // a value of another shape than landrenew writes
      throw Error(ErrorKind::input_data, trf("not as landrenew writes it: {1}", std::string_view(e.what())),
                  {.file = (dir / name).string()});
    }
  }

  io::init_gdal();
  const std::string file = (dir / out::file::gpkg).string();
  io::GdalMessageCapture messages;
  const char* const drivers[] = {"GPKG", nullptr};
  io::DatasetPtr ds(GDALDataset::FromHandle(
      GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
  if (!ds) {
    const std::string why = messages.joined();
    throw Error(ErrorKind::input_open,
                why.empty() ? std::string(tr("cannot open as a GeoPackage"))
                            : trf("cannot open as a GeoPackage: {1}", why),
                {.file = file});
  }
  OGRLayer* parcels = ds->GetLayerByName("parcels");
  if (!parcels)
    throw Error(ErrorKind::input_data, tr("no 'parcels' layer (not written by landrenew run?)"),
                {.file = file});
  read_parcels(parcels, file, r);
  OGRLayer* renewal = ds->GetLayerByName("renewal");
  OGRLayer* freed = ds->GetLayerByName("freed");
  if (renewal && freed) {
    r.has_renewal = true;
    read_pieces(freed, file, r);
    read_records(renewal, file, r);
  } else if (renewal || freed) {
    throw Error(ErrorKind::input_data,
                renewal ? tr("has a 'renewal' layer without the 'freed' layer")
                        : tr("has a 'freed' layer without the 'renewal' layer"),
                {.file = file});
  }
  return r;
}

}  // namespace landrenew::diff
