// The database side of issue 19 as a user meets it through the real
// `supeval` binary, against SQLite and PostgreSQL: a re-imported extract does
// not silently undo a decision made with `holds`; a first import into a new
// SQLite file is waited for by a second import and by an evaluate (two real
// processes), up to --lock-timeout; a user who may only read the database
// can read it, and permission problems are user errors (exit status 2); a
// failed first import leaves no file, and a database without data says so;
// `runs diff` given the later run first explains the score change in its own
// direction; a path that is no database is a user error.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "database_cli_test.hpp"
#include "process.hpp"
#include "supeval/core/date.hpp"
#include "supeval/store/test_database.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kGolden = fs::path(SUPEVAL_TEST_DATA) / "08_qz2_commodities_adjustment";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A copy of the golden folder whose first delivery has an unknown type: an
// import of it fails after the database was opened.
fs::path BrokenCopy(const fs::path& folder) {
  fs::copy(kGolden, folder);
  Edit(folder / "deliveries.csv", "series", "serial");
  return folder;
}

// The first active hold of holds.csv: its line number and fields.
struct HoldRow {
  std::size_t line = 0;
  std::string text, supplier, reason, imposed_on;
};

HoldRow FirstActiveHold(const fs::path& holds_csv) {
  std::istringstream lines(ReadText(holds_csv));
  std::string text;
  for (std::size_t line = 1; std::getline(lines, text); ++line) {
    if (line == 1 || text.empty() || text.back() != ',') continue;  // header, or withdrawn
    std::vector<std::string> fields;
    std::istringstream row(text);
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    return {line, text, fields.at(0), fields.at(2), fields.at(3)};
  }
  ADD_FAILURE() << "no active hold in " << holds_csv;
  return {};
}

class StoreHardening : public DatabaseCliTest {
 protected:
  [[nodiscard]] fs::path scratch() const { return scratch_; }
};

// ---------------------------------------------------------------------------
// 3.4: `holds withdraw` survives a re-import of the unchanged extract

TEST_P(StoreHardening, ARecordedHoldDecisionSurvivesTheUnchangedExtractAndANewFactReplacesIt) {
  const fs::path data = Generate("g1", 2000);
  ASSERT_EQ(Run({"import", "--data", data.string()}).exit_status, 0);
  const HoldRow hold = FirstActiveHold(data / "holds.csv");
  const ProcessResult withdrawn =
      Run({"holds", "withdraw", "--supplier", hold.supplier, "--reason", hold.reason, "--imposed-on", hold.imposed_on,
           "--on", hold.imposed_on, "--why", "PPAP approved", "--user", "qa-lead"});
  ASSERT_EQ(withdrawn.exit_status, 0) << withdrawn.err;

  const ProcessResult again = Run({"import", "--data", data.string()});
  ASSERT_EQ(again.exit_status, 0) << again.err;
  const std::string row = "holds.csv:" + std::to_string(hold.line) + ": the " + hold.reason + " hold of supplier " +
                          hold.supplier + " imposed on " + hold.imposed_on + " was withdrawn on " + hold.imposed_on +
                          " with `holds withdraw` (batch 2, qa-lead, ";
  EXPECT_TRUE(Contains(again.out, "  warning: " + row)) << again.out;
  EXPECT_TRUE(Contains(again.out, "the decision is kept")) << again.out;
  const ProcessResult listed = Run({"holds", "list", "--supplier", hold.supplier});
  EXPECT_TRUE(Contains(listed.out, hold.imposed_on + "  " + hold.imposed_on)) << listed.out;  // still withdrawn
  EXPECT_TRUE(Contains(listed.out, "PPAP approved")) << listed.out;
  EXPECT_TRUE(Contains(Run({"batches", "show", "3"}).out, "warning: " + row));

  // The ERP records a withdrawal of its own: a new fact, which replaces the decision.
  const std::string erp_date = (*core::Date::Parse(hold.imposed_on) + 3).ToString();
  Edit(data / "holds.csv", hold.text + "\n", hold.text + erp_date + "\n");
  const ProcessResult newer = Run({"import", "--data", data.string()});
  ASSERT_EQ(newer.exit_status, 0) << newer.err;
  EXPECT_TRUE(Contains(newer.out, "this row shows it withdrawn on " + erp_date +
                                      ", which is new: the row replaces "
                                      "the decision"))
      << newer.out;
  EXPECT_TRUE(Contains(Run({"holds", "list", "--supplier", hold.supplier}).out, hold.imposed_on + "  " + erp_date));
}

