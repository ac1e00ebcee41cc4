// The agreement's ppm adjustment as stored (API.md, "The ppm adjustment"):
// a supplier's submission of the actual defective quantity of a returned
// complaint, its optional sorting report, and quality's decision. One row per
// complaint in `adjustments` (migration 7); accepting one also writes
// `confirmed_qty` and `confirmed_on` into the complaint as a batch of kind
// kAdjustment, which a later import does not silently undo (see
// ImportSession::WriteMasterData).
//
// The store keeps what was said and decided; the rules (deadline, which
// defect codes, quantities) are the service's (supeval/service/adjustments.hpp).
//
// Thread-safety: plain data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/records.hpp"

namespace supeval::store {

// The sorting report's description (its bytes are read on their own).
struct AdjustmentReportInfo {
  std::string media_type;  // application/pdf, image/png, image/jpeg
  std::string file_name;
  std::int64_t bytes = 0;
};

// A report with its content, base64-encoded as it is stored.
struct AdjustmentReport {
  AdjustmentReportInfo info;
  std::string base64;
};

struct StoredAdjustment {
  std::string complaint_id;
  std::string supplier_id;
  core::Decimal confirmed_qty;
  std::string note;
  std::optional<AdjustmentReportInfo> report;
  std::string submitted_by;
  std::string submitted_at;  // RFC 3339 UTC
  core::Date submitted_on;   // the day of the submission in serve --timezone: the confirmed_on it gives
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<bool> accepted;  // the decision; none while submitted
  std::string reason;            // the decision's reason
  // Counts the changes of the row (submit 1, report, decision): part of the
  // complaint's entity tag, so that If-Match sees a change.
  std::int64_t version = 0;
};

// A live complaint with what an adjustment needs to know of it, and its
// adjustment when one was submitted.
struct AdjustableComplaint {
  std::string complaint_id;
  std::string supplier_id;
  std::string defect;  // empty: the rule set's empty_defect_code
  // The kind of the material the complaint concerns (its delivery's, else
  // its own material_id's); none when neither is known.
  std::optional<core::MaterialKind> material_kind;
  std::optional<core::Decimal> rejected_qty;
  std::optional<core::Date> returned_on;
  std::optional<core::Decimal> confirmed_qty;
  std::optional<core::Date> confirmed_on;
  std::int64_t batch = 0;  // the batch that wrote the complaint's live version
  std::optional<StoredAdjustment> adjustment;
};

// Which complaints ListAdjustableComplaints reads.
struct AdjustableFilter {
  std::optional<std::string> supplier_id;
  std::optional<std::string> complaint_id;
  bool returned_only = true;  // only complaints with returned_on
};

// A decision on a submitted adjustment.
struct AdjustmentDecision {
  bool accept = false;
  std::string reason;
  std::string by;
  std::string at;  // RFC 3339 UTC
  // The adjustment's version the decider saw (If-Match); none: any.
  std::optional<std::int64_t> expected_version;
  std::optional<std::int64_t> expected_batch;
  // Run inside the decision's transaction just before it commits (the
  // decision's notifications); a failure rolls the decision back.
  std::function<core::Status()> in_transaction = nullptr;
};

}  // namespace supeval::store
