// IdIndex gives each id the index of its insertion and finds exactly the ids
// it holds: short ids (compared inside the slot), long ids sharing their first
// eight bytes, the empty id; reserved up front or grown as it goes; FindRare
// (behind the Bloom filter) answers as Find does.
#include "id_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace supeval::io {
namespace {

std::vector<std::string> SomeIds(int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    switch (i % 4) {
      case 0:
        ids.push_back("S" + std::to_string(i));
        break;  // short
      case 1:
        ids.push_back("PREFIX__" + std::to_string(i));
        break;  // long, shared first 8 bytes
      case 2:
        ids.push_back(std::string(static_cast<std::size_t>(i % 17), 'x') + std::to_string(i));
        break;
      default:
        ids.push_back("D" + std::string(9, '0') + std::to_string(i));
        break;
    }
  }
  return ids;
}

void ExpectFindsExactly(const IdIndex& index, const std::vector<std::string>& ids) {
  ASSERT_EQ(index.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(index.Find(ids[i]), static_cast<core::Index>(i)) << ids[i];
    ASSERT_EQ(index.FindRare(ids[i]), static_cast<core::Index>(i)) << ids[i];
    ASSERT_EQ(index.Key(static_cast<core::Index>(i)), ids[i]);
  }
  for (const std::string& absent : {std::string("PREFIX__"), std::string("PREFIX__x"), std::string("S"),
                                    std::string("D000000000"), std::string("nothing at all")}) {
    EXPECT_EQ(index.Find(absent), core::kNoIndex) << absent;
    EXPECT_EQ(index.FindRare(absent), core::kNoIndex) << absent;
  }
}

TEST(IdIndex, GrownOrReservedFindsExactlyItsIds) {
  const std::vector<std::string> ids = SomeIds(20000);
  IdIndex grown;
  IdIndex reserved;
  reserved.Reserve(ids.size());
  for (const std::string& id : ids) {
    ASSERT_EQ(grown.Find(id), core::kNoIndex);
    grown.Insert(id);
    reserved.Insert(id);
  }
  ExpectFindsExactly(grown, ids);
  ExpectFindsExactly(reserved, ids);
}

TEST(IdIndex, ReservingLessThanItHoldsStillGrows) {
  const std::vector<std::string> ids = SomeIds(5000);
  IdIndex index;
  index.Reserve(10);
  for (const std::string& id : ids) index.Insert(id);
  index.Reserve(3);  // never shrinks
  ExpectFindsExactly(index, ids);
}

TEST(IdIndex, EmptyFindsNothingAndTheEmptyIdIsAnId) {
  IdIndex index;
  EXPECT_EQ(index.Find("x"), core::kNoIndex);
  EXPECT_EQ(index.FindRare("x"), core::kNoIndex);
  EXPECT_EQ(index.Insert(""), 0U);
  EXPECT_EQ(index.Find(""), 0U);
  EXPECT_EQ(index.Find("x"), core::kNoIndex);
}

// FindOrInsert finds what Find finds and inserts what Insert would, hashed
// or numbered.
TEST(IdIndex, FindOrInsertFindsOrInsertsOnce) {
  for (const std::string& prefix : {std::string("S"), std::string("PREFIX__")}) {
    IdIndex index;
    std::vector<std::string> ids;
    for (int i = 0; i < 3000; ++i) {
      const std::string id = prefix + std::to_string(100000 + (i * 7) % 2000);  // each one up to twice
      const auto [found, inserted] = index.FindOrInsert(id);
      const auto known = std::find(ids.begin(), ids.end(), id);
      EXPECT_EQ(inserted, known == ids.end()) << id;
      if (inserted) ids.push_back(id);
      EXPECT_EQ(found, static_cast<core::Index>(std::find(ids.begin(), ids.end(), id) - ids.begin())) << id;
    }
    ExpectFindsExactly(index, ids);
  }
}

}  // namespace
}  // namespace supeval::io
