#pragma once
// Small fixtures the tests write themselves: temporary folders and vector files written with GDAL.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace landrenew::test {

/// A fresh temporary folder, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

struct Feature {
  std::string wkt;                  ///< "" for a feature without geometry
  std::vector<std::string> values;  ///< one per field, "" = null
};

struct LayerSpec {
  std::string driver = "ESRI Shapefile";
  std::string layer = "parcels";
  std::string crs = "EPSG:4549";    ///< "" = no CRS
  std::vector<std::string> fields;  ///< text fields
  std::vector<Feature> features;
  std::vector<std::string> layer_options;  ///< e.g. "ENCODING=CP936"
};

/// Writes a layer with GDAL; throws std::runtime_error on failure.
void write_layer(const std::filesystem::path& file, const LayerSpec& spec);

/// Writes `text` to `file`.
void write_text(const std::filesystem::path& file, const std::string& text);

/// Sets the DBF language-driver byte (offset 29) of `dbf`.
void set_dbf_ldid(const std::filesystem::path& dbf, unsigned char ldid);

/// WKT of an axis-parallel rectangle.
std::string rect(double x0, double y0, double x1, double y1);

/// Runs a command with /bin/sh, returns {exit status, stdout+stderr}.
std::pair<int, std::string> run(const std::string& command);

/// `p` in single quotes for a shell command line.
std::string quote(const std::filesystem::path& p);

/// The whole content of `file` (empty when it cannot be read).
std::string read_file(const std::filesystem::path& file);

}  // namespace landrenew::test
