// The thread helper of src/core/parallel.hpp: every index exactly once, the same results and the same error
// whatever the thread count.
#include "core/parallel.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

using namespace landrenew;

TEST(Parallel, EveryIndexIsVisitedExactlyOnceWhateverTheThreadsAndBlockSize) {
  for (const unsigned threads : {1u, 2u, 3u, 8u})
    for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{1000}, std::size_t{5000}}) {
      const std::size_t n = 4099;
      std::vector<std::atomic<int>> seen(n);
      parallel_blocks(n, threads, block, [&](std::size_t begin, std::size_t end) {
        EXPECT_LT(begin, end);
        EXPECT_LE(end - begin, block);
        EXPECT_EQ(begin % block, 0u);  // blocks start on multiples of the block size
        for (std::size_t i = begin; i < end; ++i)
          ++seen[i];
      });
      for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(seen[i].load(), 1) << "index " << i << ", " << threads << " threads, block " << block;
    }
  int calls = 0;
  parallel_for(0, 4, 16, [&](std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(Parallel, OneThreadRunsTheBlocksInOrderOnTheCallingThread) {
  std::vector<std::size_t> order;
  const auto caller = std::this_thread::get_id();
  parallel_for(10, 1, 3, [&](std::size_t i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Parallel, TheErrorRethrownIsTheOneOfTheLowestFailingBlockAsOneThreadWouldMeetIt) {
  // Indices 300 and above fail; with blocks of 10 the first failure one thread meets is at 300, whichever
  // thread reaches a later failing block first.
  for (const unsigned threads : {1u, 2u, 4u}) {
    for (int round = 0; round < 20; ++round) {
      try {
        parallel_for(2000, threads, 10, [&](std::size_t i) {
          if (i >= 300) throw std::runtime_error("failed at " + std::to_string(i));
        });
        FAIL() << "no exception";
      } catch (const std::runtime_error& e) {
        ASSERT_EQ(std::string(e.what()), "failed at 300") << threads << " threads";
      }
    }
  }
}
