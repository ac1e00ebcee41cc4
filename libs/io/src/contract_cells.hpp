// The cells of the contract files (CONTRACTS.md §3) beyond those the
// evaluation's files have: exact numbers (`digits[.digits]`, a sign only
// where allowed), shares, whole numbers, currencies, periods, and the ids
// that the contract files define for each other. Each reader names the
// cell's problem on its RowReader, in the evaluation's wording.
// Internal to io. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "id_index.hpp"
#include "row_reader.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/rational.hpp"

namespace supeval::io {

// What a number cell may hold besides `digits[.digits]`.
enum class NumberForm : std::uint8_t {
  kPlain,   // digits[.digits]
  kSigned,  // a leading '-' allowed (floor)
  kMoney,   // a leading '-' allowed, at most 2 decimals (settled.csv amount)
};

// An exact number; nothing when the cell is empty (named when required) or
// bad (named).
std::optional<core::Rational> ReadNumber(RowReader& row, const Column& column, bool required,
                                         NumberForm form = NumberForm::kPlain);
// A number of 0 to 1 (`*_share`, `share`, `dead_band`, `supplier_share`).
std::optional<core::Rational> ReadShare(RowReader& row, const Column& column, bool required);
// A number other than 0 (`base_value`, `fallback_base_value`).
std::optional<core::Rational> ReadNonZero(RowReader& row, const Column& column, bool required);
// A number of 0 or below (`floor`).
std::optional<core::Rational> ReadFloor(RowReader& row, const Column& column);
// A whole number of days (`lag_days`, `dual_source_lead_days`).
std::optional<std::int32_t> ReadWholeNumber(RowReader& row, const Column& column, bool required);
// A quantity above 0 (`pieces`).
std::optional<core::Decimal> ReadPositiveQuantity(RowReader& row, const Column& column, bool required);
// Three capital letters (`EUR`).
std::optional<std::string_view> ReadCurrency(RowReader& row, const Column& column, bool required);
// A PERIOD of CONTRACTS.md §2 (core::ParsePeriod).
std::optional<core::Period> ReadPeriod(RowReader& row, const Column& column, bool required);

// The ids that one contract file defines (contract_id, index_id, …): each
// with the line of its first row and the index of its record, kNoIndex when
// that row is faulty. A faulty row's id counts as known all the same (§3):
// rows that name it are refused without a message.
class DefinedIds {
 public:
  // For RowReader::ReadReferenceIn.
  [[nodiscard]] core::Index Find(std::string_view id) const { return ids_.Find(id); }
  [[nodiscard]] bool listed() const { return listed_; }
  // Its file could not be read: references name no problem of their own.
  void MarkUnlisted() { listed_ = false; }

  // A new id (RowReader::ReadNewId, which names a repeat).
  std::optional<std::string_view> ReadNew(RowReader& row, const Column& column) {
    return row.ReadNewId(column, ids_, lines_);
  }
  // Defines `id` (not defined yet), first on `line`, with its record
  // (kNoIndex: a faulty row).
  void Define(std::string_view id, std::uint64_t line, core::Index record) {
    ids_.Insert(id);
    lines_.push_back(line);
    records_.push_back(record);
  }
  // Defines the id of a refused record, if it has one that is new.
  void DefineRefused(std::string_view id, std::uint64_t line) {
    if (!id.empty() && ids_.Find(id) == core::kNoIndex) Define(id, line, core::kNoIndex);
  }

  // The record of the id at `id` (an index Find gave), kNoIndex when its
  // row is faulty.
  [[nodiscard]] core::Index RecordOf(core::Index id) const { return records_[id]; }

  // The record of the row `column` names: kNoIndex with the row failed when
  // the id is unknown (named) or its row faulty (refused without a message).
  core::Index ReadReference(RowReader& row, const Column& column, std::string_view what, bool required = true) {
    bool faulty = false;
    const core::Index record = ReadReferenceKeepingFaulty(row, column, what, required, faulty);
    if (faulty) row.Refuse();
    return record;
  }
  // The same, but a faulty row's id leaves the row as it is and sets
  // `faulty` (the record is then kNoIndex): the caller checks what does not
  // depend on the faulty row (§3: an index on a faulty line is not checked
  // for currency) and then refuses the row.
  core::Index ReadReferenceKeepingFaulty(RowReader& row, const Column& column, std::string_view what, bool required,
                                         bool& faulty) {
    const core::Index id = row.ReadReferenceIn(column, *this, what, required);
    if (id == core::kNoIndex) return core::kNoIndex;
    faulty = records_[id] == core::kNoIndex;
    return records_[id];
  }

 private:
  IdIndex ids_;
  std::vector<std::uint64_t> lines_;
  std::vector<core::Index> records_;
  bool listed_ = true;
};

}  // namespace supeval::io
