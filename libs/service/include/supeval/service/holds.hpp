// New Business Holds from the command line (spec: QZ3 — an active quality
// hold on the reference date sets QZ3 to the hold points). Imposing or
// withdrawing a hold is a batch of its own in the store, recording who did it
// and why, so that a published run reproduces with the holds it saw and the
// history shows every change. Holds imported from holds.csv live in the same
// table, keyed by supplier_id, reason and imposed_on. Each change is also an
// entry of the audit log (hold.impose, hold.withdraw), written with it.
//
// The API's hold use cases (API.md, "Runs, imports, holds, rules") take the
// caller and a store, name a hold by its id, and go through the same store
// calls, so a hold changed over HTTP is the same batch and audit entry as one
// changed with `holds`, with the API user and its address.
//
// Thread-safety: the functions share no state; those given a db_url open
// their own store, those given a Store use it from the calling thread; the
// store serializes writers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
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

// Errors: kBadInput for no reason given (`why`), several active holds and no
// imposed_on to choose, no active hold to withdraw; the store's errors
// (Store::ImposeHold) for an unknown supplier, a hold of that key already
// there, a hold already withdrawn, a withdrawal before the imposition.
[[nodiscard]] core::Result<store::BatchInfo> ImposeHold(const HoldRequest& request);
[[nodiscard]] core::Result<store::BatchInfo> WithdrawHold(const HoldRequest& request);

// The same on an open store (request.db_url unused); WithdrawHoldIn names
// the hold by `imposed_on`.
[[nodiscard]] core::Result<store::BatchInfo> ImposeHoldIn(store::Store& db, const HoldRequest& request);
[[nodiscard]] core::Result<store::BatchInfo> WithdrawHoldIn(store::Store& db, const HoldRequest& request,
                                                            core::Date imposed_on);

// The holds (of one supplier when given), with who changed each last and why.
[[nodiscard]] core::Result<std::vector<store::StoredHold>> ListHolds(const std::string& db_url,
                                                                     const std::optional<std::string>& supplier_id);
[[nodiscard]] std::string WriteHoldsTable(const std::vector<store::StoredHold>& holds);

// "quality" / "delivery" as the interchange format writes them.
[[nodiscard]] core::Result<core::HoldReason> ParseHoldReasonName(const std::string& text);
[[nodiscard]] std::string_view HoldReasonText(core::HoldReason reason);

// ---------------------------------------------------------------------------
// Holds over the API. Every function applies the caller's supplier scope
// (ScopeOf): a supplier user asking for another supplier's hold, or naming
// another supplier, gets the kNotFound of one that does not exist. The
// writers also ask Authorize (kImposeHold, kWithdrawHold) themselves.

// A hold as the API shows it: the stored hold, `changed_by` the user of the
// batch that wrote its current version (for a supplier user the display
// name of that account, when there is one) and `why` that batch's comment
// (none for an import without one).
struct HoldView {
  store::StoredHold hold;
  std::string changed_by;
  std::optional<std::string> why;
};

// GET /api/v1/holds and /api/v1/suppliers/{id}/holds: the filters as given
// in the query; `active_on` (YYYY-MM-DD) keeps the holds active that day
// (docs/EVALUATION.md, QZ3). kBadInput (field: the parameter) for a bad reason,
// date, limit or offset; kNotFound for a supplier_id that names no supplier
// (or not the caller's own).
struct HoldsQuery {
  std::optional<std::string> supplier_id;
  std::optional<std::string> reason;
  std::optional<std::string> active_on;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};
struct HoldsPage {
  std::vector<HoldView> rows;  // the page, by id
  std::int64_t total_count = 0;
  Paging paging;
};
[[nodiscard]] core::Result<HoldsPage> ListHoldsPage(store::Store& db, const Caller& caller, const HoldsQuery& query);

// GET /api/v1/holds/{id}: kNotFound when `id` (as given in the path) names
// no hold, or one of another supplier.
[[nodiscard]] core::Result<HoldView> ShowHold(store::Store& db, const Caller& caller, std::string_view id);

// POST /api/v1/holds: a new hold, returned with its id. Errors: kRefused
// "forbidden" for a caller who may not; kBadInput for an empty or non-UTF-8
// `why` (field "/why"); kRefused for an unknown supplier (field
// "/supplier_id"); kConflict when the supplier has a hold of that reason and
// imposed_on.
struct HoldImposition {
  std::string supplier_id;
  core::HoldReason reason = core::HoldReason::kQuality;
  core::Date imposed_on;
  std::string why;
};
[[nodiscard]] core::Result<HoldView> ImposeHold(store::Store& db, const Caller& caller, const HoldImposition& hold,
                                                Instant now);

// POST /api/v1/holds/{id}/withdraw: the hold, withdrawn. Errors as ShowHold,
// then kBadInput for `why`; kConflict "already-withdrawn"; kRefused for
// `withdrawn_on` before imposed_on.
[[nodiscard]] core::Result<HoldView> WithdrawHold(store::Store& db, const Caller& caller, std::string_view id,
                                                  core::Date withdrawn_on, const std::string& why, Instant now);

}  // namespace supeval::service
