#pragma once
// Street grid and parcel subdivision of one site. Blocks are separated by 20-40 m roads; each block is
// cut into one or two rows and each row into parcels of 5-300 mu. Corners are computed once from the
// site frame, so neighbouring parcels share identical edges (including the T-junction vertices where
// the cuts of two rows meet).

#include <string>
#include <vector>

#include "geometry.hpp"
#include "rng.hpp"
#include "sites.hpp"

namespace landrenew::gen {

constexpr double kMuM2 = 10000.0 / 15.0;  // 1 mu in m², exactly (DOMAIN.md §2)

struct ParcelShape {
  std::size_t block = 0;
  std::size_t row = 0;
  std::size_t pos_in_row = 0;
  double u0 = 0, u1 = 0, v0 = 0, v1 = 0;  // the parcel's rectangle in the site frame
  Ring ring;                              // world coordinates, counter-clockwise
  double area = 0;                        // of ring, m²
  std::string road;                       // the road it fronts, for the address
  int house_number = 0;
};

struct Row {
  std::size_t block = 0;
  double v0 = 0, v1 = 0;
  std::vector<double> cuts;  // u positions, from block.u0 to block.u1
  std::vector<std::size_t> parcels;
};

struct Block {
  double u0 = 0, u1 = 0, v0 = 0, v1 = 0;
  std::vector<std::size_t> rows;
};

struct SiteLayout {
  std::vector<Block> blocks;
  std::vector<Row> rows;
  std::vector<ParcelShape> parcels;
};

SiteLayout layout_site(const Site& site, Rng& rng);

}  // namespace landrenew::gen
