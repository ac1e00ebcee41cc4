// IdMap: every key found, absent keys missed (also those that differ only in
// their last bytes, or are prefixes), repeats ignored, across growth.
#include "id_map.hpp"

#include <gtest/gtest.h>

#include <string>

namespace supeval::store::internal {
namespace {

TEST(IdMap, FindsEveryKeyAndMissesTheRest) {
  IdMap map;
  EXPECT_EQ(map.Find("S00001"), core::kNoIndex);
  for (core::Index i = 0; i < 20000; ++i) map.Insert("S" + std::to_string(100000 + i), i);
  map.Insert("S100005", 77);  // a repeat keeps the first
  EXPECT_EQ(map.size(), 20000U);
  for (core::Index i = 0; i < 20000; ++i) EXPECT_EQ(map.Find("S" + std::to_string(100000 + i)), i);
  EXPECT_EQ(map.Find("S100005"), 5U);
  for (const char* absent : {"S", "S10000", "S1000000", "T100000", "", "S120000", "s100001"}) {
    EXPECT_EQ(map.Find(absent), core::kNoIndex) << absent;
  }
}

TEST(IdMap, KeysOfEveryLength) {
  IdMap map;
  std::string key;
  for (core::Index length = 0; length < 40; ++length) {
    map.Insert(key, length);
    key.push_back(static_cast<char>('a' + length % 26));
  }
  key.clear();
  for (core::Index length = 0; length < 40; ++length) {
    EXPECT_EQ(map.Find(key), length);
    key.push_back(static_cast<char>('a' + length % 26));
  }
  EXPECT_EQ(map.Find(std::string(41, 'a')), core::kNoIndex);
}

}  // namespace
}  // namespace supeval::store::internal
