#include "landrenew/config/project.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "landrenew/config/schema.hpp"
#include "landrenew/core/date.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/core/text.hpp"

#include "config/toml_reader.hpp"

namespace landrenew {
namespace fs = std::filesystem;

const LayerSource* Project::layer(const std::string& logical) const {
  auto it = layers.find(logical);
  return it == layers.end() ? nullptr : &it->second;
}

namespace {

const std::vector<std::string>& money_units() {
  static const std::vector<std::string> u = {"元", "万元", "亿元"};
  return u;
}

// Tables as offices make them (RULES.md 21): several sheets as one table, a header the detection cannot
// find, the evaluation year.
void read_table_options(detail::TomlReader& t, LayerSource& src) {
  if (auto sheets = t.string_array("layers")) {
    if (!src.layer.empty()) t.fail("layers", tr("give either layer = \"...\" or layers = [...], not both"));
    if (sheets->empty()) t.fail("layers", tr("must name at least one sheet"));
    for (const auto& name : *sheets) {
      if (trim(name).empty()) t.fail("layers", tr("a sheet name is empty"));
      if (std::count(sheets->begin(), sheets->end(), name) > 1)
        t.fail("layers", trf("names the sheet '{1}' twice", name));
    }
    src.sheets = *sheets;
    src.layer = sheets->front();
  }
  if (auto row = t.integer("header_row")) {
    if (*row < 1 || *row > 1000000)
      t.fail("header_row", tr("is the sheet row of the header as the spreadsheet shows it (1, 2, ...)"));
    src.header_row = static_cast<int>(*row);
  }
  if (auto rows = t.integer("header_rows")) {
    if (*rows < 1 || *rows > 2)
      t.fail(
          "header_rows",
          tr("is the number of rows of the header: 1, or 2 for a merged two-row header (a group name such as "
             "经济效益指标 above its columns)"));
    src.header_rows = static_cast<int>(*rows);
  }
  if (auto year = t.integer("evaluation_year")) {
    if (*year < 1900 || *year > 2200) t.fail("evaluation_year", tr("must be a year such as 2024"));
    src.evaluation_year = static_cast<int>(*year);
  }
}

// The seven parameters of a Helmert transformation, one declaration for reading and the unknown-key check
// (with `convention`, the table's only other key).
constexpr std::pair<const char*, double Helmert::*> kHelmertParameters[] = {
    {"x", &Helmert::x},   {"y", &Helmert::y},   {"z", &Helmert::z}, {"rx", &Helmert::rx},
    {"ry", &Helmert::ry}, {"rz", &Helmert::rz}, {"s", &Helmert::s},
};

Helmert read_helmert(detail::TomlReader& h) {
  Helmert m;
  std::vector<std::string> known;
  for (const auto& [key, slot] : kHelmertParameters) {
    auto v = h.number(key);
    if (!v)
      h.fail(key, tr("is missing: a Helmert transformation has x, y, z (m), rx, ry, rz (\") and s (ppm)"));
    m.*slot = *v;
    known.emplace_back(key);
  }
  m.convention = h.string("convention").value_or("");
  if (m.convention != "position_vector" && m.convention != "coordinate_frame")
    h.fail("convention", tr("must be \"position_vector\" or \"coordinate_frame\" (the bureau's documents say "
                            "which; the two differ in the sign of the rotations)"));
  known.emplace_back("convention");
  h.reject_unknown_keys(known);
  return m;
}

std::string slashed_path(std::string_view written) {
  std::string out(written);
  std::replace(out.begin(), out.end(), '\\', '/');
  return out;
}

// A partition's `fids` file (RULES.md 26): one line per feature read, "FID OWNER_RANK", FIDs ascending.
std::vector<std::pair<std::int64_t, int>> read_fids(const fs::path& file, detail::TomlReader& t) {
  std::ifstream in(file);
  if (!in) t.fail("fids", trf("cannot read {1}", file.string()));
  std::vector<std::pair<std::int64_t, int>> fids;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    std::istringstream words(line);
    std::int64_t fid = 0;
    int owner = 0;
    std::string rest;
    if (!(words >> fid >> owner) || (words >> rest) || owner < 1 || (!fids.empty() && fid <= fids.back().first))
      t.fail("fids", trf("{1} line {2}: expected 'FID OWNER_RANK', FIDs ascending", file.string(), n));
    fids.emplace_back(fid, owner);
  }
  return fids;
}

PartitionSpec read_partition(detail::TomlReader& t) {
  PartitionSpec spec;
  spec.id = t.string("id").value_or("");
  spec.name = t.string("name").value_or("");
  spec.rank = static_cast<int>(t.integer("rank").value_or(0));
  spec.count = static_cast<int>(t.integer("count").value_or(0));
  spec.profile_name = t.string("profile_name").value_or("");
  spec.profile_version = t.string("profile_version").value_or("");
  spec.profile_sha256 = t.string("profile_sha256").value_or("");
  if (spec.id.empty()) t.fail("id", tr("a [partition] needs its id"));
  if (spec.rank < 1 || spec.rank > spec.count) t.fail("rank", tr("must be between 1 and count"));
  t.reject_unknown_keys({"id", "name", "rank", "count", "profile_name", "profile_version", "profile_sha256"});
  return spec;
}

LayerSource read_layer(detail::TomlReader& t, const LayerSchema& schema, const fs::path& dir) {
  LayerSource src;
  src.logical = std::string(schema.name);
  src.line = t.line();
  auto path = t.string("path");
  if (!path || trim(*path).empty()) t.fail("", trf("[{1}] needs a path", src.logical));
  src.display = *path;
  if (path->rfind("PG:", 0) == 0) {
    src.path = *path;
  } else {
    fs::path p = fs::path(*path);
    src.path = (p.is_absolute() ? p : dir / p).lexically_normal().string();
    // A path copied from Windows (data\parcels.shp): on Linux '\' is a character of a file name. Where no
    // such file exists and the path with '/' does, that one is read, with a finding (issue 18).
    std::error_code ec;
    if (path->find('\\') != std::string::npos && !fs::exists(src.path, ec)) {
      fs::path slashed = fs::path(slashed_path(*path));
      slashed = (slashed.is_absolute() ? slashed : dir / slashed).lexically_normal();
      if (fs::exists(slashed, ec)) {
        src.backslash_path = *path;
        src.path = slashed.string();
      }
    }
  }
  src.layer = t.string("layer").value_or("");
  if (auto enc = t.string("encoding")) {
    try {
      src.encoding = normalise_encoding_name(*enc);
    } catch (const Error& e) {
      t.fail("encoding", e.detail());
    }
  }
  src.crs = t.string("crs").value_or("");
  src.label = t.string("label").value_or("");
  if (schema.geometry)
    if (auto h = t.table("helmert")) src.helmert = read_helmert(*h);
  if (auto f = t.string("fids")) src.fids = read_fids((dir / *f).lexically_normal(), t);
  if (schema.name == "parcels" || schema.name == "parcels_after") {
    src.landuse_scheme = t.string("landuse_scheme").value_or("");
    src.landuse_codes = t.string_array("landuse_codes");
  }
  if (auto fields = t.table("fields")) {
    for (const auto& key : fields->keys()) {
      if (!schema.field(key)) {
        std::string known;
        for (const auto& f : schema.fields)
          known += (known.empty() ? "" : ", ") + std::string(f.name);
        fields->fail(key, trf("is not a field of [{1}]; its fields are: {2}", src.logical, known));
      }
      auto column = fields->string(key);
      if (!column || trim(*column).empty()) fields->fail(key, tr("must name a column of the source"));
      src.fields[key] = *column;
    }
  }
  if (schema.has_units) {
    if (auto units = t.table("units")) {
      for (const auto& key : units->keys()) {
        const bool money =
            std::find(money_fields().begin(), money_fields().end(), key) != money_fields().end();
        auto unit = units->string(key);
        if (money) {
          if (std::find(money_units().begin(), money_units().end(), *unit) == money_units().end())
            units->fail(key, trf("unit must be 元, 万元 or 亿元, not '{1}'", *unit));
        } else if (key == "electricity") {
          if (*unit != "千瓦时" && *unit != "万千瓦时")
            units->fail(key, trf("unit must be 千瓦时 or 万千瓦时, not '{1}'", *unit));
        } else {
          units->fail(key,
                      tr("has no unit to state (units apply to tax, value_added, revenue, rd, investment, "
                         "electricity)"));
        }
        src.units[key] = *unit;
      }
    }
  }
  std::vector<std::string> known = {"path", "layer", "encoding", "crs", "label", "fields", "fids"};
  if (!schema.geometry) {
    read_table_options(t, src);
    known.insert(known.end(), {"layers", "header_row", "header_rows", "evaluation_year"});
  } else if (schema.name == "renewal") {
    // A register kept as an office table (RULES.md 21, 23) has its header and sheets found the same way, and
    // the same pins when the detection misses; a register has no evaluation year.
    read_table_options(t, src);
    known.insert(known.end(), {"layers", "header_row", "header_rows"});
  }
  if (schema.has_units) known.push_back("units");
  if (schema.geometry) known.push_back("helmert");
  if (schema.name == "parcels" || schema.name == "parcels_after")
    known.insert(known.end(), {"landuse_scheme", "landuse_codes"});
  t.reject_unknown_keys(known);
  return src;
}

}  // namespace

