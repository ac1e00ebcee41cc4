// Paging and sort parameters of list answers (API.md, "Lists").
#include "supeval/service/lists.hpp"

#include <algorithm>
#include <charconv>

namespace supeval::service {

core::Result<std::int64_t> ParseIntegerParameter(std::string_view parameter, std::string_view text, std::int64_t min,
                                                 std::int64_t max) {
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  const core::Location where{"", 0, std::string(parameter)};
  const bool digits_only =
      !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits_only || error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return core::BadInput(std::string(parameter) + " must be a whole number in " + range, where);
  }
  return value;
}

core::Result<Paging> ParsePaging(const std::optional<std::string>& limit, const std::optional<std::string>& offset) {
  Paging paging;
  if (limit) {
    auto parsed = ParseIntegerParameter("limit", *limit, 1, kMaxLimit);
    if (!parsed.ok()) return parsed.error();
    paging.limit = *parsed;
  }
  if (offset) {
    auto parsed = ParseIntegerParameter("offset", *offset, 0, INT64_MAX);
    if (!parsed.ok()) return parsed.error();
    paging.offset = *parsed;
  }
  return paging;
}

core::Result<std::vector<SortKey>> ParseSort(const SortSpec& spec, const std::optional<std::string>& sort) {
  const std::string_view text = sort ? std::string_view(*sort) : spec.default_order;
  const core::Location where{"", 0, "sort"};
  std::vector<SortKey> keys;
  if (!sort && text.empty()) return keys;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    SortKey key;
    if (!item.empty() && item.front() == '-') {
      key.descending = true;
      item.remove_prefix(1);
    }
    const auto field = std::find(spec.fields.begin(), spec.fields.end(), item);
    if (field == spec.fields.end()) {
      std::string known;
      for (std::string_view name : spec.fields) known += (known.empty() ? "" : ", ") + std::string(name);
      return core::BadInput("sort by '" + std::string(item) + "': not a sortable field (sortable: " + known + ")",
                            where);
    }
    const bool repeated = std::any_of(keys.begin(), keys.end(), [&](const SortKey& k) { return k.field == *field; });
    if (repeated) return core::BadInput("sort names '" + std::string(item) + "' twice", where);
    key.field = *field;
    keys.push_back(key);
  }
  return keys;
}

int CompareSortValues(const SortValue& a, const SortValue& b, bool descending) {
  const bool a_null = std::holds_alternative<std::monostate>(a);
  const bool b_null = std::holds_alternative<std::monostate>(b);
  if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? 1 : -1);
  const int order = a < b ? -1 : (b < a ? 1 : 0);
  return descending ? -order : order;
}

PageRange PageOf(const Paging& paging, std::size_t total) {
  const auto clamp = [total](std::int64_t at) {
    return at < 0 ? std::size_t{0} : std::min(static_cast<std::size_t>(at), total);
  };
  const std::size_t begin = clamp(paging.offset);
  const std::size_t end = paging.limit > static_cast<std::int64_t>(total) - static_cast<std::int64_t>(begin)
                              ? total
                              : begin + static_cast<std::size_t>(paging.limit);
  return {begin, end};
}

core::Result<CursorPaging> ParseCursorPaging(const std::optional<std::string>& before,
                                             const std::optional<std::string>& limit,
                                             const std::optional<std::string>& offset) {
  auto paging = ParsePaging(limit, offset);
  if (!paging.ok()) return paging.error();
  CursorPaging cursor{*paging, std::nullopt};
  if (before) {
    auto parsed = ParseIntegerParameter("before", *before, 1, INT64_MAX);
    if (!parsed.ok()) return parsed.error();
    cursor.before = *parsed;
  }
  return cursor;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace supeval::service
