// The escalation ladder's parts as one file each sees the others
// (escalation.hpp): the dated triggers escalation_triggers.cpp gathers, the
// day-by-day state machine of one contract escalation_replay.cpp runs, and
// escalation.cpp assembling both into the result. Internal to core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "supeval/core/contracts/escalation.hpp"

namespace supeval::core::contracts {

// Where a trigger comes from, in §9's tie order for the `trigger` cell:
// class_c, kpi_missed, events, milestone_missed.
enum class TriggerSource : std::uint8_t { kClassC, kKpiMissed, kEvent, kMilestoneMissed };

// One trigger that fires for one contract on one day, at an entry level of
// the contract's ladder (triggers that never fire are not gathered).
struct DatedTrigger {
  Date day;
  TriggerSource source = TriggerSource::kClassC;
  std::string kind;       // "class_c", "stop_ship", …
  std::string ref;        // the period, clause_id, event_id or milestone_id
  std::size_t level = 0;  // index into the ladder's levels, above E0
  Cause reason = Cause::kQuality;

  // The `trigger` cell: "<kind> <ref>".
  [[nodiscard]] std::string Text() const { return kind + " " + ref; }
};

// The ladder a contract names; none when it names "none" (or, against the
// requirements, a ladder the rule set lacks).
[[nodiscard]] const Ladder* LadderOf(const ContractRules& rules, const Contract& contract);

// The triggers of every contract (by index into ContractData::contracts)
// dated on or before `as_of`, each contract's sorted by day, then the tie
// order (source, ref).
[[nodiscard]] std::vector<std::vector<DatedTrigger>> GatherTriggers(const ContractRules& rules,
                                                                    const ContractData& data, const MasterData& master,
                                                                    Date as_of);

// The state of one contract's ladder, moved by the three steps of a day
// (§9 "Replay"); the driver calls them in order for each day that has
// decisions, triggers or a review.
class LadderReplay {
 public:
  LadderReplay(const Ladder& ladder, Index contract, std::vector<Error>& errors);

  // Step 1: one decision of the day (in file order). A misfit is reported
  // on its line and changes nothing.
  void Decide(const EscalationDecision& decision);
  // Step 2: all the triggers of `day` together (tie-ordered).
  void Fire(Date day, std::span<const DatedTrigger> triggers);
  // Step 3: the review, when `day` is the current level's review day.
  void Review(Date day);

  // The current level's next review day; none without an open case or
  // with review days 0.
  [[nodiscard]] std::optional<Date> review_day() const { return review_day_; }
  [[nodiscard]] const std::vector<EscalationCase>& cases() const { return cases_; }
  [[nodiscard]] const std::vector<LadderHold>& holds() const { return holds_; }
  // The row of the latest case; requires a case.
  [[nodiscard]] EscalationRow Row() const;

 private:
  void Open(Date day);
  void Enter(Date day, std::size_t level, std::string cause);
  void Misfit(const EscalationDecision& decision, const std::string& field, const std::string& why);
  [[nodiscard]] std::optional<std::size_t> LevelNamed(const std::string& id) const;

  const Ladder& ladder_;
  Index contract_;
  std::vector<Error>& errors_;
  std::vector<EscalationCase> cases_;
  bool open_ = false;
  std::size_t level_ = 0;  // E0 without an open case
  Date since_;
  std::string trigger_;
  std::optional<Date> review_day_;
  bool counted_ = false;           // a trigger counted against the exit criteria since entry or review
  bool quality_cause_ = false;     // a cause of the open case so far is quality
  std::vector<LadderHold> holds_;  // the contract's, across cases
  bool hold_ = false;              // holds_.back() is in force
};

}  // namespace supeval::core::contracts
