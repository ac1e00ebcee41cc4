// DirectFields: a row's fields read as RowReader reads them, the same rules
// deciding, but without naming problems; for the direct path that most rows
// (valid ones) take. A row it refuses is read again by RowReader, which
// names what is wrong. Internal to io.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "../id_index.hpp"
#include "../row_reader.hpp"
#include "../text_check.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"

namespace supeval::io::dataset {

// The methods are RowReader's that a row's field rules call, by resolved
// Column. Only for a record whose fields are all text (IsText).
class DirectFields {
 public:
  explicit DirectFields(const CsvRecord& record) : record_(record) {}

  [[nodiscard]] bool ok() const { return ok_; }
  void Fail(std::string_view /*column*/, const std::string& /*message*/) { ok_ = false; }

  std::optional<std::string_view> Text(const Column& column, bool required) {
    if (!column.index || record_.fields[*column.index].empty()) {
      if (required) ok_ = false;
      return std::nullopt;
    }
    return record_.fields[*column.index];
  }

  std::optional<Date> ReadDate(const Column& column, bool required) {
    const auto text = Text(column, required);
    if (!text) return std::nullopt;
    auto date = Date::Parse(*text);
    if (!date) ok_ = false;
    return date;
  }

  std::optional<Decimal> ReadDecimal(const Column& column, bool required) {
    const auto text = Text(column, required);
    if (!text) return std::nullopt;
    Decimal value;
    if (!core::ParseDecimal(*text, value)) {
      ok_ = false;
      return std::nullopt;
    }
    return value;
  }

  template <class T, std::size_t N>
  std::optional<T> ReadEnum(const Column& column, const std::array<EnumName<T>, N>& names, bool required) {
    const auto text = Text(column, required);
    if (!text) return std::nullopt;
    for (const auto& entry : names) {
      if (entry.name == *text) return entry.value;
    }
    ok_ = false;
    return std::nullopt;
  }

  Index ReadReference(const Column& column, const IdIndex& ids, std::string_view /*what*/, bool required) {
    const auto text = Text(column, required);
    if (!text) return kNoIndex;
    const Index found = ids.Find(*text);
    if (found == kNoIndex) ok_ = false;
    return found;
  }

 private:
  const CsvRecord& record_;
  bool ok_ = true;
};

// Whether every field of `record` is UTF-8 text (RowReader names those
// that are not). Most records are plain: that test is inline, on every row.
[[gnu::noinline]] inline bool FieldsAreText(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](std::string_view field) { return CheckText(field) == TextProblem::kNone; });
}
inline bool IsText(const CsvRecord& record) { return record.plain || FieldsAreText(record); }

}  // namespace supeval::io::dataset
