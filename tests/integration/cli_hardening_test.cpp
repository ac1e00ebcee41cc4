// The command line where the environment pushes back (issue 19): standard
// output that cannot be written, threads asked for beyond reason or refused
// by the system, option values out of range, and `generate` into a folder
// that already holds a data set.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fcntl.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kValidSet = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";
constexpr const char* kPeriod = "2026-H1";
constexpr const char* kSupplier = "S01";

std::string Joined(const std::vector<std::string>& arguments) {
  std::string text;
  for (const std::string& argument : arguments) text += argument + " ";
  return text;
}

// Standard output on /dev/full: every write fails with ENOSPC.
void StandardOutputOnAFullDisk() {
  const int full = open("/dev/full", O_WRONLY);
  if (full >= 0) dup2(full, STDOUT_FILENO);
}

class CliFullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full on this system";
    scratch_ = MakeTempDir();
    db_ = "sqlite:" + scratch_ + "/supeval.db";
    rules_ = scratch_ + "/rules.toml";
    ASSERT_EQ(RunSupeval({"import", "--db", db_, "--data", kValidSet.string(), "--progress", "none"}).exit_status, 0);
    ASSERT_EQ(RunSupeval({"evaluate", "--db", db_, "--period", kPeriod, "--publish"}).exit_status, 0);
    ASSERT_EQ(RunSupeval({"holds", "impose", "--db", db_, "--supplier", kSupplier, "--on", "2026-05-04", "--why",
                          "PPAP overdue"})
                  .exit_status,
              0);
    std::ofstream(rules_) << RunSupeval({"rules", "show"}).out;
  }
  void TearDown() override {
    if (!scratch_.empty()) fs::remove_all(scratch_);
  }

  // Every command line that prints its result on standard output.
  std::vector<std::vector<std::string>> PrintingCommands() const {
    const std::string data = kValidSet.string();
    return {
        {"evaluate", "--data", data, "--period", kPeriod},
        {"evaluate", "--data", data, "--period", kPeriod, "--format", "csv"},
        {"evaluate", "--data", data, "--period", kPeriod, "--format", "json"},
        {"evaluate", "--db", db_, "--period", kPeriod, "--format", "csv"},
        {"explain", "--data", data, "--period", kPeriod, "--supplier", kSupplier},
        {"explain", "--data", data, "--period", kPeriod, "--supplier", kSupplier, "--format", "json"},
        {"explain", "--db", db_, "--period", kPeriod, "--supplier", kSupplier},
        {"rules", "show"},
        {"rules", "check", rules_},
        {"generate", "--out", scratch_ + "/generated", "--suppliers", "3", "--deliveries", "30", "--force"},
        {"import", "--db", db_, "--data", data, "--progress", "none"},
        {"runs", "list", "--db", db_},
        {"runs", "list", "--db", db_, "--format", "json"},
        {"runs", "show", "1", "--db", db_},
        {"runs", "show", "1", "--db", db_, "--format", "csv"},
        {"runs", "show", "1", "--db", db_, "--format", "json"},
        {"runs", "rules", "1", "--db", db_},
        {"batches", "list", "--db", db_},
        {"batches", "show", "1", "--db", db_},
        {"holds", "list", "--db", db_},
        {"--help"},
        {"evaluate", "--help"},
        {"--version"},
    };
  }

  std::string scratch_;
  std::string db_;
  std::string rules_;
};

TEST_F(CliFullDisk, EveryCommandThatPrintsSaysItCannotWriteAndExits2) {
  for (const std::vector<std::string>& command : PrintingCommands()) {
    const ProcessResult printed = RunSupeval(command);
    ASSERT_EQ(printed.exit_status, 0) << Joined(command) << printed.err;
    ASSERT_FALSE(printed.out.empty()) << Joined(command);

    const ProcessResult full = RunSupeval(command, StandardOutputOnAFullDisk);
    EXPECT_EQ(full.exit_status, 2) << Joined(command) << full.err;
    EXPECT_NE(full.err.find("supeval: cannot write to standard output: No space left on device"), std::string::npos)
        << Joined(command) << full.err;
  }
}

