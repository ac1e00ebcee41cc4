// How core values are written to and read from the store's columns: the
// enumerations as the interchange format's words, dates as each driver
// stores them (Value::Date), quantities as integer millionths. Reading checks what it gets: a value the
// store could not have written is an internal error naming the table.
// Stateless functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection.hpp"
#include "supeval/core/records.hpp"

namespace supeval::store::internal {

std::string_view MaterialKindName(core::MaterialKind kind);
std::string_view DeliveryTypeName(core::DeliveryType type);
std::string_view ComplaintTypeName(core::ComplaintType type);
std::string_view HoldReasonName(core::HoldReason reason);

std::optional<core::MaterialKind> ParseMaterialKind(std::string_view text);
std::optional<core::DeliveryType> ParseDeliveryType(std::string_view text);
std::optional<core::ComplaintType> ParseComplaintType(std::string_view text);
std::optional<core::HoldReason> ParseHoldReason(std::string_view text);

// A date as the ten characters 'YYYY-MM-DD', kept in place (no allocation):
// how PostgreSQL receives dates.
class DateText {
 public:
  explicit DateText(core::Date date);
  [[nodiscard]] std::string_view view() const { return {text_, 10}; }

 private:
  char text_[10];
};

// A column read back: the store's own data, so anything unexpected means the
// database was changed behind supeval's back.
std::optional<core::Date> ReadOptionalDate(const Row& row, int column);
std::optional<core::Decimal> ReadOptionalDecimal(const Row& row, int column);
core::Error Corrupt(std::string_view table, std::string_view what);

// A hold with its id and the batch that wrote its version: "SELECT <its
// columns> FROM holds h JOIN batches b ...", to which a caller may add
// columns (after `extra_columns`' comma), a WHERE over h, b and i (hold_ids),
// and the reading of a row that starts with those columns. `with_ids`: false
// for a schema older than hold_ids (read-only, not yet upgraded), whose holds
// read with id 0.
std::string SelectStoredHolds(bool with_ids, std::string_view extra_columns = {});
core::Result<StoredHold> ReadStoredHold(const Row& row);
// How many columns SelectStoredHolds selects before `extra_columns`.
inline constexpr int kStoredHoldColumnCount = 9;

// A versioned table's rows as they were when batch `as_of` had committed
// (all of its current rows when `as_of` is empty), restricted by `where`
// (SQL over the table's columns, may be empty) with its `where_params`.
struct VersionedQuery {
  std::string sql;
  std::vector<Value> params;
};
VersionedQuery SelectVersioned(const TableSpec& table, std::string_view columns, std::string_view where,
                               std::span<const Value> where_params, std::optional<BatchId> as_of);

// The spec's columns joined with ", ", each with `prefix`.
std::string ColumnList(const TableSpec& table, std::string_view prefix = "");

}  // namespace supeval::store::internal
