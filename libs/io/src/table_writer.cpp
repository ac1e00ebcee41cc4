// Writing text results as CSV, JSON and an aligned table (table_writer.hpp).
#include "supeval/io/table_writer.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <sstream>

#include "supeval/io/csv_writer.hpp"
#include "supeval/io/terminal_text.hpp"

namespace supeval::io {
namespace {

// -?digits[.digits]: the money and figure cells of §2 "Number format".
bool IsNumber(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  if (whole.empty() || !std::all_of(whole.begin(), whole.end(), is_digit)) return false;
  if (point == std::string_view::npos) return true;
  const std::string_view fraction = text.substr(point + 1);
  return !fraction.empty() && std::all_of(fraction.begin(), fraction.end(), is_digit);
}

// A column is numeric when it has a value and all its values are numbers.
bool IsNumericColumn(const TextResult& result, std::size_t column) {
  bool any = false;
  for (const auto& row : result.rows) {
    const std::string& cell = row[column];
    if (cell.empty()) continue;
    if (!IsNumber(cell)) return false;
    any = true;
  }
  return any;
}

void AssertRectangular([[maybe_unused]] const TextResult& result) {
  for ([[maybe_unused]] const auto& row : result.rows) assert(row.size() == result.columns.size());
}

void AppendJsonValue(std::string& out, const std::string& cell) {
  if (cell.empty()) {
    out += "null";
  } else {
    out += JsonStringLiteral(cell);
  }
}

// §2: the only characters a JSON string escapes by name; every other byte
// below 0x20 becomes \u00xx, and nothing else is escaped.
struct NamedEscape {
  char byte;
  std::string_view text;
};
constexpr NamedEscape kNamedEscapes[] = {{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"},
                                         {'\t', "\\t"}, {'\b', "\\b"},  {'\f', "\\f"}};
constexpr std::string_view kLowerHex = "0123456789abcdef";

}  // namespace

std::string JsonStringLiteral(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const auto named = std::find_if(std::begin(kNamedEscapes), std::end(kNamedEscapes),
                                    [c](const NamedEscape& escape) { return escape.byte == c; });
    if (named != std::end(kNamedEscapes)) {
      out += named->text;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += kLowerHex[byte >> 4U];
      out += kLowerHex[byte & 0xFU];
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string WriteTextResultCsv(const TextResult& result) {
  AssertRectangular(result);
  std::ostringstream out;
  {
    CsvWriter writer(out);
    for (const std::string& column : result.columns) writer.Field(column);
    writer.EndRow();
    for (const auto& row : result.rows) {
      for (const std::string& cell : row) writer.Field(cell);
      writer.EndRow();
    }
  }
  return std::move(out).str();
}

std::string WriteTextResultJson(const TextResult& result) {
  AssertRectangular(result);
  std::vector<std::string> keys;
  for (const std::string& column : result.columns) keys.push_back(JsonStringLiteral(column) + ':');
  std::string out = "[\n";
  for (std::size_t row = 0; row < result.rows.size(); ++row) {
    out += '{';
    for (std::size_t column = 0; column < keys.size(); ++column) {
      if (column > 0) out += ',';
      out += keys[column];
      AppendJsonValue(out, result.rows[row][column]);
    }
    out += row + 1 < result.rows.size() ? "},\n" : "}\n";
  }
  out += "]\n";
  return out;
}

std::string WriteTextResultTable(const TextResult& result) {
  AssertRectangular(result);
  std::vector<Align> alignment;
  for (std::size_t column = 0; column < result.columns.size(); ++column) {
    alignment.push_back(IsNumericColumn(result, column) ? Align::kRight : Align::kLeft);
  }
  TextTable table(std::move(alignment));
  table.AddRow(result.columns);
  for (const auto& row : result.rows) table.AddRow(row);
  TextLines lines;
  lines.Add(table);
  if (result.rows.empty()) lines.Add("(no rows)");
  return std::move(lines).Take();
}

std::string WriteTextResult(const TextResult& result, ResultFormat format) {
  switch (format) {
    case ResultFormat::kCsv:
      return WriteTextResultCsv(result);
    case ResultFormat::kJson:
      return WriteTextResultJson(result);
    case ResultFormat::kTable:
      break;
  }
  return WriteTextResultTable(result);
}

}  // namespace supeval::io
