// Reads the cells of an .xlsx workbook as text (xlsx_reader.hpp): libzip
// opens the archive in memory, each XML part is streamed through expat in
// chunks (never held whole), bounded by XlsxLimits.
#include "supeval/io/xlsx_reader.hpp"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>

#include "supeval/core/date.hpp"

namespace supeval::io {
namespace {

// Excel's grid (the largest cell is XFD1048576).
constexpr std::uint32_t kMaxColumns = 16384;
constexpr std::uint32_t kMaxRows = 1048576;
constexpr std::size_t kChunkBytes = 64 * 1024;

// Days from 1970-01-01 to the serial 0 of each date system: 1899-12-30 for
// 1900 (whose serials from 61 on count as if 1900 had had a 29 February),
// 1904-01-01 for 1904.
constexpr std::int64_t kSerialEpoch1900 = 25569;
constexpr std::int64_t kSerialEpoch1904 = 24107;
constexpr double kFakeLeapDay1900 = 60;       // Excel's 1900-02-29, a day that never was
constexpr double kMaxSerial = 2958465;        // 9999-12-31 in the 1900 system
constexpr double kFixedNotationLimit = 1e21;  // beyond: the shortest text is exponential

core::Error Problem(const std::string& workbook, std::string message) {
  return core::BadInput(std::move(message), {workbook, 0, ""});
}

// ---- XML: a local-name SAX over expat, bounded in depth, without DOCTYPE.

// Receives the elements of one part by local name (namespaces dropped:
// transitional and strict OOXML, with or without prefixes, read alike).
class XmlHandler {
 public:
  using Attributes = const XML_Char**;
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, Attributes attributes) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view text) = 0;
  // A problem found by the handler: parsing stops, and the part fails with it.
  std::optional<std::string> failure;
};

std::string_view LocalName(const XML_Char* name) {
  const std::string_view full(name);
  const std::size_t separator = full.rfind('|');
  return separator == std::string_view::npos ? full : full.substr(separator + 1);
}

std::optional<std::string_view> Attribute(XmlHandler::Attributes attributes, std::string_view local) {
  for (std::size_t i = 0; attributes[i] != nullptr; i += 2) {
    if (LocalName(attributes[i]) == local) return std::string_view(attributes[i + 1]);
  }
  return std::nullopt;
}

class XmlStream {
 public:
  XmlStream(XmlHandler& handler, std::uint32_t max_depth)
      : parser_(XML_ParserCreateNS(nullptr, '|')), handler_(handler), max_depth_(max_depth) {
    XML_SetUserData(parser_.get(), this);
    XML_SetElementHandler(parser_.get(), &XmlStream::OnStart, &XmlStream::OnEnd);
    XML_SetCharacterDataHandler(parser_.get(), &XmlStream::OnText);
    // No workbook part has a DOCTYPE: refusing it refuses every entity.
    XML_SetStartDoctypeDeclHandler(parser_.get(), &XmlStream::OnDoctype);
  }

  // Feeds the next bytes (`last`: no more follow); a problem's text on failure.
  std::optional<std::string> Feed(std::string_view bytes, bool last) {
    if (parser_ == nullptr) return "out of memory";
    if (XML_Parse(parser_.get(), bytes.data(), static_cast<int>(bytes.size()), last ? 1 : 0) == XML_STATUS_OK) {
      return std::nullopt;
    }
    if (handler_.failure) return handler_.failure;
    return "malformed XML at line " + std::to_string(XML_GetCurrentLineNumber(parser_.get())) + ": " +
           XML_ErrorString(XML_GetErrorCode(parser_.get()));
  }

 private:
  static XmlStream& Self(void* data) { return *static_cast<XmlStream*>(data); }
  static void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    XmlStream& self = Self(data);
    if (++self.depth_ > self.max_depth_)
      return self.Stop("elements nested deeper than " + std::to_string(self.max_depth_));
    self.handler_.Start(LocalName(name), attributes);
    if (self.handler_.failure) XML_StopParser(self.parser_.get(), XML_FALSE);
  }
  static void OnEnd(void* data, const XML_Char* name) {
    XmlStream& self = Self(data);
    --self.depth_;
    self.handler_.End(LocalName(name));
    if (self.handler_.failure) XML_StopParser(self.parser_.get(), XML_FALSE);
  }
  static void OnText(void* data, const XML_Char* text, int length) {
    Self(data).handler_.Text(std::string_view(text, static_cast<std::size_t>(length)));
  }
  static void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    Self(data).Stop("a DOCTYPE declaration (not allowed in a workbook)");
  }
  void Stop(std::string reason) {
    handler_.failure = std::move(reason);
    XML_StopParser(parser_.get(), XML_FALSE);
  }

  struct ParserFree {
    void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
  };
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser_;
  XmlHandler& handler_;
  std::uint32_t max_depth_;
  std::uint32_t depth_ = 0;
};

