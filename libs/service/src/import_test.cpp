// The import use case against SQLite and PostgreSQL: a folder becomes one
// batch with its files' SHA-256 and per-table counts; importing it again
// changes nothing; a changed row is counted as such; a dry run and a bad
// folder (listed row by row) change nothing.
#include "supeval/service/import.hpp"

#include <gtest/gtest.h>

#include "service_test_support.hpp"
#include "sha256.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/service/runs.hpp"

namespace supeval::service {
namespace {

using testing::StoreServiceTest;
namespace fs = std::filesystem;

class ImportTest : public StoreServiceTest {
 protected:
  core::Result<ImportOutcome> Import(const fs::path& folder, bool dry_run = false,
                                     const ImportProgressSink& progress = {}, RejectedRows* rejected = nullptr) {
    ImportRequest request;
    request.db_url = url();
    request.data_dir = folder;
    request.dry_run = dry_run;
    request.user = "importer";
    request.created_at = "2026-07-01T06:00:00Z";
    return ImportDataset(request, progress, rejected);
  }

  std::int64_t LastBatch() {
    auto db = store::OpenStore(url(), {});
    if (!db.ok()) return -1;  // not even created
    auto last = (*db)->LastBatch();
    return last.ok() ? *last : -2;
  }

  std::string EvaluateCsv() {
    StoreEvaluateRequest request;
    request.db_url = url();
    request.period = "2026-H1";
    auto outcome = EvaluateStore(request);
    EXPECT_TRUE(outcome.ok()) << outcome.error().ToString();
    return outcome.ok() ? io::WriteResultsCsv(outcome->evaluation.results, outcome->period) : "";
  }
};

const store::TableCounts& Table(const store::BatchInfo& batch, const std::string& name) {
  for (const store::TableCounts& counts : batch.tables) {
    if (counts.table == name) return counts;
  }
  throw std::runtime_error("no table " + name);
}

TEST_P(ImportTest, RecordsTheBatchWithFilesAndCounts) {
  const fs::path folder = Generate("data");
  std::vector<ImportProgress> calls;
  auto outcome = Import(folder, false, [&](const ImportProgress& p) { calls.push_back(p); });
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  const store::BatchInfo& batch = outcome->batch;
  EXPECT_EQ(batch.id, 1);
  EXPECT_EQ(batch.user, "importer");
  EXPECT_EQ(batch.created_at, "2026-07-01T06:00:00Z");
  EXPECT_EQ(Table(batch, "deliveries").added, 3000);
  EXPECT_EQ(Table(batch, "suppliers").added, 20);
  EXPECT_EQ(batch.Totals().changed, 0);
  // The generator writes every file: the evaluation's 8 and 14 contract files.
  ASSERT_EQ(batch.files.size(), 22U);
  EXPECT_GT(Table(batch, "contracts").added, 0);
  EXPECT_GT(Table(batch, "events").added, 0);
  for (const store::BatchFile& file : batch.files) {
    auto digest = DigestFile(folder / file.name);
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(file.sha256, digest->sha256) << file.name;
    EXPECT_EQ(file.bytes, digest->bytes) << file.name;
  }
  ASSERT_FALSE(calls.empty());
  EXPECT_TRUE(calls.back().done);
  EXPECT_EQ(calls.back().rows, 3000);
  EXPECT_GT(calls.back().estimated_rows, 1000);

  auto stored = ShowBatch(url(), 1);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(stored->files.size(), batch.files.size());
  EXPECT_EQ(stored->Totals().added, batch.Totals().added);
  EXPECT_EQ(stored->source, fs::absolute(folder).lexically_normal().string());
}

TEST_P(ImportTest, ImportingTheSameFilesAgainChangesNothing) {
  const fs::path folder = Generate("data");
  auto first = Import(folder);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  const std::string before = EvaluateCsv();
  auto second = Import(folder);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->batch.id, 2);
  EXPECT_EQ(second->batch.Totals().added, 0);
  EXPECT_EQ(second->batch.Totals().changed, 0);
  EXPECT_EQ(second->batch.Totals().unchanged, first->batch.Totals().added);
  EXPECT_EQ(EvaluateCsv(), before);
}

TEST_P(ImportTest, AChangedRowIsCountedAndReplacesTheOldOne) {
  const fs::path folder = Generate("data");
  ASSERT_TRUE(Import(folder).ok());
  const std::string before = EvaluateCsv();
  testing::SetField(folder / "deliveries.csv", 10, "received_qty", "0.5");
  testing::SetField(folder / "plants.csv", 1, "name", "Werk Eins");
  auto second = Import(folder);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(Table(second->batch, "deliveries").changed, 1);
  EXPECT_EQ(Table(second->batch, "deliveries").unchanged, 2999);
  EXPECT_EQ(Table(second->batch, "plants").changed, 1);
  EXPECT_NE(EvaluateCsv(), before);
}

TEST_P(ImportTest, ADryRunCountsButWritesNothing) {
  const fs::path folder = Generate("data");
  auto dry = Import(folder, true);
  ASSERT_TRUE(dry.ok()) << dry.error().ToString();
  EXPECT_TRUE(dry->dry_run);
  EXPECT_EQ(Table(dry->batch, "deliveries").added, 3000);
  if (GetParam() == store::Backend::kSqlite) {
    EXPECT_FALSE(fs::exists(store::ParseDatabaseUrl(url())->target)) << "a dry run creates no database file";
  } else {
    EXPECT_EQ(LastBatch(), 0);
  }
  ASSERT_TRUE(Import(folder).ok());
  testing::SetField(folder / "deliveries.csv", 1, "received_qty", "1");
  auto again = Import(folder, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->batch.id, 2);
  EXPECT_EQ(Table(again->batch, "deliveries").changed, 1);
  EXPECT_EQ(LastBatch(), 1);
}

TEST_P(ImportTest, ABadFolderChangesNothingAndNamesEveryRow) {
  const fs::path folder = Generate("data");
  ASSERT_TRUE(Import(folder).ok());
  const std::string before = EvaluateCsv();
  // Good rows are written before the bad ones are read: all of it must go.
  testing::SetField(folder / "deliveries.csv", 1, "received_qty", "7");
  testing::SetField(folder / "deliveries.csv", 2999, "due_qty", "0");
  testing::SetField(folder / "deliveries.csv", 3000, "supplier_id", "S-NOPE");
  auto failed = Import(folder);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, core::ErrorCode::kBadInput);
  const std::string& message = failed.error().message;
  EXPECT_NE(message.find("deliveries.csv:3000: due_qty: '0' must be greater than 0"), std::string::npos) << message;
  EXPECT_NE(message.find("deliveries.csv:3001: supplier_id: unknown supplier 'S-NOPE'"), std::string::npos) << message;
  EXPECT_EQ(LastBatch(), 1);
  EXPECT_EQ(EvaluateCsv(), before);

