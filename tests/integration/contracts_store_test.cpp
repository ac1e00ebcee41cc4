// Contracts from the database through the real binary, on SQLite and
// PostgreSQL (issue 22: "CSV and database giving identical settlements"):
// a folder and the database it was imported into give byte-identical
// `contracts settle` and `contracts check`, for the golden data sets and a
// generated one; a folder with a bad contract file is refused whole by
// `import` (exit 2, nothing written); `--as-of` settles the records as an
// earlier batch left them; a published settlement is kept byte for byte and
// re-settling its period gives delta lines against it; a backtest settles a
// draft's contract files over the database's records.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "database_cli_test.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSets = fs::path(SUPEVAL_TEST_DATA) / "contracts";

// The commands of a golden set's `args` file: "settle PERIOD [expected]",
// "check", or "sourcing PERIOD [--risks] [expected]" (when the set is not
// bad input for it).
std::vector<std::vector<std::string>> CommandsOf(const fs::path& set) {
  std::vector<std::vector<std::string>> commands;
  std::ifstream in(set / "args");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string verb, period;
    words >> verb >> period;
    if (verb == "settle") commands.push_back({"contracts", "settle", "--period", period, "--format", "csv"});
    if (verb == "check") commands.push_back({"contracts", "check", "--format", "csv"});
    if (verb == "sourcing" && !fs::exists(set / "expected" / "errors.txt")) {
      commands.push_back({"sourcing", "--period", period, "--format", "csv"});
      if (line.find(" --risks") != std::string::npos) commands.back().emplace_back("--risks");
    }
  }
  return commands;
}

class ContractsStore : public DatabaseCliTest {
 protected:
  // The command on the folder and on the database (as of `as_of`, when
  // given) give the same output, byte for byte, and both succeed.
  void ExpectSameOutput(std::vector<std::string> command, const fs::path& folder, const std::string& as_of = "") {
    std::vector<std::string> on_folder = command;
    on_folder.insert(on_folder.end(), {"--data", folder.string()});
    const ProcessResult csv = RunSupeval(on_folder);
    if (!as_of.empty()) command.insert(command.end(), {"--as-of", as_of});
    const ProcessResult database = Run(command);
    SCOPED_TRACE(on_folder[1] + " " + folder.string());
    ASSERT_EQ(csv.exit_status, 0) << csv.err;
    ASSERT_EQ(database.exit_status, 0) << database.err;
    EXPECT_EQ(database.out, csv.out);
    EXPECT_GT(csv.out.size(), 0U);
  }

  ProcessResult Import(const fs::path& folder) { return Run({"import", "--data", folder.string()}); }

  // A copy of set 01 whose 3.80 price band reads 3.70 (a corrected price list).
  fs::path CorrectedCopy(const fs::path& original) {
    const fs::path corrected = fs::path(scratch_) / "corrected";
    fs::copy(original, corrected, fs::copy_options::recursive);
    std::ifstream in(original / "price_tiers.csv");
    std::stringstream text;
    text << in.rdbuf();
    std::string tiers = text.str();
    const std::size_t at = tiers.find("3.8");
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) tiers.replace(at, 3, "3.7");
    std::ofstream(corrected / "price_tiers.csv", std::ios::trunc) << tiers;
    return corrected;
  }
};

TEST_P(ContractsStore, EveryGoodGoldenSetSettlesAndChecksTheSameFromTheDatabase) {
  int sets = 0;
  for (const fs::directory_entry& set : fs::directory_iterator(kSets)) {
    if (!set.is_directory() || set.path().filename().string().find("_bad_") != std::string::npos) continue;
    SCOPED_TRACE(set.path().filename().string());
    // Each set in a database of its own: the sets reuse ids.
    auto database = store::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(database.ok()) << database.error().ToString();
    database_.emplace(*std::move(database));
    const ProcessResult imported = Import(set.path());
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    for (const std::vector<std::string>& command : CommandsOf(set.path())) ExpectSameOutput(command, set.path());
    ExpectSameOutput({"contracts", "check", "--format", "csv"}, set.path());
    ++sets;
  }
  EXPECT_GE(sets, 8);
}