// ---- The archive: entries streamed through a handler, within the limits.

class Archive {
 public:
  static core::Result<Archive> Open(std::string_view bytes, const std::string& workbook, const XlsxLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) {
      if (source != nullptr) zip_source_free(source);
      std::string reason = zip_error_strerror(&error);
      zip_error_fini(&error);
      return Problem(workbook, "not an .xlsx workbook (" + reason + ")");
    }
    zip_error_fini(&error);
    return Archive(archive, workbook, limits);
  }

  // Streams the entry `name` through `handler`; false when there is no such
  // entry.
  core::Result<bool> Parse(const std::string& name, XmlHandler& handler) {
    const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return false;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
      return Fail(name, "cannot be read (" + std::string(zip_strerror(archive_.get())) + ")");
    }
    if (auto problem = CheckDeclaredSize(stat); problem) return Fail(name, *problem);
    std::unique_ptr<zip_file_t, FileClose> file(zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
    if (file == nullptr) return Fail(name, "cannot be read (" + std::string(zip_strerror(archive_.get())) + ")");
    return Stream(name, file.get(), stat, handler);
  }

 private:
  struct Close {
    void operator()(zip_t* archive) const { zip_discard(archive); }
  };
  struct FileClose {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
  };

  Archive(zip_t* archive, std::string workbook, const XlsxLimits& limits)
      : archive_(archive), workbook_(std::move(workbook)), limits_(limits) {}

  core::Error Fail(const std::string& entry, const std::string& message) const {
    return Problem(workbook_, entry + ": " + message);
  }

  [[nodiscard]] std::optional<std::string> CheckDeclaredSize(const zip_stat_t& stat) const {
    if ((stat.valid & ZIP_STAT_SIZE) == 0) return std::nullopt;  // checked while reading
    if (stat.size > limits_.max_entry_bytes) return TooLarge();
    if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0 && IsBomb(stat.size, stat.comp_size)) return Bomb();
    return std::nullopt;
  }
  [[nodiscard]] bool IsBomb(std::uint64_t size, std::uint64_t compressed) const {
    return size > limits_.ratio_floor_bytes && size / std::max<std::uint64_t>(compressed, 1) > limits_.max_ratio;
  }
  [[nodiscard]] std::string TooLarge() const {
    return "larger than " + std::to_string(limits_.max_entry_bytes) + " bytes uncompressed (a limit against zip bombs)";
  }
  [[nodiscard]] std::string Bomb() const {
    return "compressed more than " + std::to_string(limits_.max_ratio) + " to 1 (taken for a zip bomb, not read)";
  }

  // The declared sizes may lie: the bytes actually inflated are counted.
  core::Result<bool> Stream(const std::string& name, zip_file_t* file, const zip_stat_t& stat, XmlHandler& handler) {
    XmlStream xml(handler, limits_.max_depth);
    std::array<char, kChunkBytes> chunk{};
    const std::uint64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : 0;
    std::uint64_t inflated = 0;
    for (;;) {
      const zip_int64_t read = zip_fread(file, chunk.data(), chunk.size());
      if (read < 0) return Fail(name, "cannot be read (" + std::string(zip_file_strerror(file)) + ")");
      inflated += static_cast<std::uint64_t>(read);
      total_ += static_cast<std::uint64_t>(read);
      if (inflated > limits_.max_entry_bytes) return Fail(name, TooLarge());
      if (compressed != 0 && IsBomb(inflated, compressed)) return Fail(name, Bomb());
      if (total_ > limits_.max_total_bytes) {
        return Fail(name, "the workbook holds more than " + std::to_string(limits_.max_total_bytes) +
                              " bytes uncompressed (a limit against zip bombs)");
      }
      const bool last = read == 0;
      if (auto problem = xml.Feed(std::string_view(chunk.data(), static_cast<std::size_t>(read)), last); problem) {
        return Fail(name, *problem);
      }
      if (last) return true;
    }
  }

  std::unique_ptr<zip_t, Close> archive_;
  std::string workbook_;
  XlsxLimits limits_;
  std::uint64_t total_ = 0;
};

