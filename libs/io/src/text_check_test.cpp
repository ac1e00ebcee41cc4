// UTF-8 and NUL checks: every kind of malformed sequence, at every offset
// of the fast scan's rounds, against a reference decoder.
#include "text_check.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace supeval::io {
namespace {

using namespace std::string_literals;

TEST(TextCheck, AsciiIsPlainAndValid) {
  EXPECT_TRUE(IsPlainAscii(""));
  EXPECT_TRUE(IsPlainAscii("S00001,Weber Federnwerk AG,DE,evaluate\r\n"));
  EXPECT_EQ(CheckText("plain"), TextProblem::kNone);
}

TEST(TextCheck, Utf8IsValidButNotPlain) {
  for (const std::string& text : {"M\xC3\xBCller"s, "\xE2\x82\xAC 5"s, "\xF0\x9F\x98\x80"s, "\xEF\xBF\xBF"s,
                                  "\xF4\x8F\xBF\xBF"s, "\xED\x9F\xBF"s, "\xE0\xA0\x80"s, "\xF0\x90\x80\x80"s}) {
    EXPECT_FALSE(IsPlainAscii(text)) << text;
    EXPECT_EQ(CheckText(text), TextProblem::kNone) << text;
  }
}

TEST(TextCheck, MalformedSequencesAreNotUtf8) {
  for (const std::string& text : {
           "M\xFCller"s,              // Latin-1
           "\x80"s,                   // a continuation byte alone
           "\xC3"s,                   // cut short at the end
           "\xC3 x"s,                 // cut short by ASCII
           "\xC0\xAF"s, "\xC1\xBF"s,  // overlong two-byte forms
           "\xE0\x9F\xBF"s,           // overlong three-byte form
           "\xF0\x8F\xBF\xBF"s,       // overlong four-byte form
           "\xED\xA0\x80"s,           // a surrogate
           "\xF4\x90\x80\x80"s,       // past U+10FFFF
           "\xF5\x80\x80\x80"s, "\xFF"s, "\xFE\xFF"s,
           "\xE2\x82"s,      // three-byte form cut short
           "\xE2\x28\xA1"s,  // a bad second byte
           "\xF0\x9F\x98"s,  // four-byte form cut short
       }) {
    EXPECT_EQ(CheckText(text), TextProblem::kNotUtf8) << testing::PrintToString(text);
  }
}

TEST(TextCheck, NulIsNamed) {
  EXPECT_FALSE(IsPlainAscii("a\0b"s));
  EXPECT_EQ(CheckText("a\0b"s), TextProblem::kNul);
  EXPECT_EQ(Describe(TextProblem::kNul), "contains a NUL byte");
  EXPECT_EQ(Describe(TextProblem::kNotUtf8), "not valid UTF-8");
}

// One bad byte at any offset of a text, where the scans read 128 (AVX2,
// for long texts), 64, 8 and 1 bytes at a time, is found.
TEST(TextCheck, ABadByteAnywhereIsFound) {
  std::vector<std::size_t> sizes;
  for (std::size_t size = 1; size < 200; ++size) sizes.push_back(size);
  for (const std::size_t size : {511U, 512U, 600U, 700U, 4096U + 13U}) sizes.push_back(size);
  for (const std::size_t size : sizes) {
    for (std::size_t at = 0; at < size; ++at) {
      for (const char bad : {'\0', '\xFC', '\x80'}) {
        std::string text(size, 'a');
        text[at] = bad;
        ASSERT_FALSE(IsPlainAscii(text)) << size << " " << at;
        ASSERT_NE(CheckText(text), TextProblem::kNone) << size << " " << at;
      }
    }
    ASSERT_TRUE(IsPlainAscii(std::string(size, '~'))) << size;
    ASSERT_TRUE(IsPlainAscii(std::string(size, '\x01'))) << size;
  }
}

// A reference: decode code points by the textbook rules and compare.
bool ReferenceValid(const std::string& text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || at + length > text.size()) return false;
    std::uint32_t point = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) {
      const auto next = static_cast<unsigned char>(text[at + i]);
      if ((next & 0xC0) != 0x80) return false;
      point = (point << 6) | (next & 0x3F);
    }
    const std::uint32_t lowest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (point < lowest[length] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) return false;
    at += length;
  }
  return true;
}

TEST(TextCheck, AgreesWithAReferenceDecoderOnRandomBytes) {
  std::mt19937 random(5);
  for (int round = 0; round < 200000; ++round) {
    std::string text(1 + random() % 6, ' ');
    for (char& c : text) c = static_cast<char>(random() % 2 == 0 ? 0x80 + random() % 0x80 : 1 + random() % 0x7F);
    ASSERT_EQ(CheckText(text) == TextProblem::kNone, ReferenceValid(text)) << testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace supeval::io
