#include "landrenew/rules/clusters.hpp"

#include <set>

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace landrenew;
using test::rect;

namespace {

// GK-like coordinates (EPSG:4549 around Huzhou); sizes below are relative to this origin.
constexpr double X0 = 520000, Y0 = 3390000;
std::string r(double x0, double y0, double x1, double y1) {
  return rect(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

PolygonLayer parcels(const std::vector<std::string>& wkts) {
  PolygonLayer layer;
  layer.info.logical = "parcels";
  std::int64_t fid = 0;
  for (const auto& w : wkts) {
    layer.fid.push_back(fid++);
    layer.geometry.push_back(geom::from_wkt(w));
    layer.area_m2.push_back(geom::area(layer.geometry.back().get()));
    layer.repaired.push_back(false);
  }
  return layer;
}

std::vector<std::size_t> all(const PolygonLayer& p) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < p.size(); ++i)
    out.push_back(i);
  return out;
}

}  // namespace

TEST(Clusters, ParcelsFourteenPointNineMetresApartFormOneCluster) {
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(114.9, 0, 214.9, 100)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].parcels, (std::vector<std::size_t>{0, 1}));
  EXPECT_NEAR(c[0].area_m2, 20000, 1e-6);  // two disjoint 100 × 100 squares
}

TEST(Clusters, ParcelsExactlyFifteenMetresApartFormOneCluster) {
  // RULES.md 15: distance ≤ gap.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(115, 0, 215, 100)});
  EXPECT_EQ(rules::find_clusters(p, all(p), 15.0, 50.0).size(), 1u);
}

TEST(Clusters, ParcelsFifteenPointOneMetresApartAreTwoClusters) {
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(115.1, 0, 215.1, 100)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].parcels, (std::vector<std::size_t>{0}));
  EXPECT_EQ(c[1].parcels, (std::vector<std::size_t>{1}));
}

TEST(Clusters, ChainOfThreeParcelsFormsOneClusterTransitively) {
  // A–B 10 m, B–C 10 m, A–C 120 m: one cluster through B; without B, A and C stay apart.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(110, 0, 210, 100), r(220, 0, 320, 100)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].parcels, (std::vector<std::size_t>{0, 1, 2}));
  std::vector<std::size_t> ends{0, 2};
  EXPECT_EQ(rules::find_clusters(p, ends, 15.0, 50.0).size(), 2u);
}

TEST(Clusters, IsolatedParcelIsItsOwnClusterAndIdsFollowTheSmallestParcelIndex) {
  // P0 far away; P1 is not low-efficiency and does not bridge P3 (10 m to its west) and P2 (10 m to its
  // east), which are 120 m apart. Listed out of order, numbered by smallest parcel index: {0}, {2}, {3}.
  PolygonLayer p =
      parcels({r(1000, 0, 1100, 100), r(0, 0, 100, 100), r(110, 0, 210, 100), r(-110, 0, -10, 100)});
  std::vector<std::size_t> low{3, 0, 2, 3};
  auto c = rules::find_clusters(p, low, 15.0, 50.0);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].id, "LP0001");
  EXPECT_EQ(c[0].parcels, (std::vector<std::size_t>{0}));
  EXPECT_EQ(c[0].method, rules::UnionMethod::single);
  EXPECT_DOUBLE_EQ(c[0].area_m2, 10000);
  EXPECT_EQ(c[1].id, "LP0002");
  EXPECT_EQ(c[1].parcels, (std::vector<std::size_t>{2}));
  EXPECT_EQ(c[2].id, "LP0003");
  EXPECT_EQ(c[2].parcels, (std::vector<std::size_t>{3}));
}