// ---- Cell text: Excel's _xHHHH_ escapes, numbers, dates.

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// ST_Xstring: a character XML cannot carry is written `_xHHHH_` (a control
// character, or `_x005F_` for an underscore that starts such a text).
std::string DecodeEscapes(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::uint32_t code = 0;
    bool escape = i + 7 <= text.size() && text.compare(i, 2, "_x") == 0 && text[i + 6] == '_';
    for (std::size_t k = 2; escape && k < 6; ++k) {
      const int digit = HexValue(text[i + k]);
      escape = digit >= 0;
      code = code * 16 + static_cast<std::uint32_t>(std::max(digit, 0));
    }
    if (!escape || (code >= 0xD800 && code <= 0xDFFF)) {
      out += text[i];
      continue;
    }
    AppendUtf8(out, code);
    i += 6;
  }
  return out;
}

// The shortest text that reads back to `value`, in fixed notation where that
// is not absurdly long (1000000, not 1e+06), never through a locale.
std::string NumberText(double value) {
  if (value == 0) return "0";
  std::array<char, 400> buffer{};
  const bool fixed = std::fabs(value) < kFixedNotationLimit && std::fabs(value) >= 1e-9;
  const auto result = fixed
                          ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed)
                          : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// A number cell's text: a date (ISO) when its style shows a date and it is a
// day Excel can show; else the number.
std::string NumericCell(std::string_view raw, bool date_style, bool date1904) {
  double value = 0;
  const auto parsed = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != raw.data() + raw.size() || !std::isfinite(value)) {
    return std::string(raw);  // not a number after all: the reader judges the text
  }
  if (!date_style || value < 1 || value > kMaxSerial) return NumberText(value);
  const double day = std::floor(value);                           // a time of day is dropped
  if (!date1904 && day == kFakeLeapDay1900) return "1900-02-29";  // refused as no date by the reader
  std::int64_t days = static_cast<std::int64_t>(day) - (date1904 ? kSerialEpoch1904 : kSerialEpoch1900);
  if (!date1904 && day < kFakeLeapDay1900) ++days;  // before Excel's leap day the serials are one ahead
  return core::Date::FromDays(static_cast<std::int32_t>(days)).ToString();
}

// Whether a number format code shows a date: it has a day, month or year
// field outside quotes, escapes and brackets ([Red], [$-409]); `m` counts as
// a month only where no hour or second field makes it minutes.
bool IsDateFormat(std::string_view code) {
  bool day_or_year = false;
  bool m = false;
  bool time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == '"') {
      i = std::min(code.find('"', i + 1), code.size());
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const std::size_t end = std::min(code.find(']', i + 1), code.size());
      const std::string_view inside = code.substr(i + 1, end - i - 1);
      time = time || (!inside.empty() && std::string_view("hHmMsS").find(inside[0]) != std::string_view::npos);
      i = end;
    } else if (c == 'd' || c == 'y') {
      day_or_year = true;
    } else if (c == 'm') {
      m = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    } else if (c == ';') {
      break;  // the first section decides
    }
  }
  return day_or_year || (m && !time);
}

// Built-in number formats that show a date (ECMA-376 §18.8.30): 14-17 and
// 22. 18-21 and 45-47 show only a time of day and stay numbers.
bool IsBuiltInDateFormat(std::uint32_t id) { return (id >= 14 && id <= 17) || id == 22; }

std::optional<std::uint32_t> ParseUnsigned(std::string_view text) {
  std::uint32_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

bool IsTrue(std::string_view text) { return text == "1" || text == "true"; }

// ---- The parts.

struct SheetEntry {
  std::string name;
  std::string relationship;
};

class WorkbookPart : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "workbookPr") date1904 = IsTrue(Attribute(attributes, "date1904").value_or(""));
    if (name != "sheet") return;
    const auto sheet_name = Attribute(attributes, "name");
    const auto id = Attribute(attributes, "id");
    if (!sheet_name || !id) {
      failure = "a <sheet> without name or r:id";
      return;
    }
    sheets.push_back({std::string(*sheet_name), std::string(*id)});
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}
};