// ---------------------------------------------------------------------------
// 3.9: a user who may only read the database

// Root may write anything, so a reader is played by `nobody`; any other user
// plays it itself, with its write permission taken away.
constexpr UserIdentity kNobody{65534, 65534};

ProcessResult RunAsReader(const std::vector<std::string>& arguments) {
  return geteuid() == 0 ? RunSupevalAs(kNobody, arguments) : RunSupeval(arguments);
}

class ReadOnlyUser : public StoreHardening {
 protected:
  void SetUp() override {
    StoreHardening::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    if (RunAsReader({"rules", "show"}).exit_status != 0) {
      GTEST_SKIP() << "the reader (nobody) cannot run " << SUPEVAL_BINARY << ": a folder on its path is closed to it";
    }
  }
  void TearDown() override {
    if (database_ && sqlite()) fs::permissions(database_->directory(), fs::perms::owner_all);  // to remove it
    StoreHardening::TearDown();
  }

  // The database, as the reader reaches it: an SQLite file it may only
  // read (in a folder it may or may not write), or a PostgreSQL session
  // that cannot write.
  std::string ReaderUrl(bool folder_writable) {
    fs::permissions(scratch(), fs::perms::all);  // the data folder, for the import that must be refused
    if (!sqlite()) return db() + "%20-cdefault_transaction_read_only%3Don";  // appended to libpq's options
    const fs::path file = db().substr(std::string("sqlite:").size());
    fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(database_->directory(), folder_writable ? fs::perms::all
                                                            : fs::perms::owner_read | fs::perms::owner_exec |
                                                                  fs::perms::group_read | fs::perms::group_exec |
                                                                  fs::perms::others_read | fs::perms::others_exec);
    return db();
  }
};

TEST_P(ReadOnlyUser, ReadsEverythingAndIsToldWhatToDoWhenItWouldWrite) {
  const fs::path data = Generate("g1", 2000);
  ASSERT_EQ(Run({"import", "--data", data.string()}).exit_status, 0);
  ASSERT_EQ(Run({"evaluate", "--period", "2026-H1", "--publish"}).exit_status, 0);
  ASSERT_EQ(Run({"evaluate", "--period", "2026-H1", "--publish"}).exit_status, 0);
  const std::string reader = ReaderUrl(/*folder_writable=*/true);
  const std::vector<std::vector<std::string>> reads = {{"runs", "list"},
                                                       {"runs", "show", "1"},
                                                       {"runs", "diff", "1", "2"},
                                                       {"runs", "rules", "1"},
                                                       {"batches", "list"},
                                                       {"batches", "show", "1"},
                                                       {"holds", "list"},
                                                       {"evaluate", "--period", "2026-H1"},
                                                       {"evaluate", "--as-of", "1"},
                                                       {"explain", "--period", "2026-H1", "--supplier", "S00001"}};
  for (std::vector<std::string> command : reads) {
    command.insert(command.end(), {"--db", reader});
    const ProcessResult read = RunAsReader(command);
    EXPECT_EQ(read.exit_status, 0) << command[0] << " " << command[1] << ": " << read.err;
  }
  const std::vector<std::vector<std::string>> writes = {
      {"import", "--data", data.string()},
      {"holds", "impose", "--supplier", "S00001", "--on", "2026-06-01", "--why", "audit"},
      {"evaluate", "--period", "2026-H1", "--publish"}};
  for (std::vector<std::string> command : writes) {
    command.insert(command.end(), {"--db", reader});
    const ProcessResult refused = RunAsReader(command);
    EXPECT_EQ(refused.exit_status, 2) << command[0] << ": " << refused.err;
    EXPECT_TRUE(Contains(refused.err, sqlite() ? "may only read the database" : "the PostgreSQL user may not"))
        << command[0] << ": " << refused.err;
  }
}

