// SeenIds finds exactly the ids that occur more than once, however they were
// kept: runs of consecutive numbers (overlapping in one set or across sets,
// touching without overlapping), single numbers inside another's run, ids of
// another form, and files without a numbered form; for any number of threads.
#include "seen_ids.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace supeval::io {
namespace {

std::string D(std::uint64_t number) {
  std::string digits = std::to_string(number);
  return "D" + std::string(9 - digits.size(), '0') + digits;
}

class SeenIdsTest : public ::testing::Test {
 protected:
  explicit SeenIdsTest(std::optional<core::NumberedIdForm> form = core::NumberedIdForm{"D", 9}) {
    if (form) form_ = core::NumberReader(*std::move(form));
  }

  void Add(std::size_t set, const std::string& id) {
    added_.emplace_back(set, id);
    ++counts_[id];
  }
  void AddRange(std::size_t set, std::uint64_t first, std::uint64_t last) {
    for (std::uint64_t n = first; n <= last; ++n) Add(set, D(n));
  }

  // The fingerprints of the ids added more than once.
  std::unordered_set<std::uint64_t> Expected() const {
    std::unordered_set<std::uint64_t> expected;
    for (const auto& [id, count] : counts_) {
      if (count > 1) expected.insert(SeenIds::Fingerprint(form_ ? &*form_ : nullptr, id, HashId(id)));
    }
    return expected;
  }

  void ExpectFoundForAnyThreads() {
    const auto expected = Expected();
    for (const std::size_t threads : {1U, 2U, 3U}) {
      std::vector<SeenIds> sets;
      for (int i = 0; i < 3; ++i) sets.emplace_back(form_ ? &*form_ : nullptr);
      for (const auto& [set, id] : added_) sets[set].Add(id, HashId(id));
      EXPECT_EQ(SeenIds::FindRepeated(sets, threads), expected) << threads << " threads";
    }
  }

  std::optional<core::NumberReader> form_;
  std::vector<std::pair<std::size_t, std::string>> added_;  // set, id; in the order added
  std::map<std::string, int> counts_;
};

TEST_F(SeenIdsTest, AFileInOrderHasNoRepeats) {
  AddRange(0, 1, 50000);
  AddRange(1, 50001, 90000);
  AddRange(0, 90001, 100000);
  ASSERT_TRUE(Expected().empty());
  ExpectFoundForAnyThreads();
}

TEST_F(SeenIdsTest, RunsThatTouchDoNotRepeatButOverlappingOnesDo) {
  AddRange(0, 100, 200);
  AddRange(1, 201, 300);  // touches: nothing repeats
  AddRange(2, 290, 310);  // overlaps 290..300 of the run before
  AddRange(0, 1000, 1100);
  AddRange(0, 1050, 1060);  // inside a run of the same set
  AddRange(1, 5000, 5100);
  AddRange(2, 4000, 6000);  // covers a whole run
  AddRange(0, 7000, 7100);
  AddRange(1, 7100, 7150);  // starts on the last number of a run
  ExpectFoundForAnyThreads();
}

TEST_F(SeenIdsTest, SinglesRepeatAmongThemselvesAndInsideRuns) {
  AddRange(0, 1, 1000);
  Add(1, D(500));   // a single number inside a run of another set
  Add(2, D(7000));  // single numbers, repeated in another set
  Add(1, D(7000));
  Add(0, D(9001));  // and in the same set, not next to each other
  Add(0, D(9005));
  Add(0, D(9001));
  Add(2, D(123456));  // a single that repeats nothing
  ExpectFoundForAnyThreads();
}

// Found by the dataset fuzz target: a file whose rows repeat from the start
// (1..16580, then 2..58, a refused row, 60 alone at the end of a block).
// The run just before 60 ends at 58, but an earlier, longer one holds 60.
TEST_F(SeenIdsTest, ASingleInsideARunThatAShorterRunFollowsRepeats) {
  AddRange(0, 1, 16580);
  AddRange(0, 2, 58);
  Add(0, D(60));
  AddRange(1, 61, 120);
  ExpectFoundForAnyThreads();
}

TEST_F(SeenIdsTest, IdsOfAnotherFormAreFingerprinted) {
  AddRange(0, 1, 100);
  for (const std::string id : {"D1", "D0000000001", "E000000001", "X-17", "", "d000000001"}) Add(1, id);
  Add(2, "X-17");  // repeated, of another form
  Add(2, "D1");
  Add(0, D(50));  // repeated, numbered
  ExpectFoundForAnyThreads();
}

TEST_F(SeenIdsTest, ShuffledNumbersWithPlantedRepeats) {
  std::vector<std::uint64_t> numbers;
  for (std::uint64_t n = 1; n <= 60000; ++n) numbers.push_back(n);
  for (std::uint64_t n = 1; n <= 60000; n += 997) numbers.push_back(n);  // repeats
  std::mt19937_64 random(11);
  // Partly shuffled: ordered stretches (runs) among shuffled ones (singles).
  for (std::size_t i = 0; i + 500 < numbers.size(); i += 1000) {
    std::shuffle(numbers.begin() + static_cast<std::ptrdiff_t>(i),
                 numbers.begin() + static_cast<std::ptrdiff_t>(i + 500), random);
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) Add((i / 700) % 3, D(numbers[i]));
  ASSERT_EQ(Expected().size(), 61U);
  ExpectFoundForAnyThreads();
}

class SeenIdsWithoutFormTest : public SeenIdsTest {
 protected:
  SeenIdsWithoutFormTest() : SeenIdsTest(std::nullopt) {}
};

TEST_F(SeenIdsWithoutFormTest, EveryIdIsFingerprinted) {
  AddRange(0, 1, 3000);
  AddRange(1, 2990, 4000);
  Add(2, "X-17");
  Add(0, "X-17");
  ExpectFoundForAnyThreads();
}

}  // namespace
}  // namespace supeval::io
