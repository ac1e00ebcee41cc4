// RFC 4180 parsing: quoting, embedded newlines, CRLF, BOM, blank lines, line
// numbers, malformed input, and records spanning read blocks.
#include "supeval/io/csv_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace supeval::io {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text, std::vector<std::uint64_t>* lines = nullptr) {
  CsvReader reader = CsvReader::FromString(text, "t.csv");
  std::vector<std::vector<std::string>> rows;
  CsvRecord record;
  for (;;) {
    auto next = reader.Next(record);
    EXPECT_TRUE(next.ok()) << next.error().ToString();
    if (!next.ok() || !*next) break;
    rows.emplace_back(record.fields.begin(), record.fields.end());
    if (lines != nullptr) lines->push_back(record.line);
  }
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, PlainFields) { EXPECT_EQ(ReadAll("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}})); }

TEST(CsvReader, EmptyFieldsAndNoFinalNewline) {
  EXPECT_EQ(ReadAll("a,,c\n,,\nx,y,"), (Rows{{"a", "", "c"}, {"", "", ""}, {"x", "y", ""}}));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  std::vector<std::uint64_t> lines;
  EXPECT_EQ(ReadAll("id,name\n1,\"M\xC3\xBCller, \"\"Werk 2\"\"\"\n2,\"two\nlines\"\n3,x\n", &lines),
            (Rows{{"id", "name"}, {"1", "M\xC3\xBCller, \"Werk 2\""}, {"2", "two\nlines"}, {"3", "x"}}));
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 2, 3, 5}));
}

TEST(CsvReader, CrlfBomAndBlankLines) {
  std::vector<std::uint64_t> lines;
  EXPECT_EQ(ReadAll("\xEF\xBB\xBF"
                    "a,b\r\n\r\n1,2\r\n\n3,4\r\n",
                    &lines),
            (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 3, 5}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsAnError) {
  CsvReader reader = CsvReader::FromString("a,b\n1,x\"y\n", "t.csv");
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(record));
  auto next = reader.Next(record);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().location.line, 2U);
  EXPECT_EQ(next.error().location.file, "t.csv");
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  CsvReader reader = CsvReader::FromString("\"a\"b,c\n", "t.csv");
  CsvRecord record;
  EXPECT_FALSE(reader.Next(record).ok());
}

TEST(CsvReader, UnclosedQuoteNamesTheLineItStarts) {
  CsvReader reader = CsvReader::FromString("a\n\"open\nmore\n", "t.csv");
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(record));
  auto next = reader.Next(record);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().location.line, 2U);
}

// A malformed record ends at the end of the line it starts on, keeping the
// fields that were whole before the problem; the next record is read from
// the next line, so one stray quote costs one row (issue 19, 3.6).
TEST(CsvReader, AMalformedRecordEndsAtItsLineEndAndReadingGoesOn) {
  for (const bool from_file : {false, true}) {
    const std::string text =
        "id,name,country\n"
        "S1,Weber \"Federn\" AG,DE\n"  // a quote inside an unquoted field
        "S2,\"Open,PL\n"               // an opening quote never closed on its line
        "S3,\"Closed\"x,CZ\r\n"        // text after a closing quote
        "\n"
        "S4,Fine,AT\n"
        "S5,\"unclosed to the end";
    CsvReader reader = CsvReader::FromString(text, "t.csv");
    const auto path = std::filesystem::temp_directory_path() / "supeval_csv_reader_malformed.csv";
    if (from_file) {
      { std::ofstream(path, std::ios::binary) << text; }
      reader = *CsvReader::Open(path, "t.csv");
    }
    std::vector<std::string> seen;
    CsvRecord record;
    while (seen.size() < 20) {  // a reader stuck on a malformed record fails, not hangs
      auto next = reader.Next(record);
      std::string fields;
      for (const std::string_view field : record.fields) fields += "[" + std::string(field) + "]";
      if (!next.ok()) {
        seen.push_back(std::to_string(next.error().location.line) + " error " + fields);
        continue;
      }
      if (!*next) break;
      seen.push_back(std::to_string(record.line) + " " + fields);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"1 [id][name][country]", "2 error [S1]", "3 error [S2]", "4 error [S3]",
                                              "6 [S4][Fine][AT]", "7 error [S5]"}))
        << (from_file ? "file" : "string");
    std::filesystem::remove(path);
  }
}

