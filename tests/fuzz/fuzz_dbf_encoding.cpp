// libFuzzer target: encoding detection of a shapefile's .dbf (and of a CSV). The input is written to a
// private folder as x.dbf — its first byte, when odd, says how many following bytes form an x.cpg beside it —
// then detect_dbf_encoding and detect_text_encoding read it. They must return a name or throw
// landrenew::Error.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "landrenew/core/error.hpp"
#include "landrenew/io/encoding.hpp"

namespace fs = std::filesystem;

namespace {
const fs::path& folder() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("landrenew-fuzz-dbf-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void write(const fs::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path dbf = folder() / "x.dbf", cpg = folder() / "x.cpg", shp = folder() / "x.shp";
  std::error_code ec;
  fs::remove(cpg, ec);
  if (size > 0 && (data[0] & 1)) {
    const std::size_t n = std::min<std::size_t>(data[0] >> 1, size - 1);
    write(cpg, data + 1, n);
    data += 1 + n;
    size -= 1 + n;
  }
  write(dbf, data, size);
  try {
    const auto info = landrenew::io::detect_dbf_encoding(shp, "");
    if (info.name.empty() || info.source.empty()) __builtin_trap();
  } catch (const landrenew::Error&) {
  }
  try {
    const auto info = landrenew::io::detect_text_encoding(dbf, "");
    if (info.name.empty()) __builtin_trap();
  } catch (const landrenew::Error&) {
  }
  return 0;
}
