// RFC 4180 record parsing (a fast path for lines without quotes, a state
// machine for the rest), block-buffered file reading, header mapping.
#include "supeval/io/csv_reader.hpp"

#include "byte_scan.hpp"
#include "text_check.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>

namespace supeval::io {
namespace {

constexpr std::size_t kBlockSize = 1 << 20;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

const char* Find(const char* begin, const char* end, char c) {
  return static_cast<const char*>(std::memchr(begin, c, static_cast<std::size_t>(end - begin)));
}

}  // namespace

namespace detail {

ParseStatus RecordParser::Parse(std::string_view data, std::size_t& position, bool final, std::uint64_t& line,
                                CsvRecord& record) {
  std::size_t pos = position;
  std::uint64_t current_line = line;
  // Blank lines (LF or CRLF alone) are skipped.
  for (;;) {
    if (pos == data.size()) {
      if (!final) return ParseStatus::kNeedMore;
      position = pos;
      line = current_line;
      return ParseStatus::kEnd;
    }
    if (data[pos] == '\n') {
      ++pos;
      ++current_line;
      continue;
    }
    if (data[pos] == '\r') {
      if (pos + 1 == data.size() && !final) return ParseStatus::kNeedMore;
      if (pos + 1 < data.size() && data[pos + 1] == '\n') {
        pos += 2;
        ++current_line;
        continue;
      }
    }
    break;
  }
  // Fast path: one scan of the line for commas, its end, or a quote (which
  // sends the record to the state machine). Fields are views into `data`.
  const char* begin = data.data() + pos;
  const char* data_end = data.data() + data.size();
  record.fields.clear();
  const char* field = begin;
  const char* at = begin;
  auto quoted = [&] {
    const ParseStatus status = ParseQuoted(data, pos, final, current_line, record);
    if (status == ParseStatus::kRecord || status == ParseStatus::kMalformed) {
      position = pos;
      line = current_line;
    }
    return status;
  };
  for (;;) {
    // Sixteen bytes at a time: every comma, newline or quote among them.
    if (data_end - at >= 16) {
      bool line_ends = false;
      for (std::uint32_t special = detail::SpecialMask16(at); special != 0; special &= special - 1) {
        const char* hit = at + std::countr_zero(special);
        if (*hit == '"') return quoted();
        if (*hit == '\n') {
          at = hit;
          line_ends = true;
          break;
        }
        record.fields.emplace_back(field, static_cast<std::size_t>(hit - field));
        field = hit + 1;
      }
      if (line_ends) break;
      at += 16;
      continue;
    }
    if (at == data_end) {
      if (!final) return ParseStatus::kNeedMore;
      break;
    }
    const char c = *at;
    if (c == '"') return quoted();
    if (c == '\n') break;
    if (c == ',') {
      record.fields.emplace_back(field, static_cast<std::size_t>(at - field));
      field = at + 1;
    }
    ++at;
  }
  const char* end = at;
  if (end > field && end[-1] == '\r') --end;
  record.fields.emplace_back(field, static_cast<std::size_t>(end - field));
  record.line = current_line;
  record.plain = IsPlainAscii(std::string_view(begin, static_cast<std::size_t>(at - begin)));
  const bool newline = at != data_end;
  position = static_cast<std::size_t>(at - data.data()) + (newline ? 1 : 0);
  line = current_line + (newline ? 1 : 0);
  return ParseStatus::kRecord;
}

ParseStatus RecordParser::ParseQuoted(std::string_view data, std::size_t& position, bool final, std::uint64_t& line,
                                      CsvRecord& record) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  scratch.clear();
  spans.clear();
  const std::uint64_t record_line = line;
  std::uint64_t current_line = line;
  std::size_t field_start = 0;
  State state = State::kFieldStart;
  auto end_field = [&] { spans.emplace_back(field_start, scratch.size() - field_start); };
  // The fields whole before the problem stay in `record`, and position and
  // line stay at the record's start: the caller goes on from its next line.
  auto whole_fields = [&] {
    record.fields.clear();
    for (const auto& [offset, length] : spans) record.fields.emplace_back(scratch.data() + offset, length);
    record.line = record_line;
    record.plain = IsPlainAscii(scratch);
  };
  // The problem is named on the record's line, where the caller goes on
  // from (a quote opened there and never closed shows later).
  auto malformed = [&](std::string message, std::uint64_t at) {
    error = std::move(message);
    if (at != record_line) error += " (on line " + std::to_string(at) + ", in a quoted field that starts on this line)";
    error_line = record_line;
    whole_fields();
    return ParseStatus::kMalformed;
  };
  std::size_t i = position;
  for (;; ++i) {
    if (i == data.size()) {
      if (!final) return ParseStatus::kNeedMore;
      if (state == State::kQuoted) {
        return malformed("a quoted field is not closed before the end of the file", record_line);
      }
      end_field();
      break;
    }
    const char c = data[i];
    if (state == State::kQuoted) {
      if (c == '"') {
        state = State::kQuoteInQuoted;
      } else {
        if (c == '\n') ++current_line;
        scratch.push_back(c);
      }
      continue;
    }
    if (state == State::kQuoteInQuoted) {
      if (c == '"') {
        scratch.push_back('"');
        state = State::kQuoted;
        continue;
      }
      if (c != ',' && c != '\n' && c != '\r') {
        return malformed("unexpected character after a closing quote (a quote inside a field must be doubled)",
                         current_line);
      }
      state = State::kUnquoted;
    } else if (state == State::kFieldStart) {
      if (c == '"') {
        state = State::kQuoted;
        continue;
      }
      state = State::kUnquoted;
    }
    if (c == ',') {
      end_field();
      field_start = scratch.size();
      state = State::kFieldStart;
    } else if (c == '\n') {
      ++current_line;
      end_field();
      ++i;
      break;
    } else if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') {
      continue;  // the CR of CRLF is not data
    } else if (c == '\r' && i + 1 == data.size() && !final) {
      return ParseStatus::kNeedMore;  // cannot tell yet whether LF follows
    } else if (c == '"') {
      return malformed("unexpected quote inside an unquoted field (quote the whole field)", current_line);
    } else {
      scratch.push_back(c);
    }
  }
  whole_fields();
  position = i;
  line = current_line;
  return ParseStatus::kRecord;
}

}  // namespace detail

