# Turns a profile TOML file into a C++ source defining its text (run at build time by src/CMakeLists.txt).
file(READ "${INPUT}" content)
set(delim "lrprofile")
file(WRITE "${OUTPUT}" "// Generated from ${NAME}.toml by embed.cmake — do not edit.\n#include <string_view>\nnamespace landrenew::detail {\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL} = R\"${delim}(${content})${delim}\";\n}  // namespace landrenew::detail\n")
