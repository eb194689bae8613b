// `landrenew init` (issue 20): the layers of a project proposed from a folder of the bureau's files and from
// layers picked by hand. Every field mapping is the one the readers make (io::InputLayer::open binds the
// schema's default column names, config/schema.cpp): init opens each layer as `check` would and writes down
// what it bound, so that the project file says explicitly what `check` would otherwise decide silently.
#include "landrenew/pipeline/init.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <ogrsf_frmts.h>

#include "landrenew/config/schema.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/io/reader.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/rules/register.hpp"

namespace landrenew {

namespace fs = std::filesystem;

namespace {

// The roles in the project file's order, with the words their files are usually named with (lower case; a
// name hint only breaks ties between layers whose columns fit equally).
struct RoleInfo {
  std::string_view role;
  std::string_view schema;  ///< the layer schema (both snapshots use the buildings' fields)
  std::string_view label_zh;
  std::vector<std::string_view> words;
};
const std::vector<RoleInfo>& role_table() {
  static const std::vector<RoleInfo> roles = {
      {"parcels", "parcels", "宗地", {"parcel", "zongdi", "宗地", "zd", "dltb", "地类", "cadast"}},
      {"buildings_before", "buildings_before", "建筑(更新前)", {"build", "jzw", "建筑", "房屋", "fw"}},
      {"buildings_after", "buildings_after", "建筑(现状)", {"build", "jzw", "建筑", "房屋", "fw"}},
      {"districts", "districts", "行政区", {"district", "xzq", "行政区", "区县", "county"}},
      {"parks", "parks", "园区", {"park", "yq", "园区", "开发区", "平台"}},
      {"renewal", "renewal", "有机更新台账", {"renewal", "更新", "台账", "整治", "register", "ledger", "gx"}},
      {"enterprises", "enterprises", "亩均评价", {"enterprise", "企业", "亩均", "mujun", "qy"}},
  };
  return roles;
}

const RoleInfo& role_info(const std::string& role) {
  for (const auto& r : role_table())
    if (r.role == role) return r;
  throw Error(
      ErrorKind::usage,
      trf("unknown role '{1}' (parcels, buildings_before, buildings_after, districts, parks, renewal, "
          "enterprises)",
          role));
}

std::string lower_ext(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool is_table_file(const std::string& path) {
  const std::string ext = lower_ext(path);
  return ext == ".csv" || ext == ".txt" || ext == ".xlsx" || ext == ".xls" || ext == ".ods";
}

// The fields whose unit a project file must state: money and electricity (io/reader.cpp require_units).
std::vector<std::string_view> unit_fields() {
  std::vector<std::string_view> out = money_fields();
  out.emplace_back(field_name(EnterpriseField::electricity));
  return out;
}

// The layer names of a dataset, opened read-only with the drivers its role allows (io/source.hpp); none when
// GDAL cannot open it with them.
std::vector<std::string> layer_names(const std::string& path) {
  const io::SourceRole role = is_table_file(path) ? io::SourceRole::table : io::SourceRole::polygons;
  io::check_path_allowed(path, path);
  io::init_gdal();
  std::vector<const char*> drivers;
  for (const std::string& d : io::allowed_drivers(role))
    if (GDALGetDriverByName(d.c_str())) drivers.push_back(d.c_str());
  drivers.push_back(nullptr);
  const io::GdalMessageCapture quiet;
  const io::DatasetPtr ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers.data(), nullptr, nullptr));
  std::vector<std::string> out;
  for (int i = 0; ds && i < ds->GetLayerCount(); ++i)
    out.emplace_back(ds->GetLayer(i)->GetName());
  return out;
}

// QGIS's OGR source form: "path|layername=NAME" or "path|layerid=N" (QgsVectorLayer::source()).
std::pair<std::string, std::string> split_source(const std::string& source) {
  const auto bar = source.find('|');
  if (bar == std::string::npos) return {source, ""};
  const std::string path = source.substr(0, bar);
  std::string layer;
  std::istringstream parts(source.substr(bar + 1));
  for (std::string part; std::getline(parts, part, '|');) {
    if (part.rfind("layername=", 0) == 0) {
      layer = part.substr(10);
    } else if (part.rfind("layerid=", 0) == 0) {
      const auto n = parse_plain_number(part.substr(8));
      if (!n || *n < 0 || *n != static_cast<int>(*n))
        throw Error(ErrorKind::usage, trf("'{1}': layerid must be a whole number", source));
      const auto names = layer_names(path);
      if (static_cast<std::size_t>(*n) >= names.size())
        throw Error(ErrorKind::input_open, trf("no layer {1}", part.substr(8)), {.file = path});
      layer = names[static_cast<std::size_t>(*n)];
    }
    // Other parts (subset=, geometrytype=) are QGIS's own; a filtered layer is refused by the plugin.
  }
  return {path, layer};
}

// A layer opened for one role: what the readers bound, or why they could not.
struct Probe {
  std::string path, layer;
  LayerInfo info;
  std::size_t found = 0;  ///< fields the readers found by their default names
  int hint = 0;           ///< the file or layer name names the role
};

const LayerSchema& schema_for(const std::string& role, const std::string& path, const std::string& layer) {
  if (role == "renewal") {
    LayerSource src;
    src.path = src.display = path;
    src.layer = layer;
    if (rules::register_is_table(src)) return rules::register_table_schema();
  }
  return *find_layer_schema(role_info(role).schema);
}

Probe probe(const std::string& role, const std::string& path, const std::string& layer,
            const std::map<std::string, std::string>& given) {
  LayerSource src;
  src.logical = role;
  src.path = src.display = path;
  src.layer = layer;
  src.fields = given;
  const LayerSchema& schema = schema_for(role, path, layer);
  // The readers refuse money and electricity columns without a stated unit (DOMAIN.md §2); init only binds
  // the columns here, and writes the unit each header states (unit_in), or a line for the planner to fill.
  if (schema.has_units)
    for (std::string_view field : unit_fields())
      src.units.emplace(field, "万元");
  Probe p{path, layer, io::InputLayer::open(src, schema).info(), 0, 0};
  for (const FieldBinding& b : p.info.fields)
    if (!b.explicit_mapping) ++p.found;
  std::string name = fs::path(path).stem().string() + " " + layer;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  for (std::string_view w : role_info(role).words)
    if (name.find(w) != std::string::npos) p.hint = 1;
  return p;
}

// The year a building snapshot's name carries ("buildings_2022" → "2022"), or "".
std::string year_in(const std::string& text) {
  static const std::regex year(R"((?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$))");
  std::smatch m;
  return std::regex_search(text, m, year) ? m[1].str() : std::string();
}

// The unit a column's header states, of those its field takes (io/reader.cpp require_units): "实缴税金(万元)"
// → 万元, "用电量(万千瓦时)" → 万千瓦时; "" when it states none.
std::string unit_in(std::string_view field, const std::string& column) {
  static const std::vector<const char*> energy = {"万千瓦时", "千瓦时"}, money = {"亿元", "万元", "元"};
  for (const char* unit : field == field_name(EnterpriseField::electricity) ? energy : money)
    if (column.find(unit) != std::string::npos) return unit;
  return "";
}

InitLayer proposed(const std::string& role, const Probe& p, const std::set<std::string>& given,
                   bool guessed) {
  InitLayer out;
  out.role = role;
  out.path = p.path;
  out.layer = p.layer;
  out.guessed = guessed;
  if (role.rfind("buildings", 0) == 0)
    out.label = year_in(p.layer.empty() ? fs::path(p.path).stem().string() : p.layer);
  const LayerSchema& schema = schema_for(role, p.path, p.layer);
  for (const LogicalField& f : schema.fields) {
    const auto b = std::find_if(p.info.fields.begin(), p.info.fields.end(),
                                [&](const FieldBinding& x) { return x.logical == f.name; });
    if (b == p.info.fields.end()) {
      out.missing.emplace_back(f.name);
      continue;
    }
    out.fields.emplace_back(b->logical, b->source);
    if (!given.count(b->logical)) out.detected.push_back(b->logical);
  }
  if (schema.has_units)
    for (std::string_view field : unit_fields())
      for (const auto& [key, column] : out.fields)
        if (key == field) out.units.emplace_back(key, unit_in(field, column));
  out.why = std::to_string(p.found) + " of its columns are " + std::string(role_info(role).label_zh) +
            " fields landrenew knows" + (p.hint ? "; its name says so too" : "");
  return out;
}

// Between two files that fit a role equally (the same table as .xlsx and as .csv), the one that keeps types
// and layers: GeoPackage, File Geodatabase, shapefile, GeoJSON, then spreadsheets before CSV.
int format_rank(const std::string& path) {
  const std::string ext = lower_ext(path);
  static const std::vector<std::string> order = {".gpkg", ".gdb", ".shp", ".geojson",
                                                 ".xlsx", ".ods", ".xls", ".csv"};
  return static_cast<int>(std::find(order.begin(), order.end(), ext) - order.begin());
}

// The layers of a folder's files landrenew may read: each layer of a GeoPackage, File Geodatabase or
// spreadsheet, and every shapefile, GeoJSON and CSV file; in name order.
std::vector<std::pair<std::string, std::string>> candidates(const fs::path& folder) {
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(folder))
    entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const fs::path& p : entries) {
    const std::string ext = lower_ext(p);
    if (ext == ".shp" || ext == ".geojson" || ext == ".csv") {
      out.emplace_back(p.string(), "");
    } else if (ext == ".gpkg" || ext == ".gdb" || ext == ".xlsx" || ext == ".xls" || ext == ".ods") {
      try {
        for (std::string& name : layer_names(p.string()))
          out.emplace_back(p.string(), std::move(name));
      } catch (const Error&) {
        // a path landrenew refuses: not a candidate
      }
    }
  }
  return out;
}

