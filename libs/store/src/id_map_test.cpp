// IdMap: every key found, absent keys missed (also those that differ only in
// their last bytes, or are prefixes), repeats ignored, across growth; built of
// a list of keys, densely numbered ones are found by number, others hashed,
// with the same answers.
#include "id_map.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// The same lookups through IdMap::Of, prepared ahead as the delivery stream
// does them and directly.
void ExpectFindsExactly(const IdMap& map, const std::vector<std::string>& keys,
                        const std::vector<std::string>& absent) {
  for (core::Index i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(map.Find(keys[i]), i) << keys[i];
    EXPECT_EQ(map.Find(keys[i], map.Prepare(keys[i])), i) << keys[i];
  }
  for (const std::string& key : absent) {
    EXPECT_EQ(map.Find(key), core::kNoIndex) << key;
    EXPECT_EQ(map.Find(key, map.Prepare(key)), core::kNoIndex) << key;
  }
}

TEST(IdMapOf, DenselyNumberedKeysAreFoundByNumber) {
  std::vector<std::string> keys;
  for (int i = 1; i <= 5000; ++i) {
    if (i % 4 != 0) keys.push_back("M" + std::string(6 - std::to_string(i).size(), '0') + std::to_string(i));
  }
  const IdMap map = IdMap::Of({keys.begin(), keys.end()});
  EXPECT_TRUE(map.numbered());
  EXPECT_EQ(map.size(), keys.size());
  ExpectFindsExactly(map, keys, {"M000004", "M005001", "M000000", "M00001", "M0000001", "N000001", "", "M00000x"});
}

TEST(IdMapOf, OtherKeysAreHashedWithTheSameAnswers) {
  const std::vector<std::string> sparse = {"D000000001", "D000500000", "D009999999"};
  const IdMap far_apart = IdMap::Of({sparse.begin(), sparse.end()});
  EXPECT_FALSE(far_apart.numbered());
  ExpectFindsExactly(far_apart, sparse, {"D000000002", "D00000001", ""});

  const std::vector<std::string> names = {"ACME", "BOSCH-DE", "S00001", "a much longer supplier key than sixteen"};
  const IdMap mixed = IdMap::Of({names.begin(), names.end()});
  EXPECT_FALSE(mixed.numbered());
  ExpectFindsExactly(mixed, names, {"ACM", "BOSCH-DF", "S00002", "a much longer supplier key than sixteem"});
}

}  // namespace
}  // namespace supeval::store::internal
