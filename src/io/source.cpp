#include "landrenew/io/source.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <cpl_vsi.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"

namespace landrenew::io {
namespace fs = std::filesystem;

const std::vector<std::string>& allowed_drivers(SourceRole role) {
  // The vector formats a bureau uses (issue 2); FileGDB is ESRI's SDK driver, absent from Debian's GDAL,
  // so File Geodatabases are read by OpenFileGDB. A table may also be a GeoPackage table or a bare .dbf.
  static const std::vector<std::string> polygons = {"ESRI Shapefile", "GPKG",    "GeoJSON",   "FlatGeobuf",
                                                    "OpenFileGDB",    "FileGDB", "PostgreSQL"};
  // XLS (Excel 97–2003, from 经信 and 统计 offices) and ODS are in Debian's GDAL (DOMAIN.md §12).
  static const std::vector<std::string> tables = {"CSV",  "XLSX",           "ODS",       "XLS",
                                                  "GPKG", "ESRI Shapefile", "PostgreSQL"};
  return role == SourceRole::polygons ? polygons : tables;
}

// Both checks below scan by hand: libstdc++'s std::regex recurses once per character and a path of a few
// hundred kilobytes (the project file may hold 1 MiB) overflows the stack.
std::string redact_connection(const std::string& conn) {
  // password = value, password='quoted value' (case-insensitive key, spaces around '=' allowed).
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  std::string out;
  std::size_t i = 0;
  while (i < conn.size()) {
    static constexpr std::string_view key = "password";
    bool match = conn.size() - i >= key.size();
    for (std::size_t k = 0; match && k < key.size(); ++k)
      match = std::tolower(static_cast<unsigned char>(conn[i + k])) == key[k];
    std::size_t j = i + key.size();
    if (match) {
      while (j < conn.size() && space(conn[j]))
        ++j;
      match = j < conn.size() && conn[j] == '=';
    }
    if (!match) {
      out += conn[i++];
      continue;
    }
    ++j;
    while (j < conn.size() && space(conn[j]))
      ++j;
    std::size_t end = j;
    if (end < conn.size() && conn[end] == '\'') {
      const std::size_t close = conn.find('\'', end + 1);
      end = close == std::string::npos ? j : close + 1;  // an unclosed quote: like the regex, \S+ instead
    }
    if (end == j)
      while (end < conn.size() && !space(conn[end]))
        ++end;
    if (end == j) {  // nothing after '=': nothing to hide
      out += conn[i++];
      continue;
    }
    out += conn.substr(i, j - i) + "***";
    i = end;
  }
  return out;
}

void check_path_allowed(const std::string& path, const std::string& display) {
  const ErrorContext where{.file = display};
  if (path.rfind("/vsi", 0) == 0)
    throw Error(ErrorKind::input_open,
                tr("GDAL virtual file systems (/vsicurl/, /vsizip/, /vsis3/, ...) are not accepted as inputs; "
                   "give a local file"),
                where);
  if (path.find("://") != std::string::npos)
    throw Error(ErrorKind::input_open,
                tr("network paths are not accepted as inputs (landrenew never reads the network)"), where);
  // GDAL connection strings look like "DRIVER:..." (a letter, then letters, digits or _, then ':') — only
  // PostGIS is accepted.
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::size_t n = 0;
  while (n < path.size() && word(path[n]))
    ++n;
  const bool connection =
      n >= 2 && n < path.size() && path[n] == ':' && std::isalpha(static_cast<unsigned char>(path[0]));
  if (connection && path.rfind("PG:", 0) != 0)
    throw Error(ErrorKind::input_open,
                tr("connection strings other than PG: (PostGIS) are not accepted as inputs"), where);
}

OpenedSource::~OpenedSource() {
  m_layer = nullptr;
  m_dataset.reset();
  if (!m_vsimem.empty()) VSIUnlink(m_vsimem.c_str());
}

namespace {

std::string lower_ext(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

bool sibling_exists(const fs::path& p, const char* ext) {
  fs::path a = p, b = p;
  a.replace_extension(ext);
  std::string upper = ext;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  b.replace_extension(upper);
  return fs::exists(a) || fs::exists(b);
}

bool ends_with_ci(const std::string& text, std::string_view tail) {
  if (text.size() < tail.size()) return false;
  for (std::size_t i = 0; i < tail.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[text.size() - tail.size() + i])) != tail[i]) return false;
  return true;
}

// The members of a zip archive, through GDAL's /vsizip/ (read only for the encoding detection and messages;
// users may not name /vsi paths themselves: check_path_allowed).
std::vector<std::string> zip_members(const std::string& zip) {
  std::vector<std::string> names;
  char** list = VSIReadDirRecursive(("/vsizip/{" + zip + "}").c_str());
  for (char** p = list; p && *p; ++p)
    if (!ends_with_ci(*p, "/")) names.emplace_back(*p);
  CSLDestroy(list);
  std::sort(names.begin(), names.end());
  return names;
}

// The .dbf inside a zipped shapefile (.shz, .shp.zip) whose encoding is detected as a .shp's is: the
// layer's if one is named, else the only one.
fs::path zipped_dbf(const LayerSource& src, const ErrorContext& where) {
  if (src.path.find_first_of("{}") != std::string::npos)  // /vsizip/{...} could not name the archive
    throw Error(ErrorKind::input_open, tr("a zipped shapefile's path may not contain { or }: rename it"), where);
  std::vector<std::string> dbfs;
  for (const auto& m : zip_members(src.path))
    if (ends_with_ci(m, ".dbf")) dbfs.push_back(m);
  if (!src.layer.empty())
    std::erase_if(dbfs, [&](const std::string& m) { return fs::path(m).stem().string() != src.layer; });
  if (dbfs.empty())
    throw Error(ErrorKind::input_open,
                src.layer.empty() ? std::string(tr("the zipped shapefile holds no .dbf (or the zip is corrupt)"))
                                  : trf("the zipped shapefile holds no {1}.dbf", src.layer),
                where);
  if (dbfs.size() > 1) {
    for (auto& m : dbfs)
      m = fs::path(m).stem().string();
    throw Error(ErrorKind::input_open,
                trf("holds {1} shapefiles ({2}): name one with layer = \"...\" in [{3}]", dbfs.size(), join(dbfs),
                    src.logical),
                where);
  }
  return fs::path("/vsizip/{" + src.path + "}") / dbfs.front();
}

// Copies a non-UTF-8 text file to /vsimem/ as UTF-8 so that GDAL's CSV driver (which has no encoding
// option) reads it correctly. The copy lives as long as the OpenedSource.
std::string recode_to_vsimem(const fs::path& file, const std::string& encoding) {
  static std::atomic<unsigned> counter{0};
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string utf8 = recode_to_utf8(buf.str(), encoding);
  const std::string name =
      "/vsimem/landrenew/recoded_" + std::to_string(counter++) + "_" + file.filename().string();
  VSILFILE* f = VSIFOpenL(name.c_str(), "wb");
  if (!f) throw Error(ErrorKind::internal, trf("cannot create {1}", name));
  VSIFWriteL(utf8.data(), 1, utf8.size(), f);
  VSIFCloseL(f);
  return name;
}

// GDAL 3.6's GeoJSON driver refuses a file in which "type": "Topology" appears near its start — a
// property of a feature, say — taking it for TopoJSON (its GeoJSONIsObject test). A .geojson whose
// TopoJSON sniffing failed is opened again with the GeoJSON driver alone from an in-memory copy in which
// every "Topology" string is written \u0054opology: the same JSON, the same values, which the test does
// not match. A real TopoJSON file still fails (it is no FeatureCollection) and is refused as one.
GDALDatasetH open_geojson_sniffed_as_topojson(const std::string& path, std::string& vsimem) {
  GDALDriverH sniffed = GDALIdentifyDriver(path.c_str(), nullptr);
  if (!sniffed || std::string_view(GDALGetDriverShortName(sniffed)) != "TopoJSON") return nullptr;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  static constexpr std::string_view word = "\"Topology\"";
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
    text.replace(at + 1, 1, "\\u0054");
  static std::atomic<unsigned> counter{0};
  const std::string name =
      "/vsimem/landrenew/geojson_" + std::to_string(counter++) + "_" + fs::path(path).filename().string();
  VSILFILE* f = VSIFOpenL(name.c_str(), "wb");
  if (!f) return nullptr;
  VSIFWriteL(text.data(), 1, text.size(), f);
  VSIFCloseL(f);
  const char* geojson[] = {"GeoJSON", nullptr};
  GDALDatasetH h = GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, geojson, nullptr, nullptr);
  if (h)
    vsimem = name;
  else
    VSIUnlink(name.c_str());
  return h;
}

