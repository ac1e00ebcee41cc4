// The columns the row paths resolve (DeliveryColumnsOf, ComplaintColumnsOf)
// are exactly those of the file's spec, which checks the header: a column
// added to one and not the other would be read by no path or refused by
// every header.
#include "file_schemas.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace supeval::io::dataset {
namespace {

// A header holding every column of `spec`, in its order.
ColumnMap FullHeader(const FileSpec& spec) {
  CsvRecord header;
  header.fields = spec.required_columns;
  header.fields.insert(header.fields.end(), spec.optional_columns.begin(), spec.optional_columns.end());
  std::vector<core::Error> problems;
  ColumnMap columns =
      ColumnMap::Build(header, std::string(spec.name), spec.required_columns, spec.optional_columns, problems);
  EXPECT_TRUE(problems.empty());
  return columns;
}

std::vector<std::string_view> SpecNames(const FileSpec& spec) {
  std::vector<std::string_view> names = spec.required_columns;
  names.insert(names.end(), spec.optional_columns.begin(), spec.optional_columns.end());
  std::sort(names.begin(), names.end());
  return names;
}

// The names of `columns`, each of which must be found in the full header.
std::vector<std::string_view> ResolvedNames(std::initializer_list<const Column*> columns) {
  std::vector<std::string_view> names;
  for (const Column* column : columns) {
    EXPECT_TRUE(column->index.has_value()) << column->name;
    names.push_back(column->name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(FileSchemas, DeliveryColumnsAreTheSpecsColumns) {
  const ColumnMap header = FullHeader(kDeliveries);
  const DeliveryColumns c = DeliveryColumnsOf(header);
  EXPECT_EQ(ResolvedNames({&c.id, &c.supplier, &c.plant, &c.material, &c.due_date, &c.due_qty, &c.receipt_date,
                           &c.received_qty, &c.type}),
            SpecNames(kDeliveries));
}

TEST(FileSchemas, ComplaintColumnsAreTheSpecsColumns) {
  const ColumnMap header = FullHeader(kComplaints);
  const ComplaintColumns c = ComplaintColumnsOf(header);
  EXPECT_EQ(
      ResolvedNames({&c.id, &c.supplier, &c.plant, &c.date, &c.type, &c.justified, &c.status, &c.delivery, &c.material,
                     &c.defect, &c.rejected_qty, &c.affected_qty, &c.returned_on, &c.confirmed_qty, &c.confirmed_on}),
      SpecNames(kComplaints));
}

TEST(FileSchemas, ADueQuantityOfZeroIsRefusedAndWordedAsBefore) {
  EXPECT_FALSE(DueQtyAllowed(Decimal()));
  EXPECT_TRUE(DueQtyAllowed(Decimal::FromMicros(1)));
  EXPECT_EQ(DueQtyProblem("0.000"), "'0.000' must be greater than 0");
}

}  // namespace
}  // namespace supeval::io::dataset
