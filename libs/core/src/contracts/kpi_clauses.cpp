// KPI clauses (CONTRACTS.md §6): each clause's actual on its contract's slice,
// shortfall, penalty (capped per clause) or bonus; "one incident, one remedy"
// (clauses counting the same incident kinds supersede one another); and the
// contract caps on the spend-based clauses.
#include <algorithm>
#include <array>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

// The incident kinds of §6's "incidents" column, as bits.
enum Incident : unsigned {
  kQuality = 1U << 0U,
  kCertification = 1U << 1U,
  kDelivery = 1U << 2U,
  kWarranty = 1U << 3U,
  kLaunch = 1U << 4U,
  kSustainability = 1U << 5U,
};

using SliceMember = std::optional<Rational> SliceFigures::*;
using ActualFunction = std::optional<Rational> (*)(const ContractView&);

struct KpiRule {
  Kpi kpi;
  bool higher_is_better;
  unsigned incidents;
  SliceMember figure;     // the evaluation's figure on the slice, or
  ActualFunction actual;  // computed here from the contract data
  bool spend_based;       // base = the contract's spend (and under the contract caps)
};

std::optional<Rational> WarrantyPpm(const ContractView& view);
std::optional<Rational> MilestonesOnTime(const ContractView& view);
std::optional<Rational> Co2PerUnit(const ContractView& view);

// §6's table.
const std::array<KpiRule, 14> kKpiRules = {{
    {Kpi::kTotal, true, kQuality | kCertification | kDelivery, &SliceFigures::total, nullptr, true},
    {Kpi::kQz, true, kQuality | kCertification, &SliceFigures::qz, nullptr, true},
    {Kpi::kLz, true, kDelivery, &SliceFigures::lz, nullptr, true},
    {Kpi::kQz1, true, kQuality, &SliceFigures::qz1, nullptr, true},
    {Kpi::kQz2, true, kQuality, &SliceFigures::qz2, nullptr, true},
    {Kpi::kQz3, true, kCertification, &SliceFigures::qz3, nullptr, true},
    {Kpi::kQz4, true, kQuality, &SliceFigures::qz4, nullptr, true},
    {Kpi::kLz1, true, kDelivery, &SliceFigures::lz1, nullptr, true},
    {Kpi::kLz2, true, kDelivery, &SliceFigures::lz2, nullptr, true},
    {Kpi::kPpm, false, kQuality, &SliceFigures::ppm, nullptr, true},
    {Kpi::kOnTimeRate, true, kDelivery, &SliceFigures::on_time_rate, nullptr, true},
    {Kpi::kWarrantyPpm, false, kWarranty, nullptr, &WarrantyPpm, true},
    {Kpi::kMilestonesOnTime, true, kLaunch, nullptr, &MilestonesOnTime, false},
    {Kpi::kCo2PerUnit, false, kSustainability, nullptr, &Co2PerUnit, true},
}};

const KpiRule& RuleOf(Kpi kpi) {
  return *std::find_if(kKpiRules.begin(), kKpiRules.end(), [kpi](const KpiRule& rule) { return rule.kpi == kpi; });
}

bool CoveredOn(const ContractView& view, Index material) {
  return view.plan.SlotOf(view.contract, material).has_value();
}

std::optional<Rational> WarrantyPpm(const ContractView& view) {
  const Contract& contract = view.record();
  const Period& period = view.period();
  const Date window_first = (period.last + 1).AddMonths(-view.rules().warranty_window_months);
  Int128 delivered = 0;
  for (const Index slot : view.slots()) delivered += view.Quantity(slot, window_first, period.last);
  if (delivered == 0) return std::nullopt;
  Rational claimed;
  for (const WarrantyClaim& claim : view.data().warranty_claims) {
    if (claim.supplier != contract.supplier || !period.Contains(claim.date) || !contract.Covers(claim.date)) continue;
    if (CoveredOn(view, claim.material)) claimed += Rational::FromDecimal(claim.quantity) * claim.supplier_share;
  }
  return claimed / QuantityOf(delivered) * Rational(1'000'000);
}

// The contract's milestones due in the period within its term.
std::vector<const Milestone*> MilestonesDue(const ContractView& view) {
  std::vector<const Milestone*> due;
  for (const Milestone& milestone : view.data().milestones) {
    if (milestone.contract == view.contract && view.period().Contains(milestone.due_date) &&
        view.record().Covers(milestone.due_date)) {
      due.push_back(&milestone);
    }
  }
  return due;
}

std::optional<Rational> MilestonesOnTime(const ContractView& view) {
  const std::vector<const Milestone*> due = MilestonesDue(view);
  if (due.empty()) return std::nullopt;
  const auto on_time = std::count_if(due.begin(), due.end(), [](const Milestone* milestone) {
    return milestone->approved_on && *milestone->approved_on <= milestone->due_date;
  });
  return Rational(100) * Rational(on_time) / Rational(static_cast<std::int64_t>(due.size()));
}

