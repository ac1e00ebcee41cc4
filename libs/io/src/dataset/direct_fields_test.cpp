// DirectFields accepts and refuses exactly the fields RowReader does, and
// reads the same values, for every kind of field: text, date, decimal, code
// and reference, required or optional, present, empty or absent.
#include "direct_fields.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../id_index.hpp"
#include "../row_reader.hpp"

namespace supeval::io::dataset {
namespace {

class DirectFieldsTest : public ::testing::Test {
 protected:
  DirectFieldsTest() {
    CsvRecord header;
    header.fields = {"text", "date", "qty", "flag", "ref"};
    std::vector<core::Error> problems;
    columns_ = ColumnMap::Build(header, "f.csv", {"text", "date", "qty", "flag", "ref"}, {"absent"}, problems);
    EXPECT_TRUE(problems.empty());
    ids_.Insert("A1");
    ids_.Seal();
  }

  // Reads `field` of `column` both ways with `read(fields, column)` and
  // expects the same value and the same verdict.
  template <class Read>
  void ExpectAlike(std::string_view column_name, std::string_view field, const Read& read) {
    CsvRecord record;
    record.fields = {"t", "2026-01-31", "1", "yes", "A1"};
    record.line = 2;
    const Column column{column_name, columns_.Find(column_name)};
    if (column.index) record.fields[*column.index] = field;
    Diagnostics named;
    const std::string file = "f.csv";  // RowReader keeps a reference to it
    RowReader row(file, record, columns_, named);
    DirectFields direct(record);
    EXPECT_EQ(read(direct, column), read(row, column)) << column_name << " '" << field << "'";
    EXPECT_EQ(direct.ok(), row.ok()) << column_name << " '" << field << "'";
    EXPECT_EQ(direct.ok(), named.empty()) << column_name << " '" << field << "'";
  }

  ColumnMap columns_;
  IdIndex ids_;
};

TEST_F(DirectFieldsTest, DecidesAndReadsAsRowReaderDoes) {
  for (const bool required : {true, false}) {
    for (const std::string_view field : {"", "x", "2026-01-31", "2026-02-30", "0999-01-01", "1.5", "-1", "1e3",
                                         "0.0000001", "12345678901234567890", "yes", "Yes", "A1", "B2"}) {
      const auto text = [&](auto& fields, const Column& column) { return fields.Text(column, required); };
      const auto date = [&](auto& fields, const Column& column) { return fields.ReadDate(column, required); };
      const auto qty = [&](auto& fields, const Column& column) { return fields.ReadDecimal(column, required); };
      const auto flag = [&](auto& fields, const Column& column) { return fields.ReadEnum(column, kYesNo, required); };
      const auto ref = [&](auto& fields, const Column& column) {
        return fields.ReadReference(column, ids_, "thing", required);
      };
      ExpectAlike("text", field, text);
      ExpectAlike("absent", field, text);
      ExpectAlike("date", field, date);
      ExpectAlike("absent", field, date);
      ExpectAlike("qty", field, qty);
      ExpectAlike("flag", field, flag);
      ExpectAlike("ref", field, ref);
      ExpectAlike("absent", field, ref);
    }
  }
}

}  // namespace
}  // namespace supeval::io::dataset
