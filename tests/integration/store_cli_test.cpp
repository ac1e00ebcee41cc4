// The database as a user meets it through the real `supeval` binary, against
// SQLite and PostgreSQL: import then evaluate gives the CSV path's output; a
// bad folder changes nothing; kill -9 in the middle of an import leaves the
// database exactly as before (also the first import into a new SQLite file,
// which runs under the rollback journal); changes spread over many written
// blocks are counted once each; two imports at once both complete, one after
// the other; a published run is reproduced byte for byte after later imports
// and hold changes; runs are listed, shown and compared; a newer schema is
// refused; usage errors exit with 2.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "database_cli_test.hpp"
#include "db_dump.hpp"
#include "process.hpp"
#include "supeval/store/test_database.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kGolden = fs::path(SUPEVAL_TEST_DATA) / "08_qz2_commodities_adjustment";

// "added changed unchanged" of the deliveries in `batches show` output.
std::string DeliveryCounts(const std::string& batch_text) {
  std::istringstream lines(batch_text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string table, added, changed, unchanged;
    if (words >> table >> added >> changed >> unchanged && table == "deliveries") {
      return added + " " + changed + " " + unchanged;
    }
  }
  return "no deliveries line in: " + batch_text;
}

class StoreCli : public DatabaseCliTest {
 protected:
  // A copy of a folder's CSV files to change.
  fs::path Copy(const fs::path& from, const std::string& name) {
    const fs::path to = fs::path(scratch_) / name;
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from)) {
      if (entry.path().extension() == ".csv" && entry.path().filename() != "expected.csv") {
        fs::copy_file(entry.path(), to / entry.path().filename());
      }
    }
    return to;
  }
};

TEST_P(StoreCli, ImportThenEvaluateGivesTheCsvPathsOutput) {
  const ProcessResult imported = Run({"import", "--data", kGolden.string(), "--user", "alice"});
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported batch 1:"), std::string::npos) << imported.out;
  const std::string period = Trimmed(ReadText(kGolden / "period"));
  for (const std::string format : {"csv", "json", "table"}) {
    const ProcessResult from_db = Run({"evaluate", "--period", period, "--format", format});
    const ProcessResult from_csv =
        RunSupeval({"evaluate", "--data", kGolden.string(), "--period", period, "--format", format});
    ASSERT_EQ(from_db.exit_status, 0) << from_db.err;
    EXPECT_EQ(from_db.out, from_csv.out) << format;
  }
  const ProcessResult explained = Run({"explain", "--period", period, "--supplier", "S71"});
  EXPECT_EQ(explained.out,
            RunSupeval({"explain", "--data", kGolden.string(), "--period", period, "--supplier", "S71"}).out);
  const ProcessResult batches = Run({"batches", "list"});
  EXPECT_EQ(batches.exit_status, 0);
  EXPECT_NE(batches.out.find("alice"), std::string::npos) << batches.out;
  const ProcessResult batch = Run({"batches", "show", "1"});
  EXPECT_NE(batch.out.find("deliveries.csv"), std::string::npos) << batch.out;
}