struct Request {
  std::map<std::string, std::string> sources;                        ///< role → SOURCE
  std::map<std::string, std::map<std::string, std::string>> fields;  ///< role → key → column
};

Request parse_request(const InitRequest& r) {
  Request out;
  for (const std::string& l : r.layers) {
    const auto eq = l.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == l.size())
      throw Error(ErrorKind::usage, trf("--layer '{1}': write ROLE=SOURCE (parcels=parcels.shp)", l));
    const std::string role = l.substr(0, eq);
    role_info(role);
    if (!out.sources.emplace(role, l.substr(eq + 1)).second)
      throw Error(ErrorKind::usage, trf("--layer {1} is given twice", role));
  }
  for (const std::string& f : r.fields) {
    const auto dot = f.find('.'), eq = f.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq || eq + 1 == f.size())
      throw Error(ErrorKind::usage, trf("--field '{1}': write ROLE.KEY=COLUMN (parcels.id=ZDDM)", f));
    const std::string role = f.substr(0, dot), key = f.substr(dot + 1, eq - dot - 1);
    role_info(role);
    if (!out.sources.count(role))
      throw Error(ErrorKind::usage, trf("--field {1}.{2}: no --layer {1}=… is given", role, key));
    const auto [path, layer] = split_source(out.sources.at(role));
    if (!schema_for(role, path, layer).field(key))
      throw Error(ErrorKind::usage, trf("--field {1}.{2}: {1} has no field '{2}'", role, key));
    out.fields[role][key] = f.substr(eq + 1);
  }
  return out;
}