TEST_F(CliFullDisk, OutputLargerThanAnyBufferIsCheckedToo) {
  const fs::path folder = fs::path(scratch_) / "large";
  ASSERT_EQ(
      RunSupeval({"generate", "--out", folder.string(), "--suppliers", "3000", "--deliveries", "6000"}).exit_status, 0);
  const std::vector<std::string> command = {"evaluate", "--data",   folder.string(), "--period",
                                            kPeriod,    "--format", "json"};
  ASSERT_GT(RunSupeval(command).out.size(), std::size_t{1} << 20);
  const ProcessResult full = RunSupeval(command, StandardOutputOnAFullDisk);
  EXPECT_EQ(full.exit_status, 2) << full.err;
  EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;
}

TEST_F(CliFullDisk, OutputFileOnAFullDiskIsAnErrorToo) {
  const ProcessResult result =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", kPeriod, "--output", "/dev/full"});
  EXPECT_EQ(result.exit_status, 2) << result.err;
  EXPECT_NE(result.err.find("No space left on device"), std::string::npos) << result.err;
}

TEST(CliThreads, ThreadsBeyondTheRangeAreRefusedNamingIt) {
  const std::vector<std::vector<std::string>> commands = {
      {"evaluate", "--data", kValidSet.string(), "--period", kPeriod},
      {"explain", "--data", kValidSet.string(), "--period", kPeriod, "--supplier", kSupplier}};
  for (const std::string threads : {"50000", "257", "-1", "99999999999999999999"}) {
    for (std::vector<std::string> command : commands) {
      command.insert(command.end(), {"--threads", threads});
      const ProcessResult result = RunSupeval(command);
      EXPECT_EQ(result.exit_status, 2) << Joined(command) << result.err;
      EXPECT_NE(result.err.find("--threads: " + threads + " not in 0..256"), std::string::npos) << result.err;
    }
  }
  const ProcessResult most =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", kPeriod, "--threads", "256"});
  EXPECT_EQ(most.exit_status, 0) << most.err;
  const ProcessResult not_a_number =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", kPeriod, "--threads", "many"});
  EXPECT_EQ(not_a_number.exit_status, 2);
  EXPECT_NE(not_a_number.err.find("--threads: 'many' is not a whole number"), std::string::npos) << not_a_number.err;
}

// A 1 GiB default thread stack in 1.5 GiB of address space: at most one
// further thread fits, so the second a command starts is refused (limits on
// processes do not bind root; address space does). AddressSanitizer
// reserves terabytes of address space and cannot run under such a limit.
void ThreadsThatDoNotFit() {
  const rlimit stack{rlim_t{1} << 30, rlim_t{1} << 30};
  const rlimit address_space{rlim_t{3} << 29, rlim_t{3} << 29};
  setrlimit(RLIMIT_STACK, &stack);
  setrlimit(RLIMIT_AS, &address_space);
}

TEST(CliThreads, AThreadTheSystemRefusesIsAnErrorNotAnAbort) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's shadow memory does not fit in the limited address space";
#endif
  const std::string scratch = MakeTempDir();
  const std::string db = "sqlite:" + scratch + "/supeval.db";
  ASSERT_EQ(RunSupeval({"import", "--db", db, "--data", kValidSet.string(), "--progress", "none"}).exit_status, 0);
  const std::vector<std::vector<std::string>> commands = {
      {"evaluate", "--data", kValidSet.string(), "--period", kPeriod, "--threads", "8"},
      {"explain", "--data", kValidSet.string(), "--period", kPeriod, "--supplier", kSupplier, "--threads", "8"},
      {"evaluate", "--db", db, "--period", kPeriod, "--threads", "8"},
      {"import", "--db", db, "--data", kValidSet.string(), "--progress", "none"},
  };
  for (const std::vector<std::string>& command : commands) {
    const ProcessResult refused = RunSupeval(command, ThreadsThatDoNotFit);
    EXPECT_EQ(refused.exit_status, 2) << Joined(command) << refused.err;
    EXPECT_NE(refused.err.find("supeval: cannot start another thread: Resource temporarily unavailable"),
              std::string::npos)
        << Joined(command) << refused.err;
    EXPECT_TRUE(refused.out.empty()) << Joined(command) << refused.out;
  }
  // On one thread nothing more is asked of the system.
  const ProcessResult alone = RunSupeval(
      {"evaluate", "--data", kValidSet.string(), "--period", kPeriod, "--threads", "1"}, ThreadsThatDoNotFit);
  EXPECT_EQ(alone.exit_status, 0) << alone.err;
  fs::remove_all(scratch);
}

