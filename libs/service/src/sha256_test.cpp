// SHA-256 against the FIPS 180-4 example vectors, for texts and files.
#include "sha256.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace supeval::service {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, FilesAreHashedWhole) {
  const auto path = std::filesystem::temp_directory_path() / ("supeval_sha256_" + std::to_string(::getpid()));
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(1'000'000, 'a');  // FIPS 180-4: one million 'a', across read blocks
  }
  auto digest = DigestFile(path);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->sha256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(digest->bytes, 1'000'000);
  EXPECT_EQ(digest->lines, 0);
  std::filesystem::remove(path);
  EXPECT_FALSE(DigestFile(path).ok());
}

}  // namespace
}  // namespace supeval::service