class RelationshipsPart : public XmlHandler {
 public:
  std::map<std::string, std::string, std::less<>> targets;

  void Start(std::string_view name, Attributes attributes) override {
    if (name != "Relationship") return;
    const auto id = Attribute(attributes, "Id");
    const auto target = Attribute(attributes, "Target");
    if (id && target) targets.emplace(*id, *target);
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}
};

// The text of <si> or <is>: its <t>, or the <t> of its runs <r>; phonetic
// runs (<rPh>) are a reading aid, not the text.
class StringCollector {
 public:
  void Start(std::string_view name) {
    if (name == "rPh") ++phonetic_;
    if (name == "t" && phonetic_ == 0) in_text_ = true;
  }
  void End(std::string_view name) {
    if (name == "rPh") --phonetic_;
    if (name == "t") in_text_ = false;
  }
  void Text(std::string_view text) {
    if (in_text_) text_ += text;
  }
  std::string Take() {
    std::string text = DecodeEscapes(std::move(text_));
    text_.clear();
    return text;
  }

 private:
  std::string text_;
  int phonetic_ = 0;
  bool in_text_ = false;
};

class SharedStringsPart : public XmlHandler {
 public:
  explicit SharedStringsPart(std::uint64_t max_strings) : max_strings_(max_strings) {}
  std::vector<std::string> strings;

  void Start(std::string_view name, Attributes) override {
    if (name == "si") in_item_ = true;
    if (in_item_) collector_.Start(name);
  }
  void End(std::string_view name) override {
    if (!in_item_) return;
    collector_.End(name);
    if (name != "si") return;
    in_item_ = false;
    if (strings.size() >= max_strings_) {
      failure = "more than " + std::to_string(max_strings_) + " shared strings";
      return;
    }
    strings.push_back(collector_.Take());
  }
  void Text(std::string_view text) override {
    if (in_item_) collector_.Text(text);
  }

 private:
  std::uint64_t max_strings_;
  StringCollector collector_;
  bool in_item_ = false;
};

class StylesPart : public XmlHandler {
 public:
  // By cell style index (the `s` of a cell): whether it shows a date.
  std::vector<bool> date_styles;

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "numFmt") {
      const auto id = ParseUnsigned(Attribute(attributes, "numFmtId").value_or(""));
      if (id) custom_dates_[*id] = IsDateFormat(Attribute(attributes, "formatCode").value_or(""));
    } else if (name == "cellXfs") {
      in_cell_formats_ = true;
    } else if (name == "xf" && in_cell_formats_) {
      const std::uint32_t id = ParseUnsigned(Attribute(attributes, "numFmtId").value_or("0")).value_or(0);
      const auto custom = custom_dates_.find(id);
      date_styles.push_back(custom != custom_dates_.end() ? custom->second : IsBuiltInDateFormat(id));
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_formats_ = false;
  }
  void Text(std::string_view) override {}

 private:
  std::map<std::uint32_t, bool> custom_dates_;  // numFmts come before cellXfs
  bool in_cell_formats_ = false;
};

// A cell reference "C17": the 0-based column and the row; nothing when it
// is not one or lies outside Excel's grid.
struct CellPosition {
  std::uint32_t column = 0;
  std::uint32_t row = 0;
};
std::optional<CellPosition> ParseReference(std::string_view reference) {
  CellPosition position;
  std::size_t i = 0;
  std::uint32_t column = 0;
  for (; i < reference.size() && i < 3 && std::isalpha(static_cast<unsigned char>(reference[i])) != 0; ++i) {
    column = column * 26 + static_cast<std::uint32_t>(std::toupper(static_cast<unsigned char>(reference[i])) - 'A' + 1);
  }
  if (i == 0 || column > kMaxColumns) return std::nullopt;
  const auto row = ParseUnsigned(reference.substr(i));
  if (!row || *row == 0 || *row > kMaxRows) return std::nullopt;
  position.column = column - 1;
  position.row = *row;
  return position;
}

