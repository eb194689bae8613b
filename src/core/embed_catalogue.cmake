# Turns a compiled gettext catalogue (.mo) into a C++ source defining its bytes (run at build time by
# src/CMakeLists.txt; core/i18n.cpp hands them to Boost.Locale).
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}" "// Generated from ${NAME} by embed_catalogue.cmake — do not edit.\n#include <string_view>\nnamespace landrenew::detail {\nstatic const char ${SYMBOL}_bytes[] = {\n${bytes}};\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL}(${SYMBOL}_bytes, sizeof ${SYMBOL}_bytes);\n}  // namespace landrenew::detail\n")