TEST_P(ContractsStore, AGeneratedSetSettlesTheSameFromTheDatabase) {
  const fs::path folder = fs::path(scratch_) / "generated";
  const ProcessResult generated = RunSupeval({"generate", "--out", folder.string(), "--suppliers", "12", "--deliveries",
                                              "3000", "--contracts", "8", "--seed", "5"});
  ASSERT_EQ(generated.exit_status, 0) << generated.err;
  ASSERT_TRUE(fs::exists(folder / "contracts.csv"));
  ASSERT_EQ(Import(folder).exit_status, 0);
  for (const char* period : {"2026-Q1", "2026-H1", "2026-06"}) {
    ExpectSameOutput({"contracts", "settle", "--period", period, "--format", "csv"}, folder);
  }
  ExpectSameOutput({"contracts", "settle", "--period", "2026-Q2", "--format", "json"}, folder);
  ExpectSameOutput({"contracts", "check", "--format", "csv"}, folder);
  ExpectSameOutput({"sourcing", "--period", "2026-H1", "--format", "csv"}, folder);
  ExpectSameOutput({"sourcing", "--period", "2026-Q1", "--format", "csv", "--risks"}, folder);
}

TEST_P(ContractsStore, ABadContractFileIsRefusedAndNothingIsWritten) {
  const fs::path good = kSets / "01_tiers_three_modes";
  ASSERT_EQ(Import(good).exit_status, 0);
  const ProcessResult refused = Import(kSets / "09_bad_cells");
  EXPECT_EQ(refused.exit_status, 2) << refused.err;
  EXPECT_NE(refused.err.find(".csv:"), std::string::npos) << refused.err;
  const ProcessResult batches = Run({"batches", "list"});
  ASSERT_EQ(batches.exit_status, 0) << batches.err;
  EXPECT_EQ(batches.out.find("09_bad_cells"), std::string::npos) << batches.out;
  ExpectSameOutput({"contracts", "settle", "--period", "2026-Q2", "--format", "csv"}, good);
}

TEST_P(ContractsStore, AsOfAnEarlierBatchSettlesTheRecordsItLeft) {
  const fs::path original = kSets / "01_tiers_three_modes";
  ASSERT_EQ(Import(original).exit_status, 0);
  // A corrected price list, imported as batch 2.
  const fs::path corrected = CorrectedCopy(original);
  const ProcessResult second = Import(corrected);
  ASSERT_EQ(second.exit_status, 0) << second.err;
  const ProcessResult shown = Run({"batches", "show", "2"});
  EXPECT_NE(shown.out.find("price_tiers"), std::string::npos) << shown.out;
  ExpectSameOutput({"contracts", "settle", "--period", "2026-Q2", "--format", "csv"}, corrected);
  ExpectSameOutput({"contracts", "settle", "--period", "2026-Q2", "--format", "csv"}, original, "1");
  const ProcessResult now = Run({"contracts", "settle", "--period", "2026-Q2", "--format", "csv"});
  const ProcessResult then = Run({"contracts", "settle", "--period", "2026-Q2", "--format", "csv", "--as-of", "1"});
  EXPECT_NE(now.out, then.out);
}