void CsvReader::FileCloser::operator()(std::FILE* file) const {
  if (file != nullptr) std::fclose(file);
}

CsvReader::CsvReader(std::FILE* file, std::string display_name)
    : file_(file), display_name_(std::move(display_name)), buffer_(kBlockSize) {}

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

core::Result<CsvReader> CsvReader::Open(const std::filesystem::path& path, std::string display_name) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return core::BadInput(std::string("cannot open: ") + std::strerror(errno), {std::move(display_name), 0, ""});
  }
  return CsvReader(file, std::move(display_name));
}

CsvReader CsvReader::FromString(std::string text, std::string display_name) {
  CsvReader reader(nullptr, std::move(display_name));
  reader.buffer_.assign(text.begin(), text.end());
  reader.end_ = reader.buffer_.size();
  reader.eof_ = true;
  return reader;
}

bool CsvReader::Refill() {
  if (eof_ || !file_) {
    eof_ = true;
    return false;
  }
  // Keep the unparsed tail of the buffer; grow when one record fills it.
  std::memmove(buffer_.data(), buffer_.data() + position_, end_ - position_);
  end_ -= position_;
  position_ = 0;
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const std::size_t read = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
  end_ += read;
  if (read == 0) eof_ = true;
  return read > 0;
}

core::Result<bool> CsvReader::Next(CsvRecord& record) {
  if (!started_) {
    started_ = true;
    if (end_ == 0) Refill();
    if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) position_ = 3;
  }
  if (skip_line_) SkipMalformedLine();
  for (;;) {
    const std::string_view data(buffer_.data(), end_);
    switch (parser_.Parse(data, position_, eof_, line_, record)) {
      case detail::ParseStatus::kRecord:
        return true;
      case detail::ParseStatus::kEnd:
        if (file_ && std::ferror(file_.get()) && !read_error_reported_) {
          read_error_reported_ = true;  // reported once: the callers read on past errors
          return core::BadInput("read error", {display_name_, line_, ""});
        }
        return false;
      case detail::ParseStatus::kMalformed:
        skip_line_ = true;
        return core::BadInput(parser_.error, {display_name_, parser_.error_line, ""});
      case detail::ParseStatus::kNeedMore:
        Refill();
        break;
    }
  }
}

