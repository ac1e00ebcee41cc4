// Contract golden data sets (tests/data/contracts/*, CONTRACTS.md): each
// folder's `args` names the commands to run on it, one a line:
//   settle PERIOD [FILE]   supeval contracts settle --data DIR --period PERIOD
//                          compared with expected/FILE (default settle.csv)
//   check [FILE]           supeval contracts check --data DIR
//                          compared with expected/FILE (default check.csv)
//   escalations DATE [FILE] supeval escalations --data DIR --as-of DATE
//                          compared with expected/FILE (default escalations.csv)
//   sourcing PERIOD [--risks] [FILE]
//                          supeval sourcing --data DIR --period PERIOD [--risks]
//                          compared with expected/FILE (default sourcing.csv,
//                          with --risks risks.csv)
// With --format csv the output must equal the expected file byte for byte;
// with --format json it must have §2's layout and carry the same cells; with
// the rows of every input file shuffled it must not change. A folder with
// expected/errors.txt is bad input for every command it lists: exit status 2,
// nothing on standard output, and exactly the `file:line: column: message`
// lines of errors.txt on standard error (in any order, none missing, none
// more). The hand derivation of every figure is in each folder's README.md.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "csv_files.hpp"
#include "process.hpp"
#include "supeval/io/table_writer.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kContractSets = fs::path(SUPEVAL_TEST_DATA) / "contracts";

struct Command {
  std::vector<std::string> arguments;  // without --data and --format
  std::string expected_file;           // under expected/
};

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// `sourcing PERIOD [--risks] [FILE]`.
Command SourcingCommand(const std::vector<std::string>& words) {
  const bool risks = words.size() >= 3 && words[2] == "--risks";
  Command command{{"sourcing", "--period", words[1]}, risks ? "risks.csv" : "sourcing.csv"};
  if (risks) command.arguments.emplace_back("--risks");
  if (words.size() == (risks ? 4U : 3U)) command.expected_file = words.back();
  return command;
}

std::vector<Command> Commands(const fs::path& folder) {
  std::vector<Command> commands;
  std::istringstream lines(ReadText(folder / "args"));
  for (std::string line; std::getline(lines, line);) {
    const std::vector<std::string> words = Words(line);
    if (words.empty()) continue;
    if (words[0] == "settle" && (words.size() == 2 || words.size() == 3)) {
      commands.push_back({{"contracts", "settle", "--period", words[1]}, words.size() == 3 ? words[2] : "settle.csv"});
    } else if (words[0] == "check" && words.size() <= 2) {
      commands.push_back({{"contracts", "check"}, words.size() == 2 ? words[1] : "check.csv"});
    } else if (words[0] == "escalations" && (words.size() == 2 || words.size() == 3)) {
      commands.push_back({{"escalations", "--as-of", words[1]}, words.size() == 3 ? words[2] : "escalations.csv"});
    } else if (words[0] == "sourcing" && words.size() >= 2 && words.size() <= 4) {
      commands.push_back(SourcingCommand(words));
    } else {
      ADD_FAILURE() << folder / "args"
                    << ": cannot read the line '" << line << "'";
    }
  }
  return commands;
}

ProcessResult RunOn(const Command& command, const fs::path& folder, const std::string& format) {
  std::vector<std::string> arguments = command.arguments;
  for (const std::string& extra : {std::string("--data"), folder.string(), std::string("--format"), format}) {
    arguments.push_back(extra);
  }
  if (fs::exists(folder / "rules.toml")) {
    arguments.push_back("--rules");
    arguments.push_back((folder / "rules.toml").string());
  }
  return RunSupeval(arguments);
}

std::string Describe(const Command& command) {
  std::string text = "supeval";
  for (const std::string& word : command.arguments) text += " " + word;
  return text;
}

// A command is bad input when the folder has expected/errors.txt and no
// expected output of the command's own (set 11: `check` finds nothing that
// only settling finds).
bool ExpectsBadInput(const fs::path& folder, const Command& command) {
  return fs::exists(folder / "expected" / "errors.txt") && !fs::exists(folder / "expected" / command.expected_file);
}

