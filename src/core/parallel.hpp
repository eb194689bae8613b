#pragma once
// Loops split over threads whose results do not depend on the thread count (internal, not installed).
// The work is cut into blocks of consecutive indices handed out in order as threads become free; each block
// writes only what belongs to its own indices, so the results are the same with 1 or N threads, and
// anything order-dependent (findings, sums) is done afterwards, in index order, on the calling thread.
// Geometries shared by the threads must have their envelopes cached first (geom::cache_envelopes): the
// reader does it for every input feature, so the analysis's loops need not.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace landrenew {

/// Calls body(begin, end) for the blocks [0, block), [block, 2·block), … of [0, n) on up to `threads`
/// threads, the calling one included (threads ≤ 1 or a single block: all on the calling thread, in order).
/// If blocks throw, the exception of the lowest such block is rethrown after every thread has stopped —
/// the one a single thread would have met first; once a block has failed, the threads take no new blocks.
template <class Body>
void parallel_blocks(std::size_t n, unsigned threads, std::size_t block, Body&& body) {
  if (n == 0) return;
  block = std::max<std::size_t>(block, 1);
  const std::size_t blocks = n / block + (n % block ? 1 : 0);
  const std::size_t workers = std::min<std::size_t>(std::max(threads, 1u), blocks);
  if (workers == 1) {
    for (std::size_t b = 0; b < blocks; ++b)
      body(b * block, std::min(n, (b + 1) * block));
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::size_t failed_block = std::numeric_limits<std::size_t>::max();
  std::exception_ptr error;
  const auto work = [&] {
    while (!failed.load(std::memory_order_relaxed)) {
      const std::size_t b = next.fetch_add(1);
      if (b >= blocks) return;
      try {
        body(b * block, std::min(n, (b + 1) * block));
      } catch (...) {
        // Blocks below b were handed out before it and run to their end: the lowest failure is kept.
        const std::lock_guard lock(mutex);
        if (b < failed_block) {
          failed_block = b;
          error = std::current_exception();
        }
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (std::size_t t = 1; t < workers; ++t)
      pool.emplace_back(work);
  } catch (...) {
    // No thread to be had: the ones started and this one do the work.
  }
  work();
  for (auto& t : pool)
    t.join();
  if (error) std::rethrow_exception(error);
}

/// Calls body(i) for every i in [0, n), in blocks of `block` (see parallel_blocks).
template <class Body>
void parallel_for(std::size_t n, unsigned threads, std::size_t block, Body&& body) {
  parallel_blocks(n, threads, block, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      body(i);
  });
}

}  // namespace landrenew