void CsvReader::SkipMalformedLine() {
  skip_line_ = false;
  for (;;) {
    const char* begin = buffer_.data() + position_;
    if (const char* newline = Find(begin, buffer_.data() + end_, '\n'); newline != nullptr) {
      position_ = static_cast<std::size_t>(newline - buffer_.data()) + 1;
      ++line_;
      return;
    }
    position_ = end_;
    if (!Refill()) return;  // the malformed line was the file's last
  }
}

std::string CsvReader::TakeBuffered(std::uint64_t& line) {
  line = line_;
  std::string rest(buffer_.data() + position_, end_ - position_);
  position_ = end_;
  return rest;
}

CsvBlockParser::CsvBlockParser(std::string_view block, std::uint64_t first_line) : block_(block), line_(first_line) {
  // Offsets of the list are 31 bits: a larger block (one record grown past
  // 2 GiB) goes to the record parser whole.
  if (block_.size() >= detail::kLineEndBit) parse_until_ = block_.size();
}

bool CsvBlockParser::ListSeparators() {
  const std::size_t size = std::min(kWindow, block_.size() - position_);
  separators_.resize(kWindow + 64);
  std::size_t clean = 0;
  std::size_t count = detail::IndexSeparators(block_.data() + position_, size, static_cast<std::uint32_t>(position_),
                                              separators_.data(), clean);
  // Records are cut only up to the last line end: the rest of the window may
  // belong to a record that goes on past it.
  while (count > 0 && (separators_[count - 1] & detail::kLineEndBit) == 0) --count;
  if (count == 0) {
    // Nothing to cut: a quote early in the window (parse past its 64 bytes),
    // or no line end in it (parse past the window).
    parse_until_ = position_ + (clean < size ? clean + 64 : size);
    return false;
  }
  listed_ = count;
  next_separator_ = 0;
  // The window is in the cache now: whether its records need a UTF-8 check
  // costs a few cycles a row here, against reading each record again.
  window_plain_ = IsPlainAscii(block_.substr(position_, size));
  return true;
}

bool CsvBlockParser::CutListedRecord(CsvRecord& record) {
  const char* text = block_.data();
  const auto offset = [](std::uint32_t entry) { return static_cast<std::size_t>(entry & ~detail::kLineEndBit); };
  // Blank lines (LF or CRLF alone) are skipped, as the record parser does.
  for (;;) {
    const std::uint32_t entry = separators_[next_separator_];
    const std::size_t at = offset(entry);
    const bool blank =
        (entry & detail::kLineEndBit) != 0 && (at == position_ || (at == position_ + 1 && text[position_] == '\r'));
    if (!blank) break;
    position_ = at + 1;
    ++line_;
    if (++next_separator_ == listed_) return false;
  }
  // The record's fields end at its entries up to the next line end (the list
  // ends with one). Locals and a sized vector: the loop keeps nothing in
  // members, which its stores could alias.
  const std::uint32_t* entries = separators_.data() + next_separator_;
  std::size_t count = 1;
  while ((entries[count - 1] & detail::kLineEndBit) == 0) ++count;
  record.fields.resize(count);
  std::string_view* fields = record.fields.data();
  std::size_t field = position_;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t at = offset(entries[i]);
    fields[i] = std::string_view(text + field, at - field);
    field = at + 1;
  }
  std::string_view& last = fields[count - 1];
  if (!last.empty() && last.back() == '\r') last.remove_suffix(1);  // the CR of CRLF is not data
  next_separator_ += count;
  position_ = field;
  record.line = line_++;
  record.plain = window_plain_;
  return true;
}

