// Escalate (escalation.hpp, CONTRACTS.md §9): replays each contract's
// ladder over the days that have decisions, triggers or a review up to the
// as-of date, in the order of §9's three steps, and assembles the rows, the
// cases and the misfit decisions; and the §9 header and cells.
#include "supeval/core/contracts/escalation.hpp"

#include <algorithm>

#include "contracts/escalation_parts.hpp"

namespace supeval::core::contracts {
namespace {

// A contract's decisions dated on or before `as_of`, by date, in file order
// within a day (decisions after it are neither replayed nor checked).
std::vector<std::vector<const EscalationDecision*>> DecisionsByContract(const ContractData& data, Date as_of) {
  std::vector<std::vector<const EscalationDecision*>> decisions(data.contracts.size());
  for (const EscalationDecision& decision : data.decisions) {
    if (decision.date <= as_of) decisions[decision.contract].push_back(&decision);
  }
  for (auto& list : decisions) {
    std::stable_sort(list.begin(), list.end(),
                     [](const EscalationDecision* a, const EscalationDecision* b) { return a->date < b->date; });
  }
  return decisions;
}

// The next day with something to do: a decision, a trigger or the review.
std::optional<Date> NextDay(std::span<const EscalationDecision* const> decisions,
                            std::span<const DatedTrigger> triggers, std::optional<Date> review_day) {
  std::optional<Date> next = review_day;
  const auto earlier = [&next](Date day) {
    if (!next || day < *next) next = day;
  };
  if (!decisions.empty()) earlier(decisions.front()->date);
  if (!triggers.empty()) earlier(triggers.front().day);
  return next;
}

// The replay of one contract up to `as_of`.
void Replay(LadderReplay& replay, std::span<const EscalationDecision* const> decisions,
            std::span<const DatedTrigger> triggers, Date as_of) {
  for (std::optional<Date> day = NextDay(decisions, triggers, replay.review_day()); day && *day <= as_of;
       day = NextDay(decisions, triggers, replay.review_day())) {
    while (!decisions.empty() && decisions.front()->date == *day) {
      replay.Decide(*decisions.front());
      decisions = decisions.subspan(1);
    }
    const auto after = std::find_if(triggers.begin(), triggers.end(),
                                    [&day](const DatedTrigger& trigger) { return trigger.day != *day; });
    const auto count = static_cast<std::size_t>(after - triggers.begin());
    replay.Fire(*day, triggers.first(count));
    triggers = triggers.subspan(count);
    replay.Review(*day);
  }
}

std::vector<Index> ByContractId(const ContractData& data) {
  std::vector<Index> order(data.contracts.size());
  for (Index c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&data](Index a, Index b) { return data.contracts[a].id < data.contracts[b].id; });
  return order;
}

std::string Joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ";") + part;
  return text;
}

std::string DateCell(const std::optional<Date>& date) { return date ? date->ToString() : std::string(); }

}  // namespace

EscalationResult Escalate(const ContractRules& rules, const ContractData& data, const MasterData& master, Date as_of) {
  const std::vector<std::vector<DatedTrigger>> triggers = GatherTriggers(rules, data, master, as_of);
  const std::vector<std::vector<const EscalationDecision*>> decisions = DecisionsByContract(data, as_of);
  EscalationResult result;
  for (const Index contract : ByContractId(data)) {
    const Contract& record = data.contracts[contract];
    const Ladder* ladder = LadderOf(rules, record);
    if (ladder == nullptr) continue;
    LadderReplay replay(*ladder, contract, result.errors);
    Replay(replay, decisions[contract], triggers[contract], as_of);
    if (replay.cases().empty()) continue;
    EscalationRow row = replay.Row();
    row.contract_id = record.id;
    row.supplier_id = master.suppliers[record.supplier].id;
    result.cases.insert(result.cases.end(), replay.cases().begin(), replay.cases().end());
    for (LadderHold hold : replay.holds()) {
      hold.contract_id = row.contract_id;
      hold.supplier_id = row.supplier_id;
      result.holds.push_back(std::move(hold));
    }
    for (const DatedTrigger& trigger : triggers[contract]) {
      result.triggers.push_back(
          {contract, trigger.day, trigger.kind, trigger.ref, ladder->levels[trigger.level].level, trigger.reason});
    }
    result.rows.push_back(std::move(row));
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const Error& a, const Error& b) { return a.location.line < b.location.line; });
  return result;
}

const std::vector<std::string_view>& EscalationColumns() {
  static const std::vector<std::string_view> kColumns = {
      "contract_id", "supplier_id", "case",  "opened_on",   "status", "level",      "level_name",  "since",
      "trigger",     "next_review", "owner", "actions_due", "hold",   "hold_since", "hold_reason",
  };
  return kColumns;
}

std::vector<std::string> EscalationCells(const EscalationRow& row) {
  return {row.contract_id,
          row.supplier_id,
          std::to_string(row.case_number),
          row.opened_on.ToString(),
          row.open ? "open" : "closed",
          row.level,
          row.level_name,
          row.since.ToString(),
          row.trigger,
          DateCell(row.next_review),
          row.owner,
          Joined(row.actions_due),
          row.hold ? "yes" : "no",
          DateCell(row.hold_since),
          row.hold_reason ? std::string(NameOf(*row.hold_reason)) : std::string()};
}

}  // namespace supeval::core::contracts
