// `landrenew init`'s outputs: the commented project file and the JSON the QGIS plugin reads (init.hpp).
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <toml++/toml.h>

#include "landrenew/config/schema.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
#include "landrenew/pipeline/init.hpp"

namespace landrenew {

namespace fs = std::filesystem;

namespace {

// A TOML basic string, escaped by toml++.
std::string toml_string(const std::string& s) {
  std::ostringstream out;
  out << toml::value<std::string>(s);
  return out.str();
}

// The path as the project file writes it: relative to its folder when the file lies below it.
std::string written_path(const std::string& path, const fs::path& project_dir) {
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(fs::absolute(path), ec);
  const fs::path dir = fs::weakly_canonical(fs::absolute(project_dir), ec);
  const fs::path rel = file.lexically_relative(dir);
  if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return file.generic_string();
}

std::string padded(std::string line, std::size_t width = 32) {
  std::size_t cols = 0;  // display columns: a CJK character is two
  for (unsigned char c : line)
    if ((c & 0xC0) != 0x80) cols += c >= 0xE0 ? 2 : 1;
  if (cols < width) line.append(width - cols, ' ');
  return line + " ";
}

const LogicalField* field_of(const InitLayer& l, const std::string& key) {
  const LayerSchema* s = find_layer_schema(l.role);
  const LogicalField* f = s ? s->field(key) : nullptr;
  return f ? f : find_layer_schema("renewal")->field(key);  // a register table has the register's fields
}

std::string label_of(const InitLayer& l, const std::string& key) {
  const LogicalField* f = field_of(l, key);
  return f ? std::string(f->label_zh) : key;
}

void write_fields(std::ostream& out, const InitLayer& l) {
  out << "[" << l.role << ".fields]\n";
  for (const auto& [key, column] : l.fields) {
    const bool detected = std::find(l.detected.begin(), l.detected.end(), key) != l.detected.end();
    out << padded(key + " = " + toml_string(column)) << "# " << label_of(l, key)
        << (detected ? " — 按列名识别 found by its column name" : " — 指定 given") << "\n";
  }
  for (const std::string& key : l.missing)
    out << padded("# " + key + " = \"\"") << "# " << label_of(l, key)
        << " — 未找到（可选）/ not found (optional)\n";
}

void write_units(std::ostream& out, const InitLayer& l) {
  if (l.units.empty()) return;
  out << "# 金额、电量的单位（DOMAIN.md §2）/ the units of money and electricity columns\n";
  out << "[" << l.role << ".units]\n";
  for (const auto& [key, unit] : l.units) {
    if (!unit.empty())
      out << padded(key + " = " + toml_string(unit)) << "# 表头写明 stated in the header\n";
    else
      out << padded("# " + key + " = \"万元\"")
          << "# 请确认 / confirm: 表头未写单位，the header states no unit\n";
  }
}

void write_layer(std::ostream& out, const InitLayer& l, const fs::path& project_dir) {
  const LayerSchema* s = find_layer_schema(l.role);
  out << "\n# " << (s ? std::string(s->label_zh) : l.role) << " (" << l.role << ")"
      << (l.guessed ? " — 请确认 / confirm: " : " — ") << l.why << "\n";
  out << "[" << l.role << "]\n";
  out << "path = " << toml_string(written_path(l.path, project_dir)) << "\n";
  if (!l.layer.empty()) out << "layer = " << toml_string(l.layer) << "\n";
  if (!l.label.empty())
    out << padded("label = " + toml_string(l.label)) << "# 取自图层名 from the layer's name\n";
  write_fields(out, l);
  write_units(out, l);
}

}  // namespace

std::string project_file_text(const InitResult& result, const InitRequest& request,
                              const fs::path& project_dir) {
  std::ostringstream out;
  out << "# landrenew 项目文件，由 `landrenew init` 生成 / project file written by `landrenew init`.\n"
         "# 标有「请确认 / confirm」的是推测：核对后运行 `landrenew check` 检查数据。\n"
         "# Lines marked 请确认 / confirm are guesses: check them, then run `landrenew check` on this file.\n"
         "# 字段映射即 check 和 run 按列名识别的结果 / the field mappings are the ones check and run would "
         "make.\n";
  std::string name =
      request.folder ? fs::absolute(*request.folder).lexically_normal().filename().string() : "";
  if (name.empty()) name = fs::absolute(project_dir).lexically_normal().filename().string();
  out << "name = " << toml_string(name.empty() ? "landrenew" : name) << "\n";
  out << padded("profile = " + toml_string(request.profile))
      << "# 政策配置 policy profile (landrenew profile show)\n";
  if (!request.audit_date.empty())
    out << "audit_date = " << toml_string(request.audit_date) << "\n";
  else
    out << padded("# audit_date = \"2026-12-31\"")
        << "# 审计基准日，不填则为运行当天 / the audit date; without it, the run date\n";
  for (const InitLayer& l : result.layers)
    write_layer(out, l, project_dir);
  if (!result.unused.empty()) {
    out << "\n# 文件夹中未使用的文件 / files of the folder not used:\n";
    for (const std::string& u : result.unused)
      out << "#   " << u << "\n";
  }
  return out.str();
}

void write_project_file(const fs::path& path, const std::string& text, bool force) {
  std::error_code ec;
  if (!force && fs::exists(path, ec))
    throw Error(ErrorKind::output, tr("exists already: give --force to replace it"), {.file = path.string()});
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      fs::remove(tmp, ec);
      throw Error(ErrorKind::output, tr("cannot be written"), {.file = path.string()});
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error(ErrorKind::output, trf("cannot be written: {1}", ec.message()), {.file = path.string()});
  }
}

nlohmann::json init_json(const InitResult& result, const std::optional<fs::path>& project_file) {
  nlohmann::json roles = nlohmann::json::object();
  for (const InitLayer& l : result.layers) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [key, column] : l.fields)
      fields[key] = column;
    roles[l.role] = {{"path", l.path},
                     {"layer", l.layer},
                     {"label", l.label},
                     {"fields", fields},
                     {"detected_fields", l.detected},
                     {"missing_fields", l.missing},
                     {"guessed", l.guessed},
                     {"why", l.why}};
  }
  return {{"roles", roles},
          {"unused", result.unused},
          {"project_file", project_file ? nlohmann::json(project_file->string()) : nlohmann::json(nullptr)}};
}

}  // namespace landrenew
