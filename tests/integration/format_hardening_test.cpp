// The program as a user's terminal meets it (issue 19, items 3.12 and 3.16):
// control characters in the data (an ESC sequence in a supplier name, a
// quoted line feed) are shown as visible escapes in the ranked table, in
// explain and in the error messages, one problem to a line; CSV keeps the
// bytes as RFC 4180 quotes them and JSON escapes them as JSON does.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kValidSet = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";

// The name the data gives supplier S01: clears the screen, then a line feed.
const std::string kEvilName = "Alpha\x1b[2J\nStanz";
const std::string kEvilNameShown = "Alpha\\x1b[2J\\nStanz";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A copy of the valid set whose supplier S01 has kEvilName.
fs::path SetWithAnEvilName() {
  const fs::path folder = MakeTempDir();
  for (const auto& entry : fs::directory_iterator(kValidSet)) {
    if (entry.path().extension() == ".csv") fs::copy_file(entry.path(), folder / entry.path().filename());
  }
  WriteText(folder / "suppliers.csv",
            "supplier_id,name,country\n"
            "S01,\"" +
                kEvilName +
                "\",DE\n"
                "S02,Beta Prototypen AG,DE\n"
                "S03,Gamma Kunststoff GmbH,AT\n"
                "S04,Delta Muster GmbH,DE\n");
  return folder;
}

TEST(TerminalOutput, TheRankedTableShowsControlCharactersAsEscapes) {
  const fs::path folder = SetWithAnEvilName();
  const ProcessResult table = RunSupeval({"evaluate", "--data", folder.string(), "--period", "2026-H1"});
  ASSERT_EQ(table.exit_status, 0) << table.err;
  EXPECT_EQ(table.out.find('\x1b'), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(kEvilNameShown), std::string::npos) << table.out;
  for (const std::string& line : Lines(table.out)) EXPECT_NE(line.rfind("Stanz", 0), 0U) << "a row split in two";

  const ProcessResult csv =
      RunSupeval({"evaluate", "--data", folder.string(), "--period", "2026-H1", "--format", "csv"});
  ASSERT_EQ(csv.exit_status, 0) << csv.err;
  EXPECT_NE(csv.out.find("S01,\"" + kEvilName + "\","), std::string::npos) << "CSV keeps the bytes, quoted";
  const ProcessResult json =
      RunSupeval({"evaluate", "--data", folder.string(), "--period", "2026-H1", "--format", "json"});
  ASSERT_EQ(json.exit_status, 0) << json.err;
  EXPECT_NE(json.out.find("Alpha\\u001b[2J\\nStanz"), std::string::npos) << json.out;
  fs::remove_all(folder);
}

TEST(TerminalOutput, ExplainShowsControlCharactersAsEscapes) {
  const fs::path folder = SetWithAnEvilName();
  const ProcessResult text =
      RunSupeval({"explain", "--data", folder.string(), "--period", "2026-H1", "--supplier", "S01"});
  ASSERT_EQ(text.exit_status, 0) << text.err;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << text.out;
  EXPECT_EQ(Lines(text.out).at(0), "Supplier S01 - " + kEvilNameShown);
  fs::remove_all(folder);
}

TEST(TerminalOutput, EachProblemIsOneLineWhateverItQuotes) {
  const fs::path folder = SetWithAnEvilName();
  WriteText(folder / "plants.csv", "plant_id,name,workweek\nP1,Werk Nord,\"Mon-\nFri\"\n");
  WriteText(folder / "materials.csv",
            "material_id,commodity,unit,kind\nMAT-350,M350,pc,purch\x1b[2Jased\nMAT-310,M310,pc,purchased\n");
  const ProcessResult result = RunSupeval({"evaluate", "--data", folder.string(), "--period", "2026-H1"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("'Mon-\\nFri'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("'purch\\x1b[2Jased'"), std::string::npos) << result.err;
  // Every line names the file it is about: none is the rest of another.
  for (const std::string& line : Lines(result.err)) EXPECT_NE(line.find(".csv:"), std::string::npos) << result.err;
  fs::remove_all(folder);
}

}  // namespace
}  // namespace supeval::testing