Project parse_project(const std::string& text, const fs::path& file) {
  const std::string file_s = file.string();
  toml::table root = detail::parse_toml(text, file_s, ErrorKind::project);
  detail::TomlReader t(root, file_s, ErrorKind::project);
  Project p;
  p.file = file;
  p.dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  p.name = t.string("name").value_or(file.stem().string());
  p.profile = t.string("profile").value_or("huzhou-2023");
  p.analysis_crs = t.string("analysis_crs").value_or("");
  if (auto d = t.string("audit_date")) {
    if (!is_iso_date(*d)) t.fail("audit_date", trf("must be a real date written YYYY-MM-DD, not '{1}'", *d));
    p.audit_date = *d;
  }
  std::vector<std::string> known = {"name", "profile", "analysis_crs", "audit_date", "partition"};
  if (auto part = t.table("partition")) p.partition = read_partition(*part);
  for (const auto& schema : layer_schemas()) {
    known.emplace_back(schema.name);
    if (auto section = t.table(schema.name))
      p.layers[std::string(schema.name)] = read_layer(*section, schema, p.dir);
  }
  t.reject_unknown_keys(known);
  for (const auto& schema : layer_schemas())
    if (schema.required && !p.layers.count(std::string(schema.name)))
      throw Error(ErrorKind::project, trf("the project names no [{1}] layer", schema.name), {.file = file_s});
  // Money columns need a stated unit (DOMAIN.md §2: never guessed). Checked here for explicit mappings,
  // and again after reading for columns the defaults found.
  return p;
}

Project load_project(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw Error(ErrorKind::project, tr("project file not found"), {.file = file.string()});
  if (fs::is_directory(file, ec))
    throw Error(ErrorKind::project, tr("is a folder, not a project file"), {.file = file.string()});
  // A device or a pipe (/dev/zero, a FIFO) would be read forever or block: only regular files.
  if (!fs::is_regular_file(file, ec))
    throw Error(ErrorKind::project, tr("is not a regular file (a device or a pipe?), not a project file"),
                {.file = file.string()});
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::project, tr("cannot read the project file"), {.file = file.string()});
  std::string text((std::size_t{1} << 20) + 1, '\0');  // read at most 1 MiB + 1 byte
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > (1u << 20))
    throw Error(ErrorKind::project, tr("is over 1 MiB: not a project file"), {.file = file.string()});
  if (!is_valid_utf8(text))
    throw Error(ErrorKind::project, tr("is not UTF-8 text (save it as UTF-8)"), {.file = file.string()});
  return parse_project(text, file);
}

}  // namespace landrenew