// Refuses, before GDAL sees it, a file that is missing, a folder named like a file, or a zip archive
// that is not a zipped shapefile.
void refuse_unreadable_file(const LayerSource& src, const std::string& ext, bool zipped_shp,
                            const ErrorContext& where) {
  std::error_code ec;
  if (!fs::exists(src.path, ec)) {
    std::string slashed = src.display;
    std::replace(slashed.begin(), slashed.end(), '\\', '/');
    if (slashed != src.display)  // a Windows path (project.cpp tried it with '/' too)
      throw Error(ErrorKind::input_open,
                  trf("file not found: neither '{1}' nor '{2}' (the path with / instead of \\) exists", src.display,
                      slashed),
                  where);
    throw Error(ErrorKind::input_open, tr("file not found"), where);
  }
  // A File Geodatabase is a folder; a folder named like a file (x.shp/) is a mistake GDAL would misreport.
  if (!ext.empty() && ext != ".gdb" && fs::is_directory(src.path, ec))
    throw Error(ErrorKind::input_open, trf("is a folder, not a {1} file", ext), where);
  if (ext == ".zip" && !zipped_shp) {
    std::vector<std::string> members = zip_members(src.path);
    if (members.size() > 8) {
      members.resize(8);
      members.emplace_back("...");
    }
    throw Error(ErrorKind::input_open,
                members.empty()
                    ? std::string(tr("is a zip archive, which landrenew does not accept: unzip it and give the file "
                                     "inside; a zip that holds one shapefile may instead be named .shz or .shp.zip"))
                    : trf("is a zip archive, which landrenew does not accept: unzip it and give the file inside (it "
                          "holds {1}); a zip that holds one shapefile may instead be named .shz or .shp.zip",
                          join(members)),
                where);
  }
}

