#include "landrenew/core/findings.hpp"

namespace landrenew {

const char* to_string(Severity s) noexcept {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "warning";
}

const char* to_string(Action a) noexcept {
  switch (a) {
    case Action::none:
      return "reported";
    case Action::repaired:
      return "repaired";
    case Action::rejected:
      return "rejected";
    case Action::ignored:
      return "ignored";
  }
  return "reported";
}

void Findings::add(Finding f) {
  m_items.push_back(std::move(f));
}

std::map<std::string, std::size_t> Findings::count_by_kind() const {
  std::map<std::string, std::size_t> counts;
  for (const auto& f : m_items)
    ++counts[f.kind];
  return counts;
}

std::vector<const Finding*> Findings::of_layer(const std::string& layer) const {
  std::vector<const Finding*> out;
  for (const auto& f : m_items)
    if (f.layer == layer) out.push_back(&f);
  return out;
}

void Findings::append(const Findings& other) {
  m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

}  // namespace landrenew
