// The dataset fuzz target's input format: a wrong split would silently fuzz
// other files than the input names, and a wrong growth no second block.
#include "dataset_input.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

namespace supeval::fuzz {
namespace {

TEST(DatasetInput, SplitsOptionsAndFilesAtTheirMarks) {
  const DatasetInput input = ParseDatasetInput(
      "period=2026-Q3\nthreads=9\nexplain=S1\nblocks=2\ngrow=complaints.csv\nnoise\n"
      "@@ suppliers.csv\nsupplier_id,name\nS1,\"a\n@@ b\"\n"
      "@@ plants.csv\r\nplant_id\nP1");
  EXPECT_EQ(input.period, "2026-Q3");
  EXPECT_EQ(input.threads, 4);  // clamped
  EXPECT_EQ(input.explain_supplier, "S1");
  EXPECT_TRUE(input.grown_files.contains("deliveries.csv"));
  EXPECT_TRUE(input.grown_files.contains("complaints.csv"));
  ASSERT_EQ(input.files.size(), 3U);
  // A mark opens a file only at a line start; the line end before it is the
  // file's; the last file may end without one.
  EXPECT_EQ(input.files.at("suppliers.csv"), "supplier_id,name\nS1,\"a\n");
  EXPECT_EQ(input.files.at("b\""), "");
  EXPECT_EQ(input.files.at("plants.csv"), "plant_id\nP1");
}

TEST(DatasetInput, KeepsTheDefaultsWithoutOptions) {
  const DatasetInput input = ParseDatasetInput("@@ holds.csv\n");
  EXPECT_EQ(input.period, "2026-H1");
  EXPECT_EQ(input.threads, 2);
  EXPECT_FALSE(input.explain_supplier.has_value());
  EXPECT_TRUE(input.grown_files.empty());
  EXPECT_EQ(input.files.at("holds.csv"), "");
}

TEST(DatasetInput, GrowsAFileAcrossTheFirstBlockWithRowsOfTheFirstRowsShape) {
  const std::string header = "delivery_id,type\n";
  const std::string rest = "D0000097,sample\nD0000098,series\nD0000099,sample\nD0000100,series\n";
  const std::string grown = GrowPastOneBlock(header + "D0000001,series\n" + rest);
  // The other rows lie across the end of the first block (after the header).
  const std::size_t block_end = header.size() + kDeliveryBlockBytes;
  EXPECT_LT(grown.size() - rest.size(), block_end);
  EXPECT_GT(grown.size(), block_end);
  EXPECT_TRUE(grown.starts_with(header + "D0000001,series\nD0000002,series\nD0000003,series\n"));
  EXPECT_TRUE(grown.ends_with(rest));
  // Every added row has the first row's width: the same shape.
  const std::string added = grown.substr(header.size(), grown.size() - header.size() - rest.size());
  EXPECT_EQ(added.size() % std::string("D0000001,series\n").size(), 0U);
}

TEST(DatasetInput, LeavesAFileWithoutRowsAsItIs) {
  EXPECT_EQ(GrowPastOneBlock("delivery_id,type\n"), "delivery_id,type\n");
  EXPECT_EQ(GrowPastOneBlock("no line end"), "no line end");
}

}  // namespace
}  // namespace supeval::fuzz
