// A small data folder for the escalation ladder's unit tests: suppliers S1
// and S2, materials M1 and M2, contract K1 of S1 over M1 from 2026-01-01
// (open) on the default ladder; each test adds triggers and decisions on
// days counted from 2026-01-01 (day 0) and replays up to an as-of day.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/escalation.hpp"

namespace supeval::core::contracts {

// Day n of the tests: 2026-01-01 + n days.
inline Date Day(int n) { return *Date::Parse("2026-01-01") + n; }

constexpr Index kS1 = 0, kS2 = 1;
constexpr Index kM1 = 0, kM2 = 1;

class LadderBook {
 public:
  LadderBook() : rules(DefaultContractRules()) {
    master.suppliers = {{"S1", "Supplier one", "DE", false}, {"S2", "Supplier two", "CN", false}};
    master.materials = {{"M1", "C1", "pc", MaterialKind::kPurchased}, {"M2", "C1", "pc", MaterialKind::kPurchased}};
    k1 = AddContract("K1", kS1, {kM1});
  }

  // A contract from day `start` (to day `end`, when given) on `ladder`.
  Index AddContract(std::string id, Index supplier, std::vector<Index> materials, int start = 0,
                    std::optional<int> end = {}, std::string ladder = "default") {
    Contract contract;
    contract.id = std::move(id);
    contract.supplier = supplier;
    contract.start = Day(start);
    if (end) contract.end = Day(*end);
    contract.currency = "EUR";
    contract.ladder = std::move(ladder);
    contract.materials = std::move(materials);
    contract.line = data.contracts.size() + 2;
    data.contracts.push_back(std::move(contract));
    return static_cast<Index>(data.contracts.size() - 1);
  }

  // An event of S1 on M1 unless told otherwise (kNoIndex: no material).
  void AddEvent(std::string id, int day, EventKind kind, Index material = kM1, bool notified = false,
                Index supplier = kS1) {
    Event event;
    event.id = std::move(id);
    event.supplier = supplier;
    event.date = Day(day);
    event.kind = kind;
    event.material = material;
    event.customer_notified = notified;
    event.line = data.events.size() + 2;
    data.events.push_back(std::move(event));
  }

  // A decision for K1 unless told otherwise; returns its file line.
  std::uint64_t Decide(int day, Decision decision, std::string to_level = {}, Cause cause = Cause::kQuality,
                       std::string user = "jdoe") {
    EscalationDecision record;
    record.contract = k1;
    record.date = Day(day);
    record.decision = decision;
    record.user = std::move(user);
    record.reason = "test";
    record.to_level = std::move(to_level);
    record.cause = cause;
    record.line = data.decisions.size() + 2;
    data.decisions.push_back(record);
    return record.line;
  }

  // A published result of S1 for `period`, evaluated with `grade_class`.
  PublishedResult& Publish(int day, std::string grade_class, std::string_view period = "2026-H1") {
    PublishedResult published;
    published.supplier = kS1;
    published.period = *ParsePeriod(period);
    published.published_on = Day(day);
    published.status = "evaluated";
    published.grade_class = std::move(grade_class);
    published.line = data.published.size() + 2;
    data.published.push_back(std::move(published));
    return data.published.back();
  }

  void AddClause(std::string id, Kpi kpi, Rational target, bool escalate = true, Index contract = 0) {
    KpiClause clause;
    clause.id = std::move(id);
    clause.contract = contract;
    clause.kpi = kpi;
    clause.target = std::move(target);
    clause.escalate = escalate;
    clause.line = data.kpis.size() + 2;
    data.kpis.push_back(std::move(clause));
  }

  void AddMilestone(std::string id, int due, std::optional<int> approved, bool critical = true) {
    Milestone milestone;
    milestone.id = std::move(id);
    milestone.contract = k1;
    milestone.due_date = Day(due);
    if (approved) milestone.approved_on = Day(*approved);
    milestone.critical = critical;
    data.milestones.push_back(std::move(milestone));
  }

  [[nodiscard]] EscalationResult Run(int as_of) const { return Escalate(rules, data, master, Day(as_of)); }

  MasterData master;
  ContractData data;
  ContractRules rules;
  Index k1 = 0;
};

// The row of `contract_id`; fails the test when there is none.
inline EscalationRow RowOf(const EscalationResult& result, std::string_view contract_id = "K1") {
  for (const EscalationRow& row : result.rows) {
    if (row.contract_id == contract_id) return row;
  }
  ADD_FAILURE() << "no row for " << contract_id;
  return {};
}

// The row's place on the ladder in one line, days counted from day 0:
// "E2 since 30, review 60", "E4 since 90, no review", "E0 since 25, closed".
inline std::string StateOf(const EscalationRow& row) {
  std::string state = row.level + " since " + std::to_string(row.since - Day(0));
  if (!row.open) return state + ", closed";
  return state + (row.next_review ? ", review " + std::to_string(*row.next_review - Day(0)) : ", no review");
}

// The row's hold in one line: "since 20, delivery", or "none" (whose
// since and reason must be empty).
inline std::string HoldOf(const EscalationRow& row) {
  if (!row.hold) return row.hold_since || row.hold_reason ? "none, with since or reason" : "none";
  return "since " + std::to_string(*row.hold_since - Day(0)) + ", " + std::string(NameOf(*row.hold_reason));
}

// The level changes of `contract_id`'s cases, each "day n: from→to cause".
inline std::vector<std::string> Timeline(const EscalationResult& result, const LadderBook& book,
                                         std::string_view contract_id = "K1") {
  std::vector<std::string> lines;
  for (const EscalationCase& escalation_case : result.cases) {
    if (book.data.contracts[escalation_case.contract].id != contract_id) continue;
    for (const LevelChange& change : escalation_case.history) {
      lines.push_back("case " + std::to_string(escalation_case.number) + " day " + std::to_string(change.day - Day(0)) +
                      ": " + change.from + "->" + change.to + " " + change.cause);
    }
  }
  return lines;
}

}  // namespace supeval::core::contracts
