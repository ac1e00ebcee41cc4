// List parameters (API.md, "Lists"): limit 1..1000 default 50, offset >= 0,
// sort as `field`/`-field` out of a declared list; bad ones name the parameter.
#include "supeval/service/lists.hpp"

#include <gtest/gtest.h>

namespace supeval::service {
namespace {

void ExpectBadParameter(const core::Error& error, const std::string& parameter) {
  EXPECT_EQ(error.code, core::ErrorCode::kBadInput);
  EXPECT_EQ(error.location.field, parameter) << error.ToString();
}

TEST(ListsTest, PagingDefaultsAndBounds) {
  auto defaults = ParsePaging(std::nullopt, std::nullopt);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->limit, 50);
  EXPECT_EQ(defaults->offset, 0);
  auto edges = ParsePaging("1", "0");
  ASSERT_TRUE(edges.ok());
  EXPECT_EQ(edges->limit, 1);
  auto most = ParsePaging("1000", "123456789");
  ASSERT_TRUE(most.ok());
  EXPECT_EQ(most->limit, 1000);
  EXPECT_EQ(most->offset, 123456789);
  for (const char* limit : {"0", "1001", "", "-1", "+5", " 5", "5x", "1e3", "99999999999999999999"}) {
    auto paging = ParsePaging(std::string(limit), std::nullopt);
    ASSERT_FALSE(paging.ok()) << limit;
    ExpectBadParameter(paging.error(), "limit");
  }
  for (const char* offset : {"-1", "", "x", "1.5"}) {
    auto paging = ParsePaging(std::nullopt, std::string(offset));
    ASSERT_FALSE(paging.ok()) << offset;
    ExpectBadParameter(paging.error(), "offset");
  }
}

TEST(ListsTest, PageOfClampsPastTheEnd) {
  EXPECT_EQ(PageOf({2, 0}, 5).begin, 0U);
  EXPECT_EQ(PageOf({2, 0}, 5).end, 2U);
  EXPECT_EQ(PageOf({2, 4}, 5).end, 5U);
  EXPECT_EQ(PageOf({2, 5}, 5).begin, 5U);
  EXPECT_EQ(PageOf({2, 5}, 5).end, 5U);
  EXPECT_EQ(PageOf({1000, INT64_MAX}, 5).end, 5U);
  EXPECT_EQ(TakePage(std::vector<int>{1, 2, 3}, {2, 1}), (std::vector<int>{2, 3}));
  EXPECT_TRUE(TakePage(std::vector<int>{1, 2, 3}, {2, 3}).empty());
}

TEST(ListsTest, SortReadsFieldsAndDirections) {
  const SortSpec spec{{"rank", "total", "name"}, "rank", "supplier_id"};
  auto fallback = ParseSort(spec, std::nullopt);
  ASSERT_TRUE(fallback.ok());
  ASSERT_EQ(fallback->size(), 1U);
  EXPECT_EQ((*fallback)[0].field, "rank");
  EXPECT_FALSE((*fallback)[0].descending);
  auto two = ParseSort(spec, "-total,name");
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2U);
  EXPECT_EQ((*two)[0].field, "total");
  EXPECT_TRUE((*two)[0].descending);
  EXPECT_EQ((*two)[1].field, "name");
  EXPECT_FALSE((*two)[1].descending);
  for (const char* bad : {"", "country", "total,", ",total", "--total", "total,-total", "Total", "+total"}) {
    auto sort = ParseSort(spec, std::string(bad));
    ASSERT_FALSE(sort.ok()) << bad;
    ExpectBadParameter(sort.error(), "sort");
  }
}

// An append-only list pages newest first from its cursor: only keys below
// `before`, which is 1 or more.
TEST(CursorPaging, PagesNewestFirstBelowTheCursor) {
  auto none = ParseCursorPaging(std::nullopt, std::nullopt, std::nullopt);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->before);
  EXPECT_EQ(none->paging.limit, kDefaultLimit);
  const std::vector<int> oldest_first = {1, 2, 3, 4};
  const auto key = [](int row) { return static_cast<std::int64_t>(row); };
  EXPECT_EQ(NewestFirstBefore(oldest_first, none->before, key), (std::vector<int>{4, 3, 2, 1}));

  auto cursor = ParseCursorPaging(std::string("3"), std::string("1"), std::nullopt);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->before, 3);
  EXPECT_EQ(cursor->paging.limit, 1);
  EXPECT_EQ(NewestFirstBefore(oldest_first, cursor->before, key), (std::vector<int>{2, 1}));
  EXPECT_TRUE(NewestFirstBefore(oldest_first, std::optional<std::int64_t>(1), key).empty());

  for (const char* bad : {"0", "-1", "x", ""}) {
    auto refused = ParseCursorPaging(std::string(bad), std::nullopt, std::nullopt);
    ASSERT_FALSE(refused.ok()) << bad;
    ExpectBadParameter(refused.error(), "before");
  }
  auto bad_limit = ParseCursorPaging(std::string("3"), std::string("0"), std::nullopt);
  ASSERT_FALSE(bad_limit.ok());
  ExpectBadParameter(bad_limit.error(), "limit");
}

}  // namespace
}  // namespace supeval::service
