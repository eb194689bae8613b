#pragma once
// RULES.md 25: layers that describe the same ground must agree. The share of a layer's area that lies on a
// reference layer (buildings on parcels, industrial parcels in districts, counted register records on
// industrial parcels) and, where the share is below the profile's threshold and a constant offset explains
// it, the offset in metres.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "landrenew/core/i18n.hpp"
#include "landrenew/geom/geos.hpp"
#include "landrenew/io/layer.hpp"

class OGRSpatialReference;

namespace landrenew::rules {

/// Polygons a layer is measured against, indexed for envelope queries and prepared for containment tests.
/// Each may carry a key (a district code): a feature measured with a key counts only on polygons with that
/// key. Not copyable; used from one thread (prepared geometries build their index on first use): another
/// thread takes its own with copy().
class AgreementReference {
 public:
  explicit AgreementReference(std::vector<const GEOSGeometry*> polygons, std::vector<std::string> keys = {});
  ~AgreementReference();
  AgreementReference(const AgreementReference&) = delete;
  AgreementReference& operator=(const AgreementReference&) = delete;

  /// The same polygons and keys with prepared geometries of its own, for another thread.
  AgreementReference copy() const;
  AgreementReference(AgreementReference&&) noexcept;

  /// Whether `key` names a polygon (an empty key names none).
  bool has_key(const std::string& key) const;
  /// The area of `g`, moved by `offset`, that lies inside the union of the reference polygons (with `key`:
  /// of those with that key); exact: several overlapping pieces are unioned first. Throws Error(internal)
  /// when GEOS fails on valid geometry.
  double area_inside(const GEOSGeometry* g, geom::Point offset = {}, const std::string& key = {}) const;
  /// Whether the point `p` lies in or on a reference polygon (with `key`: one with that key).
  bool covers(geom::Point p, const std::string& key = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Features of a layer as measured: geometry, area and (optionally) the key of the reference polygon each
/// should lie on, in FID order.
struct AgreementFeatures {
  std::vector<const GEOSGeometry*> geometry;
  std::vector<double> area;
  std::vector<std::string> key;  ///< empty, or one per feature ("" = any reference polygon)
  std::vector<std::size_t> index;  ///< each feature's index in its layer (add_feature), when known
  std::size_t size() const noexcept { return geometry.size(); }
  const std::string& key_of(std::size_t i) const;
};

/// Σ area inside ÷ Σ area of the features moved by `offset` (1 when they have no area). With `threads` ≥ 2
/// the features' areas inside are measured on that many threads, each with its own copy of the reference,
/// and summed in feature order afterwards: the same share to the bit on any number of threads.
double share_inside(const AgreementFeatures& f, const AgreementReference& reference, geom::Point offset = {},
                    unsigned threads = 1);
/// Each feature's area inside the reference, moved by `offset` (what share_inside adds up), on `threads`.
std::vector<double> areas_inside(const AgreementFeatures& f, const AgreementReference& reference,
                                 geom::Point offset = {}, unsigned threads = 1);
/// Σ inside ÷ Σ area, each summed in feature order (1 when they have no area).
double share_of(const std::vector<double>& inside, const std::vector<double>& area);

/// How the offset search went (RULES.md 25).
struct ShiftEstimate {
  geom::Point offset;          ///< what, added to the measured layer, best matches the reference (metres)
  double share_at_zero = 0;    ///< the sample's share unmoved
  double share_at_offset = 0;  ///< the sample's share at `offset`
  std::size_t sample = 0;      ///< features tried
  bool preferred = false;      ///< `offset` is one of the preferred offsets (a web-map datum's, say)
};

/// Every k-th of `n` features (k = ⌈n ÷ cap⌉, starting at the first), at most `cap`, in order: the sample the
/// offset search moves. Deterministic; independent of the thread count.
std::vector<std::size_t> agreement_sample(std::size_t n, std::size_t cap);

/// Tries offsets of the sample on a coarse-to-fine grid — ±1000 m in 50 m steps, then ±50 m in 5 m steps
/// around the best, then ±5 m in 1 m steps — scoring each by the area-weighted share of the features'
/// points (one per feature on the coarse grid, up to four vertices of each on the finer ones) that fall on
/// the reference, and keeps the best. Offsets on a plateau of equal score are centred on it. Of the
/// `preferred` offsets (what a known datum mistake would do here), one that scores as well as the best is
/// taken instead: among equally good offsets, the one with a known cause. Deterministic.
ShiftEstimate estimate_shift(const AgreementFeatures& sample, const AgreementReference& reference,
                             std::span<const geom::Point> preferred = {});

/// A shift is reported only when it materially improves agreement: the share at the offset reaches the
/// threshold and is at least `kShiftMinGain` (5 percentage points) above the share unmoved, and the offset is
/// at least `kShiftMinMetres` (2 m) long.
inline constexpr double kShiftMinGain = 0.05;
inline constexpr double kShiftMinMetres = 2.0;
bool shift_explains(const ShiftEstimate& e, double threshold);

/// Above the threshold, a web-map datum still shows (landrenew's addition to RULES.md 25): when the measured
/// layer or its reference was read as WGS 84 lon/lat and a few features disagree, the whole layer is moved by
/// what GCJ-02 or BD-09 would do there; when that leaves at most this share of the disagreement (half), the
/// datum explains it and is warned about like a share below the threshold. District boundaries from a web map
/// move only the few parcels near a border, far too few to fall below a threshold, and each is a wrong
/// figure.
inline constexpr double kWebMapResidual = 0.5;
/// Of `offsets` (what each web-map datum would do here), the one that, with every feature moved by it,
/// leaves at most kWebMapResidual of the disagreement `1 − share` and the least of it; nullopt when none does
/// or `share` is 1. The estimate's sample is every feature; `preferred` is set.
std::optional<ShiftEstimate> web_map_explains(const AgreementFeatures& f, const AgreementReference& reference,
                                              double share, std::span<const geom::Point> offsets);

/// One measured pair of layers (summary.json `agreement`).
struct AgreementCheck {
  std::string key;        ///< "buildings_in_parcels", "parcels_in_districts", "register_on_industrial", ...
  std::string layer;      ///< logical layer measured ("buildings_after")
  std::string reference;  ///< logical layer it is measured against ("parcels")
  std::size_t features = 0;
  double share = 1.0;  ///< Σ area inside ÷ Σ area over every feature (RULES.md 25)
  double threshold = 0;
  std::optional<ShiftEstimate> shift;  ///< searched only below the threshold
  bool shift_reported = false;         ///< shift_explains(*shift, threshold)
  Text likely_cause;                   ///< for the warning, in both languages; empty when there is none
  /// At or above the threshold, a web-map datum's offset removes most of the disagreement (kWebMapResidual).
  bool web_map = false;
  bool lonlat = false;  ///< the layer or its reference was read as lon/lat (the web-map check applies)
  /// Per measured feature, in order: its index in `layer` (AgreementFeatures::index) and its area inside the
  /// reference unmoved — what a partition's run sums over the features it owns (RULES.md 26).
  std::vector<std::size_t> feature_index;
  std::vector<double> feature_inside_m2;
  bool below() const noexcept { return share < threshold; }
  /// A headline warning: below the threshold, or a web-map datum explains what disagreement there is.
  bool warned() const noexcept { return below() || web_map; }
};

/// The sample of a layer the offset search moves: at most this many features (every k-th).
inline constexpr std::size_t kShiftSampleCap = 300;

/// Adds feature `i` of `layer` to `m`, to be measured against the reference polygons with `key` ("" = any).
void add_feature(AgreementFeatures& m, const PolygonLayer& layer, std::size_t i, std::string key = {});

/// RULES.md 25 for one pair of layers: the share of `m` (features of `layer`) inside `reference` (the layer
/// named `reference_name`, read as lon/lat when `reference_lonlat`), measured on `threads` threads. Below
/// `threshold` the offset search runs on a sample and the check gets a likely cause (a web-map datum when the
/// offset matches GCJ-02 or BD-09 there, in the analysis CRS `crs`); at or above it, with a lon/lat layer and
/// some disagreement, a web-map datum that explains the disagreement is looked for (kWebMapResidual).
AgreementCheck measure_pair(std::string key, const PolygonLayer& layer, const AgreementFeatures& m,
                            std::string reference_name, bool reference_lonlat,
                            const AgreementReference& reference, double threshold,
                            const OGRSpatialReference& crs, unsigned threads);

}  // namespace landrenew::rules
