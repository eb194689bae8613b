#include "landrenew/sha256.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "landrenew/error.hpp"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace landrenew {
namespace {
constexpr std::array<std::uint32_t, 64> k = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

#if defined(__x86_64__)
// SHA-NI: four rounds per pair of sha256rnds2, the message schedule with sha256msg1/msg2 (Intel's "SHA
// extensions" paper). The state is kept as the two vectors the instructions take: ABEF and CDGH.
__attribute__((target("sha,sse4.1,ssse3"))) void blocks_sha_ni(std::uint32_t* state, const std::uint8_t* p,
                                                               std::size_t n) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; n > 0; --n, p += 64) {
    const __m128i abef_in = abef, cdgh_in = cdgh;
    __m128i w[16];
    for (int g = 0; g < 16; ++g) {
      if (g < 4) {
        w[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * g)), byte_swap);
      } else {  // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four at a time
        const __m128i t =
            _mm_add_epi32(_mm_sha256msg1_epu32(w[g - 4], w[g - 3]), _mm_alignr_epi8(w[g - 1], w[g - 2], 4));
        w[g] = _mm_sha256msg2_epu32(t, w[g - 1]);
      }
      __m128i msg = _mm_add_epi32(w[g], _mm_loadu_si128(reinterpret_cast<const __m128i*>(k.data() + 4 * g)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, msg);
    }
    abef = _mm_add_epi32(abef, abef_in);
    cdgh = _mm_add_epi32(cdgh, cdgh_in);
  }
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

bool cpu_has_sha() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  const bool ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return ssse3 && sse41 && ((b >> 29) & 1);
}
#endif

void blocks_portable(std::array<std::uint32_t, 8>& state, const std::uint8_t* p, std::size_t n);
}  // namespace

bool sha256_hardware_available() {
#if defined(__x86_64__)
  static const bool has = cpu_has_sha();
  return has;
#else
  return false;
#endif
}

Sha256::Sha256(bool hardware)
    : m_h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19},
      m_hardware(hardware && sha256_hardware_available()) {}

void Sha256::blocks(const std::uint8_t* p, std::size_t n) {
#if defined(__x86_64__)
  if (m_hardware) {
    blocks_sha_ni(m_h.data(), p, n);
    return;
  }
#endif
  blocks_portable(m_h, p, n);
}

namespace {
void blocks_portable(std::array<std::uint32_t, 8>& state, const std::uint8_t* p, std::size_t n) {
  for (; n > 0; --n, p += 64) {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t{p[4 * i]} << 24) | (std::uint32_t{p[4 * i + 1]} << 16) |
             (std::uint32_t{p[4 * i + 2]} << 8) | std::uint32_t{p[4 * i + 3]};
    for (int i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state;
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t t1 =
          h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}
}  // namespace

void Sha256::update(const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  m_total += size;
  if (m_buf_len > 0) {  // first complete the buffered block
    const std::size_t take = std::min(size, 64 - m_buf_len);
    std::copy(p, p + take, m_buf.begin() + static_cast<std::ptrdiff_t>(m_buf_len));
    m_buf_len += take;
    p += take;
    size -= take;
    if (m_buf_len < 64) return;
    blocks(m_buf.data(), 1);
    m_buf_len = 0;
  }
  if (size >= 64) {  // whole blocks straight from the input
    blocks(p, size / 64);
    p += size / 64 * 64;
    size %= 64;
  }
  std::copy(p, p + size, m_buf.begin());
  m_buf_len = size;
}

std::string Sha256::hex() {
  const std::uint64_t bits = m_total * 8;
  const std::uint8_t pad = 0x80;
  update(&pad, 1);
  const std::uint8_t zero = 0;
  while (m_buf_len != 56)
    update(&zero, 1);
  std::uint8_t len[8];
  for (int i = 0; i < 8; ++i)
    len[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
  update(len, 8);
  std::string out;
  char buf[9];
  for (std::uint32_t v : m_h) {
    std::snprintf(buf, sizeof buf, "%08x", v);
    out += buf;
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex();
}

namespace {

std::string hash_file(const std::filesystem::path& file, const std::atomic<bool>* stop) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::input_open, "cannot read the file to hash it", {.file = file.string()});
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    if (stop && stop->load(std::memory_order_relaxed))
      throw Error(ErrorKind::internal, "hashing stopped", {.file = file.string()});
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  return h.hex();
}

// The background hashing of prefetch_sha256(): one digest (or error) per file, filled in order.
class Prefetch {
 public:
  ~Prefetch() {
    m_stop = true;
    for (auto& t : m_threads)
      if (t.joinable()) t.join();
  }
  void start(std::vector<std::filesystem::path> files) {
    std::vector<std::shared_ptr<std::promise<std::string>>> promises;
    {
      std::lock_guard lock(m_mutex);
      for (const auto& f : files) {
        auto p = std::make_shared<std::promise<std::string>>();
        if (m_results.emplace(key(f), p->get_future().share()).second)
          promises.push_back(p);
        else
          promises.push_back(nullptr);  // already being hashed
      }
    }
    m_threads.emplace_back([this, files = std::move(files), promises = std::move(promises)] {
      for (std::size_t i = 0; i < files.size(); ++i) {
        if (!promises[i]) continue;
        try {
          promises[i]->set_value(hash_file(files[i], &m_stop));
        } catch (...) {
          promises[i]->set_exception(std::current_exception());
        }
      }
    });
  }
  std::optional<std::shared_future<std::string>> find(const std::filesystem::path& file) {
    std::lock_guard lock(m_mutex);
    const auto it = m_results.find(key(file));
    if (it == m_results.end()) return std::nullopt;
    return it->second;
  }

 private:
  static std::string key(const std::filesystem::path& f) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(f, ec);
    return (ec ? f : abs).lexically_normal().string();
  }
  std::mutex m_mutex;
  std::map<std::string, std::shared_future<std::string>> m_results;
  std::vector<std::thread> m_threads;
  std::atomic<bool> m_stop{false};
};

Prefetch& prefetch() {
  static Prefetch p;
  return p;
}

}  // namespace

std::string sha256_file(const std::filesystem::path& file) {
  if (auto pending = prefetch().find(file)) return pending->get();
  return hash_file(file, nullptr);
}

void prefetch_sha256(std::vector<std::filesystem::path> files) {
  prefetch().start(std::move(files));
}

}  // namespace landrenew
