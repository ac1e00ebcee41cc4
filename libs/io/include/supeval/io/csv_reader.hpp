// CsvReader: streams the records of an RFC 4180 CSV file (comma-separated,
// double-quoted fields with "" for a quote, fields may span lines; LF or CRLF;
// a UTF-8 byte-order mark is skipped; blank lines are skipped). It reads in
// blocks, so memory does not grow with the file. Each record knows the line it
// starts on, for `file:line:` messages.
// Thread-compatible: one reader per thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::io {

// One record. The views point into the reader and stay valid until the next
// call to CsvReader::Next.
struct CsvRecord {
  std::vector<std::string_view> fields;
  std::uint64_t line = 0;  // 1-based line the record starts on
};

class CsvReader {
 public:
  // Opens `path`; `display_name` is what messages call the file.
  static core::Result<CsvReader> Open(const std::filesystem::path& path, std::string display_name);
  // Reads from text in memory (tests, small inputs).
  static CsvReader FromString(std::string text, std::string display_name);

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Reads the next record into `record`. Returns false at the end of the file,
  // or an error (malformed quoting, read failure) naming the file and line.
  core::Result<bool> Next(CsvRecord& record);

  [[nodiscard]] const std::string& display_name() const { return display_name_; }

 private:
  CsvReader(std::FILE* file, std::string display_name);
  bool Refill();  // false at end of input
  core::Error Malformed(std::uint64_t line, std::string message) const;

  struct FileCloser {
    void operator()(std::FILE* file) const;
  };
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string display_name_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  std::uint64_t line_ = 1;
  std::string storage_;                                      // unescaped field bytes of the record
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // offset, length into storage_
};

// Which column of a file holds each named field: built from the header row.
class ColumnMap {
 public:
  // Requires the header record. Errors: a required column missing, a column
  // named twice. Unknown columns are ignored.
  static core::Result<ColumnMap> Build(const CsvRecord& header, const std::string& file,
                                       const std::vector<std::string_view>& required,
                                       const std::vector<std::string_view>& optional);

  // The position of `name` in a record, or nothing when the optional column
  // is absent.
  [[nodiscard]] std::optional<std::size_t> Find(std::string_view name) const;
  [[nodiscard]] std::size_t width() const { return width_; }

 private:
  std::vector<std::pair<std::string, std::size_t>> columns_;
  std::size_t width_ = 0;
};

}  // namespace supeval::io
