// CsvWriter: writes RFC 4180 CSV (the interchange format of
// docs/EVALUATION.md, "Interchange format (CSV)") to a std::ostream,
// fast enough for data sets of hundreds of megabytes. Fields go into an
// internal buffer of about 1 MiB that is handed to the stream with one
// out.write() whenever it fills, on Flush() and on destruction; formatting a
// field allocates nothing (integers via std::to_chars, decimals and dates by
// hand). Text is quoted only when it holds a comma, a quote, CR or LF, and quotes
// inside are doubled. Rows end with "\n".
//
// Errors: the writer never throws on its own; a failed write shows in the
// stream's state (check `out.good()` after Flush()).
//
// Thread-safety: thread-compatible. One writer per stream; do not share a writer
// between threads without external locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <string_view>

#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"

namespace supeval::io {

class CsvWriter {
 public:
  // Bytes buffered before they are written to the stream.
  static constexpr std::size_t kBufferSize = std::size_t{1} << 20;

  // Requires `out` to outlive the writer.
  explicit CsvWriter(std::ostream& out);
  // Flushes what is still buffered.
  ~CsvWriter();

  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  CsvWriter(CsvWriter&&) = delete;
  CsvWriter& operator=(CsvWriter&&) = delete;

  // Appends one field to the current row, quoted when needed (RFC 4180).
  void Field(std::string_view text);
  // Appends a whole number: "-12", "0", "12345".
  void Field(std::int64_t value);
  // Appends a quantity in its shortest exact text ("0.77", "12"), the same
  // text as Decimal::ToString().
  void Field(core::Decimal value);
  // Appends a date as ISO YYYY-MM-DD.
  void Field(core::Date value);
  // Appends an empty field (an absent optional value).
  void EmptyField();
  // Ends the current row with "\n".
  void EndRow();
  // Appends each text as a field, then ends the row.
  void Row(std::initializer_list<std::string_view> fields);
  // Writes the buffer to the stream and flushes the stream.
  void Flush();

 private:
  // Makes room for `bytes` more bytes (bytes <= kBufferSize), writing the
  // buffer out when it lacks the room.
  void Reserve(std::size_t bytes);
  // Writes the separator when the row already has a field.
  void BeginField();
  // Writes the buffered bytes to the stream (without flushing the stream).
  void Drain();
  // Appends one byte, draining when the buffer is full (slow path for text
  // fields larger than the buffer).
  void PutSlow(char c);
  void QuotedSlow(std::string_view text);

  std::ostream& out_;
  std::unique_ptr<char[]> buffer_;
  std::size_t size_ = 0;
  bool row_has_field_ = false;
};

}  // namespace supeval::io
