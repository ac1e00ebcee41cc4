// IdIndex, sealed, finds exactly its ids through the number table when they
// are numbered densely (NumberedIdForm), and keeps hashing when they are not.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "id_index.hpp"

namespace supeval::io {
namespace {

std::vector<std::string> Numbered(const std::string& prefix, int width, int count, int step) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    std::string number = std::to_string(1 + i * step);
    ids.push_back(prefix + std::string(static_cast<std::size_t>(width) - number.size(), '0') + number);
  }
  return ids;
}

IdIndex Sealed(const std::vector<std::string>& ids) {
  IdIndex index;
  for (const std::string& id : ids) index.Insert(id);
  index.Seal();
  return index;
}

void ExpectFindsExactly(const IdIndex& index, const std::vector<std::string>& ids) {
  ASSERT_EQ(index.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(index.Find(ids[i]), static_cast<core::Index>(i)) << ids[i];
    ASSERT_EQ(index.FindPrepared(ids[i], index.Prepare(ids[i])), static_cast<core::Index>(i)) << ids[i];
    ASSERT_EQ(index.FindRare(ids[i]), static_cast<core::Index>(i)) << ids[i];
  }
}

TEST(IdIndexSealed, DenselyNumberedIdsAreFoundByNumber) {
  std::vector<std::string> ids = Numbered("S", 5, 20000, 1);
  std::shuffle(ids.begin(), ids.end(), std::mt19937_64(1));
  const IdIndex index = Sealed(ids);
  EXPECT_TRUE(index.numbered());
  ExpectFindsExactly(index, ids);
  // Just outside the numbers, other forms, and a gap are all absent.
  for (const std::string absent : {"S00000", "S20001", "S99999", "S0001", "S000001", "T00001", "S0000x", "", "S"}) {
    EXPECT_EQ(index.Find(absent), core::kNoIndex) << absent;
    EXPECT_EQ(index.FindPrepared(absent, index.Prepare(absent)), core::kNoIndex) << absent;
    EXPECT_EQ(index.FindRare(absent), core::kNoIndex) << absent;
  }
}

// Without Seal: ids in rising or falling order, or spreading both ways from
// the first, are placed in the table as they come.
TEST(IdIndexSealed, IdsInOrderAreNumberedAsTheyCome) {
  std::vector<std::string> rising = Numbered("K", 8, 30000, 1);
  std::vector<std::string> falling(rising.rbegin(), rising.rend());
  std::vector<std::string> both_ways;
  for (std::size_t i = 0; i < 15000; ++i) {
    both_ways.push_back(rising[15000 + i]);
    both_ways.push_back(rising[14999 - i]);
  }
  for (const auto* ids : {&rising, &falling, &both_ways}) {
    IdIndex index;
    for (const std::string& id : *ids) {
      ASSERT_EQ(index.Find(id), core::kNoIndex) << id;
      index.Insert(id);
    }
    EXPECT_TRUE(index.numbered());
    ExpectFindsExactly(index, *ids);
    EXPECT_EQ(index.Find("K00000000"), core::kNoIndex);
    EXPECT_EQ(index.Find("K00030001"), core::kNoIndex);
  }
}

// A reserved index starts with the table by number and turns to hashing when
// an id of another form, or far away, comes; what it held is still found.
TEST(IdIndexSealed, AnIdThatDoesNotFitTurnsToHashing) {
  for (const std::string odd : {"K-1", "K99999999", "K1"}) {
    std::vector<std::string> ids = Numbered("K", 8, 3000, 1);
    IdIndex index;
    index.Reserve(ids.size() + 1);
    for (const std::string& id : ids) index.Insert(id);
    ASSERT_TRUE(index.numbered());
    index.Insert(odd);
    ids.push_back(odd);
    EXPECT_FALSE(index.numbered()) << odd;
    ExpectFindsExactly(index, ids);
    EXPECT_EQ(index.FindRare("K00000000"), core::kNoIndex);
  }
}

