// The standing of a single source (class, ladder level, hold as of the
// period's last day), the risk list that ranks single-sourced materials by
// it (docs/sourcing.md), and the cells of §10's rows and of the risk list.
#include <algorithm>
#include <charconv>
#include <tuple>

#include "contracts/sourcing_parts.hpp"

namespace supeval::core::contracts {
namespace {

// A level's place on its ladder: E<i> is level i (ValidateContractRules
// holds every ladder to that naming, §12).
int LevelRank(std::string_view level) {
  int rank = 0;
  if (level.size() > 1) std::from_chars(level.data() + 1, level.data() + level.size(), rank);
  return rank;
}

// The class of the supplier's published.csv row for the period's dates with
// the latest published_on (§10 `source_class_c`); empty when none.
std::string LatestClass(const SettlementPlan::Impl& plan, Index supplier) {
  const PublishedResult* latest = nullptr;
  for (const PublishedResult& published : plan.input.data.published) {
    if (published.supplier != supplier || published.period.first != plan.period().first ||
        published.period.last != plan.period().last) {
      continue;
    }
    if (latest == nullptr || published.published_on > latest->published_on) latest = &published;
  }
  return latest == nullptr ? std::string() : latest->grade_class;
}

bool HeldInHoldsFile(const SettlementPlan::Impl& plan, Index supplier) {
  const std::vector<Hold>& holds = plan.input.master.holds;
  return std::any_of(holds.begin(), holds.end(), [&plan, supplier](const Hold& hold) {
    return hold.supplier == supplier && hold.ActiveOn(plan.period().last);
  });
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ';';
    text += item;
  }
  return text;
}

// `S1=62.5;S2=37.5`; empty when not applicable.
std::string SharesText(const std::optional<std::vector<SpendShare>>& shares) {
  if (!shares) return {};
  std::vector<std::string> items;
  for (const SpendShare& share : *shares) items.push_back(share.id + "=" + share.share.ToFigure());
  return Joined(items);
}

std::string FigureText(const std::optional<Rational>& figure) { return figure ? figure->ToFigure() : std::string(); }
std::string MoneyText(const std::optional<Rational>& money) { return money ? money->ToFixed(2) : std::string(); }
std::string Flag(bool value) { return value ? "yes" : "no"; }

// The risk list's order, most urgent first.
bool MoreUrgent(const SourcingRisk& a, const SourcingRisk& b) {
  const auto rank = [](const SourcingRisk& risk) {
    return std::make_tuple(!risk.hold, -LevelRank(risk.level), risk.grade_class != kClassC, !risk.spend.has_value());
  };
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  if (a.spend && b.spend && *a.spend != *b.spend) return *a.spend > *b.spend;
  return a.material_id < b.material_id;
}

}  // namespace

SupplierStanding StandingOf(const SettlementPlan::Impl& plan, Index supplier, std::span<const EscalationRow> ladder) {
  SupplierStanding standing{LatestClass(plan, supplier), "E0", HeldInHoldsFile(plan, supplier)};
  for (const EscalationRow& row : ladder) {
    if (plan.input.data.contracts[row.contract].supplier != supplier) continue;
    if (LevelRank(row.level) > LevelRank(standing.level)) standing.level = row.level;
    standing.hold = standing.hold || row.hold;
  }
  return standing;
}

std::vector<SourcingRisk> RankSourcingRisks(const SettlementPlan& plan, const SourcingResult& result,
                                            std::span<const EscalationRow> ladder) {
  const SettlementPlan::Impl& impl = plan.impl();
  std::vector<SourcingRisk> risks;
  for (const SourcingRow& row : result.rows) {
    const bool single = std::find(row.findings.begin(), row.findings.end(), "single_source") != row.findings.end();
    if (row.scope != SourcingScope::kMaterial || !single) continue;
    SupplierStanding standing = StandingOf(impl, row.source, ladder);
    risks.push_back({row.key, row.commodity, SupplierId(impl, row.source), row.spend, row.currency,
                     std::move(standing.grade_class), std::move(standing.level), standing.hold, row.findings});
  }
  std::sort(risks.begin(), risks.end(), MoreUrgent);
  return risks;
}

const std::vector<std::string_view>& SourcingColumns() {
  static const std::vector<std::string_view> kColumns = {
      "period",
      "scope",
      "key",
      "commodity",
      "currency",
      "suppliers",
      "spend",
      "shares",
      "hhi",
      "concentration",
      "countries",
      "country_hhi",
      "single_source",
      "qualified_alternates",
      "pending_alternates",
      "findings",
  };
  return kColumns;
}

std::vector<std::string> SourcingCells(const SourcingRow& row) {
  return {row.period,
          row.scope == SourcingScope::kMaterial ? "material" : "commodity",
          row.key,
          row.commodity,
          row.currency,
          std::to_string(row.suppliers),
          MoneyText(row.spend),
          SharesText(row.shares),
          FigureText(row.hhi),
          row.concentration,
          SharesText(row.countries),
          FigureText(row.country_hhi),
          Flag(row.single_source),
          Joined(row.qualified_alternates),
          Joined(row.pending_alternates),
          Joined(row.findings)};
}

const std::vector<std::string_view>& SourcingRiskColumns() {
  static const std::vector<std::string_view> kColumns = {
      "material", "commodity", "supplier_id", "spend", "currency", "class", "level", "hold", "findings",
  };
  return kColumns;
}

std::vector<std::string> SourcingRiskCells(const SourcingRisk& risk) {
  return {risk.material_id, risk.commodity, risk.supplier_id, MoneyText(risk.spend), risk.currency,
          risk.grade_class, risk.level,     Flag(risk.hold),  Joined(risk.findings)};
}

}  // namespace supeval::core::contracts
