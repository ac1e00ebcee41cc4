// Fuzz target: the CSV record reader of libs/io (csv_reader.hpp) on any bytes.
// Proves, for every input: no crash, no out-of-bounds read (the block parser
// gets a buffer of exactly the text's size, no padding), no undefined
// behaviour; the streaming reader (CsvReader) and the block parser
// (CsvBlockParser, with its separator-list fast path) give the same records,
// lines and first error; FindLastRecordEnd's two forms agree and end where a
// record ends; ColumnMap::Build accepts or refuses a header without crashing
// and finds every column it accepted.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "supeval/io/csv_reader.hpp"

namespace {

using supeval::io::CsvBlockParser;
using supeval::io::CsvReader;
using supeval::io::CsvRecord;

// Bounds the records compared, so that a text of many short lines stays fast.
constexpr std::size_t kMaxRecords = 4096;

struct ReadRecord {
  std::vector<std::string> fields;
  std::uint64_t line = 0;
  friend bool operator==(const ReadRecord&, const ReadRecord&) = default;
};

// What a reader made of the text: its records, then the error it stopped at.
struct ReadResult {
  std::vector<ReadRecord> records;
  std::optional<std::string> error;
};

ReadRecord Copy(const CsvRecord& record) {
  return ReadRecord{std::vector<std::string>(record.fields.begin(), record.fields.end()), record.line};
}

template <class NextRecord>
ReadResult ReadAll(NextRecord next) {
  ReadResult result;
  CsvRecord record;
  while (result.records.size() < kMaxRecords) {
    auto more = next(record);
    if (!more.ok()) {
      result.error = more.error().message + " at line " + std::to_string(more.error().location.line);
      break;
    }
    if (!*more) break;
    result.records.push_back(Copy(record));
  }
  return result;
}

void CheckHeaderMapping(const ReadResult& read) {
  if (read.records.empty()) return;
  CsvRecord header;
  for (const std::string& field : read.records.front().fields) header.fields.emplace_back(field);
  header.line = 1;
  const std::vector<std::string_view> required{"supplier_id", "name"};
  const std::vector<std::string_view> optional{"qz3", "country"};
  std::vector<supeval::core::Error> problems;
  const auto columns = supeval::io::ColumnMap::Build(header, "fuzz.csv", required, optional, problems);
  if (!problems.empty()) return;
  for (const std::string_view name : required) {
    const auto found = columns.Find(name);
    SUPEVAL_FUZZ_CHECK(found.has_value(), "a required column the map accepted is not found");
    SUPEVAL_FUZZ_CHECK(*found < header.fields.size(), "a column is placed past the header's width");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  CsvReader reader = CsvReader::FromString(text, "fuzz.csv");
  const ReadResult streamed = ReadAll([&reader](CsvRecord& record) { return reader.Next(record); });

  // The block parser does not skip a byte-order mark: the reader does, before it.
  std::string_view block = text;
  if (block.starts_with("\xEF\xBB\xBF")) block.remove_prefix(3);
  const std::vector<char> exact(block.begin(), block.end());  // no readable byte past the end
  CsvBlockParser parser(std::string_view(exact.data(), exact.size()), 1);
  const ReadResult parsed = ReadAll([&parser](CsvRecord& record) { return parser.Next(record, "fuzz.csv"); });

  SUPEVAL_FUZZ_CHECK(streamed.records == parsed.records, "CsvReader and CsvBlockParser read different records");
  SUPEVAL_FUZZ_CHECK(streamed.error == parsed.error, "CsvReader and CsvBlockParser stop at different errors");

  std::uint64_t lines = 0;
  const std::size_t end = supeval::io::FindLastRecordEnd(block);
  SUPEVAL_FUZZ_CHECK(supeval::io::FindLastRecordEnd(block, lines) == end, "FindLastRecordEnd's two forms differ");
  SUPEVAL_FUZZ_CHECK(end <= block.size() && (end == 0 || block[end - 1] == '\n'),
                     "FindLastRecordEnd does not end after a line end");
  SUPEVAL_FUZZ_CHECK(lines <= end, "FindLastRecordEnd counts more lines than bytes");

  CheckHeaderMapping(streamed);
  return 0;
}