TEST(IdIndexSealed, GapsUpToFourNumbersAnIdStillUseTheTable) {
  const std::vector<std::string> ids = Numbered("M", 7, 5000, 4);
  const IdIndex index = Sealed(ids);
  EXPECT_TRUE(index.numbered());
  ExpectFindsExactly(index, ids);
  EXPECT_EQ(index.Find("M0000002"), core::kNoIndex);  // inside the table, in a gap
}

TEST(IdIndexSealed, SparseOrMixedIdsKeepTheHashTable) {
  const std::vector<std::string> sparse = Numbered("M", 9, 5000, 1000);
  const IdIndex sparse_index = Sealed(sparse);
  EXPECT_FALSE(sparse_index.numbered());
  ExpectFindsExactly(sparse_index, sparse);

  std::vector<std::string> mixed = Numbered("S", 5, 100, 1);
  mixed.push_back("S-EXTRA");
  const IdIndex mixed_index = Sealed(mixed);
  EXPECT_FALSE(mixed_index.numbered());
  ExpectFindsExactly(mixed_index, mixed);

  std::vector<std::string> widths = Numbered("S", 5, 100, 1);
  widths.push_back("S1");  // the same prefix, another width: another form
  const IdIndex widths_index = Sealed(widths);
  EXPECT_FALSE(widths_index.numbered());
  ExpectFindsExactly(widths_index, widths);
}

TEST(IdIndexSealed, InsertingAfterSealingHashesAgain) {
  std::vector<std::string> ids = Numbered("P", 2, 4, 1);
  IdIndex index = Sealed(ids);
  ASSERT_TRUE(index.numbered());
  ids.push_back("PX");
  index.Insert("PX");
  EXPECT_FALSE(index.numbered());
  ExpectFindsExactly(index, ids);
  index.Seal();
  EXPECT_FALSE(index.numbered());
  ExpectFindsExactly(index, ids);
}

// Ids that are the numbers from the lowest up, in that order, are found by
// subtraction; a gap, another order, or an insert after sealing turn back to
// the table, and every case finds exactly its ids.
TEST(IdIndexSealed, IdsListedInNumberOrderAreFoundBySubtraction) {
  const std::vector<std::string> ids = Numbered("S", 5, 20000, 1);
  IdIndex index = Sealed(ids);
  EXPECT_TRUE(index.in_order());
  ExpectFindsExactly(index, ids);
  for (const std::string absent : {"S00000", "S20001", "S99999", "S0001", "T00001", ""}) {
    EXPECT_EQ(index.Find(absent), core::kNoIndex) << absent;
    EXPECT_EQ(index.FindPrepared(absent, index.Prepare(absent)), core::kNoIndex) << absent;
  }
  std::vector<std::string> more = ids;
  more.push_back("S20002");  // a gap after the last
  index.Insert(more.back());
  EXPECT_FALSE(index.in_order());
  ExpectFindsExactly(index, more);
  index.Seal();
  EXPECT_FALSE(index.in_order());
  ExpectFindsExactly(index, more);

  std::vector<std::string> falling(ids.rbegin(), ids.rend());
  const IdIndex reversed = Sealed(falling);
  EXPECT_TRUE(reversed.numbered());
  EXPECT_FALSE(reversed.in_order());
  ExpectFindsExactly(reversed, falling);
  std::vector<std::string> swapped = ids;
  std::swap(swapped[7], swapped[8]);
  const IdIndex almost = Sealed(swapped);
  EXPECT_FALSE(almost.in_order());
  ExpectFindsExactly(almost, swapped);
}

TEST(IdIndexSealed, SealingNothingChangesNothing) {
  IdIndex index;
  index.Seal();
  EXPECT_FALSE(index.numbered());
  EXPECT_EQ(index.Find("S1"), core::kNoIndex);
  EXPECT_EQ(index.Insert("S1"), 0U);
  index.Seal();
  EXPECT_TRUE(index.numbered());
  EXPECT_EQ(index.Find("S1"), 0U);
  EXPECT_EQ(index.Find("S2"), core::kNoIndex);
}

}  // namespace
}  // namespace supeval::io