// SQLite keeps two files beside a WAL database while reading it: a reader
// that may not create them says so.
class ReadOnlySqliteUser : public ReadOnlyUser {};

TEST_P(ReadOnlySqliteUser, AFolderTheReaderMayNotWriteIsNamed) {
  ASSERT_EQ(Run({"import", "--data", kGolden.string()}).exit_status, 0);
  const ProcessResult refused = RunAsReader({"runs", "list", "--db", ReaderUrl(/*folder_writable=*/false)});
  EXPECT_EQ(refused.exit_status, 2) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "may not create them in the folder '" + database_->directory() + "'"))
      << refused.err;
}

// ---------------------------------------------------------------------------
// 3.11: a failed first import leaves nothing; a database without data says so

TEST_P(StoreHardening, EvaluatingADatabaseWithoutDataSaysSo) {
  const auto refused = [&](const std::string& says) {
    const ProcessResult evaluated = Run({"evaluate", "--period", "2026-H1"});
    EXPECT_EQ(evaluated.exit_status, 2) << evaluated.out << evaluated.err;
    EXPECT_TRUE(Contains(evaluated.err, says)) << evaluated.err;
    EXPECT_EQ(evaluated.out, "");
  };
  refused(sqlite() ? "no database at" : "holds no supeval data yet");

  // An import that fails on a delivery, after the database was opened.
  ASSERT_EQ(Run({"import", "--data", BrokenCopy(scratch() / "broken").string()}).exit_status, 2);
  if (sqlite()) {
    const std::string path = db().substr(std::string("sqlite:").size());
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) EXPECT_FALSE(fs::exists(path + suffix)) << suffix;
  }
  refused(sqlite() ? "no database at" : "holds no imported data yet");
}

// 3.1 on the command line: what a command stores (who, why, the supplier
// named) is UTF-8 text like the files, or every JSON answer showing it later
// would fail; refused with exit 2, nothing written.
TEST_P(StoreHardening, TextACommandStoresMustBeUtf8) {
  const std::string latin1 = "M\xfcller";
  const std::string data = Generate("data", 300).string();
  const ProcessResult bad_importer = Run({"import", "--data", data, "--user", latin1});
  EXPECT_EQ(bad_importer.exit_status, 2) << bad_importer.err;
  EXPECT_TRUE(Contains(bad_importer.err, "--user: not valid UTF-8")) << bad_importer.err;
  ASSERT_EQ(Run({"import", "--data", data, "--user", "M\xc3\xbcller"}).exit_status, 0);
  const std::string batches = Run({"batches", "list"}).out;

  const std::vector<std::vector<std::string>> refused = {
      {"holds", "impose", "--supplier", "S00001", "--on", "2026-03-01", "--why", "Qualit\xe4t"},
      {"holds", "impose", "--supplier", "S00001", "--on", "2026-03-01", "--why", "ok", "--user", latin1},
      {"holds", "impose", "--supplier", "S\xff", "--on", "2026-03-01", "--why", "ok"},
      {"evaluate", "--period", "2026-H1", "--publish", "--user", latin1},
  };
  for (const auto& command : refused) {
    const ProcessResult result = Run(command);
    EXPECT_EQ(result.exit_status, 2) << command[0] << " " << command[1] << ": " << result.err;
    EXPECT_TRUE(Contains(result.err, "not valid UTF-8")) << result.err;
  }
  EXPECT_EQ(Run({"batches", "list"}).out, batches);
  EXPECT_TRUE(Contains(Run({"runs", "list"}).out, "no published runs")) << Run({"runs", "list"}).out;
  const ProcessResult json = Run({"runs", "list", "--format", "json"});
  EXPECT_EQ(json.exit_status, 0) << json.err;
}

