#pragma once
// RULES.md 5: zones (districts, parks, platforms). A feature belongs to the zone that covers the largest part
// of its area (zero-area contact does not count; ties go to the smaller zone id); for parks that part must be
// at least the profile's majority share, otherwise the feature is outside parks. Area per zone is the ground
// inside the zone polygon, split by area.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "landrenew/geom/geos.hpp"
#include "landrenew/io/layer.hpp"

namespace landrenew::rules {

/// Orders zone ids: as numbers when both are integers, otherwise as text. <0, 0, >0 like strcmp.
int compare_zone_ids(std::string_view a, std::string_view b);

/// A zone layer with a spatial index and prepared geometries, answering overlap questions for other features.
/// Its questions may be asked from several threads at once (each thread prepares the zones it meets; the
/// geometries' envelopes cached, as they are for read inputs — geom::cache_envelopes).
class ZoneIndex {
 public:
  /// `id_field` is the logical field holding the zone id ("code" for districts, "id" for parks); features
  /// without one are identified by their FID.
  ZoneIndex(const PolygonLayer& zones, std::string_view id_field, std::string_view name_field = "name");
  ~ZoneIndex();
  ZoneIndex(ZoneIndex&&) noexcept;
  ZoneIndex& operator=(ZoneIndex&&) noexcept;

  std::size_t size() const noexcept;
  const std::string& id(std::size_t zone) const;
  const std::string& name(std::size_t zone) const;
  const PolygonLayer& layer() const noexcept;

  /// Area of `g` inside each zone it overlaps with positive area, ascending by zone index.
  std::vector<std::pair<std::size_t, double>> overlaps(const GEOSGeometry* g) const;

  /// The member zone of a feature of area `area_m2`: the largest overlap, ties to the smaller id; nullopt
  /// when nothing overlaps or the largest overlap is below `min_share` × area_m2.
  std::optional<std::size_t> member(const GEOSGeometry* g, double area_m2, double min_share = 0.0) const;

  /// Membership with the overlaps it was decided from (for reports).
  struct Membership {
    std::optional<std::size_t> zone;
    double share = 0;  ///< largest overlap ÷ area (0 when none)
  };
  Membership membership(const GEOSGeometry* g, double area_m2, double min_share = 0.0) const;
  /// The same decision from overlaps(g) computed already (for callers that need both).
  Membership membership_of(const std::vector<std::pair<std::size_t, double>>& found, double area_m2,
                           double min_share = 0.0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace landrenew::rules
