// Published settlements on both databases: a settlement reads back cell for
// cell with its summary; settlements are numbered in order; the database
// refuses to change or delete one; a read-only store of a schema before
// them lists none.
#include "supeval/store/settlements.hpp"

#include <gtest/gtest.h>

#include "connection.hpp"
#include "schema.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::store {
namespace {

SettlementRecord Sample(std::string period) {
  SettlementRecord record;
  record.summary.period = std::move(period);
  record.summary.created_at = "2026-07-01T08:00:00Z";
  record.summary.user = "alice";
  record.summary.rules_sha256 = std::string(64, 'b');
  record.summary.as_of_batch = 0;
  record.period_first = *core::Date::Parse("2026-04-01");
  record.period_last = *core::Date::Parse("2026-06-30");
  record.rules_text = "[contracts]\nkpi_cap_share = 0.04\n";
  std::vector<std::string> line(19);
  for (std::size_t i = 0; i < line.size(); ++i) line[i] = "cell " + std::to_string(i) + ", \"quoted\"";
  line[10] = "";
  record.lines = {line, std::vector<std::string>(19, "x")};
  return record;
}

class SettlementsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!testing::OpenOrSkip(GetParam(), database_)) return;
    OpenOptions create;
    create.create_if_missing = true;
    auto settlements = SettlementStore::Open(database_->url(), create);
    ASSERT_TRUE(settlements.ok()) << settlements.error().ToString();
    settlements_ = *std::move(settlements);
  }

  std::optional<testing::TestDatabase> database_;
  std::unique_ptr<SettlementStore> settlements_;
};

TEST_P(SettlementsTest, ASettlementReadsBackCellForCell) {
  auto first = settlements_->Publish(Sample("2026-Q2"));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  auto second = settlements_->Publish(Sample("2026-04-01..2026-06-30"));
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(*second, *first + 1);
  auto read = settlements_->Read(*first);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  const SettlementRecord expected = Sample("2026-Q2");
  EXPECT_EQ(read->lines, expected.lines);
  EXPECT_EQ(read->rules_text, expected.rules_text);
  EXPECT_EQ(read->period_first, expected.period_first);
  EXPECT_EQ(read->period_last, expected.period_last);
  EXPECT_EQ(read->summary.period, "2026-Q2");
  EXPECT_EQ(read->summary.user, "alice");
  EXPECT_EQ(read->summary.lines, 2);
  auto list = settlements_->List();
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ((*list)[1].period, "2026-04-01..2026-06-30");
  auto missing = settlements_->Read(*second + 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kBadInput);
}

TEST_P(SettlementsTest, TheDatabaseRefusesToChangeASettlement) {
  ASSERT_TRUE(settlements_->Publish(Sample("2026-Q2")).ok());
  auto url = ParseDatabaseUrl(database_->url());
  ASSERT_TRUE(url.ok());
  auto connection = url->backend == Backend::kSqlite ? internal::OpenSqlite(url->target, {})
                                                     : internal::OpenPostgres(url->target, {});
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  for (const char* sql : {"UPDATE settlement_lines SET amount = '0.00'", "DELETE FROM settlement_lines",
                          "UPDATE settlements SET user_name = 'mallory'", "DELETE FROM settlements"}) {
    SCOPED_TRACE(sql);
    EXPECT_FALSE((*connection)->Execute(sql).ok());
  }
  auto read = settlements_->Read(1);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->lines, Sample("2026-Q2").lines);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettlementsTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::store
