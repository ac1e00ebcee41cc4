// Rendering a Workbook model as an .xlsx file with libxlsxwriter (workbook.hpp).
#include "supeval/report/workbook.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "supeval/core/date.hpp"

namespace supeval::report {
namespace {

// Excel counts days from 1899-12-30 (its serial 25569 is 1970-01-01, day 0 of core::Date).
constexpr double kExcelSerialOfUnixEpoch = 25569;
// Column widths in characters: the widest cell plus a margin, within limits
// that keep a long note from pushing the table off the screen.
constexpr double kWidthMargin = 2;
constexpr double kMinWidth = 6;
constexpr double kMaxWidth = 60;
// The widest decimal format written ("0.000000"); beyond it Excel shows rounded digits anyway.
constexpr std::size_t kMaxDecimals = 6;

// The class colours of the web application (web/src/styles/app.css --class-a/b/c).
struct ClassColour {
  const char* value;  // the criterion: the cell equals this text
  lxw_color_t colour;
};
constexpr ClassColour kClassColours[] = {{"\"A\"", 0x009E73}, {"\"B\"", 0xE69F00}, {"\"C\"", 0xD55E00}};

bool IsDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// -?digits[.digits]: returns the number of decimals, or nothing when `text` is no such number.
std::optional<std::size_t> DecimalPlaces(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const std::size_t point = text.find('.');
  if (!IsDigits(text.substr(0, point))) return std::nullopt;
  if (point == std::string_view::npos) return 0;
  const std::string_view fraction = text.substr(point + 1);
  if (!IsDigits(fraction)) return std::nullopt;
  return fraction.size();
}

// The number a decimal text stands for: from_chars reads it exactly
// rounded and never through a locale.
std::optional<double> NumberOf(std::string_view text) {
  if (!DecimalPlaces(text)) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The most decimals any cell of a decimal column has, at most kMaxDecimals.
std::size_t ColumnDecimals(const Sheet& sheet, std::size_t column) {
  std::size_t decimals = 0;
  for (const auto& row : sheet.rows) decimals = std::max(decimals, DecimalPlaces(row[column]).value_or(0));
  return std::min(decimals, kMaxDecimals);
}

double ColumnWidth(const Sheet& sheet, std::size_t column) {
  std::size_t widest = CodePoints(sheet.columns[column].name);
  for (const auto& row : sheet.rows) widest = std::max(widest, CodePoints(row[column]));
  return std::clamp(static_cast<double>(widest) + kWidthMargin, kMinWidth, kMaxWidth);
}

// A temporary file that is removed when it goes out of scope.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "supeval-xlsx-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The formats one workbook's cells use.
struct Formats {
  lxw_format* header = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* date = nullptr;
  std::vector<lxw_format*> decimals;  // index: number of decimals
  std::vector<lxw_format*> classes;   // kClassColours' fills
};

Formats MakeFormats(lxw_workbook* workbook) {
  Formats formats;
  formats.header = workbook_add_format(workbook);
  format_set_bold(formats.header);
  formats.integer = workbook_add_format(workbook);
  format_set_num_format(formats.integer, "0");
  formats.date = workbook_add_format(workbook);
  format_set_num_format(formats.date, "yyyy-mm-dd");
  for (std::size_t decimals = 0; decimals <= kMaxDecimals; ++decimals) {
    lxw_format* format = workbook_add_format(workbook);
    format_set_num_format(format, (decimals == 0 ? std::string("0") : "0." + std::string(decimals, '0')).c_str());
    formats.decimals.push_back(format);
  }
  for (const ClassColour& colour : kClassColours) {
    lxw_format* format = workbook_add_format(workbook);
    format_set_bg_color(format, colour.colour);
    format_set_font_color(format, LXW_COLOR_BLACK);
    formats.classes.push_back(format);
  }
  return formats;
}

void WriteText(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& text) {
  worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
}

void WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& text, CellType type,
               lxw_format* number_format, const Formats& formats) {
  if (text.empty()) return;
  switch (type) {
    case CellType::kInteger:
    case CellType::kDecimal:
      if (const auto number = NumberOf(text)) {
        worksheet_write_number(sheet, row, col, *number, number_format);
        return;
      }
      break;
    case CellType::kDate:
      if (const auto date = core::Date::Parse(text)) {
        worksheet_write_number(sheet, row, col, kExcelSerialOfUnixEpoch + date->days(), formats.date);
        return;
      }
      break;
    case CellType::kText:
    case CellType::kClass:
      break;
  }
  WriteText(sheet, row, col, text);
}

void ColourClasses(lxw_worksheet* sheet, lxw_col_t col, std::size_t rows, const Formats& formats) {
  if (rows == 0) return;
  for (std::size_t i = 0; i < std::size(kClassColours); ++i) {
    lxw_conditional_format rule{};
    rule.type = LXW_CONDITIONAL_TYPE_CELL;
    rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    rule.value_string = const_cast<char*>(kClassColours[i].value);  // libxlsxwriter copies it
    rule.format = formats.classes[i];
    worksheet_conditional_format_range(sheet, 1, col, static_cast<lxw_row_t>(rows), col, &rule);
  }
}

lxw_format* NumberFormatOf(const Sheet& table, std::size_t column, const Formats& formats) {
  switch (table.columns[column].type) {
    case CellType::kInteger:
      return formats.integer;
    case CellType::kDecimal:
      return formats.decimals[ColumnDecimals(table, column)];
    default:
      return nullptr;
  }
}

void WriteTable(lxw_workbook* workbook, const Sheet& table, const Formats& formats) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.name.c_str());
  for (std::size_t column = 0; column < table.columns.size(); ++column) {
    const auto col = static_cast<lxw_col_t>(column);
    worksheet_write_string(sheet, 0, col, table.columns[column].name.c_str(), formats.header);
    worksheet_set_column(sheet, col, col, ColumnWidth(table, column), nullptr);
    lxw_format* number_format = NumberFormatOf(table, column, formats);
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
      WriteCell(sheet, static_cast<lxw_row_t>(row + 1), col, table.rows[row][column], table.columns[column].type,
                number_format, formats);
    }
    if (table.columns[column].type == CellType::kClass) ColourClasses(sheet, col, table.rows.size(), formats);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  if (!table.columns.empty()) {
    worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                         static_cast<lxw_col_t>(table.columns.size() - 1));
  }
}