TEST(StoreHardeningSqliteFile, AnEmptyOrUnfilledFileSaysItHoldsNoData) {
  const fs::path scratch = MakeTempDir();
  const std::string db = "sqlite:" + (scratch / "empty.db").string();
  std::ofstream(scratch / "empty.db").close();  // an empty file: an SQLite database without tables
  ProcessResult evaluated = RunSupeval({"evaluate", "--db", db, "--period", "2026-H1"});
  EXPECT_EQ(evaluated.exit_status, 2);
  EXPECT_TRUE(Contains(evaluated.err, "holds no supeval data yet")) << evaluated.err;
  EXPECT_EQ(RunSupeval({"import", "--db", db, "--data", BrokenCopy(scratch / "broken").string()}).exit_status, 2);
  evaluated = RunSupeval({"evaluate", "--db", db, "--period", "2026-H1"});  // the file it did not create is kept
  EXPECT_EQ(evaluated.exit_status, 2);
  EXPECT_TRUE(Contains(evaluated.err, "holds no imported data yet")) << evaluated.err;
  fs::remove_all(scratch);
}

// ---------------------------------------------------------------------------
// 3.5: the first import into a new SQLite file holds it; others wait

TEST(StoreHardeningSqliteFile, AnImportAndAnEvaluateDuringTheFirstImportWaitForIt) {
  const fs::path scratch = MakeTempDir();
  const fs::path big = GenerateData(scratch / "big", 150000);
  const std::string fresh = "sqlite:" + (scratch / "fresh.db").string();
  RunningSupeval first({"import", "--data", big.string(), "--db", fresh, "--progress", "lines", "--user", "first"});
  std::string line;
  ASSERT_TRUE(first.ReadUntil("deliveries written", line)) << "no progress before the import ended: " << line;
  // The first import holds the new file in its open transaction now.
  RunningSupeval second({"import", "--data", big.string(), "--db", fresh, "--lock-timeout", "600", "--user", "second"});
  const ProcessResult evaluated = RunSupeval({"evaluate", "--db", fresh, "--period", "2026-H1", "--format", "csv"});
  EXPECT_EQ(first.Wait(), 0);
  EXPECT_EQ(second.Wait(), 0);
  EXPECT_EQ(evaluated.exit_status, 0) << evaluated.err;
  EXPECT_EQ(evaluated.out,
            RunSupeval({"evaluate", "--data", big.string(), "--period", "2026-H1", "--format", "csv"}).out);
  const ProcessResult batches = RunSupeval({"batches", "list", "--db", fresh});
  EXPECT_TRUE(Contains(batches.out, "first")) << batches.out;
  EXPECT_TRUE(Contains(batches.out, "second")) << batches.out;
  fs::remove_all(scratch);
}

// A file held in the rollback journal by a writer (as a first import holds
// it) for longer than --lock-timeout: the import gives up, as a user error.
TEST(StoreHardeningSqliteFile, TheLockTimeoutEndsTheWaitForAFirstImportWithExit2) {
  const fs::path scratch = MakeTempDir();
  const std::string path = (scratch / "held.db").string();
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "PRAGMA journal_mode = DELETE; BEGIN IMMEDIATE; CREATE TABLE held (x)", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  const ProcessResult waited =
      RunSupeval({"import", "--db", "sqlite:" + path, "--data", kGolden.string(), "--lock-timeout", "0.3"});
  EXPECT_EQ(waited.exit_status, 2) << waited.err;
  EXPECT_TRUE(Contains(waited.err, "is busy")) << waited.err;
  EXPECT_TRUE(Contains(waited.err, "--lock-timeout")) << waited.err;
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  const ProcessResult imported = RunSupeval({"import", "--db", "sqlite:" + path, "--data", kGolden.string()});
  EXPECT_EQ(imported.exit_status, 0) << imported.err;
  fs::remove_all(scratch);
}

// ---------------------------------------------------------------------------
// 3.14: `runs diff` with the later run first

