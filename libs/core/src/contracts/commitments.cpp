// Commitments, tooling and milestones (CONTRACTS.md §7): take-or-pay fees in
// the period containing a commitment's `to`, supplier-financed tooling repaid
// per piece (and its residual at the contract's end), ramp-up milestone
// payments on approval.
#include <algorithm>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

std::string MaterialIdOf(const ContractView& view, Index material) {
  return view.plan.input.master.materials[material].id;
}

SettlementLine TakeOrPayLine(const ContractView& view, const VolumeCommitment& commitment, Index slot) {
  const Int128 taken = view.Quantity(slot, commitment.from, commitment.to);
  const Int128 shortfall = std::max<Int128>(0, commitment.min_qty.micros() - taken);
  const Rational fee = QuantityOf(shortfall) * commitment.fee_per_unit;
  SettlementLine line;
  line.kind = std::string(NameOf(LineKind::kTakeOrPay));
  line.ref = commitment.id;
  line.material_id = MaterialIdOf(view, commitment.material);
  line.status = shortfall > 0 ? "missed" : "met";
  line.quantity = QuantityText(taken);
  line.target = commitment.min_qty.ToString();
  line.shortfall = QuantityText(shortfall);
  line.rate = commitment.fee_per_unit.ToFigure();
  line.amount_cents = Cents(fee);
  line.steps = {
      "taken = " + QuantityText(taken) + " (" + commitment.from.ToString() + ".." + commitment.to.ToString() + ")",
      "shortfall = max(0, " + commitment.min_qty.ToString() + " − " + QuantityText(taken) +
          ") = " + QuantityText(shortfall),
      "amount = round2(" + QuantityText(shortfall) + " × " + commitment.fee_per_unit.ToFigure() +
          ") = " + FormatCents(line.amount_cents)};
  return line;
}

// C(t), the pieces received from the row's `from` up to day t, and T(t), the
// amount repaid to date.
struct ToolingState {
  const ContractView& view;
  const Tooling& tooling;
  Index slot;
  Date from;
  Rational rate;  // r = amount ÷ pieces

  [[nodiscard]] Int128 Received(Date t) const { return t < from ? 0 : view.Quantity(slot, from, t); }
  [[nodiscard]] Int128 Repaid(Date t) const { return std::min(Received(t), Int128{tooling.pieces.micros()}); }
  [[nodiscard]] std::int64_t PaidCents(Date t) const { return Cents(rate * QuantityOf(Repaid(t))); }
};

SettlementLine ToolingLineBase(const ToolingState& state, LineKind kind) {
  SettlementLine line;
  line.kind = std::string(NameOf(kind));
  line.ref = state.tooling.id;
  line.material_id = MaterialIdOf(state.view, state.tooling.material);
  line.target = state.tooling.pieces.ToString();
  line.rate = state.rate.ToFigure();
  line.steps.push_back("r = " + state.tooling.amount.ToFigure() + " ÷ " + state.tooling.pieces.ToString() + " = " +
                       state.rate.ToFigure());
  return line;
}

std::string PaidStep(const ToolingState& state, std::string_view at, Date t) {
  return "T(" + std::string(at) + ") = round2(" + state.rate.ToFigure() + " × min(" + QuantityText(state.Received(t)) +
         ", " + state.tooling.pieces.ToString() + ")) = " + FormatCents(state.PaidCents(t)) + " (C(" + std::string(at) +
         ") from " + state.from.ToString() + " to " + t.ToString() + ")";
}

void AddToolingLines(const ToolingState& state, std::vector<SettlementLine>& lines) {
  const Period& period = state.view.period();
  const Date t0 = period.first - 1;
  const Date t1 = period.last;
  if (state.Repaid(t1) > state.Repaid(t0)) {
    SettlementLine line = ToolingLineBase(state, LineKind::kTooling);
    line.quantity = QuantityText(state.Repaid(t1) - state.Repaid(t0));
    line.actual = QuantityText(state.Received(t1));
    line.amount_cents = state.PaidCents(t1) - state.PaidCents(t0);
    line.steps.push_back(PaidStep(state, "t0", t0));
    line.steps.push_back(PaidStep(state, "t1", t1));
    line.steps.push_back("amount = T(t1) − T(t0) = " + FormatCents(line.amount_cents));
    lines.push_back(std::move(line));
  }
  const std::optional<Date> end = state.view.record().end;
  if (!end || !period.Contains(*end) || state.Received(*end) >= state.tooling.pieces.micros()) return;
  SettlementLine residual = ToolingLineBase(state, LineKind::kToolingResidual);
  residual.quantity = QuantityText(state.tooling.pieces.micros() - state.Received(*end));
  residual.actual = QuantityText(state.Received(*end));
  const std::int64_t total_cents = Cents(state.tooling.amount);
  residual.amount_cents = total_cents - state.PaidCents(*end);
  residual.steps.push_back(PaidStep(state, "end", *end));
  residual.steps.push_back("amount = round2(" + state.tooling.amount.ToFigure() +
                           ") − T(end) = " + FormatCents(total_cents) + " − " + FormatCents(state.PaidCents(*end)) +
                           " = " + FormatCents(residual.amount_cents));
  lines.push_back(std::move(residual));
}

}  // namespace

std::vector<SettlementLine> TakeOrPayLines(const ContractView& view) {
  std::vector<SettlementLine> lines;
  for (const VolumeCommitment& commitment : view.data().commitments) {
    if (commitment.contract != view.contract || !view.period().Contains(commitment.to)) continue;
    if (const std::optional<Index> slot = view.plan.SlotOf(view.contract, commitment.material)) {
      lines.push_back(TakeOrPayLine(view, commitment, *slot));
    }
  }
  return lines;
}

std::vector<SettlementLine> ToolingLines(const ContractView& view) {
  std::vector<SettlementLine> lines;
  for (const Tooling& tooling : view.data().toolings) {
    if (tooling.contract != view.contract) continue;
    const std::optional<Index> slot = view.plan.SlotOf(view.contract, tooling.material);
    if (!slot) continue;
    const Date from = std::max(tooling.from.value_or(view.record().start), view.record().start);
    const Rational rate = tooling.amount / QuantityOf(tooling.pieces.micros());
    AddToolingLines({view, tooling, *slot, from, rate}, lines);
  }
  return lines;
}

std::vector<SettlementLine> MilestoneLines(const SettlementPlan::Impl& plan, Index contract) {
  std::vector<SettlementLine> lines;
  for (const Milestone& milestone : plan.input.data.milestones) {
    if (milestone.contract != contract || !milestone.approved_on || !plan.period().Contains(*milestone.approved_on)) {
      continue;
    }
    const bool on_time = *milestone.approved_on <= milestone.due_date;
    SettlementLine line;
    line.kind = std::string(NameOf(LineKind::kMilestone));
    line.ref = milestone.id;
    line.status = on_time ? "on_time" : "late";
    line.actual = milestone.approved_on->ToString();
    line.target = milestone.due_date.ToString();
    line.amount_cents = Cents(milestone.payment);
    line.steps = {"approved " + line.actual + (on_time ? " ≤ due " : " > due ") + line.target + ": " + line.status,
                  "amount = round2(" + milestone.payment.ToFigure() + ") = " + FormatCents(line.amount_cents)};
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace supeval::core::contracts