std::optional<Rational> DeclaredEmission(const ContractView& view, Index material) {
  const Period& period = view.period();
  for (const Emission& emission : view.data().emissions) {
    if (emission.supplier == view.record().supplier && emission.material == material &&
        emission.period.first == period.first && emission.period.last == period.last) {
      return emission.kg_co2e_per_unit;
    }
  }
  return std::nullopt;
}

std::optional<Rational> Co2PerUnit(const ContractView& view) {
  Rational weighted;
  Rational spend;
  for (const Index slot : view.slots()) {
    const Rational material_spend = SlotSpend(view, slot);
    const std::optional<Rational> emission = DeclaredEmission(view, view.plan.slots[slot].material);
    if (material_spend.sign() <= 0 || !emission) continue;
    weighted += material_spend * *emission;
    spend += material_spend;
  }
  if (spend.is_zero()) return std::nullopt;
  return weighted / spend;
}

Rational MilestoneBase(const ContractView& view) {
  Rational base;
  for (const Milestone* milestone : MilestonesDue(view)) base += milestone->payment;
  return base;
}

// One clause assessed for the period.
struct Assessment {
  const KpiClause* clause = nullptr;
  const KpiRule* rule = nullptr;
  std::optional<Rational> actual;  // none: not assessed
  Rational base;
  Rational shortfall;
  Rational cap;      // cap_share × base
  Rational penalty;  // after the clause cap; 0 unless s > 0
  Rational bonus;    // 0 unless s < 0
  const KpiClause* superseded_by = nullptr;
  bool charged = false;
  std::vector<std::string> steps;

  [[nodiscard]] std::int64_t Cents() const {
    if (!charged) return 0;
    return penalty.sign() > 0 ? -contracts::Cents(penalty) : contracts::Cents(bonus);
  }
};

Assessment Assess(const ContractView& view, const KpiClause& clause, const Rational& spend) {
  Assessment a;
  a.clause = &clause;
  a.rule = &RuleOf(clause.kpi);
  const std::string name(NameOf(clause.kpi));
  if (a.rule->figure != nullptr) {
    if (view.slice != nullptr) a.actual = view.slice->*(a.rule->figure);
  } else {
    a.actual = a.rule->actual(view);
  }
  a.base = a.rule->spend_based ? spend : MilestoneBase(view);
  a.cap = clause.cap_share.value_or(view.rules().kpi_cap_share) * a.base;
  a.steps.push_back("base = " + a.base.ToFigure() + (a.rule->spend_based ? " (spend)" : " (payments due)"));
  if (!a.actual) {
    a.steps.push_back(name + " not assessed");
    return a;
  }
  a.shortfall = a.rule->higher_is_better ? clause.target - *a.actual : *a.actual - clause.target;
  a.steps.push_back(name + " = " + a.actual->ToFigure() + "; s = " + a.shortfall.ToFigure() + " (target " +
                    clause.target.ToFigure() +
                    (a.rule->higher_is_better ? ", higher is better)" : ", lower is better)"));
  if (a.shortfall.sign() > 0) {
    const Rational uncapped = clause.penalty_rate * a.shortfall * a.base;
    a.penalty = std::min(uncapped, a.cap);
    a.steps.push_back("penalty = min(" + clause.penalty_rate.ToFigure() + " × " + a.shortfall.ToFigure() + " × " +
                      a.base.ToFigure() + ", " + a.cap.ToFigure() + ") = " + a.penalty.ToFigure());
  } else if (a.shortfall.sign() < 0) {
    a.bonus = clause.bonus_rate * -a.shortfall * a.base;
    a.steps.push_back("bonus = " + clause.bonus_rate.ToFigure() + " × " + (-a.shortfall).ToFigure() + " × " +
                      a.base.ToFigure() + " = " + a.bonus.ToFigure());
  }
  return a;
}

// Decreasing amount, ties by clause_id (§6).
std::vector<Assessment*> InChargeOrder(std::vector<Assessment>& assessments, Rational Assessment::*amount) {
  std::vector<Assessment*> order;
  for (Assessment& a : assessments) {
    if ((a.*amount).sign() > 0) order.push_back(&a);
  }
  std::sort(order.begin(), order.end(), [amount](const Assessment* x, const Assessment* y) {
    if (x->*amount != y->*amount) return x->*amount > y->*amount;
    return x->clause->id < y->clause->id;
  });
  return order;
}

const Assessment* FirstSharing(const std::vector<Assessment*>& charged, const Assessment& a) {
  for (const Assessment* other : charged) {
    if ((other->rule->incidents & a.rule->incidents) != 0) return other;
  }
  return nullptr;
}

