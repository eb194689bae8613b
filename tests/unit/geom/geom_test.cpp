#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "landrenew/geom/overlaps.hpp"
#include "landrenew/geom/repair.hpp"

using namespace landrenew;
using namespace landrenew::geom;
using S = RepairOutcome::Status;

TEST(Repair, ValidPolygonIsKeptAsItIs) {
  RepairOutcome r = validate_and_repair(from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
  EXPECT_EQ(r.status, S::valid);
  EXPECT_DOUBLE_EQ(area(r.geometry.get()), 100.0);
}

TEST(Repair, BowtieIsRepairedIntoTwoTrianglesWithReasonAndLocation) {
  // Self-intersecting at (5 5): MakeValid gives two triangles of 25 m² each.
  RepairOutcome r = validate_and_repair(from_wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))"));
  ASSERT_EQ(r.status, S::repaired);
  EXPECT_EQ(r.kind, "geometry_repaired");
  EXPECT_EQ(r.reason.en, "Self-intersection");
  ASSERT_TRUE(r.has_location);
  EXPECT_DOUBLE_EQ(r.location.x, 5.0);
  EXPECT_DOUBLE_EQ(r.location.y, 5.0);
  EXPECT_DOUBLE_EQ(area(r.geometry.get()), 50.0);
  EXPECT_EQ(type_id(r.geometry.get()), GEOS_MULTIPOLYGON);
}

TEST(Repair, EmptyAndNonPolygonalGeometriesAreRejected) {
  EXPECT_EQ(validate_and_repair(from_wkt("POLYGON EMPTY")).kind, "geometry_empty");
  EXPECT_EQ(validate_and_repair(from_wkt("POLYGON EMPTY")).status, S::rejected);
  EXPECT_EQ(validate_and_repair(from_wkt("LINESTRING(0 0,1 1)")).kind, "geometry_not_polygonal");
  EXPECT_EQ(validate_and_repair(nullptr).status, S::rejected);
}

TEST(Repair, CoordinatesBeyondAnyCrsAreRefusedBeforeGeosValidatesThem) {
  // fuzz_geometry: a ring with coordinates like 1e248 kept GEOS's validity check busy for over ten minutes.
  RepairOutcome r = validate_and_repair(
      from_wkt("POLYGON((0 0,10 2.2e161,2.0e189 1.3e248,10 1.4e189,0 4.0e228,4.4e228 14,0 0))"));
  EXPECT_EQ(r.status, S::rejected);
  EXPECT_EQ(r.kind, "geometry_out_of_range");
  // The same in a hole that lies outside its shell (GEOS's envelope of a polygon is its shell's only).
  EXPECT_EQ(validate_and_repair(from_wkt("POLYGON((0 0,10 10,0 10,0 0),(2 2,2.2e161 -2.6e307,-1.3e306 0,"
                                         "0 2,2 2))"))
                .kind,
            "geometry_out_of_range");
  // 10^9 is the limit; a parcel in prefixed Gauss-Krüger metres (x ≈ 4e7) is nowhere near it.
  EXPECT_EQ(validate_and_repair(from_wkt("POLYGON((40500000 3390000,40500100 3390000,40500100 3390100,"
                                         "40500000 3390100,40500000 3390000))"))
                .status,
            S::valid);
}

TEST(Repair, PolygonCollapsedToALineIsRejectedAfterRepair) {
  RepairOutcome r = validate_and_repair(from_wkt("POLYGON((0 0,10 0,20 0,0 0))"));
  EXPECT_EQ(r.status, S::rejected);
  EXPECT_EQ(r.kind, "geometry_empty_after_repair");
}

TEST(Repair, PolygonsInsideACollectionAreKept) {
  RepairOutcome r =
      validate_and_repair(from_wkt("GEOMETRYCOLLECTION(POINT(0 0),POLYGON((0 0,4 0,4 4,0 4,0 0)))"));
  EXPECT_EQ(r.status, S::valid);
  EXPECT_DOUBLE_EQ(area(r.geometry.get()), 16.0);
}