TEST_P(StoreCli, ABadFolderExitsWith2AndChangesNothing) {
  ASSERT_EQ(Run({"import", "--data", kGolden.string()}).exit_status, 0);
  const std::string before = DumpDatabase(db());
  const fs::path broken = Copy(kGolden, "broken");
  Edit(broken / "deliveries.csv", "series", "serial");
  const ProcessResult failed = Run({"import", "--data", broken.string()});
  EXPECT_EQ(failed.exit_status, 2);
  EXPECT_NE(failed.err.find("deliveries.csv:2: type: unknown value 'serial'"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("nothing was imported"), std::string::npos) << failed.err;
  EXPECT_EQ(DumpDatabase(db()), before);
}

TEST_P(StoreCli, KillingAnImportLeavesTheDatabaseAsBefore) {
  ASSERT_EQ(Run({"import", "--data", kGolden.string()}).exit_status, 0);
  const std::string before = DumpDatabase(db());
  const fs::path big = Generate("big", 150000);
  {
    RunningSupeval import({"import", "--data", big.string(), "--db", db(), "--progress", "lines"});
    std::string line;
    // Once deliveries are written, rows are in the open transaction.
    ASSERT_TRUE(import.ReadUntil("deliveries written", line)) << "no progress before the import ended: " << line;
    import.Kill();
    EXPECT_EQ(import.Wait(), 128 + SIGKILL);
  }
  EXPECT_EQ(DumpDatabase(db()), before);
  if (GetParam() == store::Backend::kSqlite) {
    EXPECT_EQ(SqliteIntegrityCheck(db()), "ok");
  }
  // And the database takes the same import afterwards, as batch 2.
  const ProcessResult again = Run({"import", "--data", big.string()});
  ASSERT_EQ(again.exit_status, 0) << again.err;
  EXPECT_NE(again.out.find("imported batch 2:"), std::string::npos) << again.out;
}

// Rows are written in blocks of a few thousand; changed and new rows spread
// over several blocks are each counted once, and the store then evaluates
// exactly as the changed files do.
TEST_P(StoreCli, ChangesSpreadOverManyBlocksAreEachCountedOnce) {
  const fs::path data = Generate("data", 20000);
  ASSERT_EQ(Run({"import", "--data", data.string()}).exit_status, 0);
  std::string deliveries = ReadText(data / "deliveries.csv");
  std::vector<std::size_t> line_starts;
  for (std::size_t at = deliveries.find('\n'); at + 1 < deliveries.size(); at = deliveries.find('\n', at + 1)) {
    line_starts.push_back(at + 1);
  }
  ASSERT_EQ(line_starts.size(), 20000U);
  std::string changed = deliveries.substr(0, line_starts[0]);
  for (std::size_t i = 0; i < line_starts.size(); ++i) {
    const std::size_t end = i + 1 < line_starts.size() ? line_starts[i + 1] : deliveries.size();
    std::string row = deliveries.substr(line_starts[i], end - line_starts[i]);
    if (i == 7 || i == 4095 || i == 4096 || i == 12345 || i == 19999) {
      // received_qty is the second-last column: make it 1.
      const std::size_t last = row.rfind(',');
      const std::size_t before = row.rfind(',', last - 1);
      row.replace(before + 1, last - before - 1, "1");
    }
    changed += row;
  }
  changed += "X000000001,S00001,P01,M000001,2026-03-02,10,2026-03-02,10,series\n";
  changed += "X000000002,S00002,P01,M000002,2026-03-03,10,2026-03-05,10,series\n";
  std::ofstream(data / "deliveries.csv", std::ios::binary | std::ios::trunc) << changed;

  const ProcessResult reimported = Run({"import", "--data", data.string()});
  ASSERT_EQ(reimported.exit_status, 0) << reimported.err;
  EXPECT_EQ(DeliveryCounts(Run({"batches", "show", "2"}).out), "2 5 19995");
  const ProcessResult from_db = Run({"evaluate", "--period", "2026-H1", "--format", "csv"});
  ASSERT_EQ(from_db.exit_status, 0) << from_db.err;
  EXPECT_EQ(from_db.out,
            RunSupeval({"evaluate", "--data", data.string(), "--period", "2026-H1", "--format", "csv"}).out);
}

TEST_P(StoreCli, TwoImportsAtOnceRunOneAfterTheOther) {
  ASSERT_EQ(Run({"import", "--data", kGolden.string()}).exit_status, 0);  // the schema exists
  const fs::path data = Generate("data", 20000);
  RunningSupeval first({"import", "--data", data.string(), "--db", db(), "--user", "first"});
  RunningSupeval second({"import", "--data", data.string(), "--db", db(), "--user", "second"});
  EXPECT_EQ(first.Wait(), 0);
  EXPECT_EQ(second.Wait(), 0);
  const ProcessResult batches = Run({"batches", "list"});
  ASSERT_EQ(batches.exit_status, 0) << batches.err;
  // Batch 2 added the rows, batch 3 found them all unchanged — whoever won.
  EXPECT_EQ(DeliveryCounts(Run({"batches", "show", "2"}).out), "20000 0 0");
  EXPECT_EQ(DeliveryCounts(Run({"batches", "show", "3"}).out), "0 0 20000");
  const ProcessResult evaluated = Run({"evaluate", "--period", "2026-H1", "--format", "csv"});
  ASSERT_EQ(evaluated.exit_status, 0);
}

TEST_P(StoreCli, APublishedRunIsReproducedAfterLaterChanges) {
  const fs::path data = Copy(kGolden, "data");
  const std::string period = Trimmed(ReadText(kGolden / "period"));
  ASSERT_EQ(Run({"import", "--data", data.string()}).exit_status, 0);
  const ProcessResult published =
      Run({"evaluate", "--period", period, "--publish", "--format", "csv", "--user", "bob"});
  ASSERT_EQ(published.exit_status, 0) << published.err;
  EXPECT_NE(published.err.find("published run 1"), std::string::npos) << published.err;

  // Later: a changed delivery, and a hold from the command line.
  const std::string deliveries = ReadText(data / "deliveries.csv");
  const auto second_line = deliveries.find('\n') + 1;
  const std::string row = deliveries.substr(second_line, deliveries.find('\n', second_line) - second_line);
  const std::string received = row.substr(row.rfind(',', row.rfind(',') - 1) + 1);
  std::string changed_row = row;
  changed_row.replace(changed_row.rfind(',', changed_row.rfind(',') - 1) + 1, received.size(), "1,series");
  Edit(data / "deliveries.csv", row, changed_row);
  const ProcessResult reimported = Run({"import", "--data", data.string()});
  ASSERT_EQ(reimported.exit_status, 0) << reimported.err;
  EXPECT_NE(reimported.out.find("1 changed"), std::string::npos) << reimported.out;
  const ProcessResult held =
      Run({"holds", "impose", "--supplier", "S71", "--on", "2026-02-01", "--why", "PPAP missing", "--user", "carol"});
  ASSERT_EQ(held.exit_status, 0) << held.err;
  const ProcessResult now = Run({"evaluate", "--period", period, "--format", "csv", "--publish"});
  ASSERT_EQ(now.exit_status, 0);
  ASSERT_NE(now.out, published.out) << "the later changes must show";

  const ProcessResult reproduced = Run({"evaluate", "--as-of", "1", "--format", "csv"});
  ASSERT_EQ(reproduced.exit_status, 0) << reproduced.err;
  EXPECT_EQ(reproduced.out, published.out);
  EXPECT_NE(reproduced.err.find("reproduced run 1 exactly"), std::string::npos) << reproduced.err;
  EXPECT_EQ(Run({"runs", "show", "1", "--format", "csv"}).out, published.out);
  EXPECT_EQ(Run({"explain", "--as-of", "1", "--supplier", "S71"}).out,
            RunSupeval({"explain", "--data", kGolden.string(), "--period", period, "--supplier", "S71"}).out);

  const ProcessResult listed = Run({"runs", "list"});
  EXPECT_NE(listed.out.find("bob"), std::string::npos) << listed.out;
  const ProcessResult diff = Run({"runs", "diff", "1", "2"});
  ASSERT_EQ(diff.exit_status, 0) << diff.err;
  EXPECT_NE(diff.out.find("S71"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("holds S71/quality/2026-02-01"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("received_qty"), std::string::npos) << diff.out;
  EXPECT_EQ(Run({"runs", "rules", "1"}).out, RunSupeval({"rules", "show"}).out);
  EXPECT_NE(Run({"runs", "show", "2", "--format", "json"}).out.find("\"as_of_batch\": 3"), std::string::npos);
  const ProcessResult holds = Run({"holds", "list", "--supplier", "S71"});
  EXPECT_NE(holds.out.find("PPAP missing"), std::string::npos) << holds.out;
  EXPECT_NE(holds.out.find("carol"), std::string::npos) << holds.out;
  const ProcessResult withdrawn = Run({"holds", "withdraw", "--supplier", "S71", "--on", "2026-03-01", "--why", "ok"});
  EXPECT_EQ(withdrawn.exit_status, 0) << withdrawn.err;
}

TEST_P(StoreCli, ASchemaNewerThanTheBinaryIsRefused) {
  ASSERT_EQ(Run({"import", "--data", kGolden.string()}).exit_status, 0);
  std::string error;
  ASSERT_TRUE(
      ExecuteSql(db(), "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'x', 'y')", &error))
      << error;
  const ProcessResult refused = Run({"runs", "list"});
  EXPECT_EQ(refused.exit_status, 1);
  EXPECT_NE(refused.err.find("schema is version 99, newer than this supeval knows"), std::string::npos) << refused.err;
}

TEST_P(StoreCli, UsageErrorsExitWith2) {
  EXPECT_EQ(RunSupeval({"evaluate", "--period", "2026-H1"}).exit_status, 2);
  EXPECT_NE(RunSupeval({"evaluate", "--period", "2026-H1"}).err.find("give --data DIR"), std::string::npos);
  EXPECT_EQ(RunSupeval({"evaluate", "--data", kGolden.string()}).exit_status, 2);
  EXPECT_EQ(Run({"evaluate", "--data", kGolden.string(), "--period", "2026-H1"}).exit_status, 2);
  EXPECT_EQ(RunSupeval({"evaluate", "--period", "2026-H1", "--publish"}).exit_status, 2);
  EXPECT_EQ(Run({"import"}).exit_status, 2);
  EXPECT_EQ(RunSupeval({"import", "--data", kGolden.string(), "--db", "mysql://x"}).exit_status, 2);
  ASSERT_EQ(Run({"import", "--data", kGolden.string()}).exit_status, 0);
  EXPECT_EQ(Run({"evaluate", "--as-of", "1", "--period", "2026-H1"}).exit_status, 2);
  EXPECT_EQ(Run({"runs", "show", "7"}).exit_status, 2);
  EXPECT_EQ(Run({"holds", "impose", "--supplier", "S71", "--on", "2026-02-30", "--why", "x"}).exit_status, 2);
  EXPECT_EQ(Run({"holds", "impose", "--supplier", "S71", "--on", "2026-02-03"}).exit_status, 2);  // no --why
  if (GetParam() == store::Backend::kSqlite) {
    const ProcessResult missing =
        RunSupeval({"evaluate", "--db", "sqlite:" + scratch_ + "/none.db", "--period", "2026-H1"});
    EXPECT_EQ(missing.exit_status, 2);
    EXPECT_NE(missing.err.find("no database at"), std::string::npos) << missing.err;
  }
}

// A new SQLite file takes its first import under the rollback journal (one
// write per page instead of WAL and checkpoint): killed, it is as if the
// import never ran; completed, the file is in WAL mode like any other.
// (Only SQLite files are created by an import.)
TEST(StoreCliNewFile, KillingTheFirstImportLeavesNoBatchAndACompletedOneLeavesWal) {
  const std::string scratch = MakeTempDir();
  const std::string fresh = "sqlite:" + scratch + "/fresh.db";
  const fs::path big = fs::path(scratch) / "big";
  ASSERT_EQ(
      RunSupeval({"generate", "--out", big.string(), "--suppliers", "40", "--deliveries", "150000", "--seed", "9"})
          .exit_status,
      0);
  {
    RunningSupeval import({"import", "--data", big.string(), "--db", fresh, "--progress", "lines"});
    std::string line;
    ASSERT_TRUE(import.ReadUntil("deliveries written", line)) << "no progress before the import ended: " << line;
    import.Kill();
    EXPECT_EQ(import.Wait(), 128 + SIGKILL);
  }
  EXPECT_TRUE(fs::exists(scratch + "/fresh.db-journal")) << "the first import did not use the rollback journal";
  EXPECT_EQ(SqliteIntegrityCheck(fresh), "ok");  // opening it rolls the journal back
  const ProcessResult listed = RunSupeval({"batches", "list", "--db", fresh});
  ASSERT_EQ(listed.exit_status, 0) << listed.err;
  EXPECT_EQ(SqliteFirstRow(fresh, "SELECT count(*) FROM batches"), "0");
  EXPECT_EQ(SqliteFirstRow(fresh, "SELECT count(*) FROM deliveries"), "0");

  const fs::path second = fs::path(scratch) / "second.db";
  const ProcessResult imported = RunSupeval({"import", "--data", big.string(), "--db", "sqlite:" + second.string()});
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  EXPECT_EQ(SqliteFirstRow("sqlite:" + second.string(), "PRAGMA journal_mode"), "wal");
  EXPECT_FALSE(fs::exists(second.string() + "-journal"));
  EXPECT_EQ(DeliveryCounts(RunSupeval({"batches", "show", "1", "--db", "sqlite:" + second.string()}).out),
            "150000 0 0");
  fs::remove_all(scratch);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCli, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
