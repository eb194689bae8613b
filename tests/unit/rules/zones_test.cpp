#include "landrenew/rules/zones.hpp"

#include <thread>

#include <gtest/gtest.h>

using namespace landrenew;

namespace {
// A zone layer from WKT polygons and ids.
PolygonLayer zones(const std::vector<std::pair<std::string, std::string>>& id_wkt) {
  PolygonLayer layer;
  layer.info.logical = "parks";
  std::int64_t fid = 0;
  for (const auto& [id, wkt] : id_wkt) {
    layer.fid.push_back(fid++);
    layer.geometry.push_back(geom::from_wkt(wkt));
    layer.area_m2.push_back(geom::area(layer.geometry.back().get()));
    layer.repaired.push_back(false);
    layer.attributes.column("id").push(id);
  }
  return layer;
}
std::string square(double x0, double y0, double size) {
  return "POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x0 + size) + " " +
         std::to_string(y0) + "," + std::to_string(x0 + size) + " " + std::to_string(y0 + size) + "," +
         std::to_string(x0) + " " + std::to_string(y0 + size) + "," + std::to_string(x0) + " " +
         std::to_string(y0) + "))";
}
}  // namespace

TEST(Zones, ParcelFiftyOnePercentInsideAParkIsInsideFortyNineIsOutside) {
  // Park: x 0..100. A 100 × 10 parcel from x = 49 has 51 m of its 100 m inside; from x = 51, 49 m.
  PolygonLayer parks = zones({{"P01", square(0, 0, 100)}});
  rules::ZoneIndex index(parks, "id");
  geom::Geometry in = geom::from_wkt("POLYGON((49 0,149 0,149 10,49 10,49 0))");
  geom::Geometry out = geom::from_wkt("POLYGON((51 0,151 0,151 10,51 10,51 0))");
  auto m_in = index.membership(in.get(), 1000.0, 0.5);
  ASSERT_TRUE(m_in.zone);
  EXPECT_EQ(index.id(*m_in.zone), "P01");
  EXPECT_DOUBLE_EQ(m_in.share, 0.51);
  auto m_out = index.membership(out.get(), 1000.0, 0.5);
  EXPECT_FALSE(m_out.zone);
  EXPECT_DOUBLE_EQ(m_out.share, 0.49);
  // Districts take the largest part however small.
  EXPECT_EQ(index.member(out.get(), 1000.0, 0.0), 0u);
}

TEST(Zones, TouchingZoneDoesNotCountAndTiesGoToTheSmallerId) {
  // Two zones split a parcel exactly in half; ids "10" and "9" compare as numbers, so "9" wins.
  PolygonLayer z = zones({{"10", square(0, 0, 50)}, {"9", square(50, 0, 50)}, {"11", square(100, 0, 50)}});
  rules::ZoneIndex index(z, "id");
  geom::Geometry parcel = geom::from_wkt("POLYGON((25 0,75 0,75 50,25 50,25 0))");
  auto m = index.membership(parcel.get(), 2500.0);
  ASSERT_TRUE(m.zone);
  EXPECT_EQ(index.id(*m.zone), "9");
  // A parcel lying in zone "9" and touching zone "11" along x = 100 belongs to "9" alone.
  geom::Geometry edge = geom::from_wkt("POLYGON((60 0,100 0,100 40,60 40,60 0))");
  auto ov = index.overlaps(edge.get());
  ASSERT_EQ(ov.size(), 1u);
  EXPECT_EQ(index.id(ov[0].first), "9");
}

TEST(Zones, IdsCompareAsNumbersOnlyWhenBothAreIntegers) {
  EXPECT_LT(rules::compare_zone_ids("9", "10"), 0);
  EXPECT_GT(rules::compare_zone_ids("P9", "P10"), 0);  // text
  EXPECT_EQ(rules::compare_zone_ids("330502", "330502"), 0);
  EXPECT_LT(rules::compare_zone_ids("10", "9a"), 0);  // mixed: text, "1" < "9"
}

TEST(Zones, QuestionsAskedFromFourThreadsAtOnceGetTheOneThreadAnswers) {
  // 25 parks of 100 m on a grid, 2,000 parcels of 30 m across them: each thread prepares the parks it meets
  // itself; the answers are those of a single thread.
  std::vector<std::pair<std::string, std::string>> parks_wkt;
  for (int k = 0; k < 25; ++k)
    parks_wkt.emplace_back("P" + std::to_string(k), square((k % 5) * 100.0, (k / 5) * 100.0, 100));
  PolygonLayer parks = zones(parks_wkt);
  for (const auto& g : parks.geometry)
    geom::cache_envelopes(g.get());  // as the reader does for every input read by several threads
  rules::ZoneIndex index(parks, "id");
  std::vector<geom::Geometry> parcels;
  for (int k = 0; k < 2000; ++k)
    parcels.push_back(geom::from_wkt(square((k * 37) % 480 + 0.5, (k * 53) % 480 + 0.25, 30)));
  std::vector<std::vector<std::pair<std::size_t, double>>> serial, parallel(parcels.size());
  for (const auto& g : parcels)
    serial.push_back(index.overlaps(g.get()));
  for (const auto& g : parcels)
    geom::cache_envelopes(g.get());
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t k = t; k < parcels.size(); k += 4)
        parallel[k] = index.overlaps(parcels[k].get());
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(parallel, serial);
  std::size_t across = 0;
  for (const auto& found : serial)
    across += found.size() > 1 ? 1 : 0;
  EXPECT_GT(across, 100u);  // many parcels straddle two or four parks (intersections, not only containment)
}