bool IsNameCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// The `name.csv:line: …` part of a line, from its file name on (a line may
// carry a prefix such as "supeval: " or a folder before the file name).
// (No std::regex: g++ 12's <regex> does not build warning-free under ASan.)
std::optional<std::string> MessageOf(const std::string& line) {
  static constexpr std::string_view kCsv = ".csv:";
  for (std::size_t at = line.find(kCsv); at != std::string::npos; at = line.find(kCsv, at + 1)) {
    std::size_t end = at + kCsv.size();
    while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end])) != 0) ++end;
    if (end == at + kCsv.size() || line.compare(end, 2, ": ") != 0) continue;
    std::size_t start = at;
    while (start > 0 && IsNameCharacter(line[start - 1])) --start;
    if (start < at) return line.substr(start);
  }
  return std::nullopt;
}

// The `file:line: column: message` lines of a text.
std::multiset<std::string> MessageLines(const std::string& text) {
  std::multiset<std::string> messages;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (const std::optional<std::string> message = MessageOf(line)) messages.insert(*message);
  }
  return messages;
}

// "file:line: column:" of a message line: the part §3 fixes.
std::string Location(const std::string& message) {
  std::size_t at = message.find(": ");
  if (at != std::string::npos) at = message.find(": ", at + 2);
  return at == std::string::npos ? message : message.substr(0, at + 1);
}

std::multiset<std::string> Locations(const std::multiset<std::string>& messages) {
  std::multiset<std::string> locations;
  for (const std::string& message : messages) locations.insert(Location(message));
  return locations;
}

std::string Joined(const std::multiset<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "  " + line + "\n";
  return text;
}

void ExpectBadInput(const Command& command, const fs::path& folder, const std::string& format) {
  const ProcessResult result = RunOn(command, folder, format);
  EXPECT_EQ(result.exit_status, 2) << Describe(command) << "\n" << result.err;
  EXPECT_TRUE(result.out.empty()) << "nothing may be written on bad input:\n" << result.out;
  const std::multiset<std::string> expected = MessageLines(ReadText(folder / "expected" / "errors.txt"));
  ASSERT_FALSE(expected.empty()) << "errors.txt lists no message";
  const std::multiset<std::string> actual = MessageLines(result.err);
  // The locations are the contract (§3); the texts may be aligned with the reader's wording.
  EXPECT_TRUE(Locations(expected) == Locations(actual))
      << Describe(command) << ": the messages' locations differ\nexpected:\n"
      << Joined(expected) << "actual:\n"
      << Joined(actual);
  EXPECT_TRUE(expected == actual) << Describe(command) << ": the messages differ\nexpected:\n"
                                  << Joined(expected) << "actual:\n"
                                  << Joined(actual);
}

// §2: "[", one object per row with the CSV's columns in order and the cell
// as a string (null when empty), "]"; each row line but the last ends in ",".
void ExpectJsonCarriesCells(const std::string& json, const std::string& csv, const std::string& where) {
  const auto rows = ParseCsv(csv, "expected");
  ASSERT_FALSE(rows.empty()) << where;
  const std::vector<std::string>& header = rows[0];
  std::vector<std::string> lines;
  std::istringstream in(json);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_FALSE(json.empty()) << where;
  EXPECT_EQ(json.back(), '\n') << where;
  ASSERT_EQ(lines.size(), rows.size() + 1) << where << ": one line per row plus [ and ]\n" << json;
  EXPECT_EQ(lines.front(), "[") << where;
  EXPECT_EQ(lines.back(), "]") << where;
  for (std::size_t row = 1; row < rows.size(); ++row) {
    std::string line = lines[row];
    const bool last = row + 1 == rows.size();
    if (!last) {
      ASSERT_FALSE(line.empty()) << where;
      EXPECT_EQ(line.back(), ',') << where << ": row line " << row << " must end in ','";
      line.pop_back();
    }
    const auto object = nlohmann::ordered_json::parse(line);
    ASSERT_TRUE(object.is_object()) << where << ": " << line;
    // nlohmann's compact form is §2's: no spaces, the same escapes, UTF-8 and '/' as they are.
    EXPECT_EQ(object.dump(), line) << where << ": the row's bytes";
    std::vector<std::string> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    EXPECT_EQ(keys, header) << where << ": the columns in their order: " << line;
    for (std::size_t column = 0; column < header.size(); ++column) {
      const std::string& key = header[column];
      if (!object.contains(key)) continue;  // reported above
      const auto& value = object[key];
      const std::string& cell = rows[row][column];
      if (cell.empty()) {
        EXPECT_TRUE(value.is_null()) << where << ": " << key << " must be null in " << line;
      } else if (value.is_string()) {
        EXPECT_EQ(value.get<std::string>(), cell) << where << ": " << key;
      } else {
        ADD_FAILURE() << where << ": " << key << " must be a string in " << line;
      }
    }
  }
}

