// DeliveryBlockReader hands out the file after its header exactly, in whole
// records with the right first lines, whether its blocks are views of the
// mapped file or read into buffers, for any block size: records longer than
// a block, quoted line ends, a file whose size is a whole number of pages
// (the bytes after the last block must be readable), a pipe (not mapped), and
// a reader whose buffered bytes are not the file's (not mapped either).
// Cut at line ends instead, a file without quotes gives the same blocks,
// numbered in order, without their lines.
#include "delivery_blocks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "supeval/io/csv_reader.hpp"

namespace supeval::io {
namespace {

namespace fs = std::filesystem;

const std::string kHeader =
    "delivery_id,supplier_id,plant_id,material_id,due_date,due_qty,receipt_date,received_qty,type\n";

struct Block {
  std::string text;
  std::uint64_t first_line = 0;
  std::uint64_t sequence = 0;
};

// Rows of varied length; some quoted with a line end inside (unless
// `quotes` is false), one long.
std::string Rows(std::size_t count, std::uint32_t seed, bool quotes = true) {
  std::mt19937 random(seed);
  std::string rows;
  for (std::size_t i = 0; i < count; ++i) {
    rows += "D" + std::to_string(i) + ",S" + std::to_string(random() % 1000) + ",P1,M" + std::to_string(random() % 7);
    if (random() % 17 == 0 && quotes) rows += ",\"2026-01-05\n\"";
    else rows += ",2026-01-05";
    rows += "," + std::string(1 + random() % 9, '7') + ",2026-01-06,700,series\n";
    if (i == count / 2) rows += "D-long," + std::string(5000, 'x') + ",P1,M1,2026-01-05,1,2026-01-06,1,series\n";
  }
  return rows;
}

class DeliveryBlocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("supeval_blocks_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& text) {
    const fs::path path = dir_ / "deliveries.csv";
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Every block of `path` as the stream reads it, after its header; each
  // block's padding is read too (a crash if it lay past the mapping).
  static std::vector<Block> ReadBlocks(const fs::path& path, std::size_t block_bytes, bool allow_mapping,
                                       bool* mapped = nullptr, BlockCuts cuts = BlockCuts::kAtRecordEnds) {
    auto reader = CsvReader::Open(path, "deliveries.csv");
    EXPECT_TRUE(reader.ok());
    CsvRecord header;
    EXPECT_TRUE(*reader->Next(header));
    std::uint64_t line = 0;
    std::string buffered = reader->TakeBuffered(line);
    DeliveryBlockReader blocks(reader->file(), std::move(buffered), line, block_bytes, allow_mapping, cuts);
    if (mapped != nullptr) *mapped = blocks.mapped();
    std::vector<Block> out;
    DeliveryBlock block;
    while (blocks.Next(block)) {
      volatile char padding = 0;
      for (std::size_t i = 0; i < kBlockPadding; ++i) padding = block.text().data()[block.text().size() + i];
      (void)padding;
      out.push_back({std::string(block.text()), block.first_line(), block.sequence()});
    }
    EXPECT_FALSE(blocks.failed());
    return out;
  }

  // The blocks are the text after the header, each of whole records,
  // numbered from line 2 on.
  static void ExpectWholeRecords(const std::vector<Block>& blocks, const std::string& rows) {
    std::string joined;
    std::uint64_t line = 2;
    std::ptrdiff_t quotes = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const Block& block = blocks[i];
      EXPECT_EQ(block.first_line, line);
      EXPECT_EQ(block.sequence, i);
      EXPECT_FALSE(block.text.empty());
      joined += block.text;
      line += static_cast<std::uint64_t>(std::count(block.text.begin(), block.text.end(), '\n'));
      quotes += std::count(block.text.begin(), block.text.end(), '"');
      if (joined.size() < rows.size()) {
        EXPECT_EQ(block.text.back(), '\n');
        EXPECT_EQ(quotes % 2, 0) << "a block ends inside quotes";
      }
    }
    EXPECT_EQ(joined, rows);
  }

