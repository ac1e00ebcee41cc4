// The conventions every list answer of the API shares (API.md, "Lists"):
// paging — `limit` 1..1000, default 50, and `offset` >= 0 — and sort orders
// — a comma-separated list of `field` or `-field` out of the list's sortable
// fields, always ending with the list's key ascending. Each list declares its
// sortable fields and default order as data (a SortSpec), so that OpenAPI's
// `x-sort` is read from the same place the check uses.
//
// Thread-safety: pure functions over constant data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::service {

inline constexpr std::int64_t kDefaultLimit = 50;
inline constexpr std::int64_t kMaxLimit = 1000;

struct Paging {
  std::int64_t limit = kDefaultLimit;
  std::int64_t offset = 0;
};

// Reads `limit` and `offset` as given in a query (absent: the defaults).
// kBadInput with the parameter's name as the location field when one is not
// a decimal integer in range.
[[nodiscard]] core::Result<Paging> ParsePaging(const std::optional<std::string>& limit,
                                               const std::optional<std::string>& offset);

// A whole decimal integer (digits only, no sign, no spaces) in [min, max];
// else kBadInput naming `parameter`.
[[nodiscard]] core::Result<std::int64_t> ParseIntegerParameter(std::string_view parameter, std::string_view text,
                                                               std::int64_t min, std::int64_t max);

// The paging of an append-only list answered newest first (runs, batches,
// audit entries; API.md "Lists"): limit and offset as ParsePaging, and
// `before`, the last row's key of the page before (1..INT64_MAX, else
// kBadInput naming "before").
struct CursorPaging {
  Paging paging;
  std::optional<std::int64_t> before;
};
[[nodiscard]] core::Result<CursorPaging> ParseCursorPaging(const std::optional<std::string>& before,
                                                           const std::optional<std::string>& limit,
                                                           const std::optional<std::string>& offset);

// `oldest_first` newest first, only the rows whose key_of(row) is below
// `before` (all when none).
template <class T, class KeyOf>
[[nodiscard]] std::vector<T> NewestFirstBefore(std::vector<T> oldest_first, std::optional<std::int64_t> before,
                                               KeyOf key_of) {
  std::vector<T> rows;
  for (auto row = oldest_first.rbegin(); row != oldest_first.rend(); ++row) {
    if (!before || key_of(*row) < *before) rows.push_back(std::move(*row));
  }
  return rows;
}

// A list's sort declaration: what OpenAPI's x-sort shows.
struct SortSpec {
  std::vector<std::string_view> fields;  // the sortable fields
  std::string_view default_order;        // the order without `sort`, in the `sort` syntax
  std::string_view key;                  // the list's key: the last tie-breaker, ascending
};

struct SortKey {
  std::string_view field;  // one of SortSpec::fields
  bool descending = false;
};

// Reads `sort` (absent: the spec's default order). The key is not appended:
// the list's comparison ends with it. kBadInput (field "sort") for an empty
// item, a field not in the spec, or a field named twice.
[[nodiscard]] core::Result<std::vector<SortKey>> ParseSort(const SortSpec& spec,
                                                           const std::optional<std::string>& sort);

// A value a list is sorted by: null (sorts last in both directions), a
// number or a text.
using SortValue = std::variant<std::monostate, double, std::string_view>;

// Orders two values, nulls last whichever the direction: < 0, 0, > 0.
[[nodiscard]] int CompareSortValues(const SortValue& a, const SortValue& b, bool descending);

// Sort values of a number that may be missing (null), a count, and a text
// (empty: null).
[[nodiscard]] inline SortValue SortNumber(const std::optional<double>& value) {
  return value ? SortValue(*value) : SortValue();
}
[[nodiscard]] inline SortValue SortCount(std::int64_t value) { return static_cast<double>(value); }
[[nodiscard]] inline SortValue SortText(std::string_view value) {
  return value.empty() ? SortValue() : SortValue(value);
}

// A sortable field of a list of `Row`s, as data: its name and its value.
template <class Row>
struct SortField {
  std::string_view name;
  SortValue (*value)(const Row& row);
};

// The SortSpec of a list whose sortable fields are `fields`.
template <class Row>
[[nodiscard]] SortSpec SpecOf(const std::vector<SortField<Row>>& fields, std::string_view default_order,
                              std::string_view key) {
  SortSpec spec;
  for (const SortField<Row>& field : fields) spec.fields.push_back(field.name);
  spec.default_order = default_order;
  spec.key = key;
  return spec;
}

// Puts the first `needed` rows of the order `keys` (fields of `fields`,
// checked by ParseSort) in place; `key_less` orders by the list's key, the
// last tie-breaker. The order is total, so a page needs no more than its
// rows sorted: a partial sort gives the same rows as a full one.
template <class Row>
void SortRows(std::vector<Row>& rows, const std::vector<SortField<Row>>& fields, const std::vector<SortKey>& keys,
              std::size_t needed, bool (*key_less)(const Row&, const Row&)) {
  struct Resolved {
    SortValue (*value)(const Row&);
    bool descending;
  };
  std::vector<Resolved> order;
  for (const SortKey& key : keys) {
    const auto field =
        std::find_if(fields.begin(), fields.end(), [&](const SortField<Row>& f) { return f.name == key.field; });
    order.push_back({field->value, key.descending});
  }
  const auto before = [&](const Row& a, const Row& b) {
    for (const Resolved& key : order) {
      if (const int c = CompareSortValues(key.value(a), key.value(b), key.descending); c != 0) return c < 0;
    }
    return key_less(a, b);
  };
  const auto middle = rows.begin() + static_cast<std::ptrdiff_t>(std::min(needed, rows.size()));
  std::partial_sort(rows.begin(), middle, rows.end(), before);
}

// The rows [offset, offset + limit) of a list of `total` rows, clamped: past
// the end gives an empty range.
struct PageRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
[[nodiscard]] PageRange PageOf(const Paging& paging, std::size_t total);

// A filter's comma-separated list as its items ("A,,B" -> A, "", B).
[[nodiscard]] std::vector<std::string> SplitList(const std::string& text);

// The page of `rows` that `paging` asks for.
template <class T>
[[nodiscard]] std::vector<T> TakePage(std::vector<T> rows, const Paging& paging) {
  const PageRange range = PageOf(paging, rows.size());
  return std::vector<T>(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(range.begin)),
                        std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(range.end)));
}

}  // namespace supeval::service
