// The interchange folder's validation as a user meets it through the real
// `supeval` binary (issue 19, 3.1, 3.3, 3.6, 3.11, 3.15, 3.16): `evaluate`
// (table and JSON output) and `import` into SQLite and PostgreSQL refuse the
// same broken folders with the same `file:line:` list, exit status 2, write
// nothing and never fail with an internal error. Each folder starts as a
// generated one (20 suppliers, 2,000 deliveries) with one kind of damage.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "db_dump.hpp"
#include "process.hpp"
#include "supeval/store/test_database.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

Lines SplitLines(const std::string& text) {
  Lines lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string JoinLines(const Lines& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Field `index` of a CSV line without quotes.
std::string Field(const std::string& line, int index) {
  std::istringstream in(line);
  std::string value;
  for (int i = 0; i <= index; ++i) std::getline(in, value, ',');
  return value;
}

// The problems a failed run lists on standard error, without the program's
// name before the first and the import's "nothing was imported".
Lines Problems(const std::string& err) {
  Lines problems;
  for (std::string line : SplitLines(err)) {
    if (line.starts_with("supeval: ")) line.erase(0, 9);
    if (line != "nothing was imported") problems.push_back(line);
  }
  return problems;
}

// `text` with its characters U+0080..U+00FF written in Latin-1, as a
// Windows export would write them (iconv -f utf-8 -t latin1).
std::string ToLatin1(const std::string& text) {
  std::string latin1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte == 0xC2 || byte == 0xC3) && i + 1 < text.size()) {
      latin1.push_back(static_cast<char>(((byte & 0x1F) << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F)));
    } else {
      latin1.push_back(text[i]);
    }
  }
  return latin1;
}

class ReaderHardening : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    if (!store::testing::OpenOrSkip(GetParam(), database_)) return;
    scratch_ = MakeTempDir();
    folder_ = fs::path(scratch_) / "g1";
    const ProcessResult generated = RunSupeval(
        {"generate", "--out", folder_.string(), "--suppliers", "20", "--deliveries", "2000", "--seed", "19"});
    ASSERT_EQ(generated.exit_status, 0) << generated.err;
    // A database holding the intact folder: a refused import must leave it as it is.
    const ProcessResult imported = RunSupeval({"import", "--data", folder_.string(), "--db", database_->url()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
  }
  void TearDown() override {
    if (!scratch_.empty()) fs::remove_all(scratch_);
  }

  fs::path File(const std::string& name) const { return folder_ / name; }
  std::string Name(const std::string& file) const { return File(file).string(); }

  // Replaces line `number` (1-based) of `file` by what `edit` makes of it.
  template <class Edit>
  void EditLine(const std::string& file, std::size_t number, const Edit& edit) {
    Lines lines = SplitLines(ReadText(File(file)));
    ASSERT_LE(number, lines.size()) << file;
    lines[number - 1] = edit(lines[number - 1]);
    WriteText(File(file), JoinLines(lines));
  }

  // evaluate (table and JSON) and import refuse the folder with exactly
  // `expected`, exit status 2, nothing on standard output, and the database
  // as it was.
  void ExpectRefusedEverywhere(const Lines& expected) {
    for (const std::string format : {"table", "json"}) {
      const ProcessResult evaluated =
          RunSupeval({"evaluate", "--data", folder_.string(), "--period", "2026", "--format", format});
      EXPECT_EQ(evaluated.exit_status, 2) << format << "\n" << evaluated.err;
      EXPECT_EQ(Problems(evaluated.err), expected) << format;
      EXPECT_EQ(evaluated.out, "") << format;
    }
    const std::string before = DumpDatabase(database_->url());
    const ProcessResult imported = RunSupeval({"import", "--data", folder_.string(), "--db", database_->url()});
    EXPECT_EQ(imported.exit_status, 2) << imported.err;
    EXPECT_EQ(Problems(imported.err), expected);
    EXPECT_EQ(DumpDatabase(database_->url()), before);
  }

  std::optional<store::testing::TestDatabase> database_;
  std::string scratch_;
  fs::path folder_;
};

// 3.1: a Latin-1 export of suppliers.csv is named row by row; it never
// reaches the JSON writer or the database as bytes that are not UTF-8.
TEST_P(ReaderHardening, ALatin1FileIsRefusedRowByRow) {
  const std::string utf8 = ReadText(File("suppliers.csv"));
  WriteText(File("suppliers.csv"), ToLatin1(utf8));
  Lines expected;
  const Lines lines = SplitLines(utf8);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool ascii = std::all_of(lines[i].begin(), lines[i].end(), [](char c) { return (c & 0x80) == 0; });
    if (!ascii) expected.push_back(Name("suppliers.csv") + ":" + std::to_string(i + 1) + ": name: not valid UTF-8");
  }
  ASSERT_FALSE(expected.empty()) << "the generated names have umlauts";
  ExpectRefusedEverywhere(expected);
}

// 3.1: a NUL byte, here in a delivery row that the fast paths read.
TEST_P(ReaderHardening, ANulByteIsRefused) {
  EditLine("deliveries.csv", 1500, [](std::string line) { return line.insert(line.size() - 2, 1, '\0'); });
  ExpectRefusedEverywhere({Name("deliveries.csv") + ":1500: type: contains a NUL byte"});
}

