#include "landrenew/io/layer.hpp"

namespace landrenew {

std::string source_field(const LayerInfo& info, std::string_view logical) {
  for (const auto& b : info.fields)
    if (b.logical == logical) return b.source;
  return std::string(logical);
}

void TextColumn::push(std::optional<std::string_view> value) {
  if (value) m_data.append(value->data(), value->size());
  m_end.push_back(m_data.size());
  m_null.push_back(!value.has_value());
}

std::optional<std::string_view> TextColumn::get(std::size_t row) const {
  if (row >= m_null.size() || m_null[row]) return std::nullopt;
  const std::uint64_t begin = row == 0 ? 0 : m_end[row - 1];
  return std::string_view(m_data).substr(begin, m_end[row] - begin);
}

void TextColumn::reserve(std::size_t rows) {
  m_end.reserve(rows);
  m_null.reserve(rows);
}

void TextColumn::append(const TextColumn& other) {
  const std::uint64_t offset = m_data.size();
  m_data += other.m_data;
  m_end.reserve(m_end.size() + other.m_end.size());
  for (const std::uint64_t end : other.m_end)
    m_end.push_back(offset + end);
  m_null.insert(m_null.end(), other.m_null.begin(), other.m_null.end());
}

const TextColumn* Attributes::find(std::string_view logical) const {
  auto it = m_columns.find(logical);
  return it == m_columns.end() ? nullptr : &it->second;
}

std::optional<std::string_view> Attributes::get(std::string_view logical, std::size_t row) const {
  const TextColumn* c = find(logical);
  return c ? c->get(row) : std::nullopt;
}

void Attributes::append(const Attributes& other) {
  for (const auto& [name, column] : other.m_columns)
    m_columns[name].append(column);
}

std::string TableLayer::where(std::size_t i) const {
  const std::string r = "row " + std::to_string(row[i]);
  return i < sheet.size() ? "sheet '" + sheet[i] + "' " + r : r;
}

std::string PolygonLayer::id(std::size_t i) const {
  auto v = attributes.get("id", i);
  return v ? std::string(*v) : std::string();
}

void PolygonLayer::append(PolygonLayer&& other) {
  counts.read += other.counts.read;
  counts.used += other.counts.used;
  counts.repaired += other.counts.repaired;
  counts.rejected += other.counts.rejected;
  fid.insert(fid.end(), other.fid.begin(), other.fid.end());
  area_m2.insert(area_m2.end(), other.area_m2.begin(), other.area_m2.end());
  repaired.insert(repaired.end(), other.repaired.begin(), other.repaired.end());
  geometry.reserve(geometry.size() + other.geometry.size());
  for (auto& g : other.geometry)
    geometry.push_back(std::move(g));
  attributes.append(other.attributes);
}

}  // namespace landrenew