// The folder's layers for the roles not given: the best-fitting pairs first (most fields found, then a name
// that says the role, then the roles' and the files' order); each layer takes one role. Building layers take
// both snapshots, the older year before.
void guess_roles(const fs::path& folder, const std::set<std::string>& taken_paths,
                 std::map<std::string, InitLayer>& chosen, std::vector<std::string>& unused) {
  struct Fit {
    Probe probe;
    std::size_t role, candidate;
  };
  const auto& roles = role_table();
  const auto layers = candidates(folder);
  std::vector<Fit> fits;
  for (std::size_t c = 0; c < layers.size(); ++c) {
    if (taken_paths.count(layers[c].first + "|" + layers[c].second)) continue;
    for (std::size_t r = 0; r < roles.size(); ++r) {
      if (chosen.count(std::string(roles[r].role)) || roles[r].role == "buildings_after") continue;
      try {
        Probe p = probe(std::string(roles[r].role), layers[c].first, layers[c].second, {});
        if (p.found > 0) fits.push_back({std::move(p), r, c});
      } catch (const Error&) {
        // does not open as this role (no such geometry, a required column missing, no CRS …)
      }
    }
  }
  std::stable_sort(fits.begin(), fits.end(), [](const Fit& a, const Fit& b) {
    if (a.probe.found != b.probe.found) return a.probe.found > b.probe.found;
    if (a.probe.hint != b.probe.hint) return a.probe.hint > b.probe.hint;
    if (format_rank(a.probe.path) != format_rank(b.probe.path))
      return format_rank(a.probe.path) < format_rank(b.probe.path);
    return std::tie(a.role, a.candidate) < std::tie(b.role, b.candidate);
  });
  std::set<std::size_t> used;
  std::vector<const Fit*> buildings;
  for (const Fit& f : fits) {
    const std::string role(roles[f.role].role);
    if (used.count(f.candidate)) continue;
    if (role == "buildings_before") {
      if (buildings.size() < 2 && !chosen.count("buildings_after")) {
        buildings.push_back(&f);
        used.insert(f.candidate);
      }
      continue;
    }
    if (chosen.count(role)) continue;
    chosen[role] = proposed(role, f.probe, {}, true);
    used.insert(f.candidate);
  }
  // One snapshot is the current one; two are before and after by the years their names carry.
  std::sort(buildings.begin(), buildings.end(), [](const Fit* a, const Fit* b) {
    return year_in(a->probe.layer + " " + a->probe.path) < year_in(b->probe.layer + " " + b->probe.path);
  });
  if (buildings.size() == 2)
    chosen["buildings_before"] = proposed("buildings_before", buildings[0]->probe, {}, true);
  if (!buildings.empty())
    chosen["buildings_after"] = proposed("buildings_after", buildings.back()->probe, {}, true);
  for (std::size_t c = 0; c < layers.size(); ++c)
    if (!used.count(c) && !taken_paths.count(layers[c].first + "|" + layers[c].second)) {
      std::string also;
      for (const Fit& f : fits)
        if (f.candidate == c && also.empty()) also = " (also fits " + std::string(roles[f.role].role) + ")";
      unused.push_back(layers[c].first + (layers[c].second.empty() ? "" : " layer " + layers[c].second) +
                       also);
    }
}

}  // namespace