struct CellContext {
  const std::vector<std::string>* shared_strings;
  const std::vector<bool>* date_styles;
  bool date1904;
};

class WorksheetPart : public XmlHandler {
 public:
  WorksheetPart(SheetSink& sink, const CellContext& context, std::uint64_t& cells_left)
      : sink_(sink), context_(context), cells_left_(cells_left) {}

  // The sink's refusal of a row, which stopped the part.
  std::optional<core::Error> sink_error;

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "row") return StartRow(attributes);
    if (name == "c") return StartCell(attributes);
    if (!in_cell_) return;
    if (name == "v") in_value_ = true;
    if (name == "is") in_inline_ = true;
    if (in_inline_) inline_text_.Start(name);
  }
  void End(std::string_view name) override {
    if (name == "row") return EndRow();
    if (!in_cell_) return;
    if (name == "c") return EndCell();
    if (name == "v") in_value_ = false;
    if (in_inline_) inline_text_.End(name);
    if (name == "is") in_inline_ = false;
  }
  void Text(std::string_view text) override {
    if (in_value_) value_ += text;
    if (in_inline_) inline_text_.Text(text);
  }

 private:
  void StartRow(Attributes attributes) {
    const auto number = Attribute(attributes, "r");
    const std::uint32_t next = last_row_ + 1;
    const std::optional<std::uint32_t> parsed = number ? ParseUnsigned(*number) : next;
    if (!parsed || *parsed == 0 || *parsed > kMaxRows || *parsed <= last_row_) {
      failure = "row number '" + std::string(number.value_or("")) + "' out of order or out of range";
      return;
    }
    row_ = {*parsed, {}};
    next_column_ = 0;
  }
  void EndRow() {
    while (!row_.cells.empty() && row_.cells.back().empty()) row_.cells.pop_back();
    last_row_ = row_.number;
    if (row_.cells.empty()) return;
    // A row costs its width, gaps and the padding to the header's included
    // (what the CSV file will hold), so that one far cell a row cannot
    // make millions of empty fields.
    if (header_width_ == 0) header_width_ = row_.cells.size();
    if (!Spend(std::max(row_.cells.size(), header_width_))) return;
    if (core::Status taken = sink_.Row(row_); !taken.ok()) {
      sink_error = taken.error();
      failure = taken.error().message;
    }
  }
  bool Spend(std::uint64_t cells) {
    if (cells > cells_left_) {
      failure = "more cells than the limit of the reader";
      return false;
    }
    cells_left_ -= cells;
    return true;
  }
  void StartCell(Attributes attributes) {
    if (!Spend(1)) return;
    column_ = next_column_;
    if (const auto reference = Attribute(attributes, "r"); reference) {
      const auto position = ParseReference(*reference);
      if (!position || position->row != row_.number) {
        failure = "cell reference '" + std::string(*reference) + "' out of range or outside its row";
        return;
      }
      column_ = position->column;
    }
    if (column_ >= kMaxColumns) {
      failure = "a cell beyond column XFD";
      return;
    }
    next_column_ = column_ + 1;
    type_ = std::string(Attribute(attributes, "t").value_or("n"));
    style_ = ParseUnsigned(Attribute(attributes, "s").value_or("0")).value_or(0);
    value_.clear();
    in_cell_ = true;
  }
  void EndCell() {
    in_cell_ = false;
    std::string text = CellText();
    if (text.empty() || failure) return;
    if (row_.cells.size() <= column_) row_.cells.resize(column_ + 1);
    row_.cells[column_] = std::move(text);
  }
  std::string CellText() {
    if (type_ == "inlineStr") return inline_text_.Take();
    if (type_ == "s") {
      const auto index = ParseUnsigned(value_);
      if (!index || *index >= context_.shared_strings->size()) {
        failure = "shared string '" + value_ + "' does not exist";
        return {};
      }
      return (*context_.shared_strings)[*index];
    }
    if (type_ == "str" || type_ == "e") return DecodeEscapes(value_);
    if (type_ == "b") return value_.empty() ? "" : (IsTrue(value_) ? "TRUE" : "FALSE");
    if (type_ == "d") return value_.substr(0, value_.find('T'));  // an ISO 8601 date, kept to its day
    if (value_.empty()) return {};
    const bool date_style = style_ < context_.date_styles->size() && (*context_.date_styles)[style_];
    return NumericCell(value_, date_style, context_.date1904);
  }

  SheetSink& sink_;
  const CellContext& context_;
  std::uint64_t& cells_left_;
  SheetRow row_;
  std::size_t header_width_ = 0;
  std::uint32_t last_row_ = 0;
  std::uint32_t next_column_ = 0;
  std::uint32_t column_ = 0;
  std::string type_;
  std::uint32_t style_ = 0;
  std::string value_;
  StringCollector inline_text_;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
};

