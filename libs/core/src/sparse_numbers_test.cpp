// SparseNumbers finds exactly the slots of the named ids of the file's
// numbered form, whatever order the delivery ids come in: ascending (the
// usual file), with gaps larger and smaller than the cursor's steps, going
// back, at random; ids named twice are not expected (slots are per id), ids of
// another form are never found through it, and no named id at all finds nothing.
#include "supeval/core/reading/sparse_numbers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace supeval::core {
namespace {

std::string D(std::uint64_t number) {
  std::string digits = std::to_string(number);
  return "D" + std::string(9 - digits.size(), '0') + digits;
}

class SparseNumbersTest : public ::testing::Test {
 protected:
  SparseNumbersTest() : form_(NumberedIdForm{"D", 9}) {}

  // Names `ids` (slot i for ids[i]); the ids of the form are expected back.
  void Name(std::vector<std::string> ids) {
    ids_ = std::move(ids);
    std::vector<std::string_view> views(ids_.begin(), ids_.end());
    named_ = SparseNumbers(form_, views);
    expected_.clear();
    for (std::size_t slot = 0; slot < ids_.size(); ++slot) {
      const std::uint64_t number = form_.NumberOf(ids_[slot]);
      if (number != NumberedIdForm::kOtherForm) expected_[number] = static_cast<Index>(slot);
    }
  }

  // Looks up `numbers` in turn with one cursor, each against the map.
  void ExpectFound(const std::vector<std::uint64_t>& numbers) {
    SparseNumbers::Cursor cursor;
    for (const std::uint64_t number : numbers) {
      const auto it = expected_.find(number);
      ASSERT_EQ(cursor.Find(named_, number), it == expected_.end() ? kNoIndex : it->second) << number;
    }
  }

  NumberReader form_;
  std::vector<std::string> ids_;
  SparseNumbers named_;
  std::map<std::uint64_t, Index> expected_;
};

TEST_F(SparseNumbersTest, AscendingIdsFindEveryNamedOne) {
  Name({D(5), D(3), D(4), D(100), D(9), D(10), D(11), D(1000)});  // named out of order
  EXPECT_EQ(named_.size(), 8U);
  std::vector<std::uint64_t> all(1200);
  for (std::uint64_t n = 0; n < all.size(); ++n) all[n] = n;
  ExpectFound(all);
}

TEST_F(SparseNumbersTest, GapsGoingBackAndRandomOrder) {
  std::mt19937_64 random(3);
  std::vector<std::string> ids;
  for (int i = 0; i < 500; ++i) ids.push_back(D(random() % 5000));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::shuffle(ids.begin(), ids.end(), random);
  Name(ids);
  std::vector<std::uint64_t> queries;
  for (std::uint64_t n = 0; n < 5000; n += 1 + random() % 40) queries.push_back(n);  // gaps past the steps
  for (std::int64_t n = 4000; n > 10; n -= static_cast<std::int64_t>(1 + random() % 300)) {
    queries.push_back(static_cast<std::uint64_t>(n));  // going back
  }
  for (int i = 0; i < 3000; ++i) queries.push_back(random() % 5100);  // no order, some past the last
  ExpectFound(queries);
}

TEST_F(SparseNumbersTest, IdsOfAnotherFormAreNotFoundThroughIt) {
  Name({"D1", "X000000007", D(7), "D0000000008", D(8) + " "});
  EXPECT_EQ(expected_.size(), 1U);
  EXPECT_EQ(named_.size(), 1U);
  ExpectFound({0, 1, 7, 8, 9});
}

TEST_F(SparseNumbersTest, NothingNamedFindsNothing) {
  Name({});
  EXPECT_EQ(named_.size(), 0U);
  ExpectFound({0, 1, 999'999'999});
  SparseNumbers empty;
  EXPECT_EQ(empty.size(), 0U);
  SparseNumbers::Cursor cursor;
  EXPECT_EQ(cursor.Find(empty, 5), kNoIndex);
}

}  // namespace
}  // namespace supeval::core
