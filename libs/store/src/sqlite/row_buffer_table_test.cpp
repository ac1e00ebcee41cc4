// RowBuffer keeps every kind of value exactly, its text across growth; the
// `supeval_rows` table shows the buffer it is pointed at, and nothing when it
// is pointed at none.
#include "row_buffer_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace supeval::store::internal {
namespace {

TEST(RowBuffer, KeepsEveryKindOfValueAndItsText) {
  RowBuffer buffer(4);
  std::vector<std::string> texts;
  for (int i = 0; i < 1000; ++i)
    texts.push_back("text-" + std::to_string(i) + std::string(static_cast<std::size_t>(i % 40), 'x'));
  for (int i = 0; i < 1000; ++i) {
    const Value row[] = {Value::Text(texts[static_cast<std::size_t>(i)]), Value::Int(-i),
                         i % 2 == 0 ? Value::Null() : Value::Real(i + 0.25), Value::Date(core::Date::FromDays(i))};
    buffer.Add(row);
  }
  ASSERT_EQ(buffer.rows(), 1000U);
  for (std::size_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(buffer.Get(i, 0).kind, Value::Kind::kText);
    EXPECT_EQ(buffer.Get(i, 0).text, texts[i]);
    EXPECT_EQ(buffer.Get(i, 1).int_value, -static_cast<std::int64_t>(i));
    if (i % 2 == 0) {
      EXPECT_EQ(buffer.Get(i, 2).kind, Value::Kind::kNull);
    } else {
      EXPECT_EQ(buffer.Get(i, 2).real_value, static_cast<double>(i) + 0.25);
    }
    EXPECT_EQ(buffer.Get(i, 3).kind, Value::Kind::kDate);
    EXPECT_EQ(buffer.Get(i, 3).int_value, static_cast<std::int64_t>(i));
  }
  buffer.Clear();
  EXPECT_EQ(buffer.rows(), 0U);
}

class RowBufferTable : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_EQ(RegisterRowBufferTable(db_, &source_), SQLITE_OK);
  }
  void TearDown() override { sqlite3_close(db_); }

  std::vector<std::string> Query(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row += (i == 0 ? "" : "|") + (text == nullptr ? std::string("NULL") : reinterpret_cast<const char*>(text));
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    return rows;
  }

  sqlite3* db_ = nullptr;
  const RowBuffer* source_ = nullptr;
};

TEST_F(RowBufferTable, ShowsTheBufferItIsPointedAt) {
  RowBuffer buffer(3);
  const Value first[] = {Value::Text("D1"), Value::Int(7), Value::Null()};
  const Value second[] = {Value::Text("D2"), Value::Date(core::Date::FromDays(20000)), Value::Real(1.5)};
  buffer.Add(first);
  buffer.Add(second);
  EXPECT_TRUE(Query("SELECT c0, c1, c2, c3, c15 FROM supeval_rows").empty());  // pointed at none
  source_ = &buffer;
  EXPECT_EQ(Query("SELECT c0, c1, typeof(c1), c2, typeof(c2), c3 FROM supeval_rows"),
            (std::vector<std::string>{"D1|7|integer|NULL|null|NULL", "D2|20000|integer|1.5|real|NULL"}));
  // An INSERT ... SELECT writes them all.
  ASSERT_EQ(sqlite3_exec(db_, "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, r REAL)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db_, "INSERT INTO t SELECT c0, c1, c2 FROM supeval_rows", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(Query("SELECT * FROM t ORDER BY id"), (std::vector<std::string>{"D1|7|NULL", "D2|20000|1.5"}));
  source_ = nullptr;
}

}  // namespace
}  // namespace supeval::store::internal
