// New Business Holds from the command line (spec: QZ3 — an active quality
// hold on the reference date sets QZ3 to the hold points). Imposing or
// withdrawing a hold is a batch of its own in the store, recording who did it
// and why, so that a published run reproduces with the holds it saw and the
// history shows every change. Holds imported from holds.csv live in the same
// table, keyed by supplier_id, reason and imposed_on. Each change is also an
// entry of the audit log (hold.impose, hold.withdraw), written with it.
//
// Thread-safety: the functions share no state; each opens its own store, and
// the store serializes writers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

struct HoldRequest {
  std::string db_url;
  std::string supplier_id;
  core::HoldReason reason = core::HoldReason::kQuality;
  // Impose: the day the hold starts. Withdraw: which hold (may be empty when
  // the supplier has exactly one active hold for the reason).
  std::optional<core::Date> imposed_on;
  core::Date on;                       // withdraw: the day it is lifted; impose: same as imposed_on
  std::string why;                     // required: recorded with the change
  std::string user;                    // who
  std::string created_at;              // when: RFC 3339 UTC ("2026-07-05T09:00:00Z"), from the caller's clock
  std::optional<std::string> address;  // from where (the server's client); none for the CLI
};

// Errors are kBadInput: no reason given (`why`), unknown supplier, a hold of
// that key already there, no such active hold, a withdrawal before the
// imposition, several active holds and no imposed_on to choose.
[[nodiscard]] core::Result<store::BatchInfo> ImposeHold(const HoldRequest& request);
[[nodiscard]] core::Result<store::BatchInfo> WithdrawHold(const HoldRequest& request);

// The holds (of one supplier when given), with who changed each last and why.
[[nodiscard]] core::Result<std::vector<store::StoredHold>> ListHolds(const std::string& db_url,
                                                                     const std::optional<std::string>& supplier_id);
[[nodiscard]] std::string WriteHoldsTable(const std::vector<store::StoredHold>& holds);

// "quality" / "delivery" as the interchange format writes them.
[[nodiscard]] core::Result<core::HoldReason> ParseHoldReasonName(const std::string& text);

}  // namespace supeval::service