const std::vector<std::string>& init_roles() {
  static const std::vector<std::string> roles = [] {
    std::vector<std::string> out;
    for (const auto& r : role_table())
      out.emplace_back(r.role);
    return out;
  }();
  return roles;
}

InitResult propose_project(const InitRequest& request) {
  const Request req = parse_request(request);
  std::map<std::string, InitLayer> chosen;
  std::set<std::string> taken;
  for (const auto& [role, source] : req.sources) {
    const auto [path, layer] = split_source(source);
    const auto given = req.fields.count(role) ? req.fields.at(role) : std::map<std::string, std::string>{};
    std::set<std::string> keys;
    for (const auto& [k, v] : given)
      keys.insert(k);
    chosen[role] = proposed(role, probe(role, path, layer, given), keys, false);
    chosen[role].why = "given with --layer";
    taken.insert(path + "|" + layer);
  }
  InitResult out;
  if (request.folder) {
    if (!fs::is_directory(*request.folder))
      throw Error(ErrorKind::input_open, tr("not a folder"), {.file = request.folder->string()});
    guess_roles(*request.folder, taken, chosen, out.unused);
  }
  for (const std::string& role : init_roles())
    if (chosen.count(role)) out.layers.push_back(std::move(chosen[role]));
  return out;
}

}  // namespace landrenew
