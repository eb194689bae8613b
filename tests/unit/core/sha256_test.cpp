#include "landrenew/core/sha256.hpp"

#include <gtest/gtest.h>

using landrenew::sha256_hex;

TEST(Sha256, MatchesFips180TestVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, TheDigestIsTheSameWhateverTheChunking) {
  // Deterministic bytes of every length up to 300 and a 3 MB run, fed whole and in odd pieces.
  std::string data(3'000'011, '\0');
  std::uint32_t x = 2463534242u;
  for (char& c : data) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  const auto digest = [](std::string_view s, std::size_t piece) {
    landrenew::Sha256 h;
    for (std::size_t at = 0; at < s.size(); at += piece)
      h.update(s.substr(at, piece));
    return h.hex();
  };
  for (std::size_t n = 0; n <= 300; ++n)
    EXPECT_EQ(digest(std::string_view(data).substr(0, n), 7), sha256_hex(std::string_view(data).substr(0, n)))
        << n;
  const std::string whole = sha256_hex(data);
  for (const std::size_t piece : {std::size_t{1}, std::size_t{63}, std::size_t{65}, std::size_t{1} << 20})
    EXPECT_EQ(digest(data, piece), whole) << piece;
  // hex() finishes one digest and starts the next.
  landrenew::Sha256 h;
  h.update("abc");
  EXPECT_EQ(h.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(h.hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
