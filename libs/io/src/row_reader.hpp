// The row-reading machinery shared by the readers of the interchange folder
// (dataset_reader.cpp, contracts_reader.cpp): a file's spec and header, a row
// behind a RowReader that names each bad field as `file:line: column:
// message`, the keys a file may not repeat, and the wording of the messages,
// so that every file of the folder is judged and worded alike.
// Internal to io. Thread-compatible: one reader per file at a time.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "id_index.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/records.hpp"
#include "supeval/io/csv_reader.hpp"
#include "supeval/io/dataset_reader.hpp"
#include "text_check.hpp"

namespace supeval::io {

using core::Date;
using core::Decimal;
using core::Index;
using core::kNoIndex;

template <class T>
struct EnumName {
  std::string_view name;
  T value;
};

template <class T, std::size_t N>
std::string ExpectedNames(const std::array<EnumName<T>, N>& names) {
  std::string text;
  for (const auto& entry : names) text += (text.empty() ? "" : ", ") + std::string(entry.name);
  return text;
}

// The yes/no columns.
inline constexpr std::array<EnumName<bool>, 2> kYesNo{{{"yes", true}, {"no", false}}};

// A column of a file: its name (for messages) and its position in a record
// (nothing when the optional column is absent). Resolved once per file so that
// per-row reads do not search the header.
struct Column {
  std::string_view name;
  std::optional<std::size_t> index;
};

// Why `text` is not a date, for a message after the quoted text. The
// engine's dates are the years 1000 to 9999 (core::Date::Parse); a real day
// outside them is most likely a typing slip, and is named as out of range.
inline std::string DateProblem(std::string_view text) {
  constexpr std::string_view kForm = "dddd-dd-dd";
  bool iso_form = text.size() == kForm.size();
  for (std::size_t i = 0; iso_form && i < kForm.size(); ++i) {
    iso_form = kForm[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0 : text[i] == kForm[i];
  }
  const auto number = [&](std::size_t at, std::size_t digits) {
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  if (iso_form && number(0, 4) < 1000 && core::IsValidCivil(number(0, 4), number(5, 2), number(8, 2))) {
    return "is not a date between 1000-01-01 and 9999-12-31";
  }
  return "is not a date (expected YYYY-MM-DD)";
}

// `text` in single quotes, as messages quote a cell.
inline std::string InQuotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// " (first at line N)", the end of a message about a repeat.
inline std::string FirstAt(std::uint64_t first_line) { return " (first at line " + std::to_string(first_line) + ")"; }

// The message for an id already seen on line `first_line`.
inline std::string DuplicateId(std::string_view id, std::uint64_t first_line) {
  return "duplicate id '" + std::string(id) + "'" + FirstAt(first_line);
}

// The message for a delivery id that deliveries.csv does not hold.
inline std::string UnknownDelivery(std::string_view id) {
  return "unknown delivery '" + std::string(id) + "' (not in deliveries.csv)";
}

// The columns that the rows of one file name, found in its header once: the
// readers name a column by a string literal, on every row. Keyed by the
// literal's address: two literals at one address have the same text (each
// ends at its NUL), so the text need not be compared.
class ColumnCache {
 public:
  explicit ColumnCache(const ColumnMap& columns) : columns_(columns) {}

  template <std::size_t N>
  Column Find(const char (&name)[N]) {
    const std::string_view text(name, N - 1);
    for (Entry& entry : entries_) {
      if (entry.name == name) return entry.column;
      if (entry.name == nullptr) {
        entry = {name, {text, columns_.Find(text)}};
        return entry.column;
      }
    }
    return {text, columns_.Find(text)};  // more names than entries
  }

 private:
  struct Entry {
    const char* name = nullptr;
    Column column;
  };
  const ColumnMap& columns_;
  std::array<Entry, 16> entries_{};
};

// Reads the fields of one row, adding a diagnostic for each bad one; ok() says
// whether the row as a whole can be used. Fields are named by column name or
// by a resolved Column.
class RowReader {
 public:
  // `cache`, if given, finds the columns named by literals (see ColumnCache).
  RowReader(const std::string& file, const CsvRecord& record, const ColumnMap& columns, Diagnostics& diagnostics,
            ColumnCache* cache = nullptr)
      : file_(file), record_(record), columns_(columns), diagnostics_(diagnostics), cache_(cache) {
    if (!record.plain) CheckText();
  }

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::uint64_t line() const { return record_.line; }

  template <std::size_t N>
  [[nodiscard]] Column Resolve(const char (&name)[N]) const {
    if (cache_ != nullptr) return cache_->Find(name);
    return {std::string_view(name, N - 1), columns_.Find(std::string_view(name, N - 1))};
  }
  [[nodiscard]] static Column Resolve(const Column& column) { return column; }

  // Refuses the row without a message: it names a faulty row, whose own
  // problem says it (CONTRACTS.md §3, "no cascade").
  void Refuse() { ok_ = false; }

  void Fail(std::string_view column, std::string message) {
    ok_ = false;
    diagnostics_.Add(core::BadInput(std::move(message), {file_, record_.line, std::string(column)}));
  }

  // The field's text, or nothing when the column is absent or the field empty;
  // required fields report an error when empty.
  template <class Ref>
  std::optional<std::string_view> Text(const Ref& ref, bool required) {
    const Column column = Resolve(ref);
    if (column.index && IsBadText(*column.index)) return std::nullopt;  // named by CheckText
    if (!column.index || record_.fields[*column.index].empty()) {
      if (required) Fail(column.name, "is empty");
      return std::nullopt;
    }
    return record_.fields[*column.index];
  }

  template <class Ref>
  std::optional<Date> ReadDate(const Ref& ref, bool required) {
    const auto text = Text(ref, required);
    if (!text) return std::nullopt;
    auto date = Date::Parse(*text);
    if (!date) Fail(Resolve(ref).name, "'" + std::string(*text) + "' " + DateProblem(*text));
    return date;
  }

  template <class Ref>
  std::optional<Decimal> ReadDecimal(const Ref& ref, bool required) {
    const auto text = Text(ref, required);
    if (!text) return std::nullopt;
    const core::ParsedDecimal parsed = core::ParseDecimal(*text);
    if (!parsed.value) {
      Fail(Resolve(ref).name, "'" + std::string(*text) + "' " + std::string(core::DescribeDecimalError(parsed.error)));
    }
    return parsed.value;
  }

  template <class Ref, class T, std::size_t N>
  std::optional<T> ReadEnum(const Ref& ref, const std::array<EnumName<T>, N>& names, bool required) {
    const auto text = Text(ref, required);
    if (!text) return std::nullopt;
    for (const auto& entry : names) {
      if (entry.name == *text) return entry.value;
    }
    Fail(Resolve(ref).name, "unknown value '" + std::string(*text) + "' (expected " + ExpectedNames(names) + ")");
    return std::nullopt;
  }

  // `hash`, when given, is ids.Prepare of the field (computed ahead).
  template <class Ref>
  Index ReadReference(const Ref& ref, const IdIndex& ids, std::string_view what, bool required,
                      std::optional<std::uint64_t> hash = std::nullopt) {
    const auto text = Text(ref, required);
    if (!text) return kNoIndex;
    const Index found = hash ? ids.FindPrepared(*text, *hash) : ids.Find(*text);
    return Referenced(ref, *text, found, ids.listed(), what);
  }

  // The same against any listing with `Find(id)` (kNoIndex: not listed)
  // and `listed()` (false: its file could not be read).
  template <class Ref, class Ids>
  Index ReadReferenceIn(const Ref& ref, const Ids& ids, std::string_view what, bool required) {
    const auto text = Text(ref, required);
    if (!text) return kNoIndex;
    return Referenced(ref, *text, ids.Find(*text), ids.listed(), what);
  }

  // An id not yet in `ids` (whose rows started on `lines`); reports a repeat
  // with the line of the first. The caller inserts it once the row is valid.
  template <class Ref>
  std::optional<std::string_view> ReadNewId(const Ref& ref, const IdIndex& ids,
                                            const std::vector<std::uint64_t>& lines) {
    const auto text = Text(ref, true);
    if (!text) return std::nullopt;
    if (const Index first = ids.Find(*text); first != kNoIndex) {
      Fail(Resolve(ref).name, DuplicateId(*text, lines[first]));
      return std::nullopt;
    }
    return text;
  }

 private:
  // `found` for the reference `text`: an unknown id fails the row, named
  // unless its listing file could not be read (that file's problem says it).
  template <class Ref>
  Index Referenced(const Ref& ref, std::string_view text, Index found, bool listed, std::string_view what) {
    if (found == kNoIndex && !listed) {
      ok_ = false;
    } else if (found == kNoIndex) {
      Fail(Resolve(ref).name, "unknown " + std::string(what) + " '" + std::string(text) + "'");
    }
    return found;
  }

  // Names each field that is not UTF-8 text (spec: the files are UTF-8), in
  // every column, known or not; Text then treats the field as absent.
  void CheckText() {
    for (std::size_t i = 0; i < record_.fields.size(); ++i) {
      const TextProblem problem = io::CheckText(record_.fields[i]);
      if (problem == TextProblem::kNone) continue;
      const std::string_view name = columns_.NameAt(i);  // a column the header leaves unnamed by its place
      Fail(name.empty() ? "column " + std::to_string(i + 1) : std::string(name), std::string(Describe(problem)));
      bad_text_.resize(record_.fields.size());
      bad_text_[i] = true;
    }
  }
  [[nodiscard]] bool IsBadText(std::size_t position) const { return !bad_text_.empty() && bad_text_[position]; }

  const std::string& file_;
  const CsvRecord& record_;
  const ColumnMap& columns_;
  Diagnostics& diagnostics_;
  ColumnCache* cache_;
  std::vector<bool> bad_text_;  // by column, once a field is not text
  bool ok_ = true;
};

// The keys of a file's rows whose key is not one id, and the line each was
// first seen on. A repeat is refused by the reader, so that evaluate and
// import agree (the store could keep only one of the rows).
template <class Key>
class KeyedRows {
 public:
  // Notes the key of `row`; when it was seen before, fails the row in
  // `column`: "<what()> twice (first at line N)".
  template <class What>
  void Note(RowReader& row, Key key, std::string_view column, const What& what) {
    const auto [at, inserted] = first_lines_.try_emplace(std::move(key), row.line());
    if (!inserted) row.Fail(column, what() + " twice" + FirstAt(at->second));
  }

  // The line `key` was first noted on, if it was.
  [[nodiscard]] std::optional<std::uint64_t> FirstLine(const Key& key) const {
    const auto at = first_lines_.find(key);
    if (at == first_lines_.end()) return std::nullopt;
    return at->second;
  }
  // Notes `key` as seen on `line`, unless it was seen before.
  void Add(Key key, std::uint64_t line) { first_lines_.try_emplace(std::move(key), line); }

 private:
  std::map<Key, std::uint64_t> first_lines_;
};

// The keys of the evaluation's calendar days, certificates and holds (the
// keys the store gives them): the supplier's or plant's index, the standard
// or reason as a number, and the date. Only rows whose supplier or plant is
// known are keyed: another names its own problem.
using RowKeys = KeyedRows<std::tuple<Index, std::uint32_t, std::int32_t>>;

struct FileSpec {
  std::string_view name;
  bool required;
  std::vector<std::string_view> required_columns;
  std::vector<std::string_view> optional_columns;
};

// The problem of a record whose number of fields is not the header's.
inline core::Error WrongWidth(const std::string& display, const CsvRecord& record, std::size_t width) {
  return core::BadInput(
      "expected " + std::to_string(width) + " fields as in the header, found " + std::to_string(record.fields.size()),
      {display, record.line, ""});
}

// A CSV file opened with its header read and its columns found.
struct HeadedFile {
  CsvReader reader;
  ColumnMap columns;
};

// Opens `spec`'s file at `path` (which must exist), reads its header and
// finds its columns; nothing when the file cannot be read, its problems (each
// naming the file as `display`) then in `sink`.
inline std::optional<HeadedFile> OpenWithHeader(const std::filesystem::path& path, const std::string& display,
                                                const FileSpec& spec, Diagnostics& sink) {
  auto reader = CsvReader::Open(path, display);
  if (!reader.ok()) {
    sink.Add(reader.error());
    return std::nullopt;
  }
  CsvRecord header;
  auto has_header = reader->Next(header);
  if (!has_header.ok() || !*has_header) {
    sink.Add(has_header.ok() ? core::BadInput("the file is empty (a header row is required)", {display, 1, ""})
                             : has_header.error());
    return std::nullopt;
  }
  std::vector<core::Error> problems;
  ColumnMap columns = ColumnMap::Build(header, display, spec.required_columns, spec.optional_columns, problems);
  for (core::Error& problem : problems) sink.Add(std::move(problem));
  if (!problems.empty()) return std::nullopt;
  return HeadedFile{*std::move(reader), std::move(columns)};
}

// Calls read_record for each record next_record(record) gives (true: a
// record, false: the end, an error: a malformed record) that has the
// header's number of fields, and refused(record) for each other one, with
// the fields it has; every problem goes to `sink`. A malformed record ends
// at its line's end, and reading goes on.
template <class NextRecord, class RecordFunction, class RefusedFunction>
void ForEachRecord(const NextRecord& next_record, const std::string& display, const ColumnMap& columns,
                   Diagnostics& sink, const RecordFunction& read_record, const RefusedFunction& refused) {
  CsvRecord record;
  for (;;) {
    auto next = next_record(record);
    if (!next.ok()) {
      sink.Add(next.error());
      refused(record);
      continue;
    }
    if (!*next) return;
    if (record.fields.size() != columns.width()) {
      sink.Add(WrongWidth(display, record, columns.width()));
      refused(record);
      continue;
    }
    read_record(record);
  }
}

// The same with each record behind a RowReader, which names its problems.
template <class NextRecord, class RowFunction, class RefusedFunction>
void ForEachRow(const NextRecord& next_record, const std::string& display, const ColumnMap& columns, Diagnostics& sink,
                const RowFunction& read_row, const RefusedFunction& refused) {
  ColumnCache cache(columns);
  ForEachRecord(
      next_record, display, columns, sink,
      [&](const CsvRecord& record) {
        RowReader row(display, record, columns, sink, &cache);
        read_row(row);
      },
      refused);
}

}  // namespace supeval::io
