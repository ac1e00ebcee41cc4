// Printable lines and tables sized to their content (terminal_text.hpp).
#include "supeval/io/terminal_text.hpp"

#include <algorithm>
#include <cassert>

#include "supeval/core/printable.hpp"

namespace supeval::io {

std::size_t DisplayWidth(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

TextTable::TextTable(std::vector<Align> columns, std::string indent, std::size_t gap)
    : columns_(std::move(columns)), indent_(std::move(indent)), gap_(gap) {}

TextTable TextTable::AlignedLeft(std::vector<std::string> header, std::string indent) {
  TextTable table(std::vector<Align>(header.size(), Align::kLeft), std::move(indent));
  table.AddRow(std::move(header));
  return table;
}

void TextTable::AddRow(std::vector<std::string> cells) {
  assert(cells.size() <= columns_.size());
  for (std::string& cell : cells) cell = core::Printable(cell);
  rows_.push_back(std::move(cells));
}

std::string TextTable::Render() const {
  std::vector<std::size_t> widths(columns_.size(), 0);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  std::string out;
  for (const auto& row : rows_) {
    std::string line = indent_;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string padding(widths[i] - DisplayWidth(row[i]), ' ');
      if (i > 0) line.append(gap_, ' ');
      line += columns_[i] == Align::kRight ? padding + row[i] : row[i] + padding;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

void TextLines::Add(std::string_view line) {
  text_ += core::Printable(line);
  text_ += '\n';
}

void TextLines::Add(const TextTable& table) { text_ += table.Render(); }

}  // namespace supeval::io
