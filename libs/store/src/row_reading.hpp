// Reading rows of the account and discussion tables: optional columns,
// instants stored as whole seconds, and whole queries read into values.
// Internal to supeval::store; written once for both back ends.
// Thread-compatible: functions of one connection.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connection.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::store::internal {

inline Value OptionalText(const std::optional<std::string>& text) { return text ? Value::Text(*text) : Value::Null(); }
inline Value OptionalInt(const std::optional<std::int64_t>& number) {
  return number ? Value::Int(*number) : Value::Null();
}
inline Value At(Instant at) { return Value::Int(at.time_since_epoch().count()); }
inline Value OptionalAt(const std::optional<Instant>& at) { return at ? At(*at) : Value::Null(); }

inline std::optional<std::string> ReadOptionalText(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return std::string(row.Text(column));
}
inline std::optional<std::int64_t> ReadOptionalInt(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}
inline Instant ReadAt(const Row& row, int column) { return Instant(std::chrono::seconds(row.Int(column))); }
inline std::optional<Instant> ReadOptionalAt(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return ReadAt(row, column);
}

// Every row of a query, read by `read`.
template <class Read>
auto QueryAll(Connection& connection, std::string_view sql, std::span<const Value> params, Read read)
    -> core::Result<std::vector<decltype(read(std::declval<const Row&>()))>> {
  using Item = decltype(read(std::declval<const Row&>()));
  auto rows = connection.Query(sql, params);
  if (!rows.ok()) return rows.error();
  std::vector<Item> items;
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return items;
    items.push_back(read(**rows));
  }
}

// The one row of a query, if any.
template <class Read>
auto QueryOne(Connection& connection, std::string_view sql, std::span<const Value> params, Read read)
    -> core::Result<std::optional<decltype(read(std::declval<const Row&>()))>> {
  auto items = QueryAll(connection, sql, params, read);
  if (!items.ok()) return items.error();
  using Item = decltype(read(std::declval<const Row&>()));
  if (items->empty()) return std::optional<Item>();
  return std::optional<Item>(std::move(items->front()));
}

// Ok when a statement ran, whatever it changed.
inline core::Status Done(const core::Result<std::int64_t>& changed) {
  if (!changed.ok()) return changed.error();
  return core::Ok{};
}

}  // namespace supeval::store::internal
