#pragma once
#include <string_view>

namespace landrenew {
/// The library's version, e.g. "0.1.0"; also printed by `landrenew --version` and written to manifest.json.
std::string_view version() noexcept;
}  // namespace landrenew
