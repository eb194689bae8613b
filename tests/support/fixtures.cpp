#include "fixtures.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <sys/wait.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

namespace landrenew::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "landrenew-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  m_path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

void write_layer(const fs::path& file, const LayerSpec& spec) {
  io::init_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(spec.driver.c_str());
  if (!drv) throw std::runtime_error("no driver " + spec.driver);
  io::DatasetPtr ds(drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + file.string());
  io::SrsPtr srs;
  if (!spec.crs.empty()) {
    srs = io::make_srs();
    if (srs->SetFromUserInput(spec.crs.c_str()) != OGRERR_NONE)
      throw std::runtime_error("bad crs " + spec.crs);
  }
  std::vector<const char*> opts;
  for (const auto& o : spec.layer_options)
    opts.push_back(o.c_str());
  opts.push_back(nullptr);
  OGRLayer* layer =
      ds->CreateLayer(spec.layer.c_str(), srs.get(), wkbPolygon, const_cast<char**>(opts.data()));
  if (!layer) throw std::runtime_error("cannot create layer " + spec.layer);
  for (const auto& name : spec.fields) {
    OGRFieldDefn fd(name.c_str(), OFTString);
    fd.SetWidth(80);
    if (layer->CreateField(&fd) != OGRERR_NONE) throw std::runtime_error("cannot create field " + name);
  }
  for (const auto& f : spec.features) {
    io::FeaturePtr feat(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t i = 0; i < f.values.size(); ++i)
      if (!f.values[i].empty()) feat->SetField(static_cast<int>(i), f.values[i].c_str());
    if (!f.wkt.empty()) {
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkt(f.wkt.c_str(), nullptr, &g) != OGRERR_NONE)
        throw std::runtime_error("bad wkt " + f.wkt);
      feat->SetGeometryDirectly(g);
    }
    if (layer->CreateFeature(feat.get()) != OGRERR_NONE) throw std::runtime_error("cannot write feature");
  }
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

void set_dbf_ldid(const fs::path& dbf, unsigned char ldid) {
  std::fstream f(dbf, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(29);
  f.put(static_cast<char>(ldid));
}

std::string rect(double x0, double y0, double x1, double y1) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON ((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x0, y0, x1,
                y0, x1, y1, x0, y1, x0, y0);
  return buf;
}

std::pair<int, std::string> run(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p))
    out += buf.data();
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

std::string quote(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace landrenew::test