// 3.3: `Type` is not `type`: the sample deliveries would become series.
TEST_P(ReaderHardening, AHeaderNameInAnotherCaseIsRefused) {
  EditLine("deliveries.csv", 1, [](std::string line) { return line.replace(line.rfind("type"), 4, "Type"); });
  EditLine("complaints.csv", 1,
           [](std::string line) { return line.replace(line.find("affected_qty"), 12, "afected_qty"); });
  ExpectRefusedEverywhere(
      {Name("complaints.csv") +
           ":1: column 'afected_qty' looks like 'affected_qty' (column names are spelt as in the spec)",
       Name("deliveries.csv") + ":1: column 'Type' looks like 'type' (column names are lower case as in the spec)"});
}

// 3.6: one stray quote costs its row; the rows naming its supplier are no
// follow-on problems, and a real problem later in the file is still named.
// The same for a bad value in a master row.
TEST_P(ReaderHardening, AStrayQuoteOrABadMasterValueCostsOneRow) {
  EditLine("suppliers.csv", 5, [](std::string line) { return line.insert(line.find(',') + 3, 1, '"'); });
  EditLine("suppliers.csv", 7,
           [](std::string line) { return line.replace(line.rfind(','), std::string::npos, ",Exempt"); });
  EditLine("suppliers.csv", 12, [](std::string line) { return line.replace(line.find(','), 1, ",,"); });
  ExpectRefusedEverywhere(
      {Name("suppliers.csv") + ":5: unexpected quote inside an unquoted field (quote the whole field)",
       Name("suppliers.csv") + ":7: qz3: unknown value 'Exempt' (expected evaluate, exempt)",
       Name("suppliers.csv") + ":12: expected 4 fields as in the header, found 5"});
}

// 3.11: a certificate or hold key twice is refused by evaluate as by import,
// with the lines of both rows.
TEST_P(ReaderHardening, RepeatedCertificateAndHoldKeysAreRefusedByBoth) {
  const Lines certificates = SplitLines(ReadText(File("certifications.csv")));
  const Lines holds = SplitLines(ReadText(File("holds.csv")));
  std::string repeated_certificate = certificates[1];
  repeated_certificate.replace(repeated_certificate.rfind(',') + 1, std::string::npos, "2031-12-31");
  WriteText(File("certifications.csv"), JoinLines(certificates) + repeated_certificate + "\n");
  WriteText(File("holds.csv"), JoinLines(holds) + holds[1] + "\n");
  ExpectRefusedEverywhere(
      {Name("certifications.csv") + ":" + std::to_string(certificates.size() + 1) + ": valid_from: supplier " +
           Field(certificates[1], 0) + " has " + Field(certificates[1], 1) + " valid from " +
           Field(certificates[1], 2) + " twice (first at line 2)",
       Name("holds.csv") + ":" + std::to_string(holds.size() + 1) + ": imposed_on: supplier " + Field(holds[1], 0) +
           " has a " + Field(holds[1], 2) + " hold imposed on " + Field(holds[1], 3) + " twice (first at line 2)"});
}

// 3.15: every file's problems at once: a missing file, a missing column, the
// rows of the other files.
TEST_P(ReaderHardening, EveryFilesProblemsAreListedAtOnce) {
  fs::remove(File("plants.csv"));
  EditLine("holds.csv", 1, [](std::string line) { return line.replace(line.find(",reason"), 7, ""); });
  EditLine("deliveries.csv", 9,
           [](std::string line) { return line.replace(line.rfind(','), std::string::npos, ",serial"); });
  EditLine("suppliers.csv", 3,
           [](std::string line) { return line.replace(line.rfind(','), std::string::npos, ",maybe"); });
  ExpectRefusedEverywhere({Name("plants.csv") + ": required file is missing",
                           Name("suppliers.csv") + ":3: qz3: unknown value 'maybe' (expected evaluate, exempt)",
                           Name("holds.csv") + ":1: missing required column 'reason'",
                           Name("deliveries.csv") + ":9: type: unknown value 'serial' (expected series, sample)"});
}

// 3.16: a year before 1000 names the range of dates; a file separated by
// ';' or with CR line ends says so.
TEST_P(ReaderHardening, DateRangeSeparatorAndLineEndsAreNamed) {
  EditLine("deliveries.csv", 4, [](std::string line) { return line.replace(line.find(",2026-"), 6, ",0999-"); });
  std::string certificates = ReadText(File("certifications.csv"));
  std::replace(certificates.begin(), certificates.end(), ',', ';');
  WriteText(File("certifications.csv"), certificates);
  std::string calendar = ReadText(File("calendar.csv"));
  std::replace(calendar.begin(), calendar.end(), '\n', '\r');
  WriteText(File("calendar.csv"), calendar);
  const std::string due_date = Field(SplitLines(ReadText(File("deliveries.csv")))[3], 4);
  ExpectRefusedEverywhere(
      {Name("calendar.csv") +
           ":1: the file ends its lines with CR alone: the interchange format ends them with LF or CRLF",
       Name("certifications.csv") + ":1: the file is separated by ';': the interchange format uses ','",
       Name("deliveries.csv") + ":4: due_date: '" + due_date + "' is not a date between 1000-01-01 and 9999-12-31"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ReaderHardening, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& backend) {
                           return store::testing::BackendName(backend.param);
                         });

}  // namespace
}  // namespace supeval::testing
