#include "landrenew/version.hpp"

namespace landrenew {
std::string_view version() noexcept { return LANDRENEW_VERSION; }
}  // namespace landrenew
