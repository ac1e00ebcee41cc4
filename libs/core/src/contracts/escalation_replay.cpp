// The day-by-day state machine of one contract's ladder (CONTRACTS.md §9
// "Replay"): decisions, triggers and reviews move the case between the
// ladder's levels; entering a level with hold imposes the hold; each change
// of level goes into the case's timeline.
#include <algorithm>

#include "contracts/escalation_parts.hpp"

namespace supeval::core::contracts {
namespace {

constexpr std::string_view kDecisionsFile = "escalation_decisions.csv";

}  // namespace

LadderReplay::LadderReplay(const Ladder& ladder, Index contract, std::vector<Error>& errors)
    : ladder_(ladder), contract_(contract), errors_(errors) {}

std::optional<std::size_t> LadderReplay::LevelNamed(const std::string& id) const {
  for (std::size_t i = 0; i < ladder_.levels.size(); ++i) {
    if (ladder_.levels[i].level == id) return i;
  }
  return std::nullopt;
}

void LadderReplay::Open(Date day) {
  const int number = static_cast<int>(cases_.size()) + 1;
  cases_.push_back({contract_, number, day, std::nullopt, {}});
  open_ = true;
  quality_cause_ = false;
}

// Every change of level restarts the clock (review day = the day + review
// days, none for 0) and the exit criteria; entering a hold level imposes the
// hold unless one is imposed; reaching E0 closes the case.
void LadderReplay::Enter(Date day, std::size_t level, std::string cause) {
  const LadderLevel& entered = ladder_.levels[level];
  cases_.back().history.push_back({day, ladder_.levels[level_].level, entered.level, cause});
  level_ = level;
  since_ = day;
  trigger_ = std::move(cause);
  counted_ = false;
  review_day_ = entered.review_days > 0 ? std::optional<Date>(day + entered.review_days) : std::nullopt;
  if (entered.hold && !hold_) {
    LadderHold imposed;
    imposed.contract = contract_;
    imposed.case_number = cases_.back().number;
    imposed.since = day;
    imposed.reason = quality_cause_ ? Cause::kQuality : Cause::kDelivery;
    imposed.cause = trigger_;
    imposed.level = entered.level;
    holds_.push_back(std::move(imposed));
    hold_ = true;
  }
  if (level == 0) {
    open_ = false;
    cases_.back().closed_on = day;
    review_day_.reset();
  }
}

void LadderReplay::Misfit(const EscalationDecision& decision, const std::string& field, const std::string& why) {
  errors_.push_back(BadInput(
      std::string(NameOf(decision.decision)) + " on " + decision.date.ToString() + " does not fit the case: " + why,
      {std::string(kDecisionsFile), decision.line, field}));
}

void LadderReplay::Decide(const EscalationDecision& decision) {
  const std::string by = std::string(NameOf(decision.decision)) + " by " + decision.user;
  const std::string& current = ladder_.levels[level_].level;
  switch (decision.decision) {
    case Decision::kEscalate: {
      const std::optional<std::size_t> to = LevelNamed(decision.to_level);
      if (!to || *to <= level_) {
        Misfit(decision, "to_level", decision.to_level + " is not above the current level " + current);
        return;
      }
      if (!open_) Open(decision.date);
      quality_cause_ = quality_cause_ || decision.cause == Cause::kQuality;
      Enter(decision.date, *to, by);
      return;
    }
    case Decision::kDeescalate:
      if (!open_) return Misfit(decision, "decision", "no case is open");
      return Enter(decision.date, level_ - 1, by);
    case Decision::kClose:
      if (!open_) return Misfit(decision, "decision", "no case is open");
      return Enter(decision.date, 0, by);
    case Decision::kWithdrawHold:
      if (!hold_) return Misfit(decision, "decision", "no hold is imposed");
      if (ladder_.levels[level_].hold) {
        return Misfit(decision, "decision", "the current level " + current + " has a hold");
      }
      holds_.back().withdrawn = LadderHold::Withdrawal{decision.date, decision.user, decision.reason};
      hold_ = false;
      return;
  }
}

// With no open case the highest entry level opens one; with a case open a
// higher entry level moves it there; otherwise they all count against the
// exit criteria (without a case the level is E0, below every entry level).
// The first trigger (tie order) with the highest level names the change:
// max_element keeps the first of equals. Every trigger's reason counts from
// this step on.
void LadderReplay::Fire(Date day, std::span<const DatedTrigger> triggers) {
  if (triggers.empty()) return;
  const auto highest = std::max_element(triggers.begin(), triggers.end(),
                                        [](const DatedTrigger& a, const DatedTrigger& b) { return a.level < b.level; });
  if (!open_) Open(day);
  quality_cause_ = quality_cause_ || std::any_of(triggers.begin(), triggers.end(), [](const DatedTrigger& trigger) {
                     return trigger.reason == Cause::kQuality;
                   });
  if (highest->level > level_) return Enter(day, highest->level, highest->Text());
  counted_ = true;
}

// Met (nothing counted since entry or the last review): the case stays and
// the next review is a period later; not met: one level up, except at the
// top, where it stays as when met.
void LadderReplay::Review(Date day) {
  if (!review_day_ || *review_day_ != day) return;
  const bool met = !counted_;
  counted_ = false;
  if (met || level_ + 1 == ladder_.levels.size()) {
    review_day_ = day + ladder_.levels[level_].review_days;
    return;
  }
  Enter(day, level_ + 1, "review");
}

EscalationRow LadderReplay::Row() const {
  const EscalationCase& latest = cases_.back();
  const LadderLevel& level = ladder_.levels[level_];
  EscalationRow row;
  row.contract = contract_;
  row.case_number = latest.number;
  row.opened_on = latest.opened_on;
  row.open = open_;
  row.level = level.level;
  row.level_name = level.name;
  row.since = since_;
  row.trigger = trigger_;
  if (open_) row.next_review = review_day_;
  row.owner = level.owner;
  row.actions_due = level.actions;
  row.hold = hold_;
  if (hold_) {
    row.hold_since = holds_.back().since;
    row.hold_reason = holds_.back().reason;
  }
  return row;
}

}  // namespace supeval::core::contracts
