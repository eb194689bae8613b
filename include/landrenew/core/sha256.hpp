#pragma once
// SHA-256 (FIPS 180-4) for the manifest: profile and input hashes make a run traceable.
#include <cstddef>
#include <memory>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace landrenew {

/// A SHA-256 digest computed piece by piece (nettle underneath).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  /// Finishes and returns the digest as 64 lowercase hex digits; the object then starts a new digest.
  std::string hex();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

std::string sha256_hex(std::string_view data);
/// Hash of a file's bytes; throws Error(input_open) when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

/// Starts hashing `files` on one background thread and returns at once. sha256_file() of one of them then
/// waits for that digest instead of reading the file again; other files are hashed on the spot. The digests
/// are the same either way. The thread stops early (between blocks) when the program ends.
void prefetch_sha256(std::vector<std::filesystem::path> files);

}  // namespace landrenew
