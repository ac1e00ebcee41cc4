// Text for the terminal (explain, the ranked table, runs, batches and holds):
// lines and table cells made printable (core::Printable: control characters
// from the data as visible escapes), so that a value can neither drive the
// terminal nor split a line or a row; and tables whose columns are as wide
// as their widest cell and always at least `gap` spaces apart, however wide
// a value is. Values: thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace supeval::io {

// Display width of UTF-8 text: one column per code point.
[[nodiscard]] std::size_t DisplayWidth(std::string_view text);

enum class Align { kLeft, kRight };

class TextTable {
 public:
  // One alignment per column; each line starts with `indent`.
  explicit TextTable(std::vector<Align> columns, std::string indent = {}, std::size_t gap = 2);
  // As many columns as the header has, all aligned left.
  [[nodiscard]] static TextTable AlignedLeft(std::vector<std::string> header, std::string indent = {});

  // A row of up to one cell per column (a header is a row like the others).
  void AddRow(std::vector<std::string> cells);

  // One line per row; no spaces after a row's last cell.
  [[nodiscard]] std::string Render() const;

 private:
  std::vector<Align> columns_;
  std::string indent_;
  std::size_t gap_;
  std::vector<std::vector<std::string>> rows_;  // printable cells
};

// Text written a line at a time, each line made printable as a whole: the
// line feeds between lines are the only ones in the text.
class TextLines {
 public:
  void Add(std::string_view line);
  void Add(const TextTable& table);
  void Blank() { text_ += '\n'; }
  [[nodiscard]] std::string Take() && { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace supeval::io
