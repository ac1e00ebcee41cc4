// CSV reading per RFC 4180 (comma-separated, double-quoted fields with "" for
// a quote, fields may span lines; LF or CRLF; a UTF-8 byte-order mark is
// skipped; blank lines are skipped). Each record knows the line it starts on,
// for `file:line:` messages.
//
// CsvReader streams a file in blocks, so memory does not grow with the file.
// CsvBlockParser parses a block of text that holds whole records — what the
// parallel readers hand to each worker (see FindLastRecordEnd). Both share one
// record parser with a fast path for lines without quotes, whose fields are
// views into the block, not copies.
// Thread-compatible: one reader or parser per thread.
#pragma once

#include <array>
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

// One record. The views stay valid until the next call that reads a record.
struct CsvRecord {
  std::vector<std::string_view> fields;
  std::uint64_t line = 0;  // 1-based line the record starts on
  // Every byte of the record is ASCII other than NUL, so its fields need no
  // UTF-8 check (found by the parser while the record's bytes are in the
  // cache; a parser that does not look leaves it false).
  bool plain = false;
};

namespace detail {

enum class ParseStatus { kRecord, kEnd, kNeedMore, kMalformed };

// Parses one record from data[position...]. `final` says no more data follows.
// On kRecord advances position and line; on kNeedMore changes nothing; on
// kMalformed sets `error` and `error_line`, moves position and line to the
// record's start (past blank lines), and leaves in `record` the fields that
// were whole before the problem (the caller goes on from the next line).
struct RecordParser {
  std::string scratch;                                     // unescaped bytes of quoted fields
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset, length into scratch
  std::string error;
  std::uint64_t error_line = 0;

  ParseStatus Parse(std::string_view data, std::size_t& position, bool final, std::uint64_t& line, CsvRecord& record);

 private:
  ParseStatus ParseQuoted(std::string_view data, std::size_t& position, bool final, std::uint64_t& line,
                          CsvRecord& record);
};

}  // namespace detail

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
  // A malformed record ends at the end of the line it starts on (spec: the
  // list of problems is the true list, so one stray quote must not swallow
  // the rows after it): `record` then holds the fields that were whole before
  // the problem, and the next call reads on from the next line.
  core::Result<bool> Next(CsvRecord& record);

  // Hands over what is buffered but not yet parsed, and the line it starts on,
  // then the file itself: a parallel reader continues from there.
  std::string TakeBuffered(std::uint64_t& line);
  [[nodiscard]] std::FILE* file() const { return file_.get(); }

  [[nodiscard]] const std::string& display_name() const { return display_name_; }

 private:
  CsvReader(std::FILE* file, std::string display_name);
  bool Refill();             // false when nothing more could be read
  void SkipMalformedLine();  // after a malformed record: to the start of the next line

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
  bool skip_line_ = false;  // the last record was malformed: its line's rest is skipped
  bool read_error_reported_ = false;
  std::uint64_t line_ = 1;
  detail::RecordParser parser_;
};

// Parses the whole records of one block of text. Where the text has no
// quotes, the commas and line ends of a window of it are first listed 64
// bytes at a time (detail::IndexSeparators), and records are cut from that
// list; the record parser takes the records the list cannot (quotes, a record
// longer than a window, a last line without its line end). Both give the same
// records.
class CsvBlockParser {
 public:
  // `block` must end at a record end (or the end of the file); `first_line`
  // is the line its first byte is on.
  CsvBlockParser(std::string_view block, std::uint64_t first_line);

  // Records stay valid for this many calls of Next, so a caller may look
  // ahead (and prefetch what the next records will need); the fields of a
  // malformed record only until the next call.
  static constexpr std::size_t kLookAhead = 12;

  // As CsvReader::Next (a malformed record, too, ends at its line's end);
  // errors name `display_name`.
  core::Result<bool> Next(CsvRecord& record, const std::string& display_name);

  // Where the next record starts (an offset in the block), and its line.
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] std::uint64_t line() const { return line_; }

 private:
  // The bytes of a block listed at a time: small enough that they are still
  // in the first-level cache when their records are cut.
  static constexpr std::size_t kWindow = 4096;

  bool ListSeparators();                    // of the window from position_; false when it holds no whole record
  bool CutListedRecord(CsvRecord& record);  // the next record of the list; false when only blank lines were left

  std::string_view block_;
  std::size_t position_ = 0;
  std::uint64_t line_;
  std::array<detail::RecordParser, kLookAhead> parsers_;  // used in turn: each owns one record's bytes
  std::size_t turn_ = 0;
  std::vector<std::uint32_t> separators_;  // offsets in block_ (detail::IndexSeparators)
  std::size_t listed_ = 0;                 // entries of separators_ up to the last line end
  std::size_t next_separator_ = 0;
  std::size_t parse_until_ = 0;  // records starting before this offset go to the record parser
  bool window_plain_ = false;    // the listed window's bytes are all ASCII other than NUL
};

// The end (one past its newline) of the last complete record in `data`, a
// text that starts at a record start; 0 when no record ends in it.
std::size_t FindLastRecordEnd(std::string_view data);
// The same, and the number of line ends before it: one pass over a text
// without quotes.
std::size_t FindLastRecordEnd(std::string_view data, std::uint64_t& lines);
// The end (one past it) of the last newline in `data`, quotes or not; 0 when
// there is none. A record end where `data` holds no quote.
std::size_t FindLastLineEnd(std::string_view data);

// Which column of a file holds each named field: built from the header row.
// Names are matched exactly as the spec writes them (blanks around a name
// aside); unknown columns are ignored (spec), but a name that is a known one
// in another case or one edit away (`Type`, `recieved_qty`, `supplier-id`)
// is a problem, never a silent guess: its rows would be read without it.
class ColumnMap {
 public:
  // Requires the header record. Appends to `problems` each problem of the
  // header, as `file:1:` errors: a header that is not UTF-8 text, a file
  // separated by ';' or tabs or with CR line ends, a column named twice, a
  // name that looks like a known one, required columns missing. The map
  // is to be used only when there are none.
  static ColumnMap Build(const CsvRecord& header, const std::string& file,
                         const std::vector<std::string_view>& required, const std::vector<std::string_view>& optional,
                         std::vector<core::Error>& problems);

  // The position of `name` in a record, or nothing when the optional column
  // is absent.
  [[nodiscard]] std::optional<std::size_t> Find(std::string_view name) const;
  [[nodiscard]] std::size_t width() const { return width_; }
  // The header's name of the column at `position` (below width()).
  [[nodiscard]] std::string_view NameAt(std::size_t position) const { return names_[position]; }

 private:
  // Rows of the master files name their fields on every read: a table keyed
  // by a few bytes of the name leads to the one column to compare, instead of
  // comparing with each column in turn.
  static constexpr std::size_t kShortcuts = 64;
  static constexpr std::uint8_t kNoShortcut = 0xFF;  // no column has this key
  static constexpr std::uint8_t kAmbiguous = 0xFE;   // several have: search them all
  static std::size_t ShortcutOf(std::string_view name);
  void AddShortcut(std::size_t position);

  std::vector<std::pair<std::string, std::size_t>> columns_;
  std::vector<std::string> names_;  // of every column, known or not
  std::array<std::uint8_t, kShortcuts> shortcuts_ = MakeEmptyShortcuts();
  std::size_t width_ = 0;

  static constexpr std::array<std::uint8_t, kShortcuts> MakeEmptyShortcuts() {
    std::array<std::uint8_t, kShortcuts> empty{};
    empty.fill(kNoShortcut);
    return empty;
  }
};

}  // namespace supeval::io