TEST(Repair, TheQuickValidityProofAcceptsSimpleRingsAndLeavesEveryDoubtfulOneToGeos) {
  // Proven: a rectangle at Gauss-Krüger magnitudes, a triangle, a concave L.
  for (const char* wkt :
       {"POLYGON((500000 3400000,500012.5 3400000,500012.5 3400008,500000 3400008,500000 3400000))",
        "POLYGON((0 0,10 0,0 10,0 0))", "POLYGON((0 0,10 0,10 4,4 4,4 10,0 10,0 0))"})
    EXPECT_TRUE(surely_valid_simple_polygon(from_wkt(wkt).get())) << wkt;
  // Not proven (GEOS decides): a bow-tie, a ring touching itself at a vertex, a spike, a repeated vertex, a
  // collinear vertex, a hole, a multipolygon, a zero-area ring, an unclosed-looking degenerate ring.
  for (const char* wkt :
       {"POLYGON((0 0,10 10,10 0,0 10,0 0))", "POLYGON((0 0,10 0,5 5,10 10,0 10,5 5,0 0))",
        "POLYGON((0 0,10 0,10 10,10 20,10 10,0 10,0 0))", "POLYGON((0 0,10 0,10 0,10 10,0 0))",
        "POLYGON((0 0,5 0,10 0,10 10,0 0))", "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))",
        "MULTIPOLYGON(((0 0,1 0,1 1,0 0)))", "POLYGON((0 0,10 0,20 0,0 0))"})
    EXPECT_FALSE(surely_valid_simple_polygon(from_wkt(wkt).get())) << wkt;
  // Random small rings on a coarse grid (many touch, cross, repeat or spike) at large coordinates: whatever
  // the proof accepts, GEOS must call valid; and the proof must accept some (it is not just "false").
  std::mt19937_64 rng(20230403);
  std::uniform_int_distribution<int> grid(0, 6), count(3, 9);
  int proven = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const int n = count(rng);
    std::string wkt = "POLYGON((", first;
    for (int i = 0; i < n; ++i) {
      const std::string pt =
          std::to_string(3400000.0 + grid(rng) * 0.5) + " " + std::to_string(500000.0 + grid(rng));
      if (i == 0) first = pt;
      wkt += pt + ",";
    }
    wkt += first + "))";
    const Geometry g = from_wkt(wkt);
    if (!g || !surely_valid_simple_polygon(g.get())) continue;
    ++proven;
    EXPECT_EQ(GEOSisValid_r(context(), g.get()), 1) << wkt;
  }
  EXPECT_GT(proven, 100);
}

namespace {
geom::OverlapAnalysis analyse(const std::vector<std::string>& wkts) {
  static std::vector<Geometry> keep;
  keep.clear();
  std::vector<const GEOSGeometry*> g;
  std::vector<double> a;
  for (const auto& w : wkts) {
    keep.push_back(from_wkt(w));
    g.push_back(keep.back().get());
    a.push_back(area(keep.back().get()));
  }
  auto out = geom::analyse_overlaps(g, a);
  keep.clear();
  return out;
}
}  // namespace

