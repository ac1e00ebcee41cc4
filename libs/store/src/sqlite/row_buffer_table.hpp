// RowBuffer and its virtual table: rows collected in memory and offered to
// SQLite as the table `supeval_rows`, so that a whole block of an import is
// written by one INSERT ... SELECT. One statement per block instead of one per
// row keeps SQLite's cursors open across rows and saves the per-statement
// start, bind and reset (a first import of millions of rows is about a
// quarter faster).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "../connection.hpp"

namespace supeval::store::internal {

// Rows of up to kMaxColumns values each, with their text owned by the buffer.
class RowBuffer {
 public:
  // The widest versioned table (contracts) fits.
  static constexpr std::size_t kMaxColumns = 24;

  explicit RowBuffer(std::size_t columns);

  void Add(std::span<const Value> row);
  void Clear();

  [[nodiscard]] std::size_t columns() const { return columns_; }
  [[nodiscard]] std::size_t rows() const { return columns_ == 0 ? 0 : cells_.size() / columns_; }
  // The value of one cell; its text stays valid until the next Add or Clear.
  [[nodiscard]] Value Get(std::size_t row, std::size_t column) const;

 private:
  // A Value in 16 bytes (blocks stay in the caches beside SQLite's pages):
  // the integer, the bits of the real, or the offset of the text in text_
  // (which may move as it grows).
  struct Cell {
    std::int64_t payload;
    std::uint32_t text_size;
    Value::Kind kind;
  };
  std::size_t columns_;
  std::vector<Cell> cells_;
  std::string text_;
};

// Registers the eponymous virtual table `supeval_rows` on `db`: columns c0 ..
// c<kMaxColumns - 1>, whose rows are those of the buffer that `*source` points to while a
// statement reads it (none when it is null). `source` must outlive `db`.
int RegisterRowBufferTable(sqlite3* db, const RowBuffer* const* source);

}  // namespace supeval::store::internal
