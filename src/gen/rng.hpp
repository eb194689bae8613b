#pragma once
// Our own PRNG and distributions. std:: distributions are implementation-defined, so the same seed could
// give different data with another standard library; these give the same bits everywhere.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace landrenew::gen {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a: turns a stream name into a number so each part of the data has its own stream.
inline std::uint64_t hash_tag(std::string_view tag) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : tag) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& s : m_s)
      s = splitmix64(sm);
  }
  // An independent stream for (seed, tag, index): sites, layers and steps draw from their own streams,
  // so adding a draw in one place does not shift every number after it.
  Rng(std::uint64_t seed, std::string_view tag, std::uint64_t index = 0)
      : Rng(seed ^ (hash_tag(tag) * 0x9e3779b97f4a7c15ULL) ^ (index * 0xd1b54a32d192ed03ULL)) {}

  std::uint64_t next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }

  // Uniform integer in [lo, hi], without modulo bias.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    const std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
    if (range == 0) return static_cast<std::int64_t>(next());
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    std::uint64_t r = next();
    while (r >= limit)
      r = next();
    return lo + static_cast<std::int64_t>(r % range);
  }
  std::size_t index(std::size_t n) {
    return static_cast<std::size_t>(uniform_int(0, static_cast<std::int64_t>(n) - 1));
  }

  bool chance(double p) { return uniform() < p; }

  // Box-Muller; the second variate is dropped so the stream has no hidden state.
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  // Lognormal given its median, which is how sizes and money are easiest to reason about.
  double lognormal_median(double median, double sigma) { return median * std::exp(sigma * normal()); }

  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[index(v.size())];
  }
  // Index drawn with the given (unnormalised) weights.
  std::size_t weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w)
      total += x;
    double r = uniform() * total;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.empty() ? 0 : w.size() - 1;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t m_s[4];
};

}  // namespace landrenew::gen
