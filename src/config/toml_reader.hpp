#pragma once
// Internal: reads a toml++ table key by key, checking types, and reports every key that nobody asked for
// as "unknown key" with its line number (and the nearest known key). Used by the project file and profiles.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "landrenew/core/error.hpp"

namespace landrenew::detail {

/// Parses `text` (the content of `file`) or throws Error(kind) with the line and column of the syntax error.
toml::table parse_toml(const std::string& text, const std::string& file, ErrorKind kind);

class TomlReader {
 public:
  /// `where` is the dotted path of this table in the file ("" for the root), used in messages.
  TomlReader(const toml::table& table, std::string file, ErrorKind kind, std::string where = "");

  bool has(std::string_view key) const;
  bool is_string(std::string_view key) const;
  std::optional<std::string> string(std::string_view key);
  std::optional<double> number(std::string_view key);  ///< integer or float
  std::optional<std::int64_t> integer(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::vector<std::string>> string_array(std::string_view key);
  std::optional<std::vector<double>> number_array(std::string_view key);
  /// A table of numbers ({ "13" = 1.0, ... }) or of text values.
  std::optional<std::map<std::string, double>> number_map(std::string_view key);
  std::optional<std::map<std::string, std::string>> string_map(std::string_view key);
  std::optional<TomlReader> table(std::string_view key);
  /// Sub-tables of an array of tables ([[key]]).
  std::vector<TomlReader> table_array(std::string_view key);
  /// Every key of this table (for free-form maps such as field mappings); marks them all as read.
  std::vector<std::string> keys();

  /// Throws Error(kind) naming the first key of this table that was never read, with its line.
  void reject_unknown_keys(const std::vector<std::string>& known_hint = {});

  int line_of(std::string_view key) const;  ///< 0 when unknown
  int line() const;                         ///< line where this table starts
  const std::string& file() const noexcept { return m_file; }
  std::string path_of(std::string_view key) const;
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

 private:
  const toml::node* node(std::string_view key);
  const toml::table* m_table;
  std::string m_file;
  ErrorKind m_kind;
  std::string m_where;
  std::set<std::string, std::less<>> m_read;
};

/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace landrenew::detail
