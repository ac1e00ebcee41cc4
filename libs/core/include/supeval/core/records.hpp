// The records of a data set as the engine sees them (spec: "Interchange
// format"): master data with dense indices instead of string ids, complaints,
// certificates and holds — all small and held in memory — and Delivery, the one
// record that is streamed, handed to the engine one at a time and never kept.
// Readers (io, store) resolve ids to indices and validate; the engine trusts
// indices to be in range. Plain values: thread-compatible.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/calendar.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"

namespace supeval::core {

using Index = std::uint32_t;
inline constexpr Index kNoIndex = std::numeric_limits<Index>::max();

enum class MaterialKind : std::uint8_t { kPurchased, kRaw };
enum class DeliveryType : std::uint8_t { kSeries, kSample };
enum class ComplaintType : std::uint8_t { kComplaint, kNotification, kSample };
enum class HoldReason : std::uint8_t { kQuality, kDelivery };

struct Supplier {
  std::string id;
  std::string name;
  std::string country;
  bool qz3_exempt = false;  // suppliers.csv qz3=exempt
};

struct Plant {
  std::string id;
  std::string name;
  WorkWeek work_week = kMondayToFriday;
  std::vector<CalendarDay> exceptions;  // from calendar.csv
  std::string company{};                // plants.csv company; empty when not given
  // The line of plants.csv the plant was read from (0: not read from a
  // file), for messages about the row; not part of the plant's value.
  std::uint64_t line = 0;
};

struct Material {
  std::string id;
  std::string commodity;
  std::string unit;
  MaterialKind kind = MaterialKind::kPurchased;
};

struct Complaint {
  std::string id;
  Index supplier = kNoIndex;
  Index plant = kNoIndex;
  Date date;
  ComplaintType type = ComplaintType::kComplaint;
  bool justified = false;
  bool open = false;
  std::string delivery_id;        // empty when the record names no delivery
  Index delivery_ref = kNoIndex;  // slot in MasterData::referenced_delivery_ids
  Index material = kNoIndex;      // the record's own material_id, if any
  std::string defect;             // empty: the rule set's empty_defect_code
  std::optional<Decimal> rejected_qty;
  std::optional<Decimal> affected_qty;
  std::optional<Date> returned_on;
  std::optional<Decimal> confirmed_qty;
  std::optional<Date> confirmed_on;
};

struct Certification {
  Index supplier = kNoIndex;
  std::string standard;
  Date valid_from;
  Date valid_to;
};

struct Hold {
  Index supplier = kNoIndex;
  HoldReason reason = HoldReason::kQuality;
  Date imposed_on;
  std::optional<Date> withdrawn_on;
  // The line of holds.csv the hold was read from (0: not read from a file),
  // for messages about the row; not part of the hold's value.
  std::uint64_t line = 0;

  // Active on `date` (docs/EVALUATION.md, QZ3): imposed_on <= date and
  // withdrawn_on empty or after date.
  [[nodiscard]] bool ActiveOn(Date date) const { return imposed_on <= date && (!withdrawn_on || *withdrawn_on > date); }
};

// Everything but the deliveries. Complaints name deliveries through slots: the
// reader gives each distinct delivery id that a complaint names one slot, and
// tags the streamed delivery with that slot, so the engine keeps only those.
struct MasterData {
  std::vector<Supplier> suppliers;
  std::vector<Plant> plants;
  std::vector<Material> materials;
  std::vector<Complaint> complaints;
  std::vector<Certification> certifications;
  std::vector<Hold> holds;
  std::vector<std::string> referenced_delivery_ids;
};

// One goods receipt against its schedule line. `id` is valid only during the
// call that receives it.
struct Delivery {
  std::string_view id;
  Index supplier = kNoIndex;
  Index plant = kNoIndex;
  Index material = kNoIndex;
  Date due_date;
  Decimal due_qty;
  Date receipt_date;
  Decimal received_qty;
  DeliveryType type = DeliveryType::kSeries;
  Index referenced_slot = kNoIndex;  // slot when a complaint names this delivery
};

}  // namespace supeval::core