TEST(Overlaps, TwoOverlappingParcelsAreCountedOnceInTheUnion) {
  // Two 100 m × 100 m squares overlapping by 50 m × 100 m: union 15000 m², sum 20000 m².
  auto r = analyse({"POLYGON((0 0,100 0,100 100,0 100,0 0))", "POLYGON((50 0,150 0,150 100,50 100,50 0))"});
  EXPECT_DOUBLE_EQ(r.sum_m2, 20000.0);
  EXPECT_DOUBLE_EQ(r.union_m2, 15000.0);
  ASSERT_EQ(r.components.size(), 1u);  // callers rebuild the union from these (district splits)
  EXPECT_EQ(r.components[0], (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(r.overlaps.size(), 1u);
  EXPECT_DOUBLE_EQ(r.overlaps[0].area_m2, 5000.0);
  EXPECT_TRUE(r.duplicate_groups.empty());
}

TEST(Overlaps, NeighboursSharingAnEdgeDoNotOverlap) {
  auto r =
      analyse({"POLYGON((0 0,100 0,100 100,0 100,0 0))", "POLYGON((100 0,200 0,200 100,100 100,100 0))"});
  EXPECT_TRUE(r.overlaps.empty());
  EXPECT_DOUBLE_EQ(r.union_m2, 20000.0);
}

TEST(Overlaps, ExactDuplicatesAreGroupedEvenWithAnotherStartPointAndCountedOnce) {
  auto r = analyse({"POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((10 10,0 10,0 0,10 0,10 10))",
                    "POLYGON((20 0,30 0,30 10,20 10,20 0))"});
  ASSERT_EQ(r.duplicate_groups.size(), 1u);
  EXPECT_EQ(r.duplicate_groups[0], (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(r.overlaps.empty());
  EXPECT_DOUBLE_EQ(r.union_m2, 200.0);
}

TEST(Overlaps, ThreeWayOverlapUnionIsExact) {
  // Three 10×10 squares at x = 0, 5 and 2: together they cover x 0..15, so the union is 150 m².
  auto r = analyse({"POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((5 0,15 0,15 10,5 10,5 0))",
                    "POLYGON((2 0,12 0,12 10,2 10,2 0))"});
  EXPECT_DOUBLE_EQ(r.union_m2, 150.0);
  EXPECT_EQ(r.overlaps.size(), 3u);
}

namespace {
// Parts from WKT, with their areas, for the subset-union tests.
struct Parts {
  std::vector<geom::Geometry> keep;
  std::vector<const GEOSGeometry*> g;
  std::vector<double> a;
  explicit Parts(const std::vector<std::string>& wkts) {
    for (const auto& w : wkts) {
      keep.push_back(from_wkt(w));
      g.push_back(keep.back().get());
      a.push_back(area(keep.back().get()));
    }
  }
};
using SubsetCases = std::vector<std::pair<std::vector<std::size_t>, double>>;

// Each subset's union from `union_of_subset` equals the hand-computed figure and, bit for bit, the union
// analyse_overlaps() finds for the subset's parts alone.
template <typename F>
void expect_subset_unions(const Parts& parts, const SubsetCases& cases, F union_of_subset) {
  for (const auto& [subset, expected] : cases) {
    std::vector<const GEOSGeometry*> sg;
    std::vector<double> sa;
    for (auto i : subset) {
      sg.push_back(parts.g[i]);
      sa.push_back(parts.a[i]);
    }
    const double reused = union_of_subset(subset);
    EXPECT_DOUBLE_EQ(reused, expected) << "subset of " << subset.size();
    EXPECT_EQ(reused, geom::analyse_overlaps(sg, sa).union_m2);
  }
}
}  // namespace

TEST(Overlaps, UnionOfASubsetReusesTheWholeAnalysisAndEqualsAnalysingTheSubsetAlone) {
  // 0: [0,10]² ; 1: x 5..15 (overlaps 0) ; 2: a duplicate of 0 ; 3: x 20..30 alone ; 4: x 25..35 (overlaps 3).
  const Parts p({"POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((5 0,15 0,15 10,5 10,5 0))",
                 "POLYGON((10 10,0 10,0 0,10 0,10 10))", "POLYGON((20 0,30 0,30 10,20 10,20 0))",
                 "POLYGON((25 0,35 0,35 10,25 10,25 0))"});
  const auto whole = geom::analyse_overlaps(p.g, p.a);
  EXPECT_DOUBLE_EQ(whole.union_m2, 150.0 + 150.0);
  // By hand: {0, 2} duplicates → 100; {0, 1} → 150; {1, 3} → 200 (no overlap); {2, 4} → 200; {0..4} → 300.
  expect_subset_unions(
      p,
      {{{0, 2}, 100.0},
       {{0, 1}, 150.0},
       {{1, 3}, 200.0},
       {{2, 4}, 200.0},
       {{0, 1, 2, 3, 4}, 300.0},
       {{3}, 100.0}},
      [&](const std::vector<std::size_t>& subset) { return geom::subset_union_m2(whole, p.g, p.a, subset); });
  const std::vector<std::size_t> unsorted = {2, 0};
  EXPECT_THROW(geom::subset_union_m2(whole, p.g, p.a, unsorted), std::invalid_argument);
}

TEST(Overlaps, OneSubsetUnionIndexAnswersManySubsetsInAnyOrderAsAnalysingEachAlone) {
  // 0: [0,10]² ; 1: x 5..15 (overlaps 0 and 2) ; 2 and 5: duplicates of 0 ; 3: x 20..30 ; 4: x 25..35.
  const Parts p({"POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((5 0,15 0,15 10,5 10,5 0))",
                 "POLYGON((10 10,0 10,0 0,10 0,10 10))", "POLYGON((20 0,30 0,30 10,20 10,20 0))",
                 "POLYGON((25 0,35 0,35 10,25 10,25 0))", "POLYGON((0 0,10 0,10 10,0 10,0 0))"});
  const auto whole = geom::analyse_overlaps(p.g, p.a);
  geom::SubsetUnion index(whole, p.g, p.a);
  // By hand: {0, 5} duplicates with 2 absent → 100; {1, 2} overlap → 150; {0, 2, 5} → 100; {1, 3} → 200;
  // {3, 4} → 150; everything → 300; then the first again (the index keeps no state between calls).
  expect_subset_unions(p,
                       {{{0, 5}, 100.0},
                        {{1, 2}, 150.0},
                        {{0, 2, 5}, 100.0},
                        {{1, 3}, 200.0},
                        {{3, 4}, 150.0},
                        {{0, 1, 2, 3, 4, 5}, 300.0},
                        {{0, 5}, 100.0},
                        {{}, 0.0}},
                       [&](const std::vector<std::size_t>& subset) { return index.union_m2(subset); });
  const std::vector<std::size_t> outside = {1, 6};
  EXPECT_THROW(index.union_m2(outside), std::out_of_range);
  const std::vector<std::size_t> pair = {0, 1};
  EXPECT_EQ(index.union_m2(pair), 150.0);  // still usable after a refused subset
}

TEST(Overlaps, OneThreadAndFourThreadsFindTheSamePairsGroupsAndUnionBitForBit) {
  // 3,000 squares of 10 m on a jittered 9 m grid: neighbours overlap, some are exact duplicates, a few
  // stand alone; enough parts for many blocks of the pair search and many groups to union.
  std::mt19937 rng(20231129);
  std::uniform_real_distribution<double> jitter(-1.5, 1.5);
  std::vector<std::string> wkts;
  for (int k = 0; k < 3000; ++k) {
    const double x = (k % 60) * 9.0 + (k % 7 == 0 ? 400.0 * 9 : 0.0) + jitter(rng);
    const double y = (k / 60) * 9.0 + jitter(rng);
    char buf[200];
    std::snprintf(buf, sizeof buf, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x, y,
                  x + 10, y, x + 10, y + 10, x, y + 10, x, y);
    wkts.emplace_back(buf);
    if (k % 97 == 0) wkts.emplace_back(buf);  // an exact duplicate
  }
  const Parts p(wkts);
  for (const GEOSGeometry* g : p.g)
    geom::cache_envelopes(g);  // as the reader does for every input read by several threads
  const auto one = geom::analyse_overlaps(p.g, p.a);
  const auto four = geom::analyse_overlaps(p.g, p.a, {.threads = 4});
  ASSERT_GT(one.overlaps.size(), 1000u);
  ASSERT_GT(one.components.size(), 1u);
  ASSERT_FALSE(one.duplicate_groups.empty());
  EXPECT_EQ(four.duplicate_groups, one.duplicate_groups);
  ASSERT_EQ(four.overlaps.size(), one.overlaps.size());
  for (std::size_t k = 0; k < one.overlaps.size(); ++k) {
    EXPECT_EQ(four.overlaps[k].a, one.overlaps[k].a);
    EXPECT_EQ(four.overlaps[k].b, one.overlaps[k].b);
    EXPECT_EQ(four.overlaps[k].area_m2, one.overlaps[k].area_m2);
    EXPECT_EQ(four.overlaps[k].where.x, one.overlaps[k].where.x);
    EXPECT_EQ(four.overlaps[k].where.y, one.overlaps[k].where.y);
  }
  EXPECT_EQ(four.components, one.components);
  EXPECT_EQ(four.union_m2, one.union_m2);
  EXPECT_EQ(four.sum_m2, one.sum_m2);
  // Duplicate groups given from outside are used as they are: the same analysis.
  const auto given =
      geom::analyse_overlaps(p.g, p.a, {.threads = 2, .duplicate_groups = &one.duplicate_groups});
  EXPECT_EQ(given.union_m2, one.union_m2);
  EXPECT_EQ(given.overlaps.size(), one.overlaps.size());
  EXPECT_EQ(geom::find_duplicate_geometries(p.g, 3), one.duplicate_groups);
  // And the subset unions answered from several threads at once are each the one-thread figure.
  const geom::SubsetUnion index(one, p.g, p.a);
  std::vector<std::vector<std::size_t>> subsets;
  for (std::size_t start = 0; start + 400 <= p.g.size(); start += 150) {
    subsets.emplace_back();
    for (std::size_t i = start; i < start + 400; i += 1 + (i % 3))
      subsets.back().push_back(i);
  }
  std::vector<double> serial, parallel(subsets.size());
  for (const auto& s : subsets)
    serial.push_back(index.union_m2(s));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t k = t; k < subsets.size(); k += 4)
        parallel[k] = index.union_m2(subsets[k]);
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(parallel, serial);
}

// Issue 21: the reasons are in both languages; GEOS's own words in English as GEOS gives them.
TEST(Repair, ReasonIsInBothLanguages) {
  RepairOutcome empty = validate_and_repair(from_wkt("POLYGON EMPTY"));
  EXPECT_EQ(empty.reason.en, "empty geometry");
  EXPECT_EQ(empty.reason.zh, "空图形");
  RepairOutcome line = validate_and_repair(from_wkt("LINESTRING(0 0,1 1)"));
  EXPECT_EQ(line.reason.en, "geometry is a LineString, not a polygon");
  EXPECT_EQ(line.reason.zh, "图形是 LineString，不是面");
  RepairOutcome bowtie = validate_and_repair(from_wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))"));
  EXPECT_EQ(bowtie.reason.en, "Self-intersection");
  EXPECT_EQ(bowtie.reason.zh, "自相交");
}
