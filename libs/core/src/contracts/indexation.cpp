// Indexation (CONTRACTS.md §5): per indexation row and receipt day of the
// period, the fixing (or its fallback), the dead band, the sharing split and
// the collar give the adjustment per unit a; one line per (row, fixing label)
// with amount round2(Σ received_qty × a). A day without any fixing is bad
// input found while computing (§3).
#include <algorithm>
#include <map>
#include <set>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

struct FixingValue {
  Rational value;
  std::string label;
};

std::string MonthLabel(Date first_of_month) { return first_of_month.ToString().substr(0, 7); }

Date FirstOfMonth(Date date) {
  const CivilDate civil = date.ToCivil();
  return Date::FromCivil(civil.year, civil.month, 1);
}

// `prev_month_avg`: the mean of the values dated in the month before the
// receipt's.
std::optional<FixingValue> PrevMonthAverage(const std::vector<IndexPoint>& series, Date receipt) {
  const Date first = FirstOfMonth(receipt).AddMonths(-1);
  const Date last = FirstOfMonth(receipt) - 1;
  Rational sum;
  std::int64_t count = 0;
  auto point =
      std::lower_bound(series.begin(), series.end(), first, [](const IndexPoint& p, Date day) { return p.date < day; });
  for (; point != series.end() && point->date <= last; ++point) {
    sum += point->value;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return FixingValue{sum / Rational(count), MonthLabel(first)};
}

// `lag`: the latest value dated on or before `reference`, unless older than
// max_age days (exactly max_age still counts).
std::optional<FixingValue> LagValue(const std::vector<IndexPoint>& series, Date reference, std::int32_t max_age) {
  const auto after = std::upper_bound(series.begin(), series.end(), reference,
                                      [](Date day, const IndexPoint& point) { return day < point.date; });
  if (after == series.begin()) return std::nullopt;
  const IndexPoint& latest = *(after - 1);
  if (reference - latest.date > max_age) return std::nullopt;
  return FixingValue{latest.value, latest.date.ToString()};
}

struct RowContext {
  const ContractView& view;
  const Indexation& row;
};

Date ReferenceDay(const Indexation& row, Date receipt) {
  return row.fixing == Fixing::kLag ? receipt - row.lag_days : receipt;
}

std::optional<FixingValue> FixingOf(const RowContext& context, Index index, Date receipt) {
  const std::vector<IndexPoint>& series = context.view.plan.index_series[index];
  if (context.row.fixing == Fixing::kPrevMonthAvg) return PrevMonthAverage(series, receipt);
  return LagValue(series, ReferenceDay(context.row, receipt), context.view.rules().fixing_max_age_days);
}

std::string MissingLabel(const Indexation& row, Date receipt) {
  if (row.fixing == Fixing::kPrevMonthAvg) return MonthLabel(FirstOfMonth(receipt).AddMonths(-1));
  return ReferenceDay(row, receipt).ToString();
}

// The adjustment per unit on one receipt day, with its trace.
struct DayAdjustment {
  std::string label;
  bool fallback = false;
  Rational fixing;
  Rational base;
  Rational per_unit;  // a
  std::string_view status;
  std::vector<std::string> steps;
};

std::optional<DayAdjustment> DayAdjustmentOf(const RowContext& context, Date receipt) {
  const Indexation& row = context.row;
  const ContractData& data = context.view.data();
  DayAdjustment day;
  Rational delta;
  if (std::optional<FixingValue> fixing = FixingOf(context, row.index, receipt)) {
    day = {fixing->label, false, fixing->value, row.base_value, {}, {}, {}};
    delta = fixing->value - row.base_value;
    day.steps.push_back("I = " + fixing->value.ToFigure() + " (" + data.indices[row.index].id + "@" + fixing->label +
                        ")");
    day.steps.push_back("Δ = " + fixing->value.ToFigure() + " − " + row.base_value.ToFigure() + " = " +
                        delta.ToFigure());
  } else if (row.fallback_index && row.fallback_base_value) {
    std::optional<FixingValue> fallback = FixingOf(context, *row.fallback_index, receipt);
    if (!fallback) return std::nullopt;
    const Rational& fallback_base = *row.fallback_base_value;
    day = {fallback->label, true, fallback->value, fallback_base, {}, {}, {}};
    delta = row.base_value * (fallback->value - fallback_base) / fallback_base;
    day.steps.push_back("no value of " + data.indices[row.index].id + "; F = " + fallback->value.ToFigure() + " (" +
                        data.indices[*row.fallback_index].id + "@" + fallback->label + ")");
    day.steps.push_back("Δ = " + row.base_value.ToFigure() + " × (" + fallback->value.ToFigure() + " − " +
                        fallback_base.ToFigure() + ") / " + fallback_base.ToFigure() + " = " + delta.ToFigure());
  } else {
    return std::nullopt;
  }
  const Rational band = row.dead_band * row.base_value;
  const bool in_band = delta.Abs() <= band;
  const Rational beyond = in_band ? Rational{} : delta.sign() > 0 ? delta - band : delta + band;
  day.steps.push_back("d = " + row.dead_band.ToFigure() + " × " + row.base_value.ToFigure() + " = " + band.ToFigure() +
                      "; Δ' = " + beyond.ToFigure());
  Rational per_unit = row.content * row.share * beyond;
  day.steps.push_back("a = " + row.content.ToFigure() + " × " + row.share.ToFigure() + " × " + beyond.ToFigure() +
                      " = " + per_unit.ToFigure());
  day.status = in_band && band.sign() > 0 ? "dead_band" : "adjusted";
  if (row.floor && per_unit < *row.floor) {
    day.steps.push_back("a < floor " + row.floor->ToFigure() + " → " + row.floor->ToFigure());
    per_unit = *row.floor;
    day.status = "floor";
  } else if (row.ceiling && per_unit > *row.ceiling) {
    day.steps.push_back("a > ceiling " + row.ceiling->ToFigure() + " → " + row.ceiling->ToFigure());
    per_unit = *row.ceiling;
    day.status = "ceiling";
  }
  day.per_unit = per_unit;
  return day;
}

// The deliveries of one (row, label): the first day's adjustment describes
// the line (every day of a label has the same fixing, so the same a).
struct LabelGroup {
  DayAdjustment first;
  Int128 quantity_micros = 0;
  Rational value;  // Σ received_qty × a
};

SettlementLine LineOf(const RowContext& context, const LabelGroup& group) {
  const Indexation& row = context.row;
  const ContractData& data = context.view.data();
  SettlementLine line;
  line.kind = std::string(NameOf(LineKind::kIndexation));
  line.ref = data.indices[row.index].id + "@" + group.first.label;
  line.material_id = context.view.plan.input.master.materials[row.material].id;
  line.status = std::string(group.first.status);
  line.quantity = QuantityText(group.quantity_micros);
  line.actual = group.first.fixing.ToFigure();
  line.target = group.first.base.ToFigure();
  line.rate = group.first.per_unit.ToFigure();
  if (group.first.fallback) line.note = "fallback " + data.indices[*row.fallback_index].id;
  line.amount_cents = Cents(group.value);
  line.steps = group.first.steps;
  line.steps.push_back("amount = round2(" + QuantityText(group.quantity_micros) + " × " +
                       group.first.per_unit.ToFigure() + ") = " + FormatCents(line.amount_cents));
  return line;
}

void AddRowLines(const RowContext& context, std::vector<SettlementLine>& lines, std::vector<Error>& errors) {
  const ContractView& view = context.view;
  const std::optional<Index> slot = view.plan.SlotOf(view.contract, context.row.material);
  if (!slot) return;
  std::map<std::string, LabelGroup> groups;
  std::set<std::string> missing;
  // A bucket is one day for `lag` rows, within one month for the others: its
  // first day stands for its deliveries' receipt.
  for (const Bucket& bucket : view.Buckets(*slot, view.period().first, view.period().last)) {
    const Date receipt = bucket.first;
    std::optional<DayAdjustment> day = DayAdjustmentOf(context, receipt);
    if (!day) {
      missing.insert(MissingLabel(context.row, receipt));
      continue;
    }
    const Rational per_unit = day->per_unit;
    auto [group, added] = groups.try_emplace(day->label);
    if (added) group->second.first = std::move(*day);
    group->second.quantity_micros += bucket.total.quantity_micros;
    group->second.value += QuantityOf(bucket.total.quantity_micros) * per_unit;
  }
  const ContractData& data = view.data();
  for (const std::string& label : missing) {
    std::string message = "no fixing of " + data.indices[context.row.index].id;
    if (context.row.fallback_index) message += " or its fallback " + data.indices[*context.row.fallback_index].id;
    message += " for " + label;
    errors.push_back(BadInput(std::move(message), {"indexation.csv", context.row.line, "index_id"}));
  }
  for (const auto& [label, group] : groups) lines.push_back(LineOf(context, group));
}

}  // namespace

std::vector<SettlementLine> IndexationLines(const ContractView& view, std::vector<Error>& errors) {
  std::vector<SettlementLine> lines;
  for (const Indexation& row : view.data().indexations) {
    if (row.contract == view.contract) AddRowLines({view, row}, lines, errors);
  }
  return lines;
}

}  // namespace supeval::core::contracts
