// Assembles the settlement (CONTRACTS.md §8): the lines of every contract in
// the §8 order, the columns every line shares, and re-settling against
// settled.csv (delta and withdrawn lines); and the §8 header and cells.
#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

// §8's kinds in their output order (LineKind's order).
constexpr std::array<std::string_view, 9> kKindNames = {
    "volume_tier", "indexation", "take_or_pay", "tooling",   "tooling_residual",
    "milestone",   "kpi",        "penalty_cap", "bonus_cap",
};

// A kind's place in the order; kinds only settled.csv names go last.
std::size_t KindRank(std::string_view kind) {
  return static_cast<std::size_t>(std::find(kKindNames.begin(), kKindNames.end(), kind) - kKindNames.begin());
}

bool InOrder(const SettlementLine& a, const SettlementLine& b) {
  return std::forward_as_tuple(KindRank(a.kind), a.kind, a.material_id, a.ref) <
         std::forward_as_tuple(KindRank(b.kind), b.kind, b.material_id, b.ref);
}

bool SameDates(const Period& a, const Period& b) { return a.first == b.first && a.last == b.last; }

// settled.csv lines whose period overlaps the settled one without being it.
void CheckSettledPeriods(const SettlementPlan::Impl& plan, std::vector<Error>& errors) {
  const Period& period = plan.period();
  for (const SettledLine& settled : plan.input.data.settled) {
    if (settled.period.first > period.last || settled.period.last < period.first) continue;
    if (SameDates(settled.period, period)) continue;
    errors.push_back(
        BadInput(settled.period.label + " overlaps the settled period " + period.label + " without being equal to it",
                 {"settled.csv", settled.line, "period"}));
  }
}

std::vector<SettlementLine> ComputedLines(const ContractView& view, std::vector<Error>& errors) {
  std::vector<SettlementLine> lines;
  const auto append = [&lines](std::vector<SettlementLine> more) {
    std::move(more.begin(), more.end(), std::back_inserter(lines));
  };
  const bool meets = view.record().Meets(view.period().first, view.period().last);
  if (meets) {
    append(VolumeTierLines(view));
    append(IndexationLines(view, errors));
    append(TakeOrPayLines(view));
    append(ToolingLines(view));
  }
  append(MilestoneLines(view.plan, view.contract));
  if (meets) append(KpiLines(view));
  return lines;
}

using LineKey = std::tuple<std::string, std::string, std::string>;  // kind, ref, material_id

LineKey KeyOf(const SettlementLine& line) { return {line.kind, line.ref, line.material_id}; }

// §8 Re-settling: a contract with settled lines for the period gets delta
// lines, one per key of either side; keys no longer computed are withdrawn.
void MakeDeltas(std::vector<SettlementLine>& lines, const std::map<LineKey, std::int64_t>& settled) {
  std::map<LineKey, bool> computed;
  for (SettlementLine& line : lines) {
    const auto found = settled.find(KeyOf(line));
    const std::int64_t before = found == settled.end() ? 0 : found->second;
    line.steps.push_back("delta = " + FormatCents(line.amount_cents) + " − settled before " + FormatCents(before));
    line.amount_cents -= before;
    line.settled_before_cents = before;
    line.line_type = "delta";
    computed[KeyOf(line)] = true;
  }
  for (const auto& [key, before] : settled) {
    if (computed.count(key) != 0) continue;
    SettlementLine line;
    std::tie(line.kind, line.ref, line.material_id) = key;
    line.status = "withdrawn";
    line.amount_cents = -before;
    line.settled_before_cents = before;
    line.line_type = "delta";
    line.steps.push_back("no longer computed: amount = 0.00 − settled before " + FormatCents(before) + " = " +
                         FormatCents(line.amount_cents));
    lines.push_back(std::move(line));
  }
}

// An amount out of range (AmountTooLarge) as bad input on `file`'s `line`.
Error TooLarge(const std::string& file, std::uint64_t line, const std::string& what) {
  return BadInput(what + " is beyond ±" + std::to_string(kLargestAmount) +
                      ": the contract files' numbers are out of any real contract's range",
                  {file, line, "-"});
}

