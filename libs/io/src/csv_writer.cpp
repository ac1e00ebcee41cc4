// Buffered RFC 4180 field formatting: every field is formatted straight into
// the writer's buffer, with no allocation and no stream formatting per field.
#include "supeval/io/csv_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "supeval/core/digits.hpp"

namespace supeval::io {
namespace {

// Longest text of an int64 ("-9223372036854775808").
constexpr std::size_t kMaxIntegerChars = 20;
// Longest text of a Decimal: sign, 13 integer digits, '.', 6 fraction digits.
constexpr std::size_t kMaxDecimalChars = 1 + kMaxIntegerChars + 1 + core::Decimal::kMaxFractionDigits;
constexpr std::size_t kIsoDateChars = 10;  // YYYY-MM-DD

// RFC 4180: a field holding one of these must be quoted.
constexpr bool NeedsQuoting(char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; }

// The same for a whole text, eight bytes at a time: a result file is mostly
// fields that need no quotes, and the byte loop was half of writing one.
bool NeedsQuoting(std::string_view text) {
  using core::detail::Broadcast;
  using core::detail::ZeroBytes;
  std::size_t at = 0;
  for (; text.size() - at >= 8; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    if ((ZeroBytes(word ^ Broadcast(',')) | ZeroBytes(word ^ Broadcast('"')) | ZeroBytes(word ^ Broadcast('\r')) |
         ZeroBytes(word ^ Broadcast('\n'))) != 0) {
      return true;
    }
  }
  for (; at < text.size(); ++at) {
    if (NeedsQuoting(text[at])) return true;
  }
  return false;
}

// Writes `value` (0 <= value < 10^width) as exactly `width` digits.
void WriteDigits(char* out, std::uint32_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

CsvWriter::CsvWriter(std::ostream& out) : out_(out), buffer_(std::make_unique<char[]>(kBufferSize)) {}

CsvWriter::~CsvWriter() { Flush(); }

void CsvWriter::Drain() {
  if (size_ == 0) return;
  out_.write(buffer_.get(), static_cast<std::streamsize>(size_));
  size_ = 0;
}

void CsvWriter::Reserve(std::size_t bytes) {
  if (kBufferSize - size_ < bytes) Drain();
}

void CsvWriter::BeginField() {
  if (row_has_field_) {
    Reserve(1);
    buffer_[size_++] = ',';
  }
  row_has_field_ = true;
}

void CsvWriter::PutSlow(char c) {
  if (size_ == kBufferSize) Drain();
  buffer_[size_++] = c;
}

void CsvWriter::QuotedSlow(std::string_view text) {
  PutSlow('"');
  for (const char c : text) {
    if (c == '"') PutSlow('"');
    PutSlow(c);
  }
  PutSlow('"');
}

void CsvWriter::Field(std::string_view text) {
  BeginField();
  if (!NeedsQuoting(text)) {
    if (text.size() > kBufferSize) {
      Drain();
      out_.write(text.data(), static_cast<std::streamsize>(text.size()));
      return;
    }
    Reserve(text.size());
    if (!text.empty()) std::memcpy(buffer_.get() + size_, text.data(), text.size());
    size_ += text.size();
    return;
  }
  const auto quotes = static_cast<std::size_t>(std::count(text.begin(), text.end(), '"'));
  const std::size_t needed = text.size() + quotes + 2;
  if (needed > kBufferSize) {
    QuotedSlow(text);
    return;
  }
  Reserve(needed);
  char* out = buffer_.get() + size_;
  *out++ = '"';
  for (const char c : text) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  size_ += needed;
}

void CsvWriter::Field(std::int64_t value) {
  BeginField();
  Reserve(kMaxIntegerChars);
  char* begin = buffer_.get() + size_;
  const auto [end, error] = std::to_chars(begin, begin + kMaxIntegerChars, value);
  (void)error;  // cannot fail: the room holds any int64
  size_ += static_cast<std::size_t>(end - begin);
}

void CsvWriter::Field(core::Decimal value) {
  BeginField();
  Reserve(kMaxDecimalChars);
  char* const begin = buffer_.get() + size_;
  char* out = begin;
  const std::int64_t micros = value.micros();
  // The magnitude as unsigned, so that the most negative value has one too.
  std::uint64_t magnitude = static_cast<std::uint64_t>(micros);
  if (micros < 0) {
    *out++ = '-';
    magnitude = ~magnitude + 1;
  }
  const auto scale = static_cast<std::uint64_t>(core::Decimal::kScale);
  const std::uint64_t units = magnitude / scale;
  const auto fraction = static_cast<std::uint32_t>(magnitude % scale);
  out = std::to_chars(out, begin + kMaxDecimalChars, units).ptr;
  if (fraction != 0) {
    *out++ = '.';
    WriteDigits(out, fraction, core::Decimal::kMaxFractionDigits);
    out += core::Decimal::kMaxFractionDigits;
    while (out[-1] == '0') --out;  // shortest exact text: no trailing zeros
  }
  size_ += static_cast<std::size_t>(out - begin);
}

void CsvWriter::Field(core::Date value) {
  const core::CivilDate civil = value.ToCivil();
  if (civil.year < 0 || civil.year > 9999) {
    // Outside ISO's four-digit years: the core's own text (rare, so it may allocate).
    const std::string text = value.ToString();
    Field(std::string_view(text));
    return;
  }
  BeginField();
  Reserve(kIsoDateChars);
  char* const out = buffer_.get() + size_;
  WriteDigits(out, static_cast<std::uint32_t>(civil.year), 4);
  out[4] = '-';
  WriteDigits(out + 5, static_cast<std::uint32_t>(civil.month), 2);
  out[7] = '-';
  WriteDigits(out + 8, static_cast<std::uint32_t>(civil.day), 2);
  size_ += kIsoDateChars;
}

void CsvWriter::EmptyField() { BeginField(); }

void CsvWriter::EndRow() {
  Reserve(1);
  buffer_[size_++] = '\n';
  row_has_field_ = false;
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  for (const std::string_view field : fields) Field(field);
  EndRow();
}

void CsvWriter::Flush() {
  Drain();
  out_.flush();
}

}  // namespace supeval::io
