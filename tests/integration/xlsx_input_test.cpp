// An .xlsx workbook in place of the interchange CSV folder, through the real
// binary: every golden data set written as a workbook by libxlsxwriter (an
// independent writer of Excel-like files: shared strings, dates as date
// cells, numbers as numbers) evaluates byte for byte as its folder does; a
// bad cell is named by its sheet and row with exit status 2; and importing
// the workbook into SQLite stores what importing the folder stores.
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "csv_files.hpp"
#include "db_dump.hpp"
#include "evaluate_arguments.hpp"
#include "process.hpp"
#include "supeval/core/date.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

// How a workbook lays out its sheets: the row of the header (0-based, as
// libxlsxwriter counts), the sheet named "deliveries.csv" rather than
// "deliveries" (both are accepted), and an empty row left after the first
// data row.
struct Layout {
  lxw_row_t header_row = 0;
  bool sheet_names_with_csv = false;
  bool gap_after_first_row = false;
};

// A number that Excel would store as one and that reads back as the same
// text or the same decimal: no leading zero (an id such as "007" stays
// text), at most 15 significant digits (a double's exact range).
bool IsPlainNumber(const std::string& text) {
  if (text.empty() || text.size() > 15 || text[0] == '+' || text[0] == '.' || text.back() == '.') return false;
  if (text.size() > 1 && text[0] == '0' && text[1] != '.') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
         std::count(text.begin(), text.end(), '.') <= 1;
}

void WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const std::string& text, lxw_format* date) {
  if (text.empty()) return;
  if (const auto day = core::Date::Parse(text); day) {
    const core::CivilDate civil = day->ToCivil();
    lxw_datetime when{civil.year, civil.month, civil.day, 0, 0, 0};
    worksheet_write_datetime(sheet, row, column, &when, date);
  } else if (IsPlainNumber(text)) {
    worksheet_write_number(sheet, row, column, std::stod(text), nullptr);
  } else {
    worksheet_write_string(sheet, row, column, text.c_str(), nullptr);
  }
}

// Writes the interchange files of `folder` as the sheets of `book`.
void WriteWorkbook(const fs::path& folder, const fs::path& book, const Layout& layout = {}) {
  lxw_workbook* workbook = workbook_new(book.c_str());
  ASSERT_NE(workbook, nullptr);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd");
  for (const std::string& file : io::ContractsReader::FolderFileNames()) {
    if (!fs::exists(folder / file)) continue;
    const std::string name = layout.sheet_names_with_csv ? file : fs::path(file).stem().string();
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
    const auto rows = ParseCsv(ReadText(folder / file), file);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(layout.header_row + r + (layout.gap_after_first_row && r > 1 ? 1 : 0));
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        WriteCell(sheet, row, static_cast<lxw_col_t>(c), rows[r][c], date);
      }
    }
  }
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
}

std::vector<fs::path> DataSets() {
  std::vector<fs::path> sets;
  for (const auto& entry : fs::directory_iterator(SUPEVAL_TEST_DATA)) {
    if (entry.is_directory() && fs::exists(entry.path() / "period")) sets.push_back(entry.path());
  }
  std::sort(sets.begin(), sets.end());
  return sets;
}

TEST(XlsxInputTest, EveryGoldenDataSetEvaluatesAsItsFolder) {
  const fs::path scratch = MakeTempDir();
  const std::vector<fs::path> sets = DataSets();
  ASSERT_FALSE(sets.empty());
  for (const fs::path& folder : sets) {
    const fs::path book = scratch / (folder.filename().string() + ".xlsx");
    WriteWorkbook(folder, book, {0, folder.filename().string() < "10", false});
    const ProcessResult from_folder = RunSupeval(EvaluateArguments(folder, folder));
    const ProcessResult from_book = RunSupeval(EvaluateArguments(folder, book));
    EXPECT_EQ(from_book.exit_status, from_folder.exit_status) << folder << "\n" << from_book.err;
    if (from_folder.exit_status == 0) {
      EXPECT_EQ(from_book.out, from_folder.out) << folder;
    } else {
      EXPECT_NE(from_book.err.find(" (sheet):"), std::string::npos) << folder << "\n" << from_book.err;
      EXPECT_EQ(from_book.err.find("supeval-xlsx-"), std::string::npos) << from_book.err;
    }
  }
  fs::remove_all(scratch);
}

// The commands that read contract files from --data: each contract data set
// (tests/data/contracts) as a workbook answers as its folder does.
TEST(XlsxInputTest, ContractCommandsReadAWorkbookAsTheFolder) {
  const fs::path scratch = MakeTempDir();
  const std::vector<std::vector<std::string>> commands = {{"contracts", "check"},
                                                          {"contracts", "settle", "--period", "2026-H1"},
                                                          {"escalations", "--as-of", "2026-06-30"},
                                                          {"sourcing", "--period", "2026-H1", "--risks"}};
  for (const auto& entry : fs::directory_iterator(fs::path(SUPEVAL_TEST_DATA) / "contracts")) {
    if (!entry.is_directory()) continue;
    const fs::path folder = entry.path();
    const fs::path book = scratch / (folder.filename().string() + ".xlsx");
    WriteWorkbook(folder, book);
    for (const auto& command : commands) {
      const auto run = [&](const fs::path& data) {
        std::vector<std::string> arguments = command;
        for (const std::string& extra :
             {std::string("--data"), data.string(), std::string("--format"), std::string("csv")}) {
          arguments.push_back(extra);
        }
        return RunSupeval(arguments);
      };
      const ProcessResult from_folder = run(folder);
      const ProcessResult from_book = run(book);
      const std::string what = folder.filename().string() + ": " + command[0] + " " + command[1];
      EXPECT_EQ(from_book.exit_status, from_folder.exit_status) << what << "\n" << from_book.err << from_folder.err;
      if (from_folder.exit_status == 0) {
        EXPECT_EQ(from_book.out, from_folder.out) << what;
      } else if (from_folder.err.find(folder.string()) != std::string::npos) {
        // A file's problem (not one found while computing, which names the
        // file alone: `settled.csv:2:`, the sheet's row as well).
        EXPECT_NE(from_book.err.find(" (sheet):"), std::string::npos) << what << "\n" << from_book.err;
      }
      EXPECT_EQ(from_book.err.find("supeval-xlsx-"), std::string::npos) << what << "\n" << from_book.err;
    }
  }
  fs::remove_all(scratch);
}

