// Golden data sets (tests/data/*): each folder's CSV files are evaluated by the
// real binary for the period in its `period` file and compared with its
// expected.csv (scores within 0.05, the spec's tolerance), or, for a broken
// set, the exit status 2 and every line of expected_errors.txt in the
// messages. Then the invariance check: shuffling the rows of every file gives
// byte-identical output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "csv_files.hpp"
#include "evaluate_arguments.hpp"
#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

std::vector<std::string> DataSets() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SUPEVAL_TEST_DATA)) {
    if (entry.is_directory() && fs::exists(entry.path() / "period")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

const std::set<std::string> kNumericColumns = {"ppm", "qz1", "qz2", "qz3", "qz4", "qz", "lz1", "lz2", "lz", "total"};
// Hand derivations state these in prose (README); the figures are compared.
const std::set<std::string> kProseColumns = {"reason", "warnings"};

void ExpectSameResults(const std::string& expected_text, const std::string& actual_text) {
  const auto expected = ParseCsv(expected_text, "expected.csv");
  const auto actual = ParseCsv(actual_text, "output");
  ASSERT_FALSE(expected.empty());
  ASSERT_FALSE(actual.empty());
  ASSERT_EQ(expected[0], actual[0]) << "header differs";
  ASSERT_EQ(expected.size(), actual.size()) << "row count differs\n" << actual_text;
  const auto& header = expected[0];
  for (std::size_t row = 1; row < expected.size(); ++row) {
    ASSERT_EQ(expected[row].size(), header.size()) << "expected.csv row " << row;
    for (std::size_t column = 0; column < header.size(); ++column) {
      const std::string& name = header[column];
      const std::string& want = expected[row][column];
      const std::string& got = actual[row][column];
      const std::string where = "supplier " + expected[row][0] + ", column " + name;
      if (kProseColumns.count(name) > 0 && want.empty()) continue;
      if (kNumericColumns.count(name) > 0 && !want.empty() && !got.empty()) {
        EXPECT_NEAR(std::stod(want), std::stod(got), 0.05 + 1e-9) << where;
      } else {
        EXPECT_EQ(want, got) << where;
      }
    }
  }
}

class GoldenDataSet : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenDataSet, MatchesExpected) {
  const fs::path folder = fs::path(SUPEVAL_TEST_DATA) / GetParam();
  ASSERT_TRUE(fs::exists(folder / "README.md")) << "every data set explains what it proves";
  const ProcessResult result = RunSupeval(EvaluateArguments(folder));
  if (fs::exists(folder / "expected_errors.txt")) {
    EXPECT_EQ(result.exit_status, 2) << result.err;
    EXPECT_TRUE(result.out.empty()) << "no result may be written on bad input";
    std::istringstream lines(ReadText(folder / "expected_errors.txt"));
    std::string line;
    int checked = 0;
    while (std::getline(lines, line)) {
      line = Trimmed(line);
      if (line.empty()) continue;
      ++checked;
      EXPECT_NE(result.err.find(line), std::string::npos) << "missing message: " << line << "\nstderr:\n" << result.err;
    }
    EXPECT_GT(checked, 0);
    return;
  }
  ASSERT_EQ(result.exit_status, 0) << result.err;
  ExpectSameResults(ReadText(folder / "expected.csv"), result.out);
}

// docs/EVALUATION.md, "Scopes": a set's expected_plant.csv and
// expected_company.csv are its results per plant and per company.
TEST_P(GoldenDataSet, ScopesMatchExpected) {
  const fs::path folder = fs::path(SUPEVAL_TEST_DATA) / GetParam();
  for (const std::string scope : {"plant", "company"}) {
    const fs::path expected = folder / ("expected_" + scope + ".csv");
    if (!fs::exists(expected)) continue;
    std::vector<std::string> arguments = EvaluateArguments(folder);
    arguments.insert(arguments.end(), {"--scope", scope});
    const ProcessResult result = RunSupeval(arguments);
    ASSERT_EQ(result.exit_status, 0) << scope << ": " << result.err;
    ExpectSameResults(ReadText(expected), result.out);
  }
}

TEST_P(GoldenDataSet, ShufflingRowsChangesNothing) {
  const fs::path folder = fs::path(SUPEVAL_TEST_DATA) / GetParam();
  const ProcessResult original = RunSupeval(EvaluateArguments(folder));
  for (unsigned seed = 1; seed <= 3; ++seed) {
    const fs::path shuffled = MakeTempDir();
    CopyShuffled(folder, shuffled, seed);
    const ProcessResult again = RunSupeval(EvaluateArguments(shuffled));
    EXPECT_EQ(original.exit_status, again.exit_status);
    if (original.exit_status == 0) {
      EXPECT_EQ(original.out, again.out) << "seed " << seed;
    }
    fs::remove_all(shuffled);
  }
}

INSTANTIATE_TEST_SUITE_P(Data, GoldenDataSet, ::testing::ValuesIn(DataSets()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });

}  // namespace
}  // namespace supeval::testing
