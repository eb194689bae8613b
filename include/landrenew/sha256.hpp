#pragma once
// SHA-256 (FIPS 180-4) for the manifest: profile and input hashes make a run traceable.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace landrenew {

class Sha256 {
 public:
  /// `hardware`: use the CPU's SHA extensions (x86-64 SHA-NI) when it has them — several times faster, same
  /// digest; false forces the portable code (tests compare the two).
  explicit Sha256(bool hardware = true);
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  /// Finishes and returns the digest as 64 lowercase hex digits; the object is then spent.
  std::string hex();

 private:
  void blocks(const std::uint8_t* p, std::size_t n);  // n whole 64-byte blocks
  std::array<std::uint32_t, 8> m_h;
  bool m_hardware;
  std::array<std::uint8_t, 64> m_buf{};
  std::size_t m_buf_len = 0;
  std::uint64_t m_total = 0;
};

std::string sha256_hex(std::string_view data);
/// Whether this CPU has the SHA extensions Sha256 uses.
bool sha256_hardware_available();
/// Hash of a file's bytes; throws Error(input_open) when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

/// Starts hashing `files` on one background thread and returns at once. sha256_file() of one of them then
/// waits for that digest instead of reading the file again; other files are hashed on the spot. The digests
/// are the same either way. The thread stops early (between blocks) when the program ends.
void prefetch_sha256(std::vector<std::filesystem::path> files);

}  // namespace landrenew