TEST(CsvReader, RecordsSpanningReadBlocks) {
  const auto path = std::filesystem::temp_directory_path() / "supeval_csv_reader_blocks.csv";
  std::string text = "id,text\n";
  std::vector<std::vector<std::string>> expected = {{"id", "text"}};
  for (int i = 0; i < 40000; ++i) {
    const std::string value = "value \"" + std::to_string(i) + "\", with comma and\nnewline";
    text += std::to_string(i) + ",\"value \"\"" + std::to_string(i) + "\"\", with comma and\nnewline\"\n";
    expected.push_back({std::to_string(i), value});
  }
  { std::ofstream(path, std::ios::binary) << text; }
  auto reader = CsvReader::Open(path, "blocks.csv");
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  std::size_t row = 0;
  for (;;) {
    auto next = reader->Next(record);
    ASSERT_TRUE(next.ok()) << next.error().ToString();
    if (!*next) break;
    ASSERT_LT(row, expected.size());
    EXPECT_EQ(std::vector<std::string>(record.fields.begin(), record.fields.end()), expected[row]);
    EXPECT_EQ(record.line, row == 0 ? 1U : 2 * row);
    ++row;
  }
  EXPECT_EQ(row, expected.size());
  std::filesystem::remove(path);
}

// A block of text as a worker parses it: the records, their lines, and
// its errors (each with the fields whole before it, as a row).
struct Parsed {
  Rows rows;
  std::vector<std::uint64_t> lines;
  std::string error;
  friend bool operator==(const Parsed&, const Parsed&) = default;
};

// Every record `next` gives, to the end, reading on past malformed ones.
template <class Next>
Parsed ParseAll(const Next& next) {
  constexpr std::size_t kMostRecords = 100000;  // a parser stuck on a malformed record fails, not hangs
  Parsed parsed;
  CsvRecord record;
  while (parsed.rows.size() < kMostRecords) {
    auto more = next(record);
    if (!more.ok()) {
      parsed.error += more.error().ToString() + "\n";
      parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
      parsed.lines.push_back(0);
      continue;
    }
    if (!*more) break;
    parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
    parsed.lines.push_back(record.line);
  }
  return parsed;
}

Parsed ParseBlock(const std::string& text) {
  CsvBlockParser parser(text, 1);
  return ParseAll([&](CsvRecord& record) { return parser.Next(record, "t.csv"); });
}

// The same with the record parser alone (CsvReader, which has no list of
// separators).
Parsed ParseWithReader(const std::string& text) {
  CsvReader reader = CsvReader::FromString(text, "t.csv");
  return ParseAll([&](CsvRecord& record) { return reader.Next(record); });
}

// Random CSV of the kinds of row the block parser's list must cut exactly as
// the record parser does, or leave to it: plain rows, CRLF, blank lines, a
// lone CR in a field, empty fields, quoted fields with commas and line ends,
// records longer than the list's window, a last line without its line end.
std::string RandomCsv(std::uint32_t seed, bool quotes) {
  std::mt19937 random(seed);
  std::string text;
  const int rows = 400 + static_cast<int>(random() % 400);
  for (int row = 0; row < rows; ++row) {
    switch (random() % 10) {
      case 0:
        text += random() % 2 != 0 ? "\n" : "\r\n";
        break;  // blank line
      case 1:
        text += std::string(5000 + random() % 3000, 'x') + ",long\n";
        break;
      case 2:
        text += quotes ? "q,\"a, \"\"b\"\"\nc\",z\n" : "a,b\rc,d\n";
        break;
      default: {
        const int fields = 1 + static_cast<int>(random() % 12);
        for (int field = 0; field < fields; ++field) {
          if (field > 0) text += ',';
          text += std::string(random() % 9, static_cast<char>('a' + random() % 26));
        }
        text += random() % 4 == 0 ? "\r\n" : "\n";
      }
    }
  }
  if (random() % 2 != 0) text += "last,line";
  return text;
}

