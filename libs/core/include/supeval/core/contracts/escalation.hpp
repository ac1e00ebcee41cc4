// The escalation ladder (CONTRACTS.md §9): for every contract with a ladder,
// the dated triggers (published class C results and missed KPIs, events,
// missed critical milestones) and the recorded decisions are replayed day by
// day up to a date, giving each contract's latest case (level, review, owner,
// actions, hold), every case's timeline of level changes, and the decisions
// that do not fit their case (§3 "found while computing"). Levels, review
// days, holds, owners, actions and trigger levels are the rule set's ladder
// named by the contract; nothing of the default ladder is built in.
// A pure function of its arguments: thread-safe on const inputs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/contracts/records.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"

namespace supeval::core::contracts {

// One change of a case's level: the day, the levels ("E1") and what caused
// it, as the `trigger` cell writes it ("stop_ship EV7", "review",
// "deescalate by jdoe").
struct LevelChange {
  Date day;
  std::string from;
  std::string to;
  std::string cause;

  friend bool operator==(const LevelChange&, const LevelChange&) = default;
};

// One case of one contract, with its timeline (the first change opens it
// from E0; a case that was closed ends with a change to E0).
struct EscalationCase {
  Index contract = 0;  // into ContractData::contracts
  int number = 1;      // 1, 2, … per contract
  Date opened_on;
  std::optional<Date> closed_on;  // none: open on the as-of date
  std::vector<LevelChange> history;
};

// One row of `escalations` (§9 "Result"): the contract's latest case on the
// as-of date. A closed case stands at E0, the level closing leaves.
struct EscalationRow {
  Index contract = 0;
  std::string contract_id;
  std::string supplier_id;
  int case_number = 1;
  Date opened_on;
  bool open = true;
  std::string level;       // "E2"
  std::string level_name;  // "warning"
  Date since;
  std::string trigger;
  std::optional<Date> next_review;  // none: closed, or the level has review days 0
  std::string owner;
  std::vector<std::string> actions_due;
  // The contract's hold: it outlives closing and de-escalating, so it may
  // come from an earlier case.
  bool hold = false;
  std::optional<Date> hold_since;
  std::optional<Cause> hold_reason;
};

// A New Business Hold the ladder imposed on a contract: entering a level
// with hold; ended only by a `withdraw_hold` decision (§9). What a database
// records as the supplier's hold (holds.csv's status new_business_hold).
struct LadderHold {
  Index contract = 0;
  std::string contract_id;
  std::string supplier_id;
  int case_number = 1;  // the case whose level change imposed it
  Date since;
  Cause reason = Cause::kQuality;
  std::string cause;  // the level change's, as the `trigger` cell writes it
  std::string level;  // the level entered ("E3")
  struct Withdrawal {
    Date on;
    std::string user;
    std::string reason;
  };
  std::optional<Withdrawal> withdrawn;  // none: in force on the as-of date
};

// A trigger that fired for a contract (§9's table), whatever it did to the
// case: opened it, moved it up, or counted against the exit criteria.
struct FiredTrigger {
  Index contract = 0;
  Date day;
  std::string kind;   // "class_c", "stop_ship", …
  std::string ref;    // the period, clause_id, event_id or milestone_id
  std::string level;  // its entry level ("E1")
  Cause reason = Cause::kQuality;
};

struct EscalationResult {
  // One per contract with a case opened on or before the as-of date, by
  // contract_id.
  std::vector<EscalationRow> rows;
  // Every case of those contracts, by contract_id then case number.
  std::vector<EscalationCase> cases;
  // Every hold the ladders imposed up to the as-of date, by contract_id then
  // date (a contract's holds never overlap).
  std::vector<LadderHold> holds;
  // The triggers of those contracts up to the as-of date, by contract_id,
  // then day, then §9's tie order.
  std::vector<FiredTrigger> triggers;
  // Decisions that do not fit their case at their date, on their
  // escalation_decisions.csv line (kBadInput), in line order. The replay
  // went on as if they were absent, so all of them are found at once (no
  // cascade) and rows and cases are kept; §3 makes them bad input, so a
  // command writes nothing when this is not empty (unlike Settlement, the
  // caller decides).
  std::vector<Error> errors;
};

// The ladder replayed for every contract whose ladder is not "none", up to
// and including `as_of`. Requires rules that ValidateContractRules accepts
// and data as io validates it (indices in range, every contract's ladder
// and every decision's to_level defined).
[[nodiscard]] EscalationResult Escalate(const ContractRules& rules, const ContractData& data, const MasterData& master,
                                        Date as_of);

// The §9 result header, and a row's cells in that order as text (dates ISO,
// hold yes/no, actions `;`-joined, empty where not applicable), for a
// generic table/csv/json writer.
[[nodiscard]] const std::vector<std::string_view>& EscalationColumns();
[[nodiscard]] std::vector<std::string> EscalationCells(const EscalationRow& row);

}  // namespace supeval::core::contracts
