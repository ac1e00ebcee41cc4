// The schema on both databases: migrations recorded once in schema_version,
// and the table specs the generated SQL relies on match the tables (every
// column of every versioned table and of its history can be selected).
#include "schema.hpp"

#include <gtest/gtest.h>

#include "codec.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::store::internal {
namespace {

class SchemaTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!testing::OpenOrSkip(GetParam(), database_)) return;
    auto url = ParseDatabaseUrl(database_->url());
    ASSERT_TRUE(url.ok());
    OpenOptions options;
    options.create_if_missing = true;
    auto connection =
        url->backend == Backend::kSqlite ? OpenSqlite(url->target, options) : OpenPostgres(url->target, options);
    ASSERT_TRUE(connection.ok()) << connection.error().ToString();
    connection_ = *std::move(connection);
  }

  std::optional<testing::TestDatabase> database_;
  std::unique_ptr<Connection> connection_;
};

TEST_P(SchemaTest, MigrationsAreRecordedOnce) {
  auto version = ApplyMigrations(*connection_);
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(*version, LatestSchemaVersion());
  version = ApplyMigrations(*connection_);
  ASSERT_TRUE(version.ok());
  auto rows = QueryInt(*connection_, "SELECT count(*) FROM schema_version");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, static_cast<std::int64_t>(Migrations(GetParam()).size()));
}

TEST_P(SchemaTest, TableSpecsMatchTheTables) {
  ASSERT_TRUE(ApplyMigrations(*connection_).ok());
  for (const TableSpec* table : VersionedTables()) {
    SCOPED_TRACE(std::string(table->name));
    const std::string columns = ColumnList(*table);
    EXPECT_TRUE(connection_->Query("SELECT " + columns + ", from_batch FROM " + std::string(table->name)).ok());
    EXPECT_TRUE(
        connection_->Query("SELECT " + columns + ", from_batch, to_batch FROM " + std::string(table->name) + "_history")
            .ok());
    // The history twin has exactly one column more.
    auto current = connection_->Query("SELECT * FROM " + std::string(table->name) + " WHERE 1 = 0");
    ASSERT_TRUE(current.ok());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::store::internal