TEST(CsvBlockParser, CutsTheSameRecordsAsTheRecordParser) {
  for (std::uint32_t seed = 0; seed < 40; ++seed) {
    const std::string text = RandomCsv(seed, seed % 3 == 0);
    const Parsed expected = ParseWithReader(text);
    ASSERT_TRUE(expected.error.empty()) << expected.error;
    ASSERT_EQ(ParseBlock(text), expected) << "seed " << seed;
  }
}

TEST(CsvBlockParser, ReadsOnPastTheSameMalformedRecords) {
  for (std::uint32_t seed = 0; seed < 20; ++seed) {
    std::string text = RandomCsv(seed, seed % 2 == 0);
    text.insert(text.size() / 3, "\nbad,x\"y\n");
    text.insert(text.size() / 2, "\nbad,\"x\"y,z\n");
    text.insert(2 * text.size() / 3, "\nbad,\"open,z\n");
    const Parsed expected = ParseWithReader(text);
    ASSERT_FALSE(expected.error.empty());
    ASSERT_EQ(ParseBlock(text), expected) << "seed " << seed;
  }
}

TEST(CsvBlockParser, BlankLinesAndCrlfOnly) {
  const Parsed parsed = ParseBlock("\n\r\n\n");
  EXPECT_TRUE(parsed.rows.empty());
  EXPECT_EQ(ParseBlock("a,b\r\n\r\n\nc,\r\r\n"), ParseWithReader("a,b\r\n\r\n\nc,\r\r\n"));
  EXPECT_EQ(ParseBlock("a,b\r\n\r\n\nc,\r\r\n").rows, (Rows{{"a", "b"}, {"c", "\r"}}));
}