  fs::path dir_;
};

TEST_F(DeliveryBlocksTest, MappedAndReadBlocksAreTheFileInWholeRecords) {
  const std::string rows = Rows(3000, 7);
  const fs::path path = Write(kHeader + rows);
  for (const std::size_t block_bytes : {std::size_t{64}, std::size_t{1000}, std::size_t{70000}, std::size_t{1} << 20}) {
    SCOPED_TRACE(block_bytes);
    bool mapped = false;
    const std::vector<Block> from_map = ReadBlocks(path, block_bytes, true, &mapped);
    EXPECT_TRUE(mapped);
    ExpectWholeRecords(from_map, rows);
    const std::vector<Block> read = ReadBlocks(path, block_bytes, false, &mapped);
    EXPECT_FALSE(mapped);
    ExpectWholeRecords(read, rows);
  }
}

TEST_F(DeliveryBlocksTest, CutAtLineEndsAFileWithoutQuotesGivesTheSameBlocksWithoutLines) {
  const std::string rows = Rows(3000, 13, false);
  const fs::path path = Write(kHeader + rows);
  for (const std::size_t block_bytes : {std::size_t{64}, std::size_t{1000}, std::size_t{70000}}) {
    for (const bool allow_mapping : {true, false}) {
      SCOPED_TRACE(std::to_string(block_bytes) + (allow_mapping ? " mapped" : " read"));
      const std::vector<Block> by_records = ReadBlocks(path, block_bytes, allow_mapping);
      std::vector<Block> by_lines = ReadBlocks(path, block_bytes, allow_mapping, nullptr, BlockCuts::kAtLineEnds);
      ASSERT_EQ(by_lines.size(), by_records.size());
      if (allow_mapping) {
        ASSERT_GT(by_lines.size(), 1U);
      }
      for (std::size_t i = 0; i < by_lines.size(); ++i) {
        EXPECT_EQ(by_lines[i].first_line, 0U) << i;
        by_lines[i].first_line = by_records[i].first_line;
        EXPECT_EQ(by_lines[i].text, by_records[i].text) << i;
      }
      ExpectWholeRecords(by_lines, rows);
    }
  }
}

// With quotes, a cut at a line end may fall inside a quoted field: that is
// why the caller must check for them.
TEST_F(DeliveryBlocksTest, CutAtLineEndsIgnoresQuotes) {
  const std::string rows = "D1,S1,P1,M1,\"2026-01-05\n\",1,2026-01-06,1,series\n" + Rows(100, 1, false);
  const fs::path path = Write(kHeader + rows);
  const std::vector<Block> by_lines = ReadBlocks(path, 40, true, nullptr, BlockCuts::kAtLineEnds);
  ASSERT_FALSE(by_lines.empty());
  EXPECT_EQ(by_lines[0].text, "D1,S1,P1,M1,\"2026-01-05\n");
  EXPECT_NE(ReadBlocks(path, 40, true)[0].text, by_lines[0].text);
}

TEST_F(DeliveryBlocksTest, AFileOfWholePagesIsReadToItsLastByte) {
  std::string text = kHeader + Rows(800, 11);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t pages = (text.size() + page - 1) / page + 1;
  while (text.size() < pages * page) text += "D9,S1,P1,M1,2026-01-05,1,2026-01-06,1,series\n";
  text.resize(pages * page - 1);
  text += '\n';
  ASSERT_EQ(text.size() % page, 0U);
  const fs::path path = Write(text);
  for (const std::size_t block_bytes : {std::size_t{100}, page - 64, page, 3 * page}) {
    SCOPED_TRACE(block_bytes);
    ExpectWholeRecords(ReadBlocks(path, block_bytes, true), text.substr(kHeader.size()));
  }
}

TEST_F(DeliveryBlocksTest, AFileWithoutAFinalLineEndEndsWithItsLastRecord) {
  const std::string rows = Rows(500, 3) + "D-last,S1,P1,M1,2026-01-05,1,2026-01-06,1,series";
  const fs::path path = Write(kHeader + rows);
  ExpectWholeRecords(ReadBlocks(path, 256, true), rows);
}

TEST_F(DeliveryBlocksTest, APipeIsReadNotMapped) {
  const std::string rows = Rows(2000, 5);
  const fs::path path = dir_ / "pipe.csv";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(path, std::ios::binary) << kHeader << rows; });
  bool mapped = true;
  const std::vector<Block> blocks = ReadBlocks(path, 4096, true, &mapped);
  writer.join();
  EXPECT_FALSE(mapped);
  ExpectWholeRecords(blocks, rows);
}

TEST_F(DeliveryBlocksTest, BufferedBytesThatAreNotTheFilesAreNotMappedOver) {
  const std::string rows = Rows(200, 9);
  const fs::path path = Write(kHeader + rows);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(std::fseek(file, static_cast<long>(kHeader.size() + 10), SEEK_SET), 0);
  std::string buffered = "0123456789";  // not the file's first ten bytes after the header
  DeliveryBlockReader blocks(file, buffered, 2, 512, true);
  EXPECT_FALSE(blocks.mapped());
  std::string joined;
  DeliveryBlock block;
  while (blocks.Next(block)) joined += block.text();
  EXPECT_EQ(joined, buffered + rows.substr(10));
  std::fclose(file);
}

}  // namespace
}  // namespace supeval::io
