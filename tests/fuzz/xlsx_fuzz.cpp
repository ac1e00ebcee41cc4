// Fuzz target: the .xlsx reader of libs/io (xlsx_reader.hpp) on hostile
// workbooks. An input that starts as a zip archive ("PK") is read as it is
// (libzip's own parsing, CRCs, sizes); any other input lists the archive's
// entries as text, `=== xl/workbook.xml` lines each followed by the entry's
// bytes, zipped here (stored) so that mutations reach the XML: the parts'
// relationships, shared strings, styles, cell references, nesting.
// Proves, for every input: no crash, no sanitizer report, bounded work (small
// limits), and a read workbook's shape: rows in rising order within Excel's
// grid, no row without content, no trailing empty cell.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "supeval/io/xlsx_reader.hpp"

namespace {

constexpr std::string_view kEntryMark = "=== ";

// The entries of the text form: name, bytes.
std::vector<std::pair<std::string, std::string>> Entries(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> entries;
  while (!text.empty()) {
    const std::size_t line_end = text.find('\n');
    const std::string_view line = text.substr(0, line_end);
    text = line_end == std::string_view::npos ? std::string_view() : text.substr(line_end + 1);
    if (line.starts_with(kEntryMark)) {
      entries.emplace_back(std::string(line.substr(kEntryMark.size())), std::string());
    } else if (!entries.empty()) {
      entries.back().second.append(line).append(line_end == std::string_view::npos ? "" : "\n");
    }
  }
  return entries;
}

// A stored (uncompressed) archive of `entries`; empty when libzip refuses
// a name.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (buffer == nullptr) return {};
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, nullptr);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return {};
  }
  for (const auto& [name, bytes] : entries) {
    zip_source_t* data = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const zip_int64_t index = data == nullptr ? -1 : zip_file_add(archive, name.c_str(), data, ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(data);
      continue;
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  std::string bytes;
  if (zip_close(archive) != 0) {
    zip_discard(archive);
  } else if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    bytes.resize(static_cast<std::size_t>(zip_source_tell(buffer)));
    zip_source_seek(buffer, 0, SEEK_SET);
    zip_source_read(buffer, bytes.data(), bytes.size());
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return bytes;
}

void CheckShape(const std::vector<supeval::io::Sheet>& sheets) {
  for (const supeval::io::Sheet& sheet : sheets) {
    std::uint32_t last = 0;
    for (const supeval::io::SheetRow& row : sheet.rows) {
      SUPEVAL_FUZZ_CHECK(row.number > last && row.number <= 1048576, "rows out of order or off the grid");
      SUPEVAL_FUZZ_CHECK(!row.cells.empty() && !row.cells.back().empty(), "a row ends in an empty cell");
      SUPEVAL_FUZZ_CHECK(row.cells.size() <= 16384, "a row past column XFD");
      last = row.number;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  supeval::io::XlsxLimits limits;
  limits.max_entry_bytes = std::uint64_t{4} << 20;
  limits.max_total_bytes = std::uint64_t{16} << 20;
  limits.max_cells = 100000;
  const std::string bytes = input.starts_with("PK") ? std::string(input) : Zip(Entries(input));
  auto sheets = supeval::io::ReadWorkbook(bytes, "fuzz.xlsx", limits);
  if (sheets.ok()) CheckShape(*sheets);
  return 0;
}
