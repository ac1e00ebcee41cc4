// The dated triggers of the escalation ladder (CONTRACTS.md §9, the trigger
// table and the paragraph under it): which contract each published result,
// KPI clause, event and critical milestone fires for, on which day, at which
// level of the contract's ladder.
#include <algorithm>
#include <array>
#include <tuple>

#include "contracts/escalation_parts.hpp"

namespace supeval::core::contracts {
namespace {

constexpr std::string_view kNever = "none";

// The published KPIs a kpi_missed trigger reads (§9: the figure as written;
// §6: which way is better; the reason: delivery for lz, lz1, lz2).
struct PublishedKpi {
  Kpi kpi;
  std::optional<Rational> PublishedResult::*figure;
  bool higher_is_better;
  Cause reason;
};

const std::array<PublishedKpi, 10> kPublishedKpis = {{
    {Kpi::kTotal, &PublishedResult::total, true, Cause::kQuality},
    {Kpi::kQz, &PublishedResult::qz, true, Cause::kQuality},
    {Kpi::kQz1, &PublishedResult::qz1, true, Cause::kQuality},
    {Kpi::kQz2, &PublishedResult::qz2, true, Cause::kQuality},
    {Kpi::kQz3, &PublishedResult::qz3, true, Cause::kQuality},
    {Kpi::kQz4, &PublishedResult::qz4, true, Cause::kQuality},
    {Kpi::kLz, &PublishedResult::lz, true, Cause::kDelivery},
    {Kpi::kLz1, &PublishedResult::lz1, true, Cause::kDelivery},
    {Kpi::kLz2, &PublishedResult::lz2, true, Cause::kDelivery},
    {Kpi::kPpm, &PublishedResult::ppm, false, Cause::kQuality},
}};

const PublishedKpi* PublishedKpiOf(Kpi kpi) {
  const auto* found = std::find_if(kPublishedKpis.begin(), kPublishedKpis.end(),
                                   [kpi](const PublishedKpi& entry) { return entry.kpi == kpi; });
  return found == kPublishedKpis.end() ? nullptr : found;
}

// §6: the figure misses the target when the shortfall is positive; an empty
// figure never misses.
bool Misses(const PublishedKpi& kpi, const PublishedResult& published, const Rational& target) {
  const std::optional<Rational>& figure = published.*kpi.figure;
  if (!figure) return false;
  return kpi.higher_is_better ? *figure < target : *figure > target;
}

std::optional<std::size_t> LevelIndex(const Ladder& ladder, std::string_view id) {
  for (std::size_t i = 0; i < ladder.levels.size(); ++i) {
    if (ladder.levels[i].level == id) return i;
  }
  return std::nullopt;
}

// What a trigger names before the ladder gives it a level.
struct Firing {
  Date day;
  TriggerSource source;
  std::string kind;
  std::string ref;
  bool notified = false;
  std::optional<Cause> reason;  // none: the ladder trigger's own
};

class Gatherer {
 public:
  Gatherer(const ContractRules& rules, const ContractData& data, const MasterData& master, Date as_of)
      : rules_(rules),
        data_(data),
        as_of_(as_of),
        by_supplier_(master.suppliers.size()),
        published_by_supplier_(master.suppliers.size()),
        triggers_(data.contracts.size()) {
    for (Index c = 0; c < data.contracts.size(); ++c) by_supplier_[data.contracts[c].supplier].push_back(c);
    for (const PublishedResult& published : data.published) {
      published_by_supplier_[published.supplier].push_back(&published);
    }
  }

  void Published() {
    for (const PublishedResult& published : data_.published) {
      if (published.status != "evaluated" || published.grade_class != "C") continue;
      for (const Index contract : by_supplier_[published.supplier]) {
        Add(contract,
            {published.published_on, TriggerSource::kClassC, "class_c", published.period.label, false, std::nullopt});
      }
    }
  }