core::Result<bool> CsvBlockParser::Next(CsvRecord& record, const std::string& display_name) {
  while (position_ >= parse_until_ && position_ < block_.size()) {
    if (next_separator_ == listed_ && !ListSeparators()) break;
    if (CutListedRecord(record)) return true;
  }
  detail::RecordParser& parser = parsers_[turn_];
  switch (parser.Parse(block_, position_, true, line_, record)) {
    case detail::ParseStatus::kRecord:
      turn_ = (turn_ + 1) % kLookAhead;
      return true;
    case detail::ParseStatus::kMalformed: {  // keeps its turn: its fields are for the caller's next step only
      const auto* newline =
          static_cast<const char*>(std::memchr(block_.data() + position_, '\n', block_.size() - position_));
      position_ = newline == nullptr ? block_.size() : static_cast<std::size_t>(newline - block_.data()) + 1;
      ++line_;
      return core::BadInput(parser.error, {display_name, parser.error_line, ""});
    }
    case detail::ParseStatus::kEnd:
    case detail::ParseStatus::kNeedMore:
      break;
  }
  return false;
}

std::size_t FindLastRecordEnd(std::string_view data, std::uint64_t& lines) {
  const detail::ByteCount newlines = detail::CountByteAndSee(data, '\n', '"');
  if (newlines.seen) {
    const std::size_t end = FindLastRecordEnd(data);
    lines = detail::CountByte(data.substr(0, end), '\n');
    return end;
  }
  lines = newlines.count;  // without quotes every line end ends a record: none follows the last
  return FindLastLineEnd(data);
}

std::size_t FindLastLineEnd(std::string_view data) {
  const auto* last = static_cast<const char*>(memrchr(data.data(), '\n', data.size()));
  return last == nullptr ? 0 : static_cast<std::size_t>(last - data.data()) + 1;
}

std::size_t FindLastRecordEnd(std::string_view data) {
  if (Find(data.data(), data.data() + data.size(), '"') == nullptr) return FindLastLineEnd(data);
  // A newline ends a record only outside quotes; "" toggles twice.
  bool quoted = false;
  std::size_t end = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '"') quoted = !quoted;
    else if (data[i] == '\n' && !quoted) end = i + 1;
  }
  return end;
}

namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Whether `a` becomes `b` by at most one insertion, deletion, substitution
// or swap of neighbours (`recieved` -> `received`).
bool OneEditApart(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t same = 0;  // the common start
  while (same < a.size() && a[same] == b[same]) ++same;
  if (a.size() < b.size()) return a.substr(same) == b.substr(same + 1);
  if (same == a.size()) return true;
  if (a.substr(same + 1) == b.substr(same + 1)) return true;  // one substituted
  return same + 1 < a.size() && a[same] == b[same + 1] && a[same + 1] == b[same] &&
         a.substr(same + 2) == b.substr(same + 2);
}