// One incident, one remedy: penalties first, then bonuses.
void Supersede(std::vector<Assessment>& assessments) {
  std::vector<Assessment*> penalties;
  for (Assessment* a : InChargeOrder(assessments, &Assessment::penalty)) {
    if (const Assessment* by = FirstSharing(penalties, *a)) {
      a->superseded_by = by->clause;
    } else {
      a->charged = true;
      penalties.push_back(a);
    }
  }
  std::vector<Assessment*> bonuses;
  for (Assessment* a : InChargeOrder(assessments, &Assessment::bonus)) {
    const Assessment* by = FirstSharing(penalties, *a);
    if (by == nullptr) by = FirstSharing(bonuses, *a);
    if (by != nullptr) {
      a->superseded_by = by->clause;
    } else {
      a->charged = true;
      bonuses.push_back(a);
    }
  }
}

std::string StatusOf(const Assessment& a) {
  if (!a.actual) return "not_assessed";
  if (a.superseded_by != nullptr) return "superseded";
  return a.shortfall.sign() > 0 ? "missed" : "met";
}

SettlementLine KpiLine(Assessment& a) {
  SettlementLine line;
  line.kind = std::string(NameOf(LineKind::kKpi));
  line.ref = a.clause->id;
  line.status = StatusOf(a);
  line.target = a.clause->target.ToFigure();
  line.spend = a.base.ToFixed(2);
  if (a.actual) {
    line.actual = a.actual->ToFigure();
    line.shortfall = a.shortfall.ToFigure();
    if (a.shortfall.sign() > 0) line.rate = a.clause->penalty_rate.ToFigure();
    if (a.shortfall.sign() < 0) line.rate = a.clause->bonus_rate.ToFigure();
    if (a.shortfall.sign() >= 0) line.cap = a.cap.ToFixed(2);
  }
  line.amount_cents = a.Cents();
  line.steps = std::move(a.steps);
  if (a.superseded_by != nullptr) {
    line.note = "superseded by " + a.superseded_by->id;
    line.steps.push_back(line.note + ": amount = 0.00");
  } else {
    line.steps.push_back("amount = " + FormatCents(line.amount_cents));
  }
  return line;
}

// A contract cap line when the charged lines of one sign pass it (§6).
struct CapRule {
  LineKind kind;
  int sign;  // of the charged lines it bounds
  std::optional<Rational> Contract::*share;
  Rational ContractRules::*default_share;
};

const std::array<CapRule, 2> kCapRules = {{
    {LineKind::kPenaltyCap, -1, &Contract::penalty_cap_share, &ContractRules::penalty_cap_share},
    {LineKind::kBonusCap, 1, &Contract::bonus_cap_share, &ContractRules::bonus_cap_share},
}};

// `lines` begins with the kpi lines, in the order of `assessments`.
void AddCapLine(const ContractView& view, const CapRule& rule, const std::vector<Assessment>& assessments,
                const Rational& spend, std::vector<SettlementLine>& lines) {
  std::int64_t charged = 0;
  for (std::size_t i = 0; i < assessments.size(); ++i) {
    const std::int64_t cents = lines[i].amount_cents;
    if (assessments[i].rule->spend_based && cents * rule.sign > 0) charged += cents * rule.sign;
  }
  const Rational share = (view.record().*rule.share).value_or(view.rules().*rule.default_share);
  const std::int64_t cap = Cents(share * spend);
  if (charged <= cap) return;
  SettlementLine line;
  line.kind = std::string(NameOf(rule.kind));
  line.actual = MoneyOf(charged).ToFigure();
  line.rate = share.ToFigure();
  line.spend = spend.ToFixed(2);
  line.cap = FormatCents(cap);
  line.amount_cents = -rule.sign * (charged - cap);
  line.steps = {"charged = " + FormatCents(charged) + " > cap = round2(" + share.ToFigure() + " × " + spend.ToFigure() +
                    ") = " + FormatCents(cap),
                "amount = " + FormatCents(line.amount_cents)};
  lines.push_back(std::move(line));
}

}  // namespace

std::vector<SettlementLine> KpiLines(const ContractView& view) {
  const Rational spend = Spend(view);
  std::vector<Assessment> assessments;
  for (const KpiClause& clause : view.data().kpis) {
    if (clause.contract == view.contract) assessments.push_back(Assess(view, clause, spend));
  }
  Supersede(assessments);
  std::vector<SettlementLine> lines;
  for (Assessment& a : assessments) lines.push_back(KpiLine(a));
  for (const CapRule& rule : kCapRules) AddCapLine(view, rule, assessments, spend, lines);
  return lines;
}

}  // namespace supeval::core::contracts