TEST_P(StoreHardening, RunsDiffWithTheLaterRunFirstListsTheRecordsBackwards) {
  const fs::path data = scratch() / "data";
  fs::copy(kGolden, data);
  const std::string period = Trimmed(ReadText(kGolden / "period"));
  ASSERT_EQ(Run({"import", "--data", data.string()}).exit_status, 0);
  ASSERT_EQ(Run({"evaluate", "--period", period, "--publish"}).exit_status, 0);
  // Later: one delivery received short.
  const std::string deliveries = ReadText(data / "deliveries.csv");
  const auto start = deliveries.find('\n') + 1;
  const std::string row = deliveries.substr(start, deliveries.find('\n', start) - start);
  const auto type_at = row.rfind(',');
  const auto received_at = row.rfind(',', type_at - 1) + 1;
  const std::string received = row.substr(received_at, type_at - received_at);
  ASSERT_NE(received, "1");
  Edit(data / "deliveries.csv", row, row.substr(0, received_at) + "1" + row.substr(type_at));
  ASSERT_EQ(Run({"import", "--data", data.string()}).exit_status, 0);
  ASSERT_EQ(Run({"evaluate", "--period", period, "--publish"}).exit_status, 0);

  const ProcessResult forward = Run({"runs", "diff", "1", "2"});
  ASSERT_EQ(forward.exit_status, 0) << forward.err;
  EXPECT_TRUE(Contains(forward.out, "received_qty " + received + " -> 1")) << forward.out;
  const ProcessResult backward = Run({"runs", "diff", "2", "1"});
  ASSERT_EQ(backward.exit_status, 0) << backward.err;
  EXPECT_TRUE(Contains(backward.out, "received_qty 1 -> " + received)) << backward.out;
  EXPECT_FALSE(Contains(backward.out, "received_qty " + received + " -> 1")) << backward.out;
  EXPECT_TRUE(Contains(backward.out, "run 1 saw older data than run 2")) << backward.out;
  const ProcessResult json = Run({"runs", "diff", "2", "1", "--format", "json"});
  EXPECT_TRUE(Contains(json.out, "\"received_qty\": \"1\"")) << json.out;
  EXPECT_TRUE(Contains(json.out, "\"records_from_batch\": 2")) << json.out;
}

// ---------------------------------------------------------------------------
// 3.16: paths that are no database; `runs diff --help`

TEST(StoreHardeningSqliteFile, APathThatIsNoDatabaseIsAUserErrorNamingIt) {
  const fs::path scratch = MakeTempDir();
  const fs::path text = scratch / "notes.txt";
  std::ofstream(text) << "not a database\n";
  for (const std::vector<std::string>& command : {std::vector<std::string>{"runs", "list"},
                                                  {"evaluate", "--period", "2026-H1"},
                                                  {"import", "--data", kGolden.string()}}) {
    std::vector<std::string> arguments = command;
    arguments.insert(arguments.end(), {"--db", "sqlite:" + text.string()});
    const ProcessResult refused = RunSupeval(arguments);
    EXPECT_EQ(refused.exit_status, 2) << command[0] << ": " << refused.err;
    EXPECT_TRUE(Contains(refused.err, "'" + text.string() + "' is not an SQLite database")) << refused.err;
  }
  EXPECT_EQ(ReadText(text), "not a database\n");

  const fs::path missing = scratch / "no" / "such" / "x.db";
  const ProcessResult imported =
      RunSupeval({"import", "--db", "sqlite:" + missing.string(), "--data", kGolden.string()});
  EXPECT_EQ(imported.exit_status, 2) << imported.err;
  EXPECT_TRUE(Contains(imported.err, "the folder '" + missing.parent_path().string() + "' does not exist"))
      << imported.err;
  const ProcessResult folder = RunSupeval({"runs", "list", "--db", "sqlite:" + scratch.string()});
  EXPECT_EQ(folder.exit_status, 2) << folder.err;
  EXPECT_TRUE(Contains(folder.err, "is a folder")) << folder.err;
  fs::remove_all(scratch);
}

TEST(StoreHardeningHelp, RunsDiffHelpNamesEveryFormat) {
  const ProcessResult help = RunSupeval({"runs", "diff", "--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_TRUE(Contains(help.out, "text or table (the same; the default), json, csv (one row per changed supplier) or"))
      << help.out;
  EXPECT_TRUE(Contains(help.out, "xlsx")) << help.out;
}

std::string BackendName(const ::testing::TestParamInfo<store::Backend>& info) {
  return store::testing::BackendName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Backends, StoreHardening, ::testing::ValuesIn(store::testing::AllBackends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ReadOnlyUser, ::testing::ValuesIn(store::testing::AllBackends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ReadOnlySqliteUser, ::testing::Values(store::Backend::kSqlite), BackendName);

}  // namespace
}  // namespace supeval::testing
