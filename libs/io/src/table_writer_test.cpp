// Tests of the text-result writer: the byte layouts of CONTRACTS.md §2 (csv
// quoting, json layout and every escape), and the people's table.
#include "supeval/io/table_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace supeval::io {
namespace {

TextResult TwoRows() {
  return {{"contract_id", "kind", "amount"}, {{"K1", "kpi", "-560.00"}, {"K2", "milestone", ""}}};
}

TEST(TextResultCsvTest, HeaderRowsAndNewlineAfterEveryLine) {
  EXPECT_EQ(WriteTextResultCsv(TwoRows()), "contract_id,kind,amount\nK1,kpi,-560.00\nK2,milestone,\n");
}

TEST(TextResultCsvTest, NoRowsIsJustTheHeader) { EXPECT_EQ(WriteTextResultCsv({{"a", "b"}, {}}), "a,b\n"); }

TEST(TextResultCsvTest, QuotesOnlyCommaQuoteCrLf) {
  const TextResult result{{"v"},
                          {{"a,b"},
                           {"say \"x\""},
                           {"l1\nl2"},
                           {"c\rr"},
                           {"semi;colon"},
                           {"tab\there"},
                           {"K1 E1>E2"},
                           {" spaced "},
                           {"\""}}};
  EXPECT_EQ(
      WriteTextResultCsv(result),
      "v\n\"a,b\"\n\"say \"\"x\"\"\"\n\"l1\nl2\"\n\"c\rr\"\nsemi;colon\ntab\there\nK1 E1>E2\n spaced \n\"\"\"\"\n");
}

TEST(TextResultCsvTest, HeaderIsQuotedByTheSameRule) {
  EXPECT_EQ(WriteTextResultCsv({{"a,b", "c"}, {{"1", "2"}}}), "\"a,b\",c\n1,2\n");
}

TEST(TextResultJsonTest, LayoutOfSection2) {
  EXPECT_EQ(WriteTextResultJson(TwoRows()),
            "[\n"
            "{\"contract_id\":\"K1\",\"kind\":\"kpi\",\"amount\":\"-560.00\"},\n"
            "{\"contract_id\":\"K2\",\"kind\":\"milestone\",\"amount\":null}\n"
            "]\n");
}

TEST(TextResultJsonTest, NoRowsIsTwoLines) { EXPECT_EQ(WriteTextResultJson({{"a"}, {}}), "[\n]\n"); }

TEST(TextResultJsonTest, OneRowHasNoComma) {
  EXPECT_EQ(WriteTextResultJson({{"a"}, {{"1"}}}), "[\n{\"a\":\"1\"}\n]\n");
}

TEST(TextResultJsonTest, OnlyAnEmptyCellIsNull) {
  EXPECT_EQ(WriteTextResultJson({{"a", "b", "c"}, {{" ", "", "0"}}}), "[\n{\"a\":\" \",\"b\":null,\"c\":\"0\"}\n]\n");
}

TEST(TextResultJsonTest, NumbersStayStrings) {
  EXPECT_EQ(WriteTextResultJson({{"n"}, {{"95"}}}), "[\n{\"n\":\"95\"}\n]\n");
}

TEST(JsonStringLiteralTest, EscapesQuoteAndBackslash) { EXPECT_EQ(JsonStringLiteral("a\"b\\c"), "\"a\\\"b\\\\c\""); }

TEST(JsonStringLiteralTest, NamedControlEscapes) { EXPECT_EQ(JsonStringLiteral("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\""); }

TEST(JsonStringLiteralTest, OtherControlsAsLowerCaseU00xx) {
  EXPECT_EQ(JsonStringLiteral(std::string("\0", 1)), "\"\\u0000\"");
  EXPECT_EQ(JsonStringLiteral("\x01"), "\"\\u0001\"");
  EXPECT_EQ(JsonStringLiteral("\x0b"), "\"\\u000b\"");
  EXPECT_EQ(JsonStringLiteral("\x1b[2J"), "\"\\u001b[2J\"");
  EXPECT_EQ(JsonStringLiteral("\x1f"), "\"\\u001f\"");
}

TEST(JsonStringLiteralTest, NothingElseIsEscaped) {
  // Space, '/', DEL, and non-ASCII UTF-8 (ü, €, an emoji) pass as they are.
  EXPECT_EQ(JsonStringLiteral(" /\x7f"), "\" /\x7f\"");
  EXPECT_EQ(JsonStringLiteral("Müller € \xF0\x9F\x98\x80"), "\"Müller € \xF0\x9F\x98\x80\"");
  EXPECT_EQ(JsonStringLiteral(""), "\"\"");
}

TEST(TextResultJsonTest, ColumnNamesAreEscapedToo) {
  EXPECT_EQ(WriteTextResultJson({{"a\"b"}, {{"x"}}}), "[\n{\"a\\\"b\":\"x\"}\n]\n");
}

TEST(TextResultJsonTest, ParsesToTheSameCells) {
  std::string every_byte;
  for (int c = 1; c < 128; ++c) every_byte += static_cast<char>(c);
  const TextResult result{{"a", "b", "c"}, {{every_byte, "", "€/ü"}, {"x,y", "\"q\"", "-0.13"}}};
  const auto parsed = nlohmann::json::parse(WriteTextResultJson(result));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0]["a"], every_byte);
  EXPECT_TRUE(parsed[0]["b"].is_null());
  EXPECT_EQ(parsed[0]["c"], "€/ü");
  EXPECT_EQ(parsed[1]["b"], "\"q\"");
  EXPECT_EQ(parsed[1]["c"], "-0.13");
}