// The problems of a header that cannot be the interchange format's at all:
// not UTF-8 text, CR line ends, another separator. Its names are not matched.
bool AddFormatProblems(const CsvRecord& header, const std::function<void(std::string)>& problem) {
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const TextProblem text = CheckText(header.fields[i]);
    if (text == TextProblem::kNone) continue;
    const std::string_view first = header.fields.front();
    if (first.starts_with("\xFF\xFE") || first.starts_with("\xFE\xFF")) {
      problem("the file is UTF-16: the interchange format is UTF-8");
    } else {
      problem("column " + std::to_string(i + 1) + " of the header: " + std::string(Describe(text)));
    }
    return true;
  }
  const auto any_field_holds = [&](char c) {
    return std::any_of(header.fields.begin(), header.fields.end(),
                       [c](std::string_view field) { return field.find(c) != std::string_view::npos; });
  };
  bool found = false;
  const auto report = [&](std::string message) {
    problem(std::move(message));
    found = true;
  };
  if (any_field_holds('\r')) {
    report("the file ends its lines with CR alone: the interchange format ends them with LF or CRLF");
  }
  const bool one_column = header.fields.size() == 1;
  if (one_column && any_field_holds(';')) {
    report("the file is separated by ';': the interchange format uses ','");
  } else if (one_column && any_field_holds('\t')) {
    report("the file is separated by tabs: the interchange format uses ','");
  }
  return found;
}

}  // namespace

ColumnMap ColumnMap::Build(const CsvRecord& header, const std::string& file,
                           const std::vector<std::string_view>& required, const std::vector<std::string_view>& optional,
                           std::vector<core::Error>& problems) {
  const auto problem = [&](std::string message) {
    problems.push_back(core::BadInput(std::move(message), {file, 1, ""}));
  };
  ColumnMap map;
  map.width_ = header.fields.size();
  for (const std::string_view field : header.fields) map.names_.emplace_back(Trim(field));
  if (AddFormatProblems(header, problem)) return map;
  std::vector<std::string_view> known(required);
  known.insert(known.end(), optional.begin(), optional.end());
  std::vector<std::string_view> looked_like;  // known names that a header's name looks like
  for (std::size_t i = 0; i < map.names_.size(); ++i) {
    const std::string_view name = map.names_[i];
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string lower = Lower(name);
      const auto like = std::find_if(known.begin(), known.end(),
                                     [&](std::string_view k) { return lower == k || OneEditApart(lower, k); });
      if (like == known.end()) continue;  // unknown columns are ignored (spec)
      looked_like.push_back(*like);
      problem("column '" + std::string(name) + "' looks like '" + std::string(*like) + "' (column names are " +
              (lower == *like ? "lower case" : "spelt") + " as in the spec)");
      continue;
    }
    if (map.Find(name)) {
      problem("column '" + std::string(name) + "' appears twice in the header");
      continue;
    }
    map.columns_.emplace_back(std::string(name), i);
    if (map.columns_.size() < kAmbiguous) {
      map.AddShortcut(map.columns_.size() - 1);
    } else {
      map.shortcuts_.fill(kAmbiguous);  // too many to name by a byte: search them all
    }
  }
  std::string missing;
  for (const std::string_view name : required) {
    const bool explained = std::find(looked_like.begin(), looked_like.end(), name) != looked_like.end();
    if (!map.Find(name) && !explained) missing += (missing.empty() ? "'" : ", '") + std::string(name) + "'";
  }
  if (!missing.empty()) problem("missing required column " + missing);
  return map;
}

std::size_t ColumnMap::ShortcutOf(std::string_view name) {
  if (name.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(name[i])); };
  return (name.size() * 31 + byte(0) + byte(name.size() - 1) * 7 + byte(name.size() / 2) * 3) % kShortcuts;
}

void ColumnMap::AddShortcut(std::size_t position) {
  std::uint8_t& shortcut = shortcuts_[ShortcutOf(columns_[position].first)];
  shortcut = shortcut == kNoShortcut ? static_cast<std::uint8_t>(position) : kAmbiguous;
}

std::optional<std::size_t> ColumnMap::Find(std::string_view name) const {
  const std::uint8_t shortcut = shortcuts_[ShortcutOf(name)];
  if (shortcut == kNoShortcut) return std::nullopt;
  if (shortcut != kAmbiguous) {
    const auto& [column, index] = columns_[shortcut];
    if (column == name) return index;
    return std::nullopt;
  }
  for (const auto& [column, index] : columns_) {
    if (column == name) return index;
  }
  return std::nullopt;
}

}  // namespace supeval::io