// A shapefile's parts checked and its DBF's encoding decided, with the open option that goes with it.
void shapefile_encoding(const LayerSource& src, const std::string& ext, bool zipped_shp,
                        const ErrorContext& where, EncodingInfo& encoding, std::string& recode_from,
                        std::vector<std::string>& options) {
  if (ext == ".shp" && !sibling_exists(src.path, ".shx"))
    throw Error(ErrorKind::input_open, tr("the .shx file is missing (a shapefile needs .shp, .shx and .dbf)"),
                where);
  if (!zipped_shp && !sibling_exists(src.path, ".dbf"))
    throw Error(ErrorKind::input_open, tr("the .dbf file is missing (a shapefile needs .shp, .shx and .dbf)"),
                where);
  encoding = detect_dbf_encoding(zipped_shp ? zipped_dbf(src, where) : fs::path(src.path), src.encoding);
  if (TextRecoder::matches_gdal_for(encoding.name)) {
    // GDAL would convert every value with iconv the slow way: it passes the bytes, the reader converts.
    options.push_back("ENCODING=");
    recode_from = encoding.name;
  } else {
    options.push_back("ENCODING=" + encoding.name);
  }
}

// RULES.md 21: a table CSV may start with a title line, which GDAL's CSV driver takes for the header
// (or refuses): the reader parses the text itself (io::parse_csv) and finds the header.
// It is read whole: a device or a pipe would be read forever, and an enterprise table is small.
void read_table_csv(const LayerSource& src, const ErrorContext& where, EncodingInfo& encoding,
                    std::string& text) {
  std::error_code ec;
  constexpr std::uintmax_t max_bytes = std::uintmax_t{256} << 20;
  if (!fs::is_regular_file(src.path, ec))
    throw Error(ErrorKind::input_open, tr("is not a regular file (a device or a pipe?)"), where);
  if (fs::file_size(src.path, ec) > max_bytes)
    throw Error(ErrorKind::input_open, tr("is over 256 MiB: too large for a table CSV (give it as a GeoPackage)"),
                where);
  encoding = detect_text_encoding(src.path, src.encoding);
  std::ifstream in(src.path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  text = encoding.name == "UTF-8" ? buf.str() : recode_to_utf8(buf.str(), encoding.name);
}

// Opens `open_path` with the drivers the role accepts; a GeoJSON taken for TopoJSON is opened again
// (`vsimem` receives its copy). Throws, saying why, when it cannot be opened: a raster GeoPackage, a format
// landrenew refuses, or what GDAL reported (`capture`).
GDALDatasetH open_dataset(const LayerSource& src, SourceRole role, const std::string& open_path,
                          const std::vector<std::string>& options, GdalMessageCapture& capture,
                          std::string& vsimem, const ErrorContext& where) {
  const bool is_pg = src.is_connection();
  const std::string ext = lower_ext(src.path);
  const auto& drivers = allowed_drivers(role);
  std::vector<const char*> driver_list;
  for (const auto& d : drivers)
    if (GDALGetDriverByName(d.c_str())) driver_list.push_back(d.c_str());
  driver_list.push_back(nullptr);
  std::vector<const char*> option_list;
  for (const auto& o : options)
    option_list.push_back(o.c_str());
  option_list.push_back(nullptr);

  GDALDatasetH h = GDALOpenEx(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, driver_list.data(),
                              option_list.data(), nullptr);
  if (!h && !is_pg && (ext == ".geojson" || ext == ".json"))
    h = open_geojson_sniffed_as_topojson(src.path, vsimem);
  if (!h && !is_pg && ext == ".gpkg") {
    const char* gpkg[] = {"GPKG", nullptr};
    if (DatasetPtr raster{GDALDataset::FromHandle(
            GDALOpenEx(open_path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, gpkg, nullptr, nullptr))})
      throw Error(ErrorKind::input_open,
                  trf("is a raster GeoPackage (tiles or a grid): it has no vector layer to read [{1}] from",
                      src.logical),
                  where);
  }
  if (!h) {
    // Would another driver have opened it? Then say it is refused, not broken.
    GDALDriverH any = is_pg ? nullptr : GDALIdentifyDriver(open_path.c_str(), nullptr);
    if (any && std::find(drivers.begin(), drivers.end(), GDALGetDriverShortName(any)) == drivers.end())
      throw Error(ErrorKind::input_open,
                  trf("is a {1} ({2}) source, which landrenew does not accept here; accepted: {3}",
                      GDALGetDriverLongName(any), GDALGetDriverShortName(any), join(drivers)),
                  where);
    const std::string why = capture.last_error();
    throw Error(ErrorKind::input_open,
                why.empty() ? trf("GDAL cannot open it as {1} (unrecognised or corrupt file)", join(drivers))
                            : trf("GDAL cannot open it as {1}: {2}", join(drivers), why),
                where);
  }
  return h;
}

std::vector<std::string> layer_names(GDALDataset& ds) {
  std::vector<std::string> names;
  for (int i = 0; i < ds.GetLayerCount(); ++i)
    names.emplace_back(ds.GetLayer(i)->GetName());
  return names;
}

// The layer named in the project, or the only one; otherwise refused with the names it has.
OGRLayer* pick_layer(GDALDataset& ds, const LayerSource& src, const ErrorContext& where) {
  const int n_layers = ds.GetLayerCount();
  if (!src.layer.empty()) {
    OGRLayer* layer = ds.GetLayerByName(src.layer.c_str());
    if (!layer)
      throw Error(ErrorKind::input_open,
                  trf("no layer named '{1}'; it has: {2}", src.layer, join(layer_names(ds))), where);
    return layer;
  }
  if (n_layers == 1) return ds.GetLayer(0);
  const std::vector<std::string> names = layer_names(ds);
  throw Error(ErrorKind::input_open,
              n_layers == 0 ? std::string(tr("has no layers"))
                            : trf("has {1} layers ({2}): name one with layer = \"...\" in [{3}]", n_layers,
                                  join(names), src.logical),
              where);
}

}  // namespace

