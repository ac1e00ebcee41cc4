// Contracts from the database through the real binary, on SQLite and
// PostgreSQL (issue 22: "CSV and database giving identical settlements"):
// a folder and the database it was imported into give byte-identical
// `contracts settle` and `contracts check`, for the golden data sets and a
// generated one; a folder with a bad contract file is refused whole by
// `import` (exit 2, nothing written); `--as-of` settles the records as an
// earlier batch left them.
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

// The commands of a golden set's `args` file: "settle PERIOD [expected]" or "check".
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
  const fs::path corrected = fs::path(scratch_) / "corrected";
  fs::copy(original, corrected, fs::copy_options::recursive);
  {
    std::ifstream in(original / "price_tiers.csv");
    std::stringstream text;
    text << in.rdbuf();
    std::string tiers = text.str();
    const std::size_t at = tiers.find("3.8");
    ASSERT_NE(at, std::string::npos);
    tiers.replace(at, 3, "3.7");
    std::ofstream(corrected / "price_tiers.csv", std::ios::trunc) << tiers;
  }
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
