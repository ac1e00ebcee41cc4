// Rule files as a user (or an attacker) writes them, through the real binary:
// `rules check` and `evaluate --rules` refuse alike, naming file, line and key,
// every rule file that would wreck the results (issue 19, 3.2 and 3.10), and
// write nothing; an edited copy of the default rule set does not go on calling
// itself the default (3.16), in `rules check` and in a published run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kValidSet = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";

// The set's period, one word in its file `period`.
std::string Period() {
  std::string period;
  std::ifstream(kValidSet / "period") >> period;
  return period;
}

// `supeval rules show` with the first `from` replaced by `to`.
std::string EditedDefault(const std::string& from, const std::string& to) {
  std::string text = RunSupeval({"rules", "show"}).out;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The 1-based line of `text` that holds `needle` (the first such line).
std::size_t LineOf(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  return at == std::string::npos ? 0 : 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

class RulesHardening : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = MakeTempDir(); }
  void TearDown() override { fs::remove_all(folder_); }

  // Writes `text` as rules.toml and expects `rules check`, `evaluate --rules`
  // and `explain --rules` to refuse it with exit status 2 and `expected`
  // (after the file's path) on standard error, writing no result.
  void ExpectRefused(const std::string& text, const std::string& expected) {
    const fs::path rules = folder_ / "rules.toml";
    WriteText(rules, text);
    const std::string message = rules.string() + ":" + expected;
    const ProcessResult checked = RunSupeval({"rules", "check", rules.string()});
    EXPECT_EQ(checked.exit_status, 2) << checked.out;
    EXPECT_NE(checked.err.find(message), std::string::npos) << checked.err;
    const fs::path output = folder_ / "results.csv";
    const ProcessResult evaluated = RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period(),
                                                "--rules", rules.string(), "--output", output.string()});
    EXPECT_EQ(evaluated.exit_status, 2);
    EXPECT_NE(evaluated.err.find(message), std::string::npos) << evaluated.err;
    EXPECT_FALSE(fs::exists(output));
    const ProcessResult explained = RunSupeval({"explain", "--data", kValidSet.string(), "--period", Period(),
                                                "--rules", rules.string(), "--supplier", "S01"});
    EXPECT_EQ(explained.exit_status, 2);
    EXPECT_NE(explained.err.find(message), std::string::npos) << explained.err;
  }

  fs::path folder_;
};

TEST_F(RulesHardening, AWeightOf1e308IsRefused) {
  const std::string text = EditedDefault("qz1 = 0.5", "qz1 = 1e308");
  ExpectRefused(text,
                std::to_string(LineOf(text, "qz1 = 1e308")) +
                    ": quality.weights.qz1: must be 0 or a finite number >= 0.000001 and <= 1000000 (found 1e+308)");
}

TEST_F(RulesHardening, BandPointsOutsideTheFloorAndCapAreRefused) {
  for (const std::string points : {"1000", "-5"}) {
    const std::string text = EditedDefault("{ up_to = 2, points = 95 }", "{ up_to = 2, points = " + points + " }");
    ExpectRefused(text, std::to_string(LineOf(text, "points = " + points + " }")) +
                            ": delivery.lz1.late.bands[1].points: must be a finite number >= scores.floor (1) and <= "
                            "scores.cap (100) (found " +
                            points + ")");
  }
}

TEST_F(RulesHardening, AdjustmentMonthsBeyondTenYearsAreRefused) {
  ExpectRefused("[quality.qz2]\nadjustment_months = 80000000\n",
                "2: quality.qz2.adjustment_months: must be an integer >= 0 and <= 120 (found 80000000)");
}

TEST_F(RulesHardening, ACertificationRowWithoutStandardsIsRefused) {
  ExpectRefused("[[quality.qz3.rows]]\nall_of = []\nproduction = 100\nindirect = 100\n",
                "2: quality.qz3.rows[0].all_of: needs at least one group of standards");
}

// Issue 19, 3.2: classes B >= 98 and nothing below gave a total of 79.3 class B.
TEST_F(RulesHardening, AClassTableThatLeavesTotalsWithoutAClassIsRefused) {
  ExpectRefused("[[classes]]\nname = \"A\"\nmin_total = 99\n[[classes]]\nname = \"B\"\nmin_total = 98\n",
                "6: classes[1].min_total: the lowest class must start at or below scores.floor (1) so that every "
                "total gets a class");
}

TEST_F(RulesHardening, TheDefaultAndAPartialFilePass) {
  const fs::path shown = folder_ / "shown.toml";
  WriteText(shown, RunSupeval({"rules", "show"}).out);
  const ProcessResult checked = RunSupeval({"rules", "check", shown.string()});
  EXPECT_EQ(checked.exit_status, 0) << checked.err;
  EXPECT_EQ(checked.out,
            shown.string() + ": ok (Quality Assurance Agreement with Production Material Suppliers (default))\n");

  const fs::path partial = folder_ / "partial.toml";
  WriteText(partial,
            "[delivery.weights]\nlz1 = 0.6\nlz2 = 0.4\n[[classes]]\nname = \"ok\"\nmin_total = 50\n"
            "[[classes]]\nname = \"not ok\"\nmin_total = 1\n");
  const ProcessResult partial_checked = RunSupeval({"rules", "check", partial.string()});
  EXPECT_EQ(partial_checked.exit_status, 0) << partial_checked.err;
  const ProcessResult evaluated = RunSupeval(
      {"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format", "csv", "--rules", partial.string()});
  EXPECT_EQ(evaluated.exit_status, 0) << evaluated.err;
  EXPECT_NE(evaluated.out.find(",ok,"), std::string::npos) << evaluated.out;
}

// Issue 19, 3.16: an edited copy of `rules show` kept the name "(default)".
TEST_F(RulesHardening, AnEditedDefaultIsNotCalledTheDefault) {
  const fs::path rules = folder_ / "rules.toml";
  WriteText(rules, EditedDefault("factor = 1000", "factor = 900"));
  const ProcessResult checked = RunSupeval({"rules", "check", rules.string()});
  EXPECT_EQ(checked.exit_status, 0) << checked.err;
  EXPECT_EQ(
      checked.out,
      rules.string() + ": ok (Quality Assurance Agreement with Production Material Suppliers (edited: rules.toml))\n");

  // A run published with it records that name.
  const std::string db = "sqlite:" + (folder_ / "supeval.db").string();
  ASSERT_EQ(RunSupeval({"import", "--data", kValidSet.string(), "--db", db}).exit_status, 0);
  const ProcessResult published = RunSupeval(
      {"evaluate", "--db", db, "--period", Period(), "--rules", rules.string(), "--publish", "--format", "csv"});
  ASSERT_EQ(published.exit_status, 0) << published.err;
  const ProcessResult shown = RunSupeval({"runs", "show", "1", "--db", db});
  ASSERT_EQ(shown.exit_status, 0) << shown.err;
  EXPECT_NE(shown.out.find("rule set: Quality Assurance Agreement with Production Material Suppliers (edited: "
                           "rules.toml), sha256"),
            std::string::npos)
      << shown.out;
  // Reproduced from the stored text, the run's rule set keeps its name.
  const ProcessResult reproduced = RunSupeval({"evaluate", "--db", db, "--as-of", "1", "--format", "csv"});
  EXPECT_EQ(reproduced.exit_status, 0) << reproduced.err;
  EXPECT_EQ(reproduced.out, published.out);
}

}  // namespace
}  // namespace supeval::testing