TEST(XlsxInputTest, ABadCellIsNamedBySheetAndRow) {
  const fs::path scratch = MakeTempDir();
  const fs::path folder = scratch / "data";
  fs::create_directory(folder);
  const fs::path source = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";
  for (const auto& entry : fs::directory_iterator(source))
    fs::copy_file(entry.path(), folder / entry.path().filename());
  // The third delivery (the file's line 4) is broken; with the header on
  // the sheet's row 3 and an empty row after the first delivery it is on
  // row 7.
  const auto rows = ParseCsv(ReadText(folder / "deliveries.csv"), "deliveries.csv");
  ASSERT_GT(rows.size(), 3U);
  const auto due_qty = std::find(rows[0].begin(), rows[0].end(), "due_qty") - rows[0].begin();
  std::string broken_line;
  for (std::size_t c = 0; c < rows[3].size(); ++c) {
    broken_line += (c == 0 ? "" : ",") + (static_cast<long>(c) == due_qty ? std::string("many") : rows[3][c]);
  }
  std::string text = ReadText(folder / "deliveries.csv");
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end - at));
    at = end == std::string::npos ? text.size() : end + 1;
  }
  lines[3] = broken_line;
  text.clear();
  for (const std::string& line : lines) text += line + "\n";
  WriteText(folder / "deliveries.csv", text);

  const fs::path book = scratch / "book.xlsx";
  WriteWorkbook(folder, book, {2, false, true});
  const ProcessResult from_book = RunSupeval(EvaluateArguments(folder, book));
  EXPECT_EQ(from_book.exit_status, 2);
  EXPECT_NE(from_book.err.find("deliveries (sheet):7: due_qty: 'many'"), std::string::npos) << from_book.err;
  const ProcessResult from_folder = RunSupeval(EvaluateArguments(folder, folder));
  EXPECT_NE(from_folder.err.find("deliveries.csv:4: due_qty: 'many'"), std::string::npos) << from_folder.err;
  fs::remove_all(scratch);
}

TEST(XlsxInputTest, WhatIsNoWorkbookEndsWithAClearError) {
  const fs::path scratch = MakeTempDir();
  const fs::path book = scratch / "book.xlsx";
  WriteText(book, "suppliers,plants\n");
  const ProcessResult result = RunSupeval({"evaluate", "--data", book.string(), "--period", "2026-H1"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("book.xlsx: not an .xlsx workbook"), std::string::npos) << result.err;
  const ProcessResult missing =
      RunSupeval({"evaluate", "--data", (scratch / "missing.xlsx").string(), "--period", "2026-H1"});
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("missing.xlsx: workbook not found"), std::string::npos) << missing.err;
  fs::remove_all(scratch);
}

// The dump without the batch's record of where the data came from (its
// path, file names and hashes differ by nature) and the times the schema
// was made.
std::string DataRows(const std::string& dump) {
  std::string rows;
  std::string table;
  for (std::size_t at = 0; at < dump.size();) {
    const std::size_t end = std::min(dump.find('\n', at), dump.size());
    const std::string line = dump.substr(at, end - at);
    at = end + 1;
    if (line.rfind("table ", 0) == 0 || line.rfind("== ", 0) == 0) table = line;
    const bool provenance = table.find("batch") != std::string::npos || table.find("audit") != std::string::npos ||
                            table.find("schema_version") != std::string::npos;
    if (provenance) continue;
    rows += line + "\n";
  }
  return rows;
}

TEST(XlsxInputTest, ImportOfAWorkbookStoresWhatTheFolderStores) {
  const fs::path scratch = MakeTempDir();
  const fs::path folder = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";
  const fs::path book = scratch / "book.xlsx";
  WriteWorkbook(folder, book);
  const std::string folder_db = "sqlite:" + (scratch / "folder.db").string();
  const std::string book_db = "sqlite:" + (scratch / "book.db").string();
  const ProcessResult from_folder = RunSupeval({"import", "--data", folder.string(), "--db", folder_db});
  ASSERT_EQ(from_folder.exit_status, 0) << from_folder.err;
  const ProcessResult from_book = RunSupeval({"import", "--data", book.string(), "--db", book_db});
  ASSERT_EQ(from_book.exit_status, 0) << from_book.err;
  const std::string folder_rows = DataRows(DumpDatabase(folder_db));
  EXPECT_FALSE(folder_rows.empty());
  EXPECT_EQ(DataRows(DumpDatabase(book_db)), folder_rows);
  fs::remove_all(scratch);
}

}  // namespace
}  // namespace supeval::testing