// The settled amounts for the period, by contract and key (settled.csv
// holds every period's lines: read once).
std::vector<std::map<LineKey, std::int64_t>> SettledByContract(const SettlementPlan::Impl& plan) {
  std::vector<std::map<LineKey, std::int64_t>> settled(plan.input.data.contracts.size());
  for (const SettledLine& line : plan.input.data.settled) {
    if (!SameDates(line.period, plan.period())) continue;
    settled[line.contract][{line.kind, line.ref, line.material_id}] += Cents(line.amount);
  }
  return settled;
}

void FillShared(const SettlementPlan::Impl& plan, Index contract, SettlementLine& line) {
  const Contract& record = plan.input.data.contracts[contract];
  line.contract = contract;
  line.contract_id = record.id;
  line.supplier_id = plan.input.master.suppliers[record.supplier].id;
  line.period = plan.period().label;
  line.currency = record.currency;
  if (line.line_type.empty()) line.line_type = "original";
}

}  // namespace

std::string_view NameOf(LineKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

Settlement Settle(const SettlementPlan& plan, const std::vector<std::optional<SliceFigures>>& slices,
                  const SettlementAccumulator& accumulator) {
  const SettlementPlan::Impl& impl = plan.impl();
  Settlement settlement;
  CheckSettledPeriods(impl, settlement.errors);
  std::vector<std::map<LineKey, std::int64_t>> settled;
  try {
    settled = SettledByContract(impl);
  } catch (const AmountTooLarge&) {
    settlement.errors.push_back(TooLarge("settled.csv", 0, "a settled amount"));
    return settlement;
  }
  std::vector<Index> order(impl.input.data.contracts.size());
  for (Index c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&impl](Index a, Index b) {
    return impl.input.data.contracts[a].id < impl.input.data.contracts[b].id;
  });
  for (const Index contract : order) {
    const SliceFigures* slice = contract < slices.size() && slices[contract] ? &*slices[contract] : nullptr;
    const ContractView view{impl, accumulator.state(), contract, slice};
    std::vector<SettlementLine> lines;
    try {
      lines = ComputedLines(view, settlement.errors);
    } catch (const AmountTooLarge&) {
      const Contract& record = impl.input.data.contracts[contract];
      settlement.errors.push_back(TooLarge("contracts.csv", record.line, "an amount of contract " + record.id));
      continue;
    }
    if (!settled[contract].empty()) MakeDeltas(lines, settled[contract]);
    std::sort(lines.begin(), lines.end(), InOrder);
    for (SettlementLine& line : lines) {
      FillShared(impl, contract, line);
      settlement.lines.push_back(std::move(line));
    }
  }
  if (!settlement.errors.empty()) {
    settlement.lines.clear();
    std::stable_sort(settlement.errors.begin(), settlement.errors.end(), [](const Error& a, const Error& b) {
      return std::tie(a.location.file, a.location.line) < std::tie(b.location.file, b.location.line);
    });
  }
  return settlement;
}

const std::vector<std::string_view>& SettlementColumns() {
  static const std::vector<std::string_view> kColumns = {
      "contract_id", "supplier_id", "period",    "currency",       "kind",      "ref",  "material_id",
      "status",      "quantity",    "actual",    "target",         "shortfall", "rate", "spend",
      "cap",         "amount",      "line_type", "settled_before", "note",
  };
  return kColumns;
}

std::vector<std::string> SettlementCells(const SettlementLine& line) {
  return {line.contract_id, line.supplier_id,
          line.period,      line.currency,
          line.kind,        line.ref,
          line.material_id, line.status,
          line.quantity,    line.actual,
          line.target,      line.shortfall,
          line.rate,        line.spend,
          line.cap,         FormatCents(line.amount_cents),
          line.line_type,   line.settled_before_cents ? FormatCents(*line.settled_before_cents) : std::string(),
          line.note};
}

}  // namespace supeval::core::contracts
