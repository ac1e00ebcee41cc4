// NumberedIdForm reads the form of an id and the number of ids in that form,
// and nothing else: other lengths, prefixes and non-digits are another form;
// the eight-digit word path agrees with a digit-by-digit reading.
#include "supeval/core/reading/numbered_id.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace supeval::core {
namespace {

constexpr std::uint64_t kOther = NumberedIdForm::kOtherForm;

TEST(NumberedIdForm, TheFormIsTheTrailingDigitsAfterTheRest) {
  EXPECT_EQ(NumberedIdForm::Of("S00061"), (NumberedIdForm{"S", 5}));
  EXPECT_EQ(NumberedIdForm::Of("5000012345"), (NumberedIdForm{"", 10}));
  EXPECT_EQ(NumberedIdForm::Of("GR-2026-000123"), (NumberedIdForm{"GR-2026-", 6}));
  EXPECT_EQ(NumberedIdForm::Of("7"), (NumberedIdForm{"", 1}));
  // At most 18 digits: the rest of a longer number belongs to the prefix.
  EXPECT_EQ(NumberedIdForm::Of("1234567890123456789012"), (NumberedIdForm{"1234", 18}));
  EXPECT_EQ(NumberedIdForm::Of("MAT-A"), std::nullopt);
  EXPECT_EQ(NumberedIdForm::Of(""), std::nullopt);
}

TEST(NumberedIdForm, NumbersOnlyIdsOfTheSameForm) {
  const NumberedIdForm form{"D", 9};
  EXPECT_EQ(form.NumberOf("D000000001"), 1U);
  EXPECT_EQ(form.NumberOf("D999999999"), 999999999U);
  EXPECT_EQ(form.NumberOf("D000000000"), 0U);
  EXPECT_EQ(form.NumberOf("D00000001"), kOther);    // one digit short
  EXPECT_EQ(form.NumberOf("D0000000001"), kOther);  // one digit more
  EXPECT_EQ(form.NumberOf("E000000001"), kOther);   // another prefix
  EXPECT_EQ(form.NumberOf("D00000000A"), kOther);   // not a digit, in the tail
  EXPECT_EQ(form.NumberOf("D0000/0001"), kOther);   // '/' is just below '0'
  EXPECT_EQ(form.NumberOf("D0000:0001"), kOther);   // ':' is just above '9'
  EXPECT_EQ(form.NumberOf(""), kOther);
  const NumberedIdForm widest{"", 18};
  EXPECT_EQ(widest.NumberOf("999999999999999999"), 999999999999999999U);
  EXPECT_EQ(widest.NumberOf("000000000000000042"), 42U);
}

// The word-at-a-time paths against a plain reading, on digits and on strings
// with one byte changed to each byte value, for every width and ids from two
// bytes long (a one-letter prefix) to nineteen.
TEST(NumberedIdForm, EightDigitWordsReadAsDigitByDigit) {
  std::mt19937_64 random(3);
  for (int round = 0; round < 40000; ++round) {
    const std::size_t width = 1 + static_cast<std::size_t>(round) % NumberedIdForm::kMaxDigits;
    std::string digits;
    for (std::size_t i = 0; i < width; ++i) digits.push_back(static_cast<char>('0' + random() % 10));
    if (round % 2 == 1) digits[random() % width] = static_cast<char>(random() % 256);
    std::uint64_t expected = 0;
    bool all_digits = true;
    for (const char c : digits) {
      all_digits = all_digits && c >= '0' && c <= '9';
      expected = expected * 10 + static_cast<std::uint64_t>(c - '0');
    }
    const NumberedIdForm form{"X", width};
    EXPECT_EQ(form.NumberOf("X" + digits), all_digits ? expected : kOther) << digits;
    // The same digits without a prefix, and after a longer one that differs
    // in its last letter: another form.
    EXPECT_EQ((NumberedIdForm{"", width}).NumberOf(digits), all_digits ? expected : kOther) << digits;
    EXPECT_EQ((NumberedIdForm{"ABC", width}).NumberOf("ABD" + digits), kOther) << digits;
  }
}

// NumberReader gives exactly what its form gives, for every length of prefix
// (0 to 10 bytes) and of number (1 to 18 digits): ids of the form, ids with
// one byte changed to any value, and ids one byte shorter or longer. A reader
// of no form reads nothing.
TEST(NumberReader, ReadsAsItsFormReads) {
  std::mt19937_64 random(5);
  const std::string letters = "SMDK-/_ 9";
  for (int round = 0; round < 60000; ++round) {
    const std::size_t prefix_length = static_cast<std::size_t>(round) % 11;
    const std::size_t width = 1 + static_cast<std::size_t>(round / 11) % NumberedIdForm::kMaxDigits;
    std::string prefix;
    for (std::size_t i = 0; i < prefix_length; ++i) prefix.push_back(letters[random() % letters.size()]);
    const NumberedIdForm form{prefix, width};
    const NumberReader reader(form);
    std::string id = prefix;
    for (std::size_t i = 0; i < width; ++i) id.push_back(static_cast<char>('0' + random() % 10));
    switch (round % 4) {
      case 1:
        id[random() % id.size()] = static_cast<char>(random() % 256);
        break;
      case 2:
        id.pop_back();
        break;
      case 3:
        id.push_back(static_cast<char>('0' + random() % 10));
        break;
      default:
        break;
    }
    EXPECT_EQ(reader.NumberOf(id), form.NumberOf(id)) << "'" << prefix << "' " << width << " '" << id << "'";
  }
  const NumberReader none;
  for (const char* id : {"", "0", "S00001"}) EXPECT_EQ(none.NumberOf(id), kOther) << id;
}

// A table of ids numbered from 1 up finds each of them, and nothing else:
// neighbours of the form without an id, other prefixes, lengths and
// non-digits. For prefixes of 0 to 4 bytes and widths of 1 to 10 digits (ids
// within eight bytes take the one-word path), with every third number left
// out, with every number listed in order (found by subtraction: in_order), and
// with every number listed in another order.
TEST(NumberTable, FindsExactlyItsIds) {
  enum class Listing { kGaps, kInOrder, kReversed };
  for (const Listing listing : {Listing::kGaps, Listing::kInOrder, Listing::kReversed}) {
    for (const std::string prefix : {"", "S", "MA", "GR-", "26-A"}) {
      for (std::size_t width = 1; width <= 10; ++width) {
        const NumberedIdForm form{prefix, width};
        const std::uint64_t count = width == 1 ? 8 : width == 2 ? 98 : 300;
        auto id = [&](std::uint64_t number) {
          const std::string digits = std::to_string(number);
          return prefix + std::string(width - std::min(width, digits.size()), '0') + digits;
        };
        std::vector<std::string> ids;
        for (std::uint64_t number = 1; number <= count; ++number) {
          if (listing != Listing::kGaps || number % 3 != 0) ids.push_back(id(number));
        }
        if (listing == Listing::kReversed) std::reverse(ids.begin(), ids.end());
        const std::vector<std::string_view> views(ids.begin(), ids.end());
        const auto table = NumberTable::Of(views);
        ASSERT_TRUE(table.has_value()) << prefix << " " << width;
        EXPECT_EQ(table->in_order(), listing == Listing::kInOrder) << prefix << " " << width;
        for (Index index = 0; index < ids.size(); ++index) {
          EXPECT_EQ(table->Find(table->NumberOf(ids[index])), index) << ids[index];
        }
        const std::string one = id(1);
        std::vector<std::string> others = {id(count + 1), one + "0", one.substr(1), "", "x"};
        if (listing == Listing::kGaps) others.push_back(id(3));
        others.push_back(id(0));
        if (!prefix.empty()) others.push_back(std::string(1, static_cast<char>(prefix[0] + 1)) + one.substr(1));
        for (std::size_t at = prefix.size(); at < one.size(); ++at) {
          std::string bad = one;
          bad[at] = static_cast<char>(at % 2 == 0 ? '0' - 1 : '9' + 1);
          others.push_back(bad);
        }
        for (const std::string& other : others) {
          EXPECT_EQ(table->Find(table->NumberOf(other)), kNoIndex) << prefix << " " << width << " '" << other << "'";
          EXPECT_EQ(table->NumberOf(other), form.NumberOf(other)) << other;
        }
      }
    }
  }
}

TEST(NumberTable, OnlyForIdsOfOneFormCloseTogether) {
  EXPECT_FALSE(NumberTable::Of({}).has_value());
  EXPECT_FALSE(NumberTable::Of({"S001", "S002", "X003"}).has_value());
  EXPECT_FALSE(NumberTable::Of({"S001", "S0002"}).has_value());
  EXPECT_FALSE(NumberTable::Of({"ACME", "BOSCH"}).has_value());
  // Numbers farther apart than four an id (plus the slack) make no table.
  EXPECT_TRUE(NumberTable::Of({"S000001", "S001025"}).has_value());
  EXPECT_FALSE(NumberTable::Of({"S000001", "S001034"}).has_value());
}

}  // namespace
}  // namespace supeval::core