// Two decimal digits as a number, or nothing.
std::optional<int> TwoDigits(std::string_view text) {
  if (text.size() != 2 || !IsDigits(text)) return std::nullopt;
  return (text[0] - '0') * 10 + (text[1] - '0');
}

// `YYYY-MM-DDTHH:MM:SSZ` as seconds since 1970 (UTC); nullopt for anything else.
std::optional<std::time_t> UtcSeconds(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  const auto date = core::Date::Parse(text.substr(0, 10));
  const auto hours = TwoDigits(text.substr(11, 2));
  const auto minutes = TwoDigits(text.substr(14, 2));
  const auto seconds = TwoDigits(text.substr(17, 2));
  if (!date || !hours || !minutes || !seconds || *hours > 23 || *minutes > 59 || *seconds > 59) return std::nullopt;
  constexpr std::time_t kSecondsPerDay = 86400;
  return static_cast<std::time_t>(date->days()) * kSecondsPerDay + *hours * 3600 + *minutes * 60 + *seconds;
}

// When the workbook's contents were made, from its identity (see WriteWorkbook).
std::optional<std::time_t> CreationTime(const Workbook& model) {
  for (const char* label : {"published_at", "created_at"}) {
    const auto entry = std::find_if(model.identity.begin(), model.identity.end(),
                                    [label](const auto& labelled) { return labelled.first == label; });
    if (entry != model.identity.end()) return UtcSeconds(entry->second);
  }
  return std::nullopt;
}

void WriteIdentity(lxw_workbook* workbook, const Workbook& model, const Formats& formats) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, kIdentitySheetName);
  std::size_t label_width = 0;
  std::size_t value_width = 0;
  for (std::size_t i = 0; i < model.identity.size(); ++i) {
    const auto& [label, value] = model.identity[i];
    WriteText(sheet, static_cast<lxw_row_t>(i), 0, label);
    WriteCell(sheet, static_cast<lxw_row_t>(i), 1, value, core::Date::Parse(value) ? CellType::kDate : CellType::kText,
              nullptr, formats);
    label_width = std::max(label_width, CodePoints(label));
    value_width = std::max(value_width, CodePoints(value));
  }
  worksheet_set_column(sheet, 0, 0, std::clamp(static_cast<double>(label_width) + kWidthMargin, kMinWidth, kMaxWidth),
                       formats.header);
  worksheet_set_column(sheet, 1, 1, std::clamp(static_cast<double>(value_width) + kWidthMargin, kMinWidth, kMaxWidth),
                       nullptr);
}

core::Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return core::Internal("cannot read the workbook written to " + path);
  return std::move(bytes).str();
}

}  // namespace

core::Result<std::string> WriteWorkbook(const Workbook& model) {
  for ([[maybe_unused]] const auto& row : model.table.rows) assert(row.size() == model.table.columns.size());
  // libxlsxwriter 1.1.4 (Debian 12) writes only to a named file (no memory
  // target: lxw_workbook_options has no output buffer before 1.1.5), so the
  // workbook goes to a temporary file first and is read back.
  const TemporaryFile file;
  if (file.path().empty()) return core::Internal(std::string("cannot create a temporary file: ") + strerror(errno));
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) return core::Internal("cannot start a workbook in " + file.path());
  if (const auto created = CreationTime(model)) {
    lxw_doc_properties properties{};
    properties.created = *created;
    workbook_set_properties(workbook, &properties);
  }
  const Formats formats = MakeFormats(workbook);
  WriteTable(workbook, model.table, formats);
  WriteIdentity(workbook, model, formats);
  // workbook_close writes the file and frees the workbook, also when it fails.
  if (const lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR) {
    return core::Internal(std::string("cannot write the workbook: ") + lxw_strerror(error));
  }
  return ReadAll(file.path());
}

}  // namespace supeval::report