TEST(CsvReader, MissingFileIsBadInput) {
  auto reader = CsvReader::Open("/nonexistent/x.csv", "x.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code, core::ErrorCode::kBadInput);
}

// The problems ColumnMap::Build finds in `header`, one line each.
std::string HeaderProblems(std::vector<std::string_view> fields, const std::vector<std::string_view>& required,
                           const std::vector<std::string_view>& optional = {}) {
  CsvRecord header;
  header.fields = std::move(fields);
  std::vector<core::Error> problems;
  static_cast<void>(ColumnMap::Build(header, "f.csv", required, optional, problems));
  std::string text;
  for (const core::Error& problem : problems) text += problem.ToString() + "\n";
  return text;
}

TEST(ColumnMap, AnyOrderUnknownIgnoredMissingAndDuplicateReported) {
  CsvRecord header;
  header.fields = {"b", "extra", " a "};
  std::vector<core::Error> problems;
  const ColumnMap map = ColumnMap::Build(header, "f.csv", {"a", "b"}, {"c"}, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(map.Find("a"), 2U);
  EXPECT_EQ(map.Find("b"), 0U);
  EXPECT_FALSE(map.Find("c").has_value());
  EXPECT_FALSE(map.Find("extra").has_value());
  EXPECT_EQ(map.NameAt(1), "extra");
  EXPECT_EQ(HeaderProblems({"b", "extra", " a "}, {"a", "b", "d"}), "f.csv:1: missing required column 'd'\n");
  EXPECT_EQ(HeaderProblems({"a", "a", "b"}, {"a", "b"}), "f.csv:1: column 'a' appears twice in the header\n");
}

// Names are matched as the spec writes them: a name that is a known one in
// another case, or one edit away from it, is named with the column it looks
// like (not also reported missing); other unknown names are ignored.
TEST(ColumnMap, ANameThatLooksLikeAKnownOneIsAProblem) {
  const std::vector<std::string_view> required = {"delivery_id", "supplier_id", "received_qty"};
  EXPECT_EQ(HeaderProblems({"delivery_id", "supplier_id", "received_qty", "Type"}, required, {"type"}),
            "f.csv:1: column 'Type' looks like 'type' (column names are lower case as in the spec)\n");
  EXPECT_EQ(HeaderProblems({"delivery_id", "supplier-id", "recieved_qty", "note"}, required, {"type"}),
            "f.csv:1: column 'supplier-id' looks like 'supplier_id' (column names are spelt as in the spec)\n"
            "f.csv:1: column 'recieved_qty' looks like 'received_qty' (column names are spelt as in the spec)\n");
  EXPECT_EQ(HeaderProblems({"DELIVERY_ID", "supplier_id", "received_qty", "typ", "types", "ytpe"}, required, {"type"}),
            "f.csv:1: column 'DELIVERY_ID' looks like 'delivery_id' (column names are lower case as in the spec)\n"
            "f.csv:1: column 'typ' looks like 'type' (column names are spelt as in the spec)\n"
            "f.csv:1: column 'types' looks like 'type' (column names are spelt as in the spec)\n"
            "f.csv:1: column 'ytpe' looks like 'type' (column names are spelt as in the spec)\n");
  // Two edits, or a name unlike any: ignored, as the spec says.
  EXPECT_EQ(
      HeaderProblems({"delivery_id", "supplier_id", "received_qty", "tpe_x", "comment", "kind"}, required, {"type"}),
      "");
  EXPECT_EQ(HeaderProblems({"delivery_id", "Supplier ID", "received_qty"}, required),
            "f.csv:1: column 'Supplier ID' looks like 'supplier_id' (column names are spelt as in the spec)\n");
}

// A header that cannot be the interchange format's says why: another
// separator, CR line ends, text that is not UTF-8.
TEST(ColumnMap, ASeparatorLineEndOrEncodingOfAnotherFormatIsNamed) {
  const std::vector<std::string_view> required = {"a", "b"};
  EXPECT_EQ(HeaderProblems({"a;b"}, required),
            "f.csv:1: the file is separated by ';': the interchange format uses ','\n");
  EXPECT_EQ(HeaderProblems({"a\tb"}, required),
            "f.csv:1: the file is separated by tabs: the interchange format uses ','\n");
  EXPECT_EQ(HeaderProblems({"a", "b\rx", "y"}, required),
            "f.csv:1: the file ends its lines with CR alone: the interchange format ends them with LF or CRLF\n");
  EXPECT_EQ(HeaderProblems({"a", "b",
                            "Gr\xF6\xDF"
                            "e"},
                           required),
            "f.csv:1: column 3 of the header: not valid UTF-8\n");
  EXPECT_EQ(HeaderProblems({"\xFF\xFE"
                            "a"},
                           required),
            "f.csv:1: the file is UTF-16: the interchange format is UTF-8\n");
  // One column without separators is only missing columns.
  EXPECT_EQ(HeaderProblems({"a"}, required), "f.csv:1: missing required column 'b'\n");
}

// Many columns share the few bytes a lookup starts from (and past 253 the
// shortcut is given up): every name still finds its own column, and a name
// that is no column finds none, whichever column it shares its key with.
TEST(ColumnMap, FindsEveryColumnAmongManyThatShareShortcuts) {
  for (const int columns : {100, 300}) {
    CsvRecord header;
    std::vector<std::string> names;
    for (int i = 0; i < columns; ++i) names.push_back("col_" + std::to_string(i));
    for (const std::string& name : names) header.fields.emplace_back(name);
    header.fields.emplace_back("ignored");
    const std::vector<std::string_view> required(names.begin(), names.end());
    std::vector<core::Error> problems;
    const ColumnMap map = ColumnMap::Build(header, "f.csv", required, {}, problems);
    ASSERT_TRUE(problems.empty());
    for (int i = 0; i < columns; ++i) EXPECT_EQ(map.Find(names[static_cast<std::size_t>(i)]), i) << i;
    for (int i = columns; i < columns + 200; ++i) EXPECT_FALSE(map.Find("col_" + std::to_string(i))) << i;
    EXPECT_FALSE(map.Find("ignored"));
    EXPECT_FALSE(map.Find(""));
  }
}

// The one-pass form agrees with finding the end and counting the lines
// before it, with and without quotes (a quoted field may hold line ends).
TEST(FindLastRecordEnd, CountsTheLinesBeforeTheEndInTheSamePass) {
  std::mt19937_64 random(9);
  const std::string alphabet = "ab,\n\n\"";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t length = random() % 120;
    const bool quotes = round % 2 == 0;
    for (std::size_t i = 0; i < length; ++i) text.push_back(alphabet[random() % (quotes ? 6 : 5)]);
    std::uint64_t lines = 0;
    const std::size_t end = FindLastRecordEnd(text, lines);
    ASSERT_EQ(end, FindLastRecordEnd(text)) << text;
    ASSERT_EQ(lines, static_cast<std::uint64_t>(
                         std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n')))
        << text;
  }
}

}  // namespace
}  // namespace supeval::io
