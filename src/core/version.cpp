#include "landrenew/core/version.hpp"

namespace landrenew {
std::string_view version() noexcept { return LANDRENEW_VERSION; }
}  // namespace landrenew