OpenedSource open_source(const LayerSource& src, SourceRole role) {
  init_gdal();
  OpenedSource out;
  const bool is_pg = src.is_connection();
  out.m_where = is_pg ? redact_connection(src.display) : src.display;
  ErrorContext where{.file = out.m_where};
  check_path_allowed(src.display, out.m_where);
  check_path_allowed(src.path, out.m_where);

  std::string open_path = src.path;
  std::vector<std::string> options;
  const std::string ext = lower_ext(src.path);
  if (!is_pg) {
    // A zipped shapefile (.shz: one shapefile; .shp.zip: one or several), as bureaus send them: GDAL's
    // shapefile driver reads it in place, and its DBF's encoding is decided as a .shp's is (issue 18).
    const bool zipped_shp = ends_with_ci(src.path, ".shz") || ends_with_ci(src.path, ".shp.zip");
    refuse_unreadable_file(src, ext, zipped_shp, where);
    if (ext == ".shp" || ext == ".dbf" || zipped_shp) {
      shapefile_encoding(src, ext, zipped_shp, where, out.m_encoding, out.m_recode_from, options);
    } else if ((ext == ".csv" || ext == ".txt") && role == SourceRole::table) {
      read_table_csv(src, where, out.m_encoding, out.m_csv_text);
      out.m_driver = "CSV";
      out.m_layer_name = fs::path(src.path).stem().string();
      if (!src.layer.empty() && src.layer != out.m_layer_name)
        throw Error(ErrorKind::input_open, trf("no layer named '{1}'; it has: {2}", src.layer, out.m_layer_name),
                    where);
      return out;
    } else if (ext == ".csv" || ext == ".txt") {
      out.m_encoding = detect_text_encoding(src.path, src.encoding);
      if (out.m_encoding.name != "UTF-8") {
        out.m_vsimem = recode_to_vsimem(src.path, out.m_encoding.name);
        open_path = out.m_vsimem;
      }
      options.insert(options.end(), {"HEADERS=YES", "EMPTY_STRING_AS_NULL=YES"});
    } else {
      // GeoPackage, GeoJSON, FlatGeobuf, File Geodatabase and XLSX store UTF-8 by specification.
      if (!src.encoding.empty() && normalise_encoding_name(src.encoding) != "UTF-8")
        throw Error(
            ErrorKind::input_open,
            tr("this format stores text as UTF-8; an encoding override applies only to shapefiles and CSV"),
            where);
      out.m_encoding = {"UTF-8", tr_both("UTF-8 by the format's specification")};
      // Spreadsheets are read without headers, every cell as text (RULES.md 21: the reader finds the header);
      // GDAL 3.6 takes that from configuration options (OfficeTableOptions), not from open options.
    }
  } else {
    out.m_encoding = {"UTF-8", tr_both("PostgreSQL client encoding set by GDAL")};
  }

  // GDAL's messages are collected (open_dataset reports the last), not printed, until the layer is found.
  GdalMessageCapture capture;
  out.m_dataset.reset(
      GDALDataset::FromHandle(open_dataset(src, role, open_path, options, capture, out.m_vsimem, where)));
  out.m_driver = out.m_dataset->GetDriver() ? out.m_dataset->GetDriver()->GetDescription() : "";
  out.m_layer = pick_layer(*out.m_dataset, src, where);
  // A recoded CSV is read from an in-memory copy: name the layer after the user's file, not the copy.
  out.m_layer_name = out.m_vsimem.empty() ? out.m_layer->GetName() : fs::path(src.path).stem().string();
  return out;
}

// The files that make up one input: a shapefile's parts, a File Geodatabase folder's files, or the file
// itself.
std::vector<fs::path> source_files(const std::string& path) {
  std::vector<fs::path> files;
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(p, ec))
      if (entry.is_regular_file()) files.push_back(entry.path());
  } else {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".shp" || ext == ".dbf") {
      for (const char* part :
           {".shp", ".shx", ".dbf", ".prj", ".cpg", ".SHP", ".SHX", ".DBF", ".PRJ", ".CPG"}) {
        fs::path sib = p;
        sib.replace_extension(part);
        if (fs::exists(sib, ec)) files.push_back(sib);
      }
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}


}  // namespace landrenew::io
