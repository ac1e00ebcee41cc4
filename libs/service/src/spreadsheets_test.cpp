// The workbook model of a CSV output: typed by column name, cells as the CSV has them.
#include "supeval/service/spreadsheets.hpp"

#include <gtest/gtest.h>

namespace supeval::service {
namespace {

TEST(Spreadsheets, ColumnsAreTypedByNameAndTextOtherwise) {
  EXPECT_EQ(ColumnCellType("deliveries"), report::CellType::kInteger);
  EXPECT_EQ(ColumnCellType("total"), report::CellType::kDecimal);
  EXPECT_EQ(ColumnCellType("amount"), report::CellType::kDecimal);
  EXPECT_EQ(ColumnCellType("class"), report::CellType::kClass);
  EXPECT_EQ(ColumnCellType("class_after"), report::CellType::kClass);
  EXPECT_EQ(ColumnCellType("supplier_id"), report::CellType::kText);
  EXPECT_EQ(ColumnCellType("a column added later"), report::CellType::kText);
}

TEST(Spreadsheets, TheCsvReadsBackCellForCell) {
  auto table = TableOfCsv("supplier_id,name,total\nS1,\"Acme, Inc.\",92.3\nS2,\"Say \"\"hi\"\"\",\n");
  ASSERT_TRUE(table.ok()) << table.error().ToString();
  EXPECT_EQ(table->columns, (std::vector<std::string>{"supplier_id", "name", "total"}));
  ASSERT_EQ(table->rows.size(), 2U);
  EXPECT_EQ(table->rows[0], (std::vector<std::string>{"S1", "Acme, Inc.", "92.3"}));
  EXPECT_EQ(table->rows[1], (std::vector<std::string>{"S2", "Say \"hi\"", ""}));
  const report::Workbook workbook = WorkbookOf("results", *table, {{"period", "2026-H1"}});
  EXPECT_EQ(workbook.table.name, "results");
  EXPECT_EQ(workbook.table.columns[2].type, report::CellType::kDecimal);
  EXPECT_EQ(workbook.table.rows, table->rows);
}

TEST(Spreadsheets, ARaggedCsvIsAnInternalError) {
  auto table = TableOfCsv("a,b\n1,2,3\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(table.error().message.find("line 2 has 3 fields"), std::string::npos) << table.error().message;
}

TEST(Spreadsheets, AnEmptyTableStillMakesAWorkbook) {
  auto bytes = XlsxOfTable(io::TextResult{{"supplier_id", "class"}, {}}, "changes", {});
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_TRUE(bytes->starts_with("PK"));
}

}  // namespace
}  // namespace supeval::service
