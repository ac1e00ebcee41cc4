// Column encodings of core values.
#include "codec.hpp"

#include <array>
#include <utility>

namespace supeval::store::internal {
namespace {

template <class T, std::size_t N>
std::optional<T> Lookup(const std::array<std::pair<std::string_view, T>, N>& names, std::string_view text) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <class T, std::size_t N>
std::string_view NameOf(const std::array<std::pair<std::string_view, T>, N>& names, T value) {
  for (const auto& [name, entry] : names) {
    if (entry == value) return name;
  }
  return {};
}

constexpr std::array<std::pair<std::string_view, core::MaterialKind>, 2> kMaterialKinds{
    {{"purchased", core::MaterialKind::kPurchased}, {"raw", core::MaterialKind::kRaw}}};
constexpr std::array<std::pair<std::string_view, core::DeliveryType>, 2> kDeliveryTypes{
    {{"series", core::DeliveryType::kSeries}, {"sample", core::DeliveryType::kSample}}};
constexpr std::array<std::pair<std::string_view, core::ComplaintType>, 3> kComplaintTypes{
    {{"complaint", core::ComplaintType::kComplaint},
     {"notification", core::ComplaintType::kNotification},
     {"sample", core::ComplaintType::kSample}}};
constexpr std::array<std::pair<std::string_view, core::HoldReason>, 2> kHoldReasons{
    {{"quality", core::HoldReason::kQuality}, {"delivery", core::HoldReason::kDelivery}}};

}  // namespace

std::string_view MaterialKindName(core::MaterialKind kind) { return NameOf(kMaterialKinds, kind); }
std::string_view DeliveryTypeName(core::DeliveryType type) { return NameOf(kDeliveryTypes, type); }
std::string_view ComplaintTypeName(core::ComplaintType type) { return NameOf(kComplaintTypes, type); }
std::string_view HoldReasonName(core::HoldReason reason) { return NameOf(kHoldReasons, reason); }

std::optional<core::MaterialKind> ParseMaterialKind(std::string_view text) { return Lookup(kMaterialKinds, text); }
std::optional<core::DeliveryType> ParseDeliveryType(std::string_view text) { return Lookup(kDeliveryTypes, text); }
std::optional<core::ComplaintType> ParseComplaintType(std::string_view text) { return Lookup(kComplaintTypes, text); }
std::optional<core::HoldReason> ParseHoldReason(std::string_view text) { return Lookup(kHoldReasons, text); }

DateText::DateText(core::Date date) {
  const core::CivilDate civil = date.ToCivil();
  auto put = [this](int at, int value, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      text_[at + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, civil.year, 4);
  text_[4] = '-';
  put(5, civil.month, 2);
  text_[7] = '-';
  put(8, civil.day, 2);
}

core::Error Corrupt(std::string_view table, std::string_view what) {
  return core::Internal("the database holds a row supeval cannot have written (table " + std::string(table) + ": " +
                        std::string(what) + ")");
}

std::string SelectStoredHolds(bool with_ids, std::string_view extra_columns) {
  std::string sql =
      "SELECT h.supplier_id, h.reason, h.imposed_on, h.withdrawn_on, h.from_batch, b.user_name, b.created_at, "
      "b.comment, ";
  sql += with_ids ? "i.hold_id" : "0";
  if (!extra_columns.empty()) sql += ", " + std::string(extra_columns);
  sql += " FROM holds h JOIN batches b ON b.batch_id = h.from_batch";
  if (with_ids) {
    sql += " JOIN hold_ids i ON i.supplier_id = h.supplier_id AND i.reason = h.reason AND i.imposed_on = h.imposed_on";
  }
  return sql;
}

core::Result<StoredHold> ReadStoredHold(const Row& row) {
  StoredHold hold;
  hold.key.supplier_id = std::string(row.Text(0));
  const auto reason = ParseHoldReason(row.Text(1));
  if (!reason) return Corrupt("holds", "reason '" + std::string(row.Text(1)) + "'");
  hold.key.reason = *reason;
  hold.key.imposed_on = row.Date(2);
  hold.withdrawn_on = ReadOptionalDate(row, 3);
  hold.batch = row.Int(4);
  hold.changed_by = std::string(row.Text(5));
  hold.changed_at = std::string(row.Text(6));
  hold.why = std::string(row.Text(7));
  hold.id = row.Int(8);
  return hold;
}

std::optional<core::Date> ReadOptionalDate(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Date(column);
}

std::optional<core::Decimal> ReadOptionalDecimal(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return core::Decimal::FromMicros(row.Int(column));
}

std::string ColumnList(const TableSpec& table, std::string_view prefix) {
  std::string out;
  for (const ColumnSpec& column : table.columns) {
    out += (out.empty() ? "" : ", ") + std::string(prefix) + std::string(column.name);
  }
  return out;
}

VersionedQuery SelectVersioned(const TableSpec& table, std::string_view columns, std::string_view where,
                               std::span<const Value> where_params, std::optional<BatchId> as_of) {
  const std::string name(table.name);
  const std::string condition = where.empty() ? "" : " AND (" + std::string(where) + ")";
  VersionedQuery query;
  if (!as_of) {
    query.sql =
        "SELECT " + std::string(columns) + " FROM " + name + (where.empty() ? "" : " WHERE " + std::string(where));
    query.params.assign(where_params.begin(), where_params.end());
    return query;
  }
  // A version is live at batch B when B wrote it or an earlier batch did, and
  // no batch up to B replaced it.
  query.sql = "SELECT " + std::string(columns) + " FROM " + name + " WHERE from_batch <= ?" + condition +
              " UNION ALL SELECT " + std::string(columns) + " FROM " + name +
              "_history WHERE from_batch <= ? AND to_batch > ?" + condition;
  query.params.push_back(Value::Int(*as_of));
  query.params.insert(query.params.end(), where_params.begin(), where_params.end());
  query.params.push_back(Value::Int(*as_of));
  query.params.push_back(Value::Int(*as_of));
  query.params.insert(query.params.end(), where_params.begin(), where_params.end());
  return query;
}

}  // namespace supeval::store::internal
