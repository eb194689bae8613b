#include "config/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "landrenew/core/i18n.hpp"

namespace landrenew::detail {

toml::table parse_toml(const std::string& text, const std::string& file, ErrorKind kind) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    ErrorContext where{.file = file};
    where.line = static_cast<int>(e.source().begin.line);
    // toml++'s own description stays as it is (English, from the library).
    throw Error(kind, trf("column {1}: {2}", e.source().begin.column, std::string_view(e.description())),
                where);
  }
}

namespace {
/// toml++'s name of a value's type, for "must be …, not a date".
const char* type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table:
      return N_("table");
    case toml::node_type::array:
      return N_("array");
    case toml::node_type::string:
      return N_("string");
    case toml::node_type::integer:
      return N_("integer");
    case toml::node_type::floating_point:
      return N_("floating-point");
    case toml::node_type::boolean:
      return N_("boolean");
    case toml::node_type::date:
      return N_("date");
    case toml::node_type::time:
      return N_("time");
    case toml::node_type::date_time:
      return N_("date-time");
    case toml::node_type::none:
      break;
  }
  return N_("none");
}
}  // namespace

TomlReader::TomlReader(const toml::table& table, std::string file, ErrorKind kind, std::string where)
    : m_table(&table), m_file(std::move(file)), m_kind(kind), m_where(std::move(where)) {}

bool TomlReader::has(std::string_view key) const {
  return m_table->contains(key);
}

bool TomlReader::is_string(std::string_view key) const {
  const auto it = m_table->find(key);
  return it != m_table->end() && it->second.is_string();
}

std::string TomlReader::path_of(std::string_view key) const {
  return m_where.empty() ? std::string(key) : m_where + "." + std::string(key);
}

int TomlReader::line_of(std::string_view key) const {
  const auto it = m_table->find(key);
  if (it == m_table->end()) return 0;
  return static_cast<int>(it->first.source().begin.line);
}

int TomlReader::line() const {
  return static_cast<int>(m_table->source().begin.line);
}

void TomlReader::fail(std::string_view key, const std::string& message) const {
  ErrorContext c{.file = m_file};
  const int l = key.empty() ? line() : line_of(key);
  if (l > 0) c.line = l;
  throw Error(m_kind, key.empty() ? message : trf("'{1}': {2}", path_of(key), message), c);
}

const toml::node* TomlReader::node(std::string_view key) {
  const auto it = m_table->find(key);
  if (it == m_table->end()) return nullptr;
  m_read.emplace(key);
  return &it->second;
}

std::optional<std::string> TomlReader::string(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) fail(key, trf("must be a text value in quotes, not {1}", tr(type_name(n->type()))));
  return n->as_string()->get();
}

std::optional<double> TomlReader::number(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (n->is_integer()) return static_cast<double>(n->as_integer()->get());
  // TOML allows nan and inf; no threshold or target can be either.
  if (n->is_floating_point() && std::isfinite(n->as_floating_point()->get()))
    return n->as_floating_point()->get();
  fail(key, n->is_floating_point() ? tr("must be a finite number, not nan or inf") : tr("must be a number"));
}

std::optional<std::int64_t> TomlReader::integer(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) fail(key, tr("must be a whole number"));
  return n->as_integer()->get();
}

std::optional<bool> TomlReader::boolean(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) fail(key, tr("must be true or false"));
  return n->as_boolean()->get();
}

std::optional<std::vector<std::string>> TomlReader::string_array(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_array()) fail(key, tr("must be a list of text values, like [\"a\", \"b\"]"));
  std::vector<std::string> out;
  for (const auto& e : *n->as_array()) {
    if (!e.is_string()) fail(key, tr("must contain only text values in quotes"));
    out.push_back(e.as_string()->get());
  }
  return out;
}

std::optional<std::vector<double>> TomlReader::number_array(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_array()) fail(key, tr("must be a list of numbers, like [25, 70, 95]"));
  std::vector<double> out;
  for (const auto& e : *n->as_array()) {
    if (e.is_integer())
      out.push_back(static_cast<double>(e.as_integer()->get()));
    else if (e.is_floating_point() && std::isfinite(e.as_floating_point()->get()))
      out.push_back(e.as_floating_point()->get());
    else
      fail(key, tr("must contain only finite numbers"));
  }
  return out;
}

std::optional<std::map<std::string, double>> TomlReader::number_map(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_table()) fail(key, tr("must be a table of numbers, like { \"13\" = 1.0 }"));
  std::map<std::string, double> out;
  for (const auto& [k, v] : *n->as_table()) {
    if (v.is_integer())
      out[std::string(k.str())] = static_cast<double>(v.as_integer()->get());
    else if (v.is_floating_point() && std::isfinite(v.as_floating_point()->get()))
      out[std::string(k.str())] = v.as_floating_point()->get();
    else
      fail(key, trf("'{1}' must be a finite number", k.str()));
  }
  return out;
}

std::optional<std::map<std::string, std::string>> TomlReader::string_map(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_table()) fail(key, tr("must be a table of text values, like { \"13\" = \"13\" }"));
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : *n->as_table()) {
    if (!v.is_string()) fail(key, trf("'{1}' must be a text value in quotes", k.str()));
    out[std::string(k.str())] = v.as_string()->get();
  }
  return out;
}

std::optional<TomlReader> TomlReader::table(std::string_view key) {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_table()) fail(key, trf("must be a table ([{1}] or {2})", path_of(key), "{ ... }"));
  return TomlReader(*n->as_table(), m_file, m_kind, path_of(key));
}

std::vector<TomlReader> TomlReader::table_array(std::string_view key) {
  const auto* n = node(key);
  std::vector<TomlReader> out;
  if (!n) return out;
  // `profile show` writes "group = []" for none (toml++ does not count an empty array as one of tables).
  if (n->is_array() && n->as_array()->empty()) return out;
  if (!n->is_array_of_tables()) fail(key, trf("must be an array of tables ([[{1}]])", path_of(key)));
  std::size_t i = 0;
  for (const auto& e : *n->as_array())
    out.emplace_back(*e.as_table(), m_file, m_kind, path_of(key) + "[" + std::to_string(i++) + "]");
  return out;
}

std::vector<std::string> TomlReader::keys() {
  std::vector<std::string> out;
  for (const auto& [k, v] : *m_table) {
    out.emplace_back(k.str());
    m_read.emplace(k.str());
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

void TomlReader::reject_unknown_keys(const std::vector<std::string>& known_hint) {
  for (const auto& [k, v] : *m_table) {
    if (m_read.count(k.str())) continue;
    std::vector<std::string> known(m_read.begin(), m_read.end());
    known.insert(known.end(), known_hint.begin(), known_hint.end());
    std::string best;
    std::size_t best_d = 3;  // suggest only close matches
    for (const auto& cand : known) {
      const std::size_t d = edit_distance(k.str(), cand);
      if (d < best_d) {
        best_d = d;
        best = cand;
      }
    }
    ErrorContext c{.file = m_file};
    c.line = static_cast<int>(k.source().begin.line);
    throw Error(m_kind,
                best.empty() ? trf("unknown key '{1}'", path_of(k.str()))
                             : trf("unknown key '{1}' (did you mean '{2}'?)", path_of(k.str()), best),
                c);
  }
}

}  // namespace landrenew::detail
