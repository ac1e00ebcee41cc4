// The escalation ladder on a database (CONTRACTS.md §9, docs/escalations-api.md,
// docs/escalations-api.md): the cases replayed from the current records
// (published runs included), the holds the ladders reach written into the
// store as the supplier's New Business Hold, and decisions recorded over the
// API. Cases are never stored: the same records replay to the same cases.
//
// Holds. Reaching a level with hold writes the hold as a batch of its own
// (kind holds, audit hold.impose, the case as its why) so that the next
// evaluation's QZ3 sees it; a withdraw_hold decision withdraws it the same
// way; closing or de-escalating never does. A hold the database already has
// (same supplier, reason and day, written by the ladder or by hand) is left
// as it is.
//
// Scope (API functions): a supplier user sees its own contracts' cases only;
// another's answers the kNotFound of one that does not exist. Deciding needs
// kDecideEscalation (Authorize); the route has let the caller in.
//
// Errors: kBadInput naming the query parameter or body member; kNotFound;
// kRefused "rule-violation" for records the ladder refuses (misfit
// decisions, a decision that does not fit its case); kInternal for the
// database. Thread-safety: a Store is one connection, used by one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "supeval/core/contracts/escalation.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// Who writes a hold or a decision, and when (RFC 3339 UTC, from the
// caller's clock); the address is the API client's.
struct Recorder {
  std::string user;
  std::string created_at;
  std::optional<std::string> address;
};

// A ladder hold this call wrote into the store: its imposition, its
// withdrawal or both.
struct RecordedHold {
  core::contracts::LadderHold hold;
  bool imposed = false;
  bool withdrawn = false;
};

// Writes what the store lacks of `holds` (EscalationResult::holds): each
// imposition and each withdrawal as a batch of its own, in contract_id then
// date order. Returns what it wrote.
[[nodiscard]] core::Result<std::vector<RecordedHold>> RecordLadderHolds(
    store::Store& db, const std::vector<core::contracts::LadderHold>& holds, const Recorder& by);

struct DatabaseEscalation {
  core::contracts::EscalationResult result;
  std::vector<RecordedHold> recorded;  // empty when not recording
};

// `supeval escalations --db`: the ladder replayed up to `as_of` from the
// database (as EscalateContracts) and, when `record` (never with
// request.as_of_batch: history is not rewritten), its holds recorded with
// request.user and request.created_at.
[[nodiscard]] core::Result<DatabaseEscalation> EscalateDatabase(const ContractsRequest& request, core::Date as_of,
                                                                bool record);

// ---------------------------------------------------------------------------
// Over the API

struct EscalationsQuery {
  std::optional<std::string> as_of;  // YYYY-MM-DD; default today
  std::optional<std::string> supplier_id;
  std::optional<std::string> level;   // comma list of level ids
  std::optional<std::string> status;  // open | closed
  std::optional<std::string> sort;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// The board's sortable fields (level_rank, decision_due, next_review, since,
// supplier_id, contract_id) and its default order.
[[nodiscard]] const SortSpec& EscalationsSort();

// GET /api/v1/escalations: {as_of, total_count, limit, offset, rows: [Case]}.
[[nodiscard]] core::Result<Json> ListEscalations(store::Store& db, const Caller& caller, const EscalationsQuery& query,
                                                 const ContractRuleSet& rules, core::Date today);

// GET /api/v1/escalations/{contract_id}: the Case with cases, holds,
// decisions and triggers. kNotFound also for a contract without a case.
[[nodiscard]] core::Result<Json> ShowEscalation(store::Store& db, const Caller& caller, const std::string& contract_id,
                                                const std::optional<std::string>& as_of, const ContractRuleSet& rules,
                                                core::Date today);

struct DecisionBody {
  std::optional<std::string> date;  // default today; never after it
  std::string decision;             // escalate, deescalate, close, withdraw_hold
  std::string reason;               // required
  std::optional<std::string> to_level;
  std::optional<std::string> cause;  // quality (default) or delivery
};

// POST /api/v1/escalations/{contract_id}/decisions: checks the decision
// against the ladder (replayed up to today with it), records it (batch of
// kind escalation, audit escalation.decide), records the ladders' holds and
// answers the case as ShowEscalation does.
[[nodiscard]] core::Result<Json> DecideEscalation(store::Store& db, const Caller& caller,
                                                  const std::string& contract_id, const DecisionBody& body,
                                                  const ContractRuleSet& rules, Instant now, core::Date today);

// POST /api/v1/escalations/holds: {as_of, rows: [Hold]} of what it wrote.
[[nodiscard]] core::Result<Json> RecordEscalationHolds(store::Store& db, const Caller& caller,
                                                       const std::optional<std::string>& as_of,
                                                       const ContractRuleSet& rules, Instant now, core::Date today);

}  // namespace supeval::service