// The part a relationship target names, from the archive's root.
std::string PartPath(std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  return "xl/" + std::string(target);
}

core::Status ParseOptional(Archive& archive, const std::string& entry, XmlHandler& part) {
  auto parsed = archive.Parse(entry, part);
  if (!parsed.ok()) return parsed.error();
  return core::Ok{};
}

}  // namespace

core::Status ReadWorkbook(std::string_view bytes, const std::string& name, SheetSink& sink, const XlsxLimits& limits) {
  auto archive = Archive::Open(bytes, name, limits);
  if (!archive.ok()) return archive.error();
  WorkbookPart workbook;
  auto found = archive->Parse("xl/workbook.xml", workbook);
  if (!found.ok()) return found.error();
  if (!*found) return Problem(name, "not an .xlsx workbook (xl/workbook.xml is missing)");
  RelationshipsPart relationships;
  if (core::Status read = ParseOptional(*archive, "xl/_rels/workbook.xml.rels", relationships); !read.ok()) {
    return read;
  }
  SharedStringsPart shared_strings(limits.max_cells);
  if (core::Status read = ParseOptional(*archive, "xl/sharedStrings.xml", shared_strings); !read.ok()) return read;
  StylesPart styles;
  if (core::Status read = ParseOptional(*archive, "xl/styles.xml", styles); !read.ok()) return read;

  const CellContext context{&shared_strings.strings, &styles.date_styles, workbook.date1904};
  std::uint64_t cells_left = limits.max_cells;
  for (const SheetEntry& entry : workbook.sheets) {
    const auto target = relationships.targets.find(entry.relationship);
    if (target == relationships.targets.end()) {
      return Problem(name, "sheet '" + entry.name + "' has no part (relationship " + entry.relationship + ")");
    }
    if (core::Status started = sink.StartSheet(entry.name); !started.ok()) return started;
    WorksheetPart part(sink, context, cells_left);
    const std::string path = PartPath(target->second);
    auto parsed = archive->Parse(path, part);
    if (part.sink_error) return *part.sink_error;
    if (!parsed.ok()) return parsed.error();
    if (!*parsed) return Problem(name, "sheet '" + entry.name + "': its part " + path + " is missing");
  }
  return core::Ok{};
}

core::Result<std::vector<Sheet>> ReadWorkbook(std::string_view bytes, const std::string& name,
                                              const XlsxLimits& limits) {
  class Collector : public SheetSink {
   public:
    std::vector<Sheet> sheets;
    core::Status StartSheet(const std::string& sheet) override {
      sheets.push_back({sheet, {}});
      return core::Ok{};
    }
    core::Status Row(const SheetRow& row) override {
      sheets.back().rows.push_back(row);
      return core::Ok{};
    }
  } collector;
  if (core::Status read = ReadWorkbook(bytes, name, collector, limits); !read.ok()) return read.error();
  return std::move(collector.sheets);
}

core::Status ReadWorkbookFile(const std::filesystem::path& path, SheetSink& sink, const XlsxLimits& limits) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Problem(path.string(), "cannot read the workbook: " + error.message());
  // A zip archive is read from its end (the central directory): the file is
  // held whole, and only its entries stream.
  if (size > limits.max_total_bytes) return Problem(path.string(), "the workbook is too large to read");
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return Problem(path.string(), "cannot read the workbook");
  }
  return ReadWorkbook(bytes, path.string(), sink, limits);
}

bool HasWorkbookName(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".xlsx";
}

bool IsWorkbookPath(const std::filesystem::path& path) {
  std::error_code error;
  return HasWorkbookName(path) && std::filesystem::is_regular_file(path, error);
}

}  // namespace supeval::io
