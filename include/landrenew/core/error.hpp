#pragma once
// One error hierarchy for failures to run (STYLE.md 4). Problems *in the data* are not errors: they are
// findings (findings.hpp). Only main() turns an Error into a message and an exit code.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace landrenew {

/// What kind of failure stopped the run; each maps to one exit code (docs/commands.md "Exit codes").
/// The numbers avoid 1 (used by shells and sanitizers for anything) and 124-127, 137 (timeout, shell,
/// SIGKILL).
enum class ErrorKind {
  usage,       ///< bad command line                                   -> 2
  project,     ///< project file unreadable, invalid or inconsistent    -> 3
  profile,     ///< policy profile unreadable, invalid or inconsistent  -> 4
  input_open,  ///< an input cannot be opened: missing, refused, corrupt -> 5
  input_data,  ///< an input opens but cannot be used as it is (CRS, fields, geometry type) -> 6
  output,      ///< an output cannot be written                         -> 7
  internal,    ///< a bug in landrenew                                  -> 8
};

int exit_code(ErrorKind kind) noexcept;
const char* to_string(ErrorKind kind) noexcept;

/// Where an error happened. Every part is optional; what is set is printed, in this order.
struct ErrorContext {
  std::string file;                 ///< path as the user gave it (or a PG: connection without password)
  std::string layer;                ///< layer or sheet name
  std::optional<std::int64_t> fid;  ///< source feature id (GDAL FID) or data row
  std::string feature_id;           ///< the mapped id field's value, when there is one
  std::string field;                ///< source field (column) name
  std::optional<int> line;          ///< line in a text file (project file, profile)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, ErrorContext context = {});

  ErrorKind kind() const noexcept { return m_kind; }
  const ErrorContext& context() const noexcept { return m_context; }
  /// The message without the context prefix.
  const std::string& detail() const noexcept { return m_detail; }

 private:
  ErrorKind m_kind;
  ErrorContext m_context;
  std::string m_detail;
};

/// "file: line 3: layer 'x': feature 12 (ZDDM 330502...): field 'DLBM': " — the prefix Error::what() uses.
std::string format_context(const ErrorContext& context);

}  // namespace landrenew
