// Excel workbooks (issue 24 §3): a result table as people open it in Excel.
// The caller gives a small model (columns with a type, rows of the text cells
// its CSV output has, the run's identity); WriteWorkbook renders it with
// libxlsxwriter: typed cells (numbers as numbers, dates as Excel dates), the
// header row frozen, an autofilter over the table, column widths from the
// content, the class column coloured by conditional format (A/B/C in the web
// application's colours), and a second sheet "about" with the identity.
//
// Pure functions over their arguments (each call uses a temporary file of
// its own): thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::report {

// How a column's text cells become Excel cells. An empty cell is always left
// blank; a cell that does not read as its type is written as text.
enum class CellType {
  kText,
  kInteger,  // -?digits: a number cell, format "0"
  kDecimal,  // -?digits[.digits], the exact text read as a number cell
  kDate,     // YYYY-MM-DD: an Excel date (a serial number) with format yyyy-mm-dd
  kClass,    // text A, B, C coloured by conditional format
};

struct SheetColumn {
  std::string name;
  CellType type = CellType::kText;
};

// One table: a header row of column names, then rows of exactly one cell per column.
struct Sheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rule)
  std::vector<SheetColumn> columns;
  std::vector<std::vector<std::string>> rows;
};

// The table and what identifies it (run number, period, rule set name and
// hash, supeval version, created at...): label → value, in order, written as
// text (a value that is exactly a YYYY-MM-DD date: as a date).
struct Workbook {
  Sheet table;
  std::vector<std::pair<std::string, std::string>> identity;
};

// The name of the identity sheet.
inline constexpr const char* kIdentitySheetName = "about";

// The .xlsx file's bytes. Requires a rectangular table. The document's
// creation time is the identity's `published_at`, else its `created_at`
// (`YYYY-MM-DDTHH:MM:SSZ`), else now: so a published run exports to the same
// bytes every time. Fails (kInternal)
// only when the temporary file cannot be written or read.
[[nodiscard]] core::Result<std::string> WriteWorkbook(const Workbook& workbook);

// The media type of an .xlsx file (for HTTP answers).
inline constexpr const char* kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace supeval::report