  // kpi_missed fires only for the clause's own contract (§9).
  void KpiClauses() {
    for (const KpiClause& clause : data_.kpis) {
      const PublishedKpi* kpi = PublishedKpiOf(clause.kpi);
      if (!clause.escalate || kpi == nullptr) continue;
      const Index supplier = data_.contracts[clause.contract].supplier;
      for (const PublishedResult* published : published_by_supplier_[supplier]) {
        if (!Misses(*kpi, *published, clause.target)) continue;
        Add(clause.contract,
            {published->published_on, TriggerSource::kKpiMissed, "kpi_missed", clause.id, false, kpi->reason});
      }
    }
  }

  void Events() {
    for (const Event& event : data_.events) {
      for (const Index contract : by_supplier_[event.supplier]) {
        if (!CoversEventMaterial(data_.contracts[contract], event.material)) continue;
        Add(contract, {event.date, TriggerSource::kEvent, std::string(NameOf(event.kind)), event.id,
                       event.customer_notified, std::nullopt});
      }
    }
  }

  // As `late` in §7: not approved by the due date; it fires the day after.
  void Milestones() {
    for (const Milestone& milestone : data_.milestones) {
      if (!milestone.critical || (milestone.approved_on && *milestone.approved_on <= milestone.due_date)) continue;
      Add(milestone.contract, {milestone.due_date + 1, TriggerSource::kMilestoneMissed, "milestone_missed",
                               milestone.id, false, std::nullopt});
    }
  }

  std::vector<std::vector<DatedTrigger>> Sorted() && {
    for (std::vector<DatedTrigger>& triggers : triggers_) {
      std::stable_sort(triggers.begin(), triggers.end(), [](const DatedTrigger& a, const DatedTrigger& b) {
        return std::tie(a.day, a.source, a.ref) < std::tie(b.day, b.source, b.ref);
      });
    }
    return std::move(triggers_);
  }

 private:
  static bool CoversEventMaterial(const Contract& contract, Index material) {
    return material == kNoIndex ||
           std::find(contract.materials.begin(), contract.materials.end(), material) != contract.materials.end();
  }

  // Keeps the firing when the contract has a ladder, is active that day and
  // its ladder gives the kind a level (not "none").
  void Add(Index contract, Firing firing) {
    const Contract& record = data_.contracts[contract];
    const Ladder* ladder = LadderOf(rules_, record);
    if (ladder == nullptr || firing.day > as_of_ || !record.Covers(firing.day)) return;
    const auto rule = std::find_if(ladder->triggers.begin(), ladder->triggers.end(),
                                   [&firing](const LadderTrigger& entry) { return entry.kind == firing.kind; });
    if (rule == ladder->triggers.end()) return;
    const std::string& level_id = firing.notified ? rule->level_if_notified : rule->level;
    if (level_id == kNever) return;
    const std::optional<std::size_t> level = LevelIndex(*ladder, level_id);
    if (!level) return;
    triggers_[contract].push_back({firing.day, firing.source, std::move(firing.kind), std::move(firing.ref), *level,
                                   firing.reason.value_or(rule->reason)});
  }

  const ContractRules& rules_;
  const ContractData& data_;
  Date as_of_;
  std::vector<std::vector<Index>> by_supplier_;  // contracts
  std::vector<std::vector<const PublishedResult*>> published_by_supplier_;
  std::vector<std::vector<DatedTrigger>> triggers_;
};

}  // namespace

const Ladder* LadderOf(const ContractRules& rules, const Contract& contract) {
  if (contract.ladder == kNever) return nullptr;
  const auto found = rules.ladders.find(contract.ladder);
  return found == rules.ladders.end() ? nullptr : &found->second;
}

std::vector<std::vector<DatedTrigger>> GatherTriggers(const ContractRules& rules, const ContractData& data,
                                                      const MasterData& master, Date as_of) {
  Gatherer gatherer(rules, data, master, as_of);
  gatherer.Published();
  gatherer.KpiClauses();
  gatherer.Events();
  gatherer.Milestones();
  return std::move(gatherer).Sorted();
}

}  // namespace supeval::core::contracts
