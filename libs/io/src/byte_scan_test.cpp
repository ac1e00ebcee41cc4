// The byte scanners agree with a byte-by-byte look at random text full of the
// bytes they look for (and bytes with the high bit set, which a careless SWAR
// trick would mistake), at every alignment and length: every level the
// processor has (portable, SSE2 baseline, AVX2, AVX-512) and the one chosen.
#include "byte_scan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "guarded_bytes_test_support.hpp"

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
// pass that counts another: each implementation the processor runs.
void ExpectCountsAndSees(ByteCount (*count_and_see)(std::string_view, char, char), const char* name) {
  SCOPED_TRACE(name);
  std::string text(300, 'x');
  for (std::size_t i = 0; i < text.size(); i += 3) text[i] = '\n';
  for (std::size_t from = 0; from < 17; ++from) {
    for (std::size_t size = 0; from + size <= text.size(); size += 13) {
      const std::string_view part(text.data() + from, size);
      const auto newlines = static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\n'));
      EXPECT_EQ(count_and_see(part, '\n', '"').count, newlines);
      EXPECT_FALSE(count_and_see(part, '\n', '"').seen);
      for (std::size_t at = 0; at < size; ++at) {
        std::string with_quote(part);
        with_quote[at] = '"';
        const ByteCount found = count_and_see(with_quote, '\n', '"');
        ASSERT_TRUE(found.seen) << from << " " << size << " " << at;
        ASSERT_EQ(found.count, static_cast<std::uint64_t>(std::count(with_quote.begin(), with_quote.end(), '\n')));
      }
    }
  }
  // NUL bytes counted and seen only where they are, not past the end.
  const std::string nuls("a\0b\0\0c", 6);
  for (std::size_t size = 0; size <= nuls.size(); ++size) {
    const std::string_view part(nuls.data(), size);
    EXPECT_EQ(count_and_see(part, '\0', 'c').count,
              static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\0')));
    EXPECT_EQ(count_and_see(part, 'x', '\0').seen, part.find('\0') != std::string_view::npos);
  }
}

// A level of a kernel, and whether this processor (under SUPEVAL_SIMD's cap)
// runs it.
template <typename Function>
struct Level {
  const char* name;
  Function run;
  bool runs_here;
};
template <typename Function>
void PrintTo(const Level<Function>& level, std::ostream* out) {
  *out << level.name;
}
// A test of every level: skipped for those this processor does not run.
template <typename Function>
class LevelTest : public ::testing::TestWithParam<Level<Function>> {
 protected:
  void SetUp() override {
    const Level<Function>& level = this->GetParam();
    if (!level.runs_here) GTEST_SKIP() << "this processor (or SUPEVAL_SIMD) does not run " << level.name;
  }
};
template <typename Function>
std::string LevelName(const ::testing::TestParamInfo<Level<Function>>& level) {
  return level.param.name;
}

using CountFunction = ByteCount (*)(std::string_view, char, char);

ByteCount CountByteAndSeePortable(std::string_view text, char c, char seen) {
  return {CountBytePortable(text, c), text.find(seen) != std::string_view::npos};
}

std::vector<Level<CountFunction>> CountLevels() {
  return {
    {"portable", &CountByteAndSeePortable, true}, {"baseline", &CountByteAndSeeBaseline, true},
        {"dispatched", &CountByteAndSee, true},
#if defined(SUPEVAL_HAVE_X86_KERNELS)
        {"avx2", &CountByteAndSeeAvx2, HasAvx2()}, {"avx512", &CountByteAndSeeAvx512, HasAvx512Count()},
#endif
  };
}

using CountLevel = LevelTest<CountFunction>;

TEST_P(CountLevel, FindsTheOtherByteAnywhere) { ExpectCountsAndSees(GetParam().run, GetParam().name); }

// At the lengths around the vector widths, the text's last byte the last
// readable one: nothing past it is read, and the bytes a last window fills
// in (zeros) are neither counted nor seen.
TEST_P(CountLevel, CountsUpToTheLastReadableByte) {
  for (const std::size_t size : {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129}) {
    for (const char c : {'\n', '\0'}) {
      std::string text(size, c);
      for (std::size_t i = 1; i < size; i += 2) text[i] = 'x';
      const test_support::GuardedBytes guarded(text);
      const ByteCount found = GetParam().run(guarded.text(), c, '"');
      ASSERT_EQ(found.count, (size + 1) / 2) << size;
      ASSERT_FALSE(found.seen) << size;
      if (size == 0) continue;
      text.back() = '"';  // seen at the last byte
      const test_support::GuardedBytes quoted(text);
      ASSERT_TRUE(GetParam().run(quoted.text(), c, '"').seen) << size;
      ASSERT_EQ(GetParam().run(quoted.text(), c, '\0').seen, c == '\0' && size > 1) << size;
    }
  }
}

// Long texts: every lane of a vector level counts up to its limit, round
// after round.
TEST_P(CountLevel, CountsOverManyRoundsOfMatches) {
  for (const std::size_t size : {100003, 65536, 8127, 8128, 8129}) {
    const std::string newlines(size, '\n');
    EXPECT_EQ(GetParam().run(newlines, '\n', '"').count, size);
  }
  std::string mixed = RandomText(100000, 3);
  std::replace(mixed.begin(), mixed.end(), '"', 'x');
  const auto expected = static_cast<std::uint64_t>(std::count(mixed.begin(), mixed.end(), '\n'));
  EXPECT_EQ(GetParam().run(mixed, '\n', '"').count, expected);
  EXPECT_FALSE(GetParam().run(mixed, '\n', '"').seen);
  mixed[99999] = '"';
  EXPECT_TRUE(GetParam().run(mixed, '\n', '"').seen);
  mixed[99999] = 'x';
  mixed[64 * 127 + 5] = '"';  // in the second round of lanes
  EXPECT_TRUE(GetParam().run(mixed, '\n', '"').seen);
}

INSTANTIATE_TEST_SUITE_P(Levels, CountLevel, ::testing::ValuesIn(CountLevels()), LevelName<CountFunction>);

// What IndexSeparators must give: byte by byte.
struct ReferenceIndex {
  std::vector<std::uint32_t> entries;
  std::size_t clean = 0;
};
ReferenceIndex IndexByteByByte(std::string_view text, std::uint32_t base) {
  ReferenceIndex index;
  // Whole 64-byte chunks before the first one holding a quote.
  const std::size_t quote = text.find('"');
  index.clean = quote == std::string_view::npos ? text.size() : quote / 64 * 64;
  for (std::size_t i = 0; i < index.clean; ++i) {
    if (text[i] == ',') index.entries.push_back(base + static_cast<std::uint32_t>(i));
    if (text[i] == '\n') index.entries.push_back((base + static_cast<std::uint32_t>(i)) | kLineEndBit);
  }
  return index;
}

using IndexFunction = std::size_t (*)(const char*, std::size_t, std::uint32_t, std::uint32_t*, std::size_t&);

void ExpectIndexesLikeByteByByte(IndexFunction index, const std::string& name) {
  // Separator-dense text without quotes (up to 64 separators a chunk), and
  // text with quotes here and there.
  std::string text = RandomText(3000, 4);
  std::replace(text.begin(), text.end(), '"', ',');
  std::string quoted = RandomText(3000, 5);
  for (const std::string* sample : {&text, &quoted}) {
    for (std::size_t from = 0; from < 70; from += 3) {
      for (std::size_t size = 0; from + size <= sample->size(); size += size < 200 ? 1 : 61) {
        const std::string_view part(sample->data() + from, size);
        const std::uint32_t base = 1000 + static_cast<std::uint32_t>(from);
        std::vector<std::uint32_t> out(size + 64);
        std::size_t clean = 0;
        const std::size_t count = index(part.data(), part.size(), base, out.data(), clean);
        const ReferenceIndex expected = IndexByteByByte(part, base);
        out.resize(count);
        ASSERT_EQ(out, expected.entries) << name << " from " << from << " size " << size;
        ASSERT_EQ(clean, expected.clean) << name << " from " << from << " size " << size;
      }
    }
  }
  std::vector<std::uint32_t> out(64 + 64);
  const std::string all_commas(64, ',');
  std::size_t clean = 0;
  ASSERT_EQ(index(all_commas.data(), all_commas.size(), 0, out.data(), clean), 64U) << name;
  for (std::uint32_t i = 0; i < 64; ++i) EXPECT_EQ(out[i], i) << name;
}

std::vector<Level<IndexFunction>> IndexLevels() {
  return {
    {"baseline", &IndexSeparatorsBaseline, true}, {"dispatched", &IndexSeparators, true},
#if defined(SUPEVAL_HAVE_X86_KERNELS)
        {"avx2", &IndexSeparatorsAvx2, HasAvx2()}, {"avx512", &IndexSeparatorsAvx512, HasAvx512Index()},
#endif
  };
}

using IndexLevel = LevelTest<IndexFunction>;

TEST_P(IndexLevel, ListsEveryCommaAndLineEndBeforeTheFirstQuote) {
  ExpectIndexesLikeByteByByte(GetParam().run, GetParam().name);
}

// At the lengths around the vector widths, the text's last byte the last
// readable one: a separator there is listed, a quote at either side of a
// 64-byte boundary stops the list at that chunk, nothing past the end is read.
TEST_P(IndexLevel, ListsUpToTheLastReadableByte) {
  for (const std::size_t size : {0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129}) {
    std::string text(size, 'x');
    for (std::size_t i = 0; i < size; i += 5) text[i] = i % 2 == 0 ? ',' : '\n';
    std::vector<std::string> samples{text};
    if (size > 0) {
      samples.push_back(text);
      samples.back().back() = '\n';  // a separator at the last byte
      samples.push_back(text);
      samples.back().back() = ',';
    }
    for (const std::size_t quote_at : {std::size_t{0}, std::size_t{31}, std::size_t{32}, std::size_t{63},
                                       std::size_t{64}, std::size_t{65}, size - 1}) {
      if (quote_at >= size) continue;
      samples.push_back(text);
      samples.back()[quote_at] = '"';
    }
    for (const std::string& sample : samples) {
      const test_support::GuardedBytes guarded(sample);
      std::vector<std::uint32_t> out(size + 64);
      std::size_t clean = 0;
      const std::size_t count = GetParam().run(guarded.data(), size, 7, out.data(), clean);
      const ReferenceIndex expected = IndexByteByByte(sample, 7);
      out.resize(count);
      ASSERT_EQ(out, expected.entries) << sample;
      ASSERT_EQ(clean, expected.clean) << sample;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Levels, IndexLevel, ::testing::ValuesIn(IndexLevels()), LevelName<IndexFunction>);

TEST(ByteScan, PopCountCountsBits) {
  std::mt19937_64 random(6);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t bits = random() & random();
    ASSERT_EQ(PopCount(bits), static_cast<std::size_t>(std::popcount(bits)));
  }
  EXPECT_EQ(PopCount(~std::uint64_t{0}), 64U);
  EXPECT_EQ(PopCount(0), 0U);
}

}  // namespace
}  // namespace supeval::io::detail