TEST(TextResultTableTest, AlignsColumnsAndRightAlignsNumbers) {
  const TextResult result{{"contract_id", "kind", "amount"},
                          {{"K1", "kpi", "-560.00"}, {"K22", "penalty_cap", "160.00"}, {"K3", "milestone", ""}}};
  EXPECT_EQ(WriteTextResultTable(result),
            "contract_id  kind          amount\n"
            "K1           kpi          -560.00\n"
            "K22          penalty_cap   160.00\n"
            "K3           milestone\n");
}

TEST(TextResultTableTest, AColumnWithOneTextCellIsLeftAligned) {
  const TextResult result{{"ref", "n"}, {{"12", "1"}, {"E1@2026-03", "10"}}};
  EXPECT_EQ(WriteTextResultTable(result),
            "ref          n\n"
            "12           1\n"
            "E1@2026-03  10\n");
}

TEST(TextResultTableTest, NotNumbers) {
  // A date, a lone '-', "1." and ".5" are not numbers: the column stays left.
  for (const char* cell : {"2026-03-31", "-", "1.", ".5", "1.2.3", "--1"}) {
    const TextResult result{{"value"}, {{cell}, {"1"}}};
    const std::string text = WriteTextResultTable(result);
    EXPECT_EQ(text.substr(0, 6), "value\n") << cell;
    EXPECT_EQ(text.substr(text.size() - 2), "1\n") << cell;
    EXPECT_EQ(text.find(" 1\n"), std::string::npos) << cell;
  }
}

TEST(TextResultTableTest, ControlCharactersCannotSplitARow) {
  const TextResult result{{"note"}, {{"a\nb\x1b"}}};
  EXPECT_EQ(WriteTextResultTable(result), "note\na\\nb\\x1b\n");
}

TEST(TextResultTableTest, NoRowsSaysSo) { EXPECT_EQ(WriteTextResultTable({{"a", "b"}, {}}), "a  b\n(no rows)\n"); }

TEST(TextResultTest, DispatchesOnFormat) {
  EXPECT_EQ(WriteTextResult(TwoRows(), ResultFormat::kCsv), WriteTextResultCsv(TwoRows()));
  EXPECT_EQ(WriteTextResult(TwoRows(), ResultFormat::kJson), WriteTextResultJson(TwoRows()));
  EXPECT_EQ(WriteTextResult(TwoRows(), ResultFormat::kTable), WriteTextResultTable(TwoRows()));
}

}  // namespace
}  // namespace supeval::io
