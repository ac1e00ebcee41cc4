// XlsxReader: reads the cells of an Office Open XML workbook (.xlsx) as text,
// so that a workbook can stand in for the interchange CSV folder (one sheet
// per file). Only what a table needs is read: the sheets in order, shared,
// inline and rich-text strings, numbers (as the shortest text that reads back
// to the same double, integers without ".0", never through a locale),
// booleans, error values, and the date formats of styles.xml (a number shown
// as a date becomes ISO YYYY-MM-DD, 1900 or 1904 date system). Formulas
// count by their cached value. A workbook is untrusted input: entry sizes,
// the compression ratio, the number of cells and the XML depth are bounded,
// and a DOCTYPE (entities) is refused.
// Thread-compatible: the functions share no state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::io {

// One row of a sheet that has content: its 1-based row number and its cells
// from column A on (a missing cell is an empty text; trailing empty cells
// are left out).
struct SheetRow {
  std::uint32_t number = 0;
  std::vector<std::string> cells;
};

struct Sheet {
  std::string name;
  // Rows with at least one non-empty cell, in row order; rows without
  // content are left out (their numbers are missing).
  std::vector<SheetRow> rows;
};

// Bounds against hostile workbooks; the defaults hold data sets of millions
// of deliveries.
struct XlsxLimits {
  std::uint64_t max_entry_bytes = std::uint64_t{1} << 30;  // one XML part, uncompressed
  std::uint64_t max_total_bytes = std::uint64_t{4} << 30;  // every part read, uncompressed
  // Uncompressed over compressed bytes above which an entry larger than
  // ratio_floor_bytes is taken for a zip bomb (spreadsheet XML packs about
  // 10 to 100 times).
  std::uint64_t max_ratio = 1000;
  std::uint64_t ratio_floor_bytes = std::uint64_t{1} << 20;
  std::uint64_t max_cells = std::uint64_t{200} << 20;  // a row's gaps and padding included
  std::uint32_t max_depth = 64;                        // XML element nesting
};

// Receives a workbook's sheets in their order, each row with content as it
// is read (a sheet is never held whole).
class SheetSink {
 public:
  virtual ~SheetSink() = default;
  // A sheet begins; its rows follow. An error stops the reading with it.
  virtual core::Status StartSheet(const std::string& name) = 0;
  // The next row with content of the sheet (rising row numbers). An error
  // stops the reading with it.
  virtual core::Status Row(const SheetRow& row) = 0;
};

// Reads every worksheet of the workbook held in `bytes` into `sink`. `name`
// is what messages call the workbook. Fails (BadInput) on a file that is not
// a zip archive, a workbook without xl/workbook.xml, a sheet whose part is
// missing, malformed XML, a cell reference out of Excel's grid, rows out of
// order, or a bound of `limits` crossed (cells count with the gaps a row
// leaves and its padding to the width of the sheet's first row); or with
// the sink's error.
core::Status ReadWorkbook(std::string_view bytes, const std::string& name, SheetSink& sink,
                          const XlsxLimits& limits = {});

// The same, every sheet held (tests, small workbooks).
core::Result<std::vector<Sheet>> ReadWorkbook(std::string_view bytes, const std::string& name,
                                              const XlsxLimits& limits = {});

// Reads the file at `path` (messages name it as given) into `sink`.
core::Status ReadWorkbookFile(const std::filesystem::path& path, SheetSink& sink, const XlsxLimits& limits = {});

// Whether the name of `path` ends in ".xlsx" (any case).
bool HasWorkbookName(const std::filesystem::path& path);

// Whether `path` names a workbook rather than a folder: a regular file with
// a workbook's name.
bool IsWorkbookPath(const std::filesystem::path& path);

}  // namespace supeval::io