TEST(Clusters, ClusterIdsFollowTheSmallestMemberParcelIndex) {
  // P0 and P2 are 10 m apart; P1 is isolated. {0, 2} has the smallest member 0, so it is LP0001 and {1} is
  // LP0002.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(1000, 0, 1100, 100), r(110, 0, 210, 100)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, "LP0001");
  EXPECT_EQ(c[0].parcels, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(c[1].id, "LP0002");
  EXPECT_EQ(c[1].parcels, (std::vector<std::size_t>{1}));
}

TEST(Clusters, ClusterJustUnderFiftyMuIsNotACandidate) {
  // Two 100 × 166.6 parcels 10 m apart: 33320 m² = 33320 × 15 / 10000 = 49.98 mu.
  PolygonLayer p = parcels({r(0, 0, 100, 166.6), r(110, 0, 210, 166.6)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c[0].mu(), 49.98, 1e-6);
  EXPECT_FALSE(c[0].candidate);
}

TEST(Clusters, ClusterJustOverFiftyMuIsACandidate) {
  // Two 100 × 166.7 parcels 10 m apart: 33340 m² = 50.01 mu.
  PolygonLayer p = parcels({r(0, 0, 100, 166.7), r(110, 0, 210, 166.7)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c[0].mu(), 50.01, 1e-6);
  EXPECT_TRUE(c[0].candidate);
}

TEST(Clusters, CoverageUnionAndUnaryUnionGiveTheSameAreaForACleanCoverage) {
  // A 2 × 2 grid of 100 m squares sharing edges and corners exactly: 40000 m² either way.
  PolygonLayer p =
      parcels({r(0, 0, 100, 100), r(100, 0, 200, 100), r(0, 100, 100, 200), r(100, 100, 200, 200)});
  std::vector<const GEOSGeometry*> geoms;
  for (const auto& g : p.geometry)
    geoms.push_back(g.get());
  rules::ClusterUnion coverage = rules::union_parcels(geoms, p.area_m2, true);
  rules::ClusterUnion unary = rules::union_parcels(geoms, p.area_m2, false);
  EXPECT_EQ(coverage.method, rules::UnionMethod::coverage);
  EXPECT_EQ(unary.method, rules::UnionMethod::unary);
  EXPECT_NEAR(coverage.area_m2, 40000, 1e-6);
  EXPECT_NEAR(unary.area_m2, 40000, 1e-6);
  EXPECT_EQ(GEOSGetNumGeometries_r(geom::context(), coverage.geometry.get()), 1);  // one dissolved polygon
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].method, rules::UnionMethod::coverage);
}

TEST(Clusters, OverlappingMembersFallBackToUnaryUnion) {
  // x 0..100 and x 50..150: union 15000 m² (the sum, 20000, is what a coverage check rejects).
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(50, 0, 150, 100)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].method, rules::UnionMethod::unary);
  EXPECT_NEAR(c[0].area_m2, 15000, 1e-6);
  EXPECT_NEAR(geom::area(c[0].geometry.get()), 15000, 1e-6);
}

TEST(Clusters, ParcelsSharingPartOfAnEdgeGetTheUnionArea) {
  // x 0..100 × y 0..100 and x 100..200 × y 0..50 share only part of an edge (no common vertex at
  // (100, 50)): whichever union is used, the area is 10000 + 5000.
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(100, 0, 200, 50)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c[0].area_m2, 15000, 1e-6);
  EXPECT_EQ(GEOSisValid_r(geom::context(), c[0].geometry.get()), 1);
}

TEST(Clusters, DuplicateMembersFallBackToUnaryUnion) {
  // Two identical 100 m squares: a coverage union dissolves every shared edge and loses the area, which the
  // Σ-area check catches; the unary union gives 10000 m².
  PolygonLayer p = parcels({r(0, 0, 100, 100), r(0, 0, 100, 100)});
  auto c = rules::find_clusters(p, all(p), 15.0, 50.0);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].method, rules::UnionMethod::unary);
  EXPECT_NEAR(c[0].area_m2, 10000, 1e-6);
}

TEST(Clusters, OneThreadAndFourThreadsGiveTheSameClustersIdsAreasAndGeometries) {
  // 600 parcels of 40 m in rows with gaps of 10 m (joined) or 20 m (apart), some overlapping their
  // neighbour: many clusters, coverage and unary unions both used.
  std::vector<std::string> wkts;
  for (int k = 0; k < 600; ++k) {
    const double x = (k % 30) * (k % 4 == 0 ? 60.0 : 50.0) - (k % 11 == 0 ? 5.0 : 0.0);
    const double y = (k / 30) * 60.0;
    wkts.push_back(r(x, y, x + 40, y + 40));
  }
  const PolygonLayer p = parcels(wkts);
  const auto one = rules::find_clusters(p, all(p), 15, 50);
  const auto four = rules::find_clusters(p, all(p), 15, 50, 4);
  ASSERT_GT(one.size(), 20u);
  std::set<rules::UnionMethod> methods;
  for (const auto& c : one)
    methods.insert(c.method);
  EXPECT_EQ(methods.size(), 3u);  // single parcels, clean coverages and overlapping groups
  ASSERT_EQ(four.size(), one.size());
  for (std::size_t k = 0; k < one.size(); ++k) {
    EXPECT_EQ(four[k].id, one[k].id);
    EXPECT_EQ(four[k].parcels, one[k].parcels);
    EXPECT_EQ(four[k].area_m2, one[k].area_m2);
    EXPECT_EQ(four[k].method, one[k].method);
    EXPECT_EQ(four[k].candidate, one[k].candidate);
    EXPECT_EQ(geom::normalised_wkb(four[k].geometry.get()), geom::normalised_wkb(one[k].geometry.get()));
  }
}
