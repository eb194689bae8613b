#pragma once
// The pieces every spatial search in landrenew shares (internal, not installed): Boost.Geometry boxes in a
// bulk-loaded R-tree of (box, position) entries, and disjoint sets that group connected parts with the
// smallest position as the root, so that groups never depend on the order their links are found in.
#include <algorithm>
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "landrenew/geom/geos.hpp"

namespace landrenew::geom::index {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using BPoint = bg::model::d2::point_xy<double>;
using BBox = bg::model::box<BPoint>;
using Entry = std::pair<BBox, std::size_t>;          ///< a box and the position of what it bounds
using Tree = bgi::rtree<Entry, bgi::quadratic<16>>;  ///< built from a range: bulk-loaded (packing)

inline BBox box_of(const Envelope& e) {
  return BBox({e.minx, e.miny}, {e.maxx, e.maxy});
}

struct DisjointSets {
  std::vector<std::size_t> parent;
  explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x)
      x = parent[x] = parent[parent[x]];
    return x;
  }
  // The smaller position becomes the root.
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace landrenew::geom::index