std::vector<std::string> DataSets() {
  std::vector<std::string> names;
  if (!fs::exists(kContractSets)) return names;
  for (const auto& entry : fs::directory_iterator(kContractSets)) {
    if (entry.is_directory() && fs::exists(entry.path() / "args")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ContractDataSet : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path Folder() const { return kContractSets / GetParam(); }
};

TEST_P(ContractDataSet, CsvMatchesExpectedByteForByte) {
  const fs::path folder = Folder();
  ASSERT_TRUE(fs::exists(folder / "README.md")) << "every data set derives its figures by hand";
  const std::vector<Command> commands = Commands(folder);
  ASSERT_FALSE(commands.empty());
  for (const Command& command : commands) {
    if (ExpectsBadInput(folder, command)) {
      ExpectBadInput(command, folder, "csv");
      continue;
    }
    const fs::path expected = folder / "expected" / command.expected_file;
    ASSERT_TRUE(fs::exists(expected)) << expected;
    const ProcessResult result = RunOn(command, folder, "csv");
    ASSERT_EQ(result.exit_status, 0) << Describe(command) << "\n" << result.err;
    EXPECT_EQ(ReadText(expected), result.out) << Describe(command) << " differs from " << expected;
  }
}

TEST_P(ContractDataSet, JsonCarriesTheSameCells) {
  const fs::path folder = Folder();
  for (const Command& command : Commands(folder)) {
    if (ExpectsBadInput(folder, command)) {
      ExpectBadInput(command, folder, "json");  // the messages do not depend on the format asked for
      continue;
    }
    const ProcessResult result = RunOn(command, folder, "json");
    ASSERT_EQ(result.exit_status, 0) << Describe(command) << "\n" << result.err;
    ExpectJsonCarriesCells(result.out, ReadText(folder / "expected" / command.expected_file),
                           Describe(command) + " --format json");
  }
}

TEST_P(ContractDataSet, ShufflingRowsChangesNothing) {
  const fs::path folder = Folder();
  for (unsigned seed = 1; seed <= 2; ++seed) {
    const fs::path shuffled = MakeTempDir();
    CopyShuffled(folder, shuffled, seed);
    for (const Command& command : Commands(folder)) {
      const ProcessResult result = RunOn(command, shuffled, "csv");
      if (ExpectsBadInput(folder, command)) {
        // Shuffling moves the lines the messages name, and which of two
        // rows is the repeat or the overlapping one: still bad input.
        EXPECT_EQ(result.exit_status, 2) << Describe(command) << ", seed " << seed;
        EXPECT_FALSE(MessageLines(result.err).empty()) << Describe(command) << ", seed " << seed;
        EXPECT_TRUE(result.out.empty()) << Describe(command) << ", seed " << seed;
        continue;
      }
      EXPECT_EQ(result.exit_status, 0) << Describe(command) << ", seed " << seed << "\n" << result.err;
      EXPECT_EQ(ReadText(folder / "expected" / command.expected_file), result.out)
          << Describe(command) << ", rows shuffled with seed " << seed;
    }
    fs::remove_all(shuffled);
  }
}

INSTANTIATE_TEST_SUITE_P(Contracts, ContractDataSet, ::testing::ValuesIn(DataSets()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });

// The sets' own consistency, independent of the engine: every expected CSV
// has the spec's header and rectangular rows, every settle line names the
// period it was settled for, and errors.txt lines have the §3 form.
TEST(ContractDataSetsTest, ExpectedFilesAreWellFormed) {
  const std::vector<std::string> settle_header = {"contract_id", "supplier_id", "period",         "currency", "kind",
                                                  "ref",         "material_id", "status",         "quantity", "actual",
                                                  "target",      "shortfall",   "rate",           "spend",    "cap",
                                                  "amount",      "line_type",   "settled_before", "note"};
  const std::vector<std::string> check_header = {"contract_id", "finding", "severity", "detail"};
  const std::vector<std::string> escalations_header = {
      "contract_id", "supplier_id", "case",  "opened_on",   "status", "level",      "level_name", "since",
      "trigger",     "next_review", "owner", "actions_due", "hold",   "hold_since", "hold_reason"};
  const std::vector<std::string> sourcing_header = {"period",
                                                    "scope",
                                                    "key",
                                                    "commodity",
                                                    "currency",
                                                    "suppliers",
                                                    "spend",
                                                    "shares",
                                                    "hhi",
                                                    "concentration",
                                                    "countries",
                                                    "country_hhi",
                                                    "single_source",
                                                    "qualified_alternates",
                                                    "pending_alternates",
                                                    "findings"};
  const std::vector<std::string> risks_header = {"material", "commodity", "supplier_id", "spend",   "currency",
                                                 "class",    "level",     "hold",        "findings"};
  const std::vector<std::string> sets = DataSets();
  ASSERT_GE(sets.size(), 8u);
  for (const std::string& set : sets) {
    const fs::path folder = kContractSets / set;
    EXPECT_TRUE(fs::exists(folder / "README.md")) << set;
    if (fs::exists(folder / "expected" / "errors.txt")) {
      const std::string text = ReadText(folder / "expected" / "errors.txt");
      EXPECT_EQ(MessageLines(text).size(), static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')))
          << set << ": every line of errors.txt is a file:line: column: message";
    }
    for (const Command& command : Commands(folder)) {
      const fs::path expected = folder / "expected" / command.expected_file;
      if (!fs::exists(expected)) continue;  // a bad-input set's commands
      const std::string text = ReadText(expected);
      ASSERT_FALSE(text.empty()) << expected;
      EXPECT_EQ(text.back(), '\n') << expected;
      const auto rows = ParseCsv(text, expected.string());
      const bool settle = command.arguments[1] == "settle";
      const bool escalations = command.arguments[0] == "escalations";
      const bool sourcing = command.arguments[0] == "sourcing";
      const bool risks = sourcing && command.arguments.back() == "--risks";
      const std::vector<std::string>& header = settle        ? settle_header
                                               : escalations ? escalations_header
                                               : risks       ? risks_header
                                               : sourcing    ? sourcing_header
                                                             : check_header;
      ASSERT_EQ(rows.at(0), header) << expected;
      for (std::size_t row = 1; row < rows.size(); ++row) {
        ASSERT_EQ(rows[row].size(), rows[0].size()) << expected << " row " << row;
        if (settle) {
          EXPECT_EQ(rows[row][2], command.arguments[3]) << expected << " row " << row;
        }
        if (sourcing && !risks) {
          EXPECT_EQ(rows[row][0], command.arguments[2]) << expected << " row " << row;
        }
      }
    }
  }
}

// The json check itself: it accepts §2's bytes for every expected file (as
// the unit-tested writer makes them) and rejects a space or a reordered key.
TEST(ContractDataSetsTest, JsonCheckAcceptsTheLayoutAndNothingElse) {
  for (const std::string& set : DataSets()) {
    const fs::path folder = kContractSets / set;
    for (const Command& command : Commands(folder)) {
      const fs::path expected = folder / "expected" / command.expected_file;
      if (!fs::exists(expected)) continue;
      const std::string csv = ReadText(expected);
      auto rows = ParseCsv(csv, expected.string());
      io::TextResult result{rows[0], {rows.begin() + 1, rows.end()}};
      ExpectJsonCarriesCells(io::WriteTextResultJson(result), csv, expected.string());
    }
  }
  const std::string csv = "a,b\n1,\n";
  ExpectJsonCarriesCells("[\n{\"a\":\"1\",\"b\":null}\n]\n", csv, "good");
  EXPECT_NONFATAL_FAILURE(ExpectJsonCarriesCells("[\n{\"a\": \"1\",\"b\":null}\n]\n", csv, "space"), "bytes");
  EXPECT_NONFATAL_FAILURE(ExpectJsonCarriesCells("[\n{\"b\":null,\"a\":\"1\"}\n]\n", csv, "order"), "order");
  EXPECT_NONFATAL_FAILURE(ExpectJsonCarriesCells("[\n{\"a\":\"1\",\"b\":\"\"}\n]\n", csv, "empty"), "null");
}

}  // namespace
}  // namespace supeval::testing
