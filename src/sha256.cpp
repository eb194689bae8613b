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
}  // namespace

Sha256::Sha256()
    : m_h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::block(const std::uint8_t* p) {
  std::uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = (std::uint32_t{p[4 * i]} << 24) | (std::uint32_t{p[4 * i + 1]} << 16) |
           (std::uint32_t{p[4 * i + 2]} << 8) | std::uint32_t{p[4 * i + 3]};
  for (int i = 16; i < 64; ++i) {
    const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = m_h;
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
  m_h[0] += a;
  m_h[1] += b;
  m_h[2] += c;
  m_h[3] += d;
  m_h[4] += e;
  m_h[5] += f;
  m_h[6] += g;
  m_h[7] += h;
}

void Sha256::update(const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  m_total += size;
  while (size > 0) {
    const std::size_t take = std::min(size, 64 - m_buf_len);
    std::copy(p, p + take, m_buf.begin() + static_cast<std::ptrdiff_t>(m_buf_len));
    m_buf_len += take;
    p += take;
    size -= take;
    if (m_buf_len == 64) {
      block(m_buf.data());
      m_buf_len = 0;
    }
  }
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
        if (m_results.emplace(key(f), p->get_future().share()).second) promises.push_back(p);
        else promises.push_back(nullptr);  // already being hashed
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
