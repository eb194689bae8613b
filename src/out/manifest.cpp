#include <algorithm>
#include <filesystem>

#include "landrenew/core/sha256.hpp"
#include "landrenew/core/version.hpp"
#include "landrenew/io/source.hpp"
#include "landrenew/out/outputs.hpp"

namespace landrenew::out {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

json manifest_json(const Analysis& a, const RunInfo& run) {
  const Inputs& in = a.check.inputs;
  json m;
  m["tool"] = {{"name", "landrenew"}, {"version", std::string(version())}};
  m["command"] = run.command_line;
  m["started_utc"] = run.started_utc;
  m["seconds"] = run.seconds;
  m["project"] = {{"file", in.project.file.string()}, {"name", in.project.name}};
  if (fs::exists(in.project.file)) m["project"]["sha256"] = sha256_file(in.project.file);
  m["profile"] = {{"name", in.profile.name},
                  {"version", in.profile.version},
                  {"origin", in.profile.origin},
                  {"base", in.profile.base},
                  {"sha256", in.profile.sha256}};
  m["as_of"] = {{"date", a.as_of.iso()}, {"source", a.as_of_source}};
  m["analysis_crs"] = {{"epsg", in.crs.epsg}, {"description", in.crs.description}, {"reason", in.crs.reason.en}};

  json inputs = json::array();
  const auto describe = [&](const LayerInfo& info, const LayerCounts& counts) {
    json row{{"layer", info.logical},
             {"path", info.display},
             {"source_layer", info.layer_name},
             {"driver", info.driver},
             {"encoding", info.encoding.name},
             {"encoding_source", info.encoding.source.en},
             {"crs", info.crs_source},
             {"read", counts.read},
             {"used", counts.used},
             {"repaired", counts.repaired},
             {"rejected", counts.rejected}};
    json files = json::array();
    if (info.path.rfind("PG:", 0) != 0)
      for (const auto& f : io::source_files(info.path))
        files.push_back(
            {{"path", f.filename().string()}, {"size", fs::file_size(f)}, {"sha256", sha256_file(f)}});
    row["files"] = files;
    inputs.push_back(row);
  };
  for (const PolygonLayer* layer : in.polygon_layers())
    describe(layer->info, layer->counts);
  if (in.enterprises) describe(in.enterprises->info, in.enterprises->counts);
  m["inputs"] = inputs;
  return m;
}

}  // namespace landrenew::out
