// Utf8SequenceLength at the edges of table 3-7: the first and last
// well-formed sequence of each form, and the overlong, surrogate, too-large
// and cut-short sequences just beyond them.
#include "supeval/core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace supeval::core {
namespace {

std::size_t Length(const std::string& bytes) { return Utf8SequenceLength(bytes, 0); }

TEST(Utf8, AsciiIsOneByte) {
  EXPECT_EQ(Length("a"), 1U);
  EXPECT_EQ(Length(std::string(1, '\0')), 1U);
  EXPECT_EQ(Length("\x7f"), 1U);
}

TEST(Utf8, WellFormedSequencesAtTheEdgesOfEachForm) {
  EXPECT_EQ(Length("\xc2\x80"), 2U);          // U+0080
  EXPECT_EQ(Length("\xdf\xbf"), 2U);          // U+07FF
  EXPECT_EQ(Length("\xe0\xa0\x80"), 3U);      // U+0800
  EXPECT_EQ(Length("\xed\x9f\xbf"), 3U);      // U+D7FF
  EXPECT_EQ(Length("\xee\x80\x80"), 3U);      // U+E000
  EXPECT_EQ(Length("\xef\xbf\xbf"), 3U);      // U+FFFF
  EXPECT_EQ(Length("\xf0\x90\x80\x80"), 4U);  // U+10000
  EXPECT_EQ(Length("\xf4\x8f\xbf\xbf"), 4U);  // U+10FFFF
}

TEST(Utf8, IllFormedSequencesJustBeyondThem) {
  EXPECT_EQ(Length("\x80"), 0U);              // a continuation byte alone
  EXPECT_EQ(Length("\xc1\xbf"), 0U);          // overlong U+007F
  EXPECT_EQ(Length("\xe0\x9f\xbf"), 0U);      // overlong U+07FF
  EXPECT_EQ(Length("\xed\xa0\x80"), 0U);      // the surrogate U+D800
  EXPECT_EQ(Length("\xf0\x8f\xbf\xbf"), 0U);  // overlong U+FFFF
  EXPECT_EQ(Length("\xf4\x90\x80\x80"), 0U);  // U+110000
  EXPECT_EQ(Length("\xf5\x80\x80\x80"), 0U);  // no such lead byte
  EXPECT_EQ(Length("\xe9"), 0U);              // Latin-1's é: cut short
  EXPECT_EQ(Length("\xe2\x82"), 0U);          // the euro sign cut short
  EXPECT_EQ(Length("\xc3\x28"), 0U);          // a second byte that is no continuation
}

TEST(Utf8, ASequenceIsReadWhereItStarts) {
  const std::string text = "a\xc3\xa9z";
  EXPECT_EQ(Utf8SequenceLength(text, 1), 2U);
  EXPECT_EQ(Utf8SequenceLength(text, 2), 0U);
  EXPECT_EQ(Utf8SequenceLength(text, 3), 1U);
}

TEST(Utf8, TextIsWellFormedAndHoldsNoNul) {
  EXPECT_TRUE(IsUtf8Text(""));
  EXPECT_TRUE(IsUtf8Text("M\xc3\xbcller \xe2\x82\xac"));  // Müller €
  EXPECT_FALSE(IsUtf8Text("M\xfcller"));                  // Latin-1
  EXPECT_FALSE(IsUtf8Text(std::string("a\0b", 3)));
  EXPECT_FALSE(IsUtf8Text("\xe2\x82"));  // cut short at the end
}

}  // namespace
}  // namespace supeval::core