  // Bad master data: the database is not even opened for writing.
  testing::SetField(folder / "deliveries.csv", 2999, "due_qty", "10");
  testing::SetField(folder / "deliveries.csv", 3000, "supplier_id", "S00001");
  testing::SetField(folder / "materials.csv", 3, "kind", "liquid");
  failed = Import(folder);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("materials.csv:4: kind: unknown value 'liquid'"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(LastBatch(), 1);
}

// The refused rows one by one, as the server lists them: file, line and
// column of each, the message the CLI shows after them.
TEST_P(ImportTest, RefusedRowsAreHandedOverOneByOne) {
  const fs::path folder = Generate("data");
  testing::SetField(folder / "deliveries.csv", 2999, "due_qty", "0");
  testing::SetField(folder / "deliveries.csv", 3000, "supplier_id", "S-NOPE");
  RejectedRows rejected;
  auto failed = Import(folder, false, {}, &rejected);
  ASSERT_FALSE(failed.ok());
  ASSERT_EQ(rejected.count, 2U);
  ASSERT_EQ(rejected.errors.size(), 2U);
  EXPECT_EQ(fs::path(rejected.errors[0].location.file).filename(), "deliveries.csv");
  EXPECT_EQ(rejected.errors[0].location.line, 3000U);
  EXPECT_EQ(rejected.errors[0].location.field, "due_qty");
  EXPECT_EQ(rejected.errors[1].location.line, 3001U);
  EXPECT_EQ(rejected.errors[1].location.field, "supplier_id");
  EXPECT_NE(failed.error().message.find(rejected.errors[1].ToString()), std::string::npos);

  RejectedRows untouched;
  ASSERT_TRUE(Import(Generate("good"), false, {}, &untouched).ok());
  EXPECT_EQ(untouched.count, 0U);
}

TEST_P(ImportTest, AMissingFolderOrFileIsBadInput) {
  auto missing = Import(root_ / "nowhere");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kBadInput);
  const fs::path folder = Generate("data");
  fs::remove(folder / "plants.csv");
  auto no_plants = Import(folder);
  ASSERT_FALSE(no_plants.ok());
  EXPECT_NE(no_plants.error().ToString().find("plants.csv: required file is missing"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