TEST_P(ContractsStore, APublishedSettlementIsKeptAndResettlingGivesDeltaLines) {
  const fs::path original = kSets / "01_tiers_three_modes";
  ASSERT_EQ(Import(original).exit_status, 0);
  const std::vector<std::string> settle = {"contracts", "settle", "--period", "2026-Q2", "--format", "csv"};
  const ProcessResult before = Run(settle);
  ASSERT_EQ(before.exit_status, 0) << before.err;
  EXPECT_NE(before.out.find(",original,"), std::string::npos) << before.out;
  std::vector<std::string> publish = settle;
  publish.insert(publish.end(), {"--publish", "--user", "alice"});
  const ProcessResult published = Run(publish);
  ASSERT_EQ(published.exit_status, 0) << published.err;
  EXPECT_EQ(published.out, before.out);
  EXPECT_NE(published.err.find("published as settlement 1"), std::string::npos) << published.err;

  // Kept as published, byte for byte, whatever comes later.
  auto shown = [&] { return Run({"contracts", "settlements", "show", "1", "--format", "csv"}); };
  EXPECT_EQ(shown().out, before.out);
  const ProcessResult list = Run({"contracts", "settlements", "list", "--format", "csv"});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  EXPECT_NE(list.out.find("1,2026-Q2,"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find(",alice,"), std::string::npos) << list.out;

  // Settling the published period again: its lines count as settled.
  const ProcessResult again = Run(settle);
  ASSERT_EQ(again.exit_status, 0) << again.err;
  EXPECT_EQ(again.out.find(",original,"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find(",delta,"), std::string::npos) << again.out;

  // Corrected data: delta lines against the published settlement, which stays.
  const fs::path corrected = CorrectedCopy(original);
  ASSERT_EQ(Import(corrected).exit_status, 0);
  const ProcessResult corrected_lines = Run(settle);
  ASSERT_EQ(corrected_lines.exit_status, 0) << corrected_lines.err;
  EXPECT_NE(corrected_lines.out, again.out);
  EXPECT_EQ(corrected_lines.out.find(",original,"), std::string::npos) << corrected_lines.out;
  EXPECT_EQ(shown().out, before.out);

  // Only the current records of a database are published.
  std::vector<std::string> as_of = publish;
  as_of.insert(as_of.end(), {"--as-of", "1"});
  EXPECT_NE(Run(as_of).exit_status, 0);
  std::vector<std::string> on_folder = publish;
  on_folder.insert(on_folder.end(), {"--data", original.string()});
  EXPECT_NE(RunSupeval(on_folder).exit_status, 0);
}

// A backtest: a draft's contract files over the database's other records
// settle as the folder holding both does; a bad draft file is refused
// naming the draft's folder; a backtest is never published.
TEST_P(ContractsStore, ABacktestSettlesADraftOverTheDatabasesRecords) {
  const fs::path original = kSets / "01_tiers_three_modes";
  ASSERT_EQ(Import(original).exit_status, 0);
  const fs::path both = CorrectedCopy(original);  // the data with the draft's price list
  const fs::path draft = fs::path(scratch_) / "draft";
  fs::create_directories(draft);
  for (const char* name : {"contracts.csv", "contract_materials.csv", "price_tiers.csv"}) {
    fs::copy_file(both / name, draft / name);
  }
  const std::vector<std::string> settle = {"contracts", "settle", "--period", "2026-Q2", "--format", "csv"};
  std::vector<std::string> backtest = settle;
  backtest.insert(backtest.end(), {"--contracts", draft.string()});
  std::vector<std::string> on_folder = settle;
  on_folder.insert(on_folder.end(), {"--data", both.string()});
  const ProcessResult drafted = Run(backtest);
  ASSERT_EQ(drafted.exit_status, 0) << drafted.err;
  EXPECT_EQ(drafted.out, RunSupeval(on_folder).out);
  EXPECT_NE(drafted.out, Run(settle).out);  // the imported contracts are not the draft's

  std::ofstream(draft / "contracts.csv", std::ios::app) << "K9,S9,supply\n";
  const ProcessResult refused = Run(backtest);
  EXPECT_EQ(refused.exit_status, 2);
  EXPECT_NE(refused.err.find((draft / "contracts.csv").string() + ":"), std::string::npos) << refused.err;
  backtest.push_back("--publish");
  EXPECT_NE(Run(backtest).exit_status, 0);
  EXPECT_EQ(Run({"contracts", "settlements", "list", "--format", "csv"}).out.find("2026-Q2"), std::string::npos);
}

TEST_P(ContractsStore, DataAndDatabaseExcludeEachOtherAndOneIsNeeded) {
  const ProcessResult neither = RunSupeval({"contracts", "check"});
  EXPECT_EQ(neither.exit_status, 2);
  EXPECT_NE(neither.err.find("--db"), std::string::npos) << neither.err;
  const ProcessResult empty = Run({"contracts", "check"});
  EXPECT_EQ(empty.exit_status, 2) << empty.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, ContractsStore, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
