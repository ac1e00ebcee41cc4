// Block-buffered RFC 4180 record parsing and header-to-column mapping.
#include "supeval/io/csv_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace supeval::io {
namespace {

constexpr std::size_t kBlockSize = 1 << 20;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

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
  // Keep nothing: a record's bytes are copied to storage_ as they are parsed.
  position_ = 0;
  end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
  if (end_ == 0) eof_ = true;
  return end_ > 0;
}

core::Error CsvReader::Malformed(std::uint64_t line, std::string message) const {
  return core::BadInput(std::move(message), {display_name_, line, ""});
}

core::Result<bool> CsvReader::Next(CsvRecord& record) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  storage_.clear();
  spans_.clear();
  record.fields.clear();
  State state = State::kFieldStart;
  std::size_t field_start = 0;
  bool any_byte = false;
  std::uint64_t record_line = line_;
  auto end_field = [&] { spans_.emplace_back(field_start, storage_.size() - field_start); };

  bool at_end = false;
  for (;;) {
    if (position_ == end_ && !Refill()) {
      at_end = true;
      break;
    }
    if (!started_) {
      started_ = true;
      if (end_ - position_ >= 3 && std::memcmp(buffer_.data() + position_, "\xEF\xBB\xBF", 3) == 0) position_ += 3;
    }
    const char c = buffer_[position_++];
    switch (state) {
      case State::kQuoted:
        if (c == '"') state = State::kQuoteInQuoted;
        else {
          if (c == '\n') ++line_;
          storage_.push_back(c);
        }
        continue;
      case State::kQuoteInQuoted:
        if (c == '"') {
          storage_.push_back('"');
          state = State::kQuoted;
          continue;
        }
        if (c != ',' && c != '\n' && c != '\r') {
          return Malformed(line_, "unexpected character after a closing quote (a quote inside a field must be doubled)");
        }
        state = State::kUnquoted;
        break;  // handle the delimiter below
      case State::kFieldStart:
        if (c == '"') {
          any_byte = true;
          state = State::kQuoted;
          continue;
        }
        state = State::kUnquoted;
        break;
      case State::kUnquoted:
        break;
    }
    // Unquoted text or a delimiter.
    if (c == ',') {
      any_byte = true;
      end_field();
      field_start = storage_.size();
      state = State::kFieldStart;
    } else if (c == '\n') {
      ++line_;
      if (!any_byte) {  // a blank line: skip it
        record_line = line_;
        state = State::kFieldStart;
        continue;
      }
      end_field();
      break;
    } else if (c == '\r') {
      continue;  // CR of CRLF (or a stray CR) is not data
    } else if (c == '"') {
      return Malformed(line_, "unexpected quote inside an unquoted field (quote the whole field)");
    } else {
      any_byte = true;
      storage_.push_back(c);
    }
  }
  if (at_end) {
    if (state == State::kQuoted) {
      return Malformed(record_line, "a quoted field is not closed before the end of the file");
    }
    if (!any_byte && spans_.empty()) return false;
    end_field();  // the last record had no final newline
  }
  if (file_ && std::ferror(file_.get())) return Malformed(record_line, "read error");
  for (const auto& [offset, length] : spans_) record.fields.emplace_back(storage_.data() + offset, length);
  record.line = record_line;
  return true;
}

core::Result<ColumnMap> ColumnMap::Build(const CsvRecord& header, const std::string& file,
                                         const std::vector<std::string_view>& required,
                                         const std::vector<std::string_view>& optional) {
  ColumnMap map;
  map.width_ = header.fields.size();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view name = Trim(header.fields[i]);
    const bool known = std::find(required.begin(), required.end(), name) != required.end() ||
                       std::find(optional.begin(), optional.end(), name) != optional.end();
    if (!known) continue;
    if (map.Find(name)) {
      return core::BadInput("column '" + std::string(name) + "' appears twice in the header", {file, 1, ""});
    }
    map.columns_.emplace_back(std::string(name), i);
  }
  std::string missing;
  for (const std::string_view name : required) {
    if (!map.Find(name)) missing += (missing.empty() ? "'" : ", '") + std::string(name) + "'";
  }
  if (!missing.empty()) return core::BadInput("missing required column " + missing, {file, 1, ""});
  return map;
}

std::optional<std::size_t> ColumnMap::Find(std::string_view name) const {
  for (const auto& [column, index] : columns_) {
    if (column == name) return index;
  }
  return std::nullopt;
}

}  // namespace supeval::io
