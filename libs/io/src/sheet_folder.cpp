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

// Writes each sheet that stands for a file as that CSV file, row by row as
// the reader hands them: its first row with content is the header, and a
// row ends no earlier than the header (missing trailing cells are empty
// fields); rows without content are blank lines, so that the lines are the
// rows, also where a message names another line ("first at line 4"),
// unless a cell above held a line break. Keeps the sheet's row of each line.
class CsvSheets : public SheetSink {
 public:
  CsvSheets(std::filesystem::path folder, std::string workbook, const std::vector<std::string>& file_names)
      : folder_(std::move(folder)), workbook_(std::move(workbook)), file_names_(file_names) {}

  struct Written {
    std::string sheet;
    std::vector<std::uint32_t> row_at;  // by line - 1
  };
  // By the CSV file's path, once Finish succeeded.
  std::map<std::string, Written, std::less<>> written;

  core::Status StartSheet(const std::string& name) override {
    if (core::Status finished = Finish(); !finished.ok()) return finished;
    const auto file = FileOfSheet(name, file_names_);
    if (!file) return core::Ok{};  // a sheet for no file: ignored
    if (const auto [first, added] = sheet_of_file_.emplace(*file, name); !added) {
      return core::BadInput("sheets '" + first->second + "' and '" + name + "' both stand for " + *file,
                            {workbook_, 0, ""});
    }
    path_ = folder_ / *file;
    out_.emplace(path_, std::ios::binary);
    csv_.emplace(*out_);
    current_ = {name, {}};
    width_ = 0;
    line_ = 1;
    return core::Ok{};
  }

  core::Status Row(const SheetRow& row) override {
    if (!csv_) return core::Ok{};
    if (width_ == 0) width_ = row.cells.size();
    // A blank line stands for the row after it (a header's problems name
    // line 1).
    for (; line_ < row.number; ++line_) {
      csv_->EndRow();
      current_.row_at.push_back(row.number);
    }
    std::size_t lines = 1;
    for (const std::string& cell : row.cells) {
      csv_->Field(cell);
      lines += static_cast<std::size_t>(std::count(cell.begin(), cell.end(), '\n'));
    }
    for (std::size_t i = row.cells.size(); i < width_; ++i) csv_->EmptyField();
    csv_->EndRow();
    current_.row_at.insert(current_.row_at.end(), lines, row.number);
    line_ += lines;
    return core::Ok{};
  }

  // Closes the sheet being written.
  core::Status Finish() {
    if (!csv_) return core::Ok{};
    csv_.reset();  // flushes
    out_->flush();
    const bool good = out_->good();
    out_.reset();
    if (!good) return core::Internal("cannot write " + path_.string());
    written.emplace(path_.string(), std::move(current_));
    return core::Ok{};
  }

 private:
  std::filesystem::path folder_;
  std::string workbook_;
  const std::vector<std::string>& file_names_;
  std::map<std::string, std::string> sheet_of_file_;
  std::filesystem::path path_;
  std::optional<std::ofstream> out_;
  std::optional<CsvWriter> csv_;
  Written current_;
  std::size_t width_ = 0;
  std::uint64_t line_ = 1;
};

}  // namespace

core::Result<SheetFolder> SheetFolder::Open(const std::filesystem::path& workbook,
                                            const std::vector<std::string>& file_names) {
  auto made = MakePrivateFolder();
  if (!made.ok()) return made.error();
  SheetFolder folder(*made);
  CsvSheets sheets(folder.path_, workbook.string(), file_names);
  if (core::Status read = ReadWorkbookFile(workbook, sheets); !read.ok()) return read.error();
  if (core::Status finished = sheets.Finish(); !finished.ok()) return finished.error();
  for (auto& [path, written] : sheets.written) {
    folder.sheets_.emplace(path, WrittenSheet{written.sheet + " (sheet)", std::move(written.row_at)});
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
