// Writes a workbook's sheets as the CSV files of a private temporary folder
// and maps the files' lines back to the sheets' rows (sheet_folder.hpp).
#include "sheet_folder.hpp"

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <fstream>
#include <optional>
#include <utility>

#include "supeval/io/csv_writer.hpp"
#include "supeval/io/xlsx_reader.hpp"

namespace supeval::io {
namespace {

// The file of the folder a sheet stands for: its name, or its name with
// ".csv" (a sheet name cannot hold the dot-less extension Excel would hide).
std::optional<std::string> FileOfSheet(const std::string& sheet, const std::vector<std::string>& file_names) {
  for (const std::string& file : file_names) {
    if (sheet == file || sheet + ".csv" == file) return file;
  }
  return std::nullopt;
}

core::Result<std::filesystem::path> MakePrivateFolder() {
  std::error_code error;
  std::string pattern = (std::filesystem::temp_directory_path(error) / "supeval-xlsx-XXXXXX").string();
  if (error || mkdtemp(pattern.data()) == nullptr) return core::Internal("cannot create a temporary folder");
  return std::filesystem::path(pattern);
}

// Writes `sheet` as CSV: its first row with content is the header, and a
// row ends no earlier than the header (missing trailing cells are empty
// fields); rows without content are blank lines. Returns the sheet's row of
// each line written.
core::Result<std::vector<std::uint32_t>> WriteSheet(const Sheet& sheet, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary);
  std::vector<std::uint32_t> row_at;
  {
    CsvWriter csv(out);
    const std::size_t width = sheet.rows.empty() ? 0 : sheet.rows.front().cells.size();
    std::uint64_t line = 1;
    for (const SheetRow& row : sheet.rows) {
      // Blank lines (skipped by the CSV reader) up to the row's number: the
      // lines are the rows, also where a message names another line ("first
      // at line 4"), unless a cell above held a line break. A blank line
      // stands for the row after it (a header's problems name line 1).
      for (; line < row.number; ++line) {
        csv.EndRow();
        row_at.push_back(row.number);
      }
      std::size_t lines = 1;
      for (const std::string& cell : row.cells) {
        csv.Field(cell);
        lines += static_cast<std::size_t>(std::count(cell.begin(), cell.end(), '\n'));
      }
      for (std::size_t i = row.cells.size(); i < width; ++i) csv.EmptyField();
      csv.EndRow();
      row_at.insert(row_at.end(), lines, row.number);
      line += lines;
    }
  }
  out.flush();
  if (!out) return core::Internal("cannot write " + file.string());
  return row_at;
}

}  // namespace

core::Result<SheetFolder> SheetFolder::Open(const std::filesystem::path& workbook,
                                            const std::vector<std::string>& file_names) {
  auto sheets = ReadWorkbookFile(workbook);
  if (!sheets.ok()) return sheets.error();
  auto made = MakePrivateFolder();
  if (!made.ok()) return made.error();
  SheetFolder folder(*made);
  std::map<std::string, std::string> sheet_of_file;
  for (const Sheet& sheet : *sheets) {
    const auto file = FileOfSheet(sheet.name, file_names);
    if (!file) continue;
    if (const auto [first, added] = sheet_of_file.emplace(*file, sheet.name); !added) {
      return core::BadInput("sheets '" + first->second + "' and '" + sheet.name + "' both stand for " + *file,
                            {workbook.string(), 0, ""});
    }
    const std::filesystem::path csv = folder.path_ / *file;
    auto row_at = WriteSheet(sheet, csv);
    if (!row_at.ok()) return row_at.error();
    folder.sheets_.emplace(csv.string(), WrittenSheet{sheet.name + " (sheet)", *std::move(row_at)});
  }
  return folder;
}

SheetFolder::SheetFolder(SheetFolder&& other) noexcept
    : path_(std::exchange(other.path_, {})), sheets_(std::move(other.sheets_)) {}

SheetFolder& SheetFolder::operator=(SheetFolder&& other) noexcept {
  if (this == &other) return *this;
  std::error_code error;
  if (!path_.empty()) std::filesystem::remove_all(path_, error);
  path_ = std::exchange(other.path_, {});
  sheets_ = std::move(other.sheets_);
  return *this;
}

SheetFolder::~SheetFolder() {
  std::error_code error;
  if (!path_.empty()) std::filesystem::remove_all(path_, error);
}

void SheetFolder::Relocate(core::Location& location) const {
  const auto sheet = sheets_.find(location.file);
  if (sheet == sheets_.end()) {
    // A file without its sheet ("required file is missing"): named as the
    // sheet it lacks.
    const std::filesystem::path file(location.file);
    if (!path_.empty() && file.parent_path() == path_) location.file = file.stem().string() + " (sheet)";
    return;
  }
  location.file = sheet->second.display;
  // An empty sheet's header line (1) and a file's line 0 have no row.
  if (location.line >= 1 && location.line <= sheet->second.row_at.size()) {
    location.line = sheet->second.row_at[location.line - 1];
  }
}

}  // namespace supeval::io
