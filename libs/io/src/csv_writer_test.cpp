// Tests of CsvWriter: RFC 4180 quoting, numbers, decimals, dates, empty
// fields and output larger than the internal buffer.
#include "supeval/io/csv_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

namespace supeval::io {
namespace {

using core::Date;
using core::Decimal;

TEST(CsvWriterTest, PlainTextIsNotQuoted) {
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.Row({"supplier_id", "name", "country"});
    writer.Row({"S00001", "Müller GmbH", "DE"});
  }
  EXPECT_EQ(out.str(), "supplier_id,name,country\nS00001,Müller GmbH,DE\n");
}

TEST(CsvWriterTest, QuotesOnlyWhenNeededAndDoublesQuotes) {
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.Field("a,b");
    writer.Field("say \"hi\"");
    writer.Field("line\nbreak");
    writer.Field("carriage\rreturn");
    writer.Field("\"");
    writer.Field("plain text; with 'apostrophes'");
    writer.EndRow();
  }
  EXPECT_EQ(out.str(),
            "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"carriage\rreturn\",\"\"\"\","
            "plain text; with 'apostrophes'\n");
}

// Each byte that calls for quotes, at every position of texts longer and
// shorter than the eight bytes checked at a time; bytes near them (with the
// high bit set, or one off) do not.
TEST(CsvWriterTest, QuotesWhereverTheByteIs) {
  for (std::size_t size = 1; size <= 19; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (const char special : {',', '"', '\r', '\n'}) {
        std::string text(size, 'x');
        text[at] = special;
        std::ostringstream out;
        {
          CsvWriter writer(out);
          writer.Field(text);
        }
        std::string expected = text;
        if (special == '"') expected.insert(at, "\"");
        EXPECT_EQ(out.str(), "\"" + expected + "\"") << size << " " << at << " " << int{special};
      }
      for (const char near : {'+', '-', '#', '!', '\x0B', '\x8A', '\xAC', '\xA2'}) {
        std::string text(size, 'y');
        text[at] = near;
        std::ostringstream out;
        {
          CsvWriter writer(out);
          writer.Field(text);
        }
        EXPECT_EQ(out.str(), text) << size << " " << at << " " << int{near};
      }
    }
  }
}

TEST(CsvWriterTest, Integers) {
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.Field(std::int64_t{0});
    writer.Field(std::int64_t{-12});
    writer.Field(std::int64_t{1234567890123});
    writer.Field(std::numeric_limits<std::int64_t>::min());
    writer.Field(std::numeric_limits<std::int64_t>::max());
    writer.EndRow();
  }
  EXPECT_EQ(out.str(), "0,-12,1234567890123,-9223372036854775808,9223372036854775807\n");
}

TEST(CsvWriterTest, DecimalsAreShortestExactText) {
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.Field(Decimal::FromMicros(770'000));
    writer.Field(Decimal::FromUnits(12));
    writer.Field(Decimal::FromMicros(1));
    writer.Field(Decimal::FromMicros(0));
    writer.Field(Decimal::FromMicros(1'500'250'000));
    writer.Field(Decimal::FromMicros(123'456'789));
    writer.Field(Decimal::FromMicros(-2'500'000));
    writer.EndRow();
  }
  EXPECT_EQ(out.str(), "0.77,12,0.000001,0,1500.25,123.456789,-2.5\n");
}

TEST(CsvWriterTest, DecimalTextMatchesDecimalToString) {
  for (const std::int64_t micros :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{10}, std::int64_t{999'999}, std::int64_t{1'000'000},
        std::int64_t{1'000'001}, std::int64_t{120'300'000}, std::numeric_limits<std::int64_t>::max()}) {
    std::ostringstream out;
    {
      CsvWriter writer(out);
      writer.Field(Decimal::FromMicros(micros));
    }
    EXPECT_EQ(out.str(), Decimal::FromMicros(micros).ToString()) << micros;
  }
}

TEST(CsvWriterTest, DatesAreIso) {
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.Field(Date::FromCivil(2026, 1, 1));
    writer.Field(Date::FromCivil(2026, 12, 31));
    writer.Field(Date::FromCivil(1999, 2, 28));
    writer.Field(Date::FromCivil(2024, 2, 29));
    writer.EndRow();
  }
  EXPECT_EQ(out.str(), "2026-01-01,2026-12-31,1999-02-28,2024-02-29\n");
}

TEST(CsvWriterTest, EmptyFields) {
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.EmptyField();
    writer.Field("x");
    writer.EmptyField();
    writer.Field("");
    writer.EmptyField();
    writer.EndRow();
    writer.Field("y");
    writer.EmptyField();
    writer.EndRow();
  }
  EXPECT_EQ(out.str(), ",x,,,\ny,\n");
}

TEST(CsvWriterTest, FlushHandsBufferToStream) {
  std::ostringstream out;
  CsvWriter writer(out);
  writer.Row({"a", "b"});
  EXPECT_EQ(out.str(), "");
  writer.Flush();
  EXPECT_EQ(out.str(), "a,b\n");
  writer.Row({"c"});
  writer.Flush();
  EXPECT_EQ(out.str(), "a,b\nc\n");
}

TEST(CsvWriterTest, LargeOutputCrossesTheBufferSize) {
  constexpr std::int64_t kRows = 200'000;  // about 6 MiB, several buffers
  std::ostringstream out;
  std::string expected;
  {
    CsvWriter writer(out);
    for (std::int64_t i = 0; i < kRows; ++i) {
      writer.Field(i);
      writer.Field("a,\"b\"");
      writer.Field(Decimal::FromMicros(i * 1'250));
      writer.Field(Date::FromCivil(2026, 1, 1) + static_cast<std::int32_t>(i % 365));
      writer.EndRow();
      expected += std::to_string(i) + ",\"a,\"\"b\"\"\"," + Decimal::FromMicros(i * 1'250).ToString() + "," +
                  (Date::FromCivil(2026, 1, 1) + static_cast<std::int32_t>(i % 365)).ToString() + "\n";
    }
  }
  ASSERT_GT(expected.size(), 4 * CsvWriter::kBufferSize);
  EXPECT_EQ(out.str(), expected);
}

TEST(CsvWriterTest, FieldsLargerThanTheBuffer) {
  const std::string plain(CsvWriter::kBufferSize + 17, 'x');
  std::string quoted(CsvWriter::kBufferSize + 5, 'y');
  quoted[3] = '"';
  quoted[CsvWriter::kBufferSize] = ',';
  std::ostringstream out;
  {
    CsvWriter writer(out);
    writer.Field("head");
    writer.Field(plain);
    writer.Field(quoted);
    writer.EndRow();
  }
  std::string escaped = quoted;
  escaped.insert(3, 1, '"');
  EXPECT_EQ(out.str(), "head," + plain + ",\"" + escaped + "\"\n");
}

}  // namespace
}  // namespace supeval::io