// CLI11's own checks printed their limits as doubles ("0.000000 to
// 1797693134862315708145274237317043567980705675258449965989174768031…").
TEST(CliRanges, EveryRangeMessageIsReadable) {
  const std::string db = "sqlite:" + MakeTempDir() + "/supeval.db";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"runs", "show", "0", "--db", db}, "RUN: 0 is less than 1"},
      {{"runs", "rules", "-3", "--db", db}, "RUN: -3 is less than 1"},
      {{"runs", "diff", "0", "1", "--db", db}, "RUN_A: 0 is less than 1"},
      {{"runs", "diff", "1", "0", "--db", db}, "RUN_B: 0 is less than 1"},
      {{"batches", "show", "0", "--db", db}, "BATCH: 0 is less than 1"},
      {{"evaluate", "--db", db, "--as-of", "0"}, "--as-of: 0 is less than 1"},
      {{"explain", "--db", db, "--supplier", kSupplier, "--as-of", "0"}, "--as-of: 0 is less than 1"},
      {{"import", "--db", db, "--data", kValidSet.string(), "--lock-timeout", "-1"},
       "--lock-timeout: -1 is less than 0"},
      {{"import", "--db", db, "--data", kValidSet.string(), "--lock-timeout", "inf"},
       "--lock-timeout: 'inf' is not a number"},
      {{"evaluate", "--data", kValidSet.string(), "--period", kPeriod, "--threads", "300"},
       "--threads: 300 not in 0..256"},
      {{"generate", "--out", MakeTempDir(), "--seed", "-1"}, "--seed: -1 not in 0..18446744073709551615"},
  };
  for (const auto& [command, message] : cases) {
    const ProcessResult result = RunSupeval(command);
    EXPECT_EQ(result.exit_status, 2) << Joined(command);
    EXPECT_NE(result.err.find(message), std::string::npos) << Joined(command) << result.err;
    EXPECT_EQ(result.err.find("0.000000"), std::string::npos) << Joined(command) << result.err;
  }
}

TEST(CliGenerate, AFolderHoldingADataSetIsReplacedOnlyWithForce) {
  const fs::path folder = MakeTempDir();
  const auto generate = [&](const std::string& seed, bool force) {
    std::vector<std::string> command = {"generate",     "--out", folder.string(), "--suppliers", "5",
                                        "--deliveries", "50",    "--seed",        seed};
    if (force) command.push_back("--force");
    return RunSupeval(command);
  };
  std::ofstream(folder / "notes.txt") << "not a data set\n";
  ASSERT_EQ(generate("1", false).exit_status, 0);  // an existing folder without interchange files is fine
  const std::string first = ReadText(folder / "deliveries.csv");

  const ProcessResult again = generate("2", false);
  EXPECT_EQ(again.exit_status, 2);
  EXPECT_NE(again.err.find("supeval: --out: " + folder.string() + " already holds a data set (suppliers.csv"),
            std::string::npos)
      << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(ReadText(folder / "deliveries.csv"), first);

  // One file of a data set is enough to count.
  const fs::path partial = MakeTempDir();
  std::ofstream(partial / "holds.csv") << "supplier_id,status,reason,imposed_on\n";
  const ProcessResult one_file = RunSupeval({"generate", "--out", partial.string(), "--suppliers", "5"});
  EXPECT_EQ(one_file.exit_status, 2);
  EXPECT_NE(one_file.err.find("(holds.csv)"), std::string::npos) << one_file.err;

  const ProcessResult forced = generate("2", true);
  EXPECT_EQ(forced.exit_status, 0) << forced.err;
  EXPECT_NE(ReadText(folder / "deliveries.csv"), first);
  EXPECT_EQ(ReadText(folder / "notes.txt"), "not a data set\n");
  fs::remove_all(folder);
  fs::remove_all(partial);
}

}  // namespace
}  // namespace supeval::testing
