// The byte scanners agree with a byte-by-byte look at random text full of the
// bytes they look for (and bytes with the high bit set, which a careless SWAR
// trick would mistake), at every alignment and length.
#include "byte_scan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace supeval::io::detail {
namespace {

std::string RandomText(std::size_t size, std::uint32_t seed) {
  const std::string alphabet = std::string(",\n\"ab\r0-.") + '\x80' + '\xAC' + '\xFF' + '\x2B' + '\x2D' + '\x0B';
  std::mt19937 random(seed);
  std::string text(size, ' ');
  for (char& c : text) c = alphabet[random() % alphabet.size()];
  return text;
}

std::uint32_t ReferenceMask(const char* bytes) {
  std::uint32_t mask = 0;
  for (int i = 0; i < 16; ++i) {
    if (bytes[i] == ',' || bytes[i] == '\n' || bytes[i] == '"') mask |= 1U << i;
  }
  return mask;
}

TEST(ByteScan, SpecialMaskMarksExactlyCommasNewlinesAndQuotes) {
  const std::string text = RandomText(4096, 1);
  for (std::size_t at = 0; at + 16 <= text.size(); ++at) {
    ASSERT_EQ(SpecialMask16(text.data() + at), ReferenceMask(text.data() + at)) << at;
    ASSERT_EQ(SpecialMask16Portable(text.data() + at), ReferenceMask(text.data() + at)) << at;
  }
}

TEST(ByteScan, CountByteCountsEveryLengthAndAlignment) {
  const std::string text = RandomText(600, 2);
  for (std::size_t from = 0; from < 40; ++from) {
    for (std::size_t size = 0; from + size <= text.size(); size += 7) {
      const std::string_view part(text.data() + from, size);
      const auto expected = static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\n'));
      ASSERT_EQ(CountByte(part, '\n'), expected) << from << " " << size;
      ASSERT_EQ(CountBytePortable(part, '\n'), expected) << from << " " << size;
      ASSERT_EQ(CountByte(part, '\xAC'), static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\xAC')));
    }
  }
}

TEST(ByteScan, CountByteOverManyRoundsOfMatches) {
  // All newlines: every lane is incremented in each of thousands of rounds.
  const std::string text(100003, '\n');
  EXPECT_EQ(CountByte(text, '\n'), text.size());
  EXPECT_EQ(CountBytePortable(text, '\n'), text.size());
  const std::string mixed = RandomText(100000, 3);
  const auto expected = static_cast<std::uint64_t>(std::count(mixed.begin(), mixed.end(), '"'));
  EXPECT_EQ(CountByte(mixed, '"'), expected);
  EXPECT_EQ(CountBytePortable(mixed, '"'), expected);
}

// One byte to see, at every position of every alignment, found in the same
// pass that counts another.
TEST(ByteScan, CountByteAndSeeFindsTheOtherByteAnywhere) {
  std::string text(300, 'x');
  for (std::size_t i = 0; i < text.size(); i += 3) text[i] = '\n';
  for (std::size_t from = 0; from < 17; ++from) {
    for (std::size_t size = 0; from + size <= text.size(); size += 13) {
      const std::string_view part(text.data() + from, size);
      const auto newlines = static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\n'));
      EXPECT_EQ(CountByteAndSee(part, '\n', '"').count, newlines);
      EXPECT_FALSE(CountByteAndSee(part, '\n', '"').seen);
      for (std::size_t at = 0; at < size; ++at) {
        std::string with_quote(part);
        with_quote[at] = '"';
        const ByteCount found = CountByteAndSee(with_quote, '\n', '"');
        ASSERT_TRUE(found.seen) << from << " " << size << " " << at;
        ASSERT_EQ(found.count, static_cast<std::uint64_t>(std::count(with_quote.begin(), with_quote.end(), '\n')));
      }
    }
  }
}

}  // namespace
}  // namespace supeval::io::detail
