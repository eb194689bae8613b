// landrenew-gen-sample: writes a deterministic synthetic Huzhou (or Zhejiang) dataset and its
// project.toml. Exit codes: 0 done, 1 failed while generating, 2 bad arguments or refused output folder.

#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "generator.hpp"

namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: landrenew-gen-sample --preset demo|city|province --seed N -o DIR [--overwrite]\n"
    "\n"
    "Writes a synthetic (合成数据) industrial-land dataset for landrenew and DIR/project.toml.\n"
    "The same preset and seed give byte-identical files.\n"
    "\n"
    "  --preset NAME    demo (~3,000 parcels), city (~25,000) or province (~1,000,000)\n"
    "  --seed N         random seed (unsigned 64-bit integer)\n"
    "  -o, --output DIR output folder; must not exist or be empty unless --overwrite\n"
    "  --overwrite      replace an existing output folder\n"
    "  -h, --help       this text\n";

struct Args {
  std::string preset;
  std::optional<std::uint64_t> seed;
  std::string out;
  bool overwrite = false;
  bool help = false;
};

// Parsed by hand: four options do not need a library, and GDAL-style "--opt value" and "--opt=value"
// both work.
std::optional<std::string> parse(const std::vector<std::string_view>& argv, Args& a) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string_view arg = argv[i];
    std::optional<std::string_view> inline_value;
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string_view::npos) {
      inline_value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
    }
    auto value = [&]() -> std::optional<std::string_view> {
      if (inline_value) return inline_value;
      if (i + 1 < argv.size()) return argv[++i];
      return std::nullopt;
    };
    if (arg == "-h" || arg == "--help") {
      a.help = true;
    } else if (arg == "--overwrite") {
      a.overwrite = true;
    } else if (arg == "--preset" || arg == "--seed" || arg == "-o" || arg == "--output") {
      const auto v = value();
      if (!v) return std::string(arg) + " needs a value";
      if (arg == "--preset") {
        if (*v != "demo" && *v != "city" && *v != "province")
          return "unknown preset '" + std::string(*v) + "'";
        a.preset = *v;
      } else if (arg == "--seed") {
        std::uint64_t seed = 0;
        const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), seed);
        if (ec != std::errc() || end != v->data() + v->size()) return "--seed needs an unsigned integer";
        a.seed = seed;
      } else {
        a.out = *v;
      }
    } else {
      return "unknown argument '" + std::string(arg) + "'";
    }
  }
  if (a.help) return std::nullopt;
  if (a.preset.empty()) return std::string("--preset is required");
  if (!a.seed) return std::string("--seed is required");
  if (a.out.empty()) return std::string("-o DIR is required");
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  const std::vector<std::string_view> list(argv + 1, argv + argc);
  if (const auto error = parse(list, args)) {
    std::cerr << "landrenew-gen-sample: " << *error << "\n" << kUsage;
    return 2;
  }
  if (args.help) {
    std::cout << kUsage;
    return 0;
  }

  fs::path target = fs::path(args.out).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "dir/" names dir
  std::error_code ec;
  const bool exists = fs::exists(target, ec);
  if (exists && !args.overwrite && !(fs::is_directory(target, ec) && fs::is_empty(target, ec))) {
    std::cerr << "landrenew-gen-sample: " << args.out << " exists; specify --overwrite\n";
    return 2;
  }
  // Written beside the target and renamed into place at the end, so a failed run leaves no half dataset.
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path tmp = parent / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
  try {
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    landrenew::gen::generate({args.preset, *args.seed, tmp.string()}, std::cerr);
    if (exists) fs::remove_all(target);
    fs::rename(tmp, target);
  } catch (const std::exception& e) {
    fs::remove_all(tmp, ec);
    std::cerr << "landrenew-gen-sample: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
